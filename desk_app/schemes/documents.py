"""The optional ``[[documents]]`` tables of a scheme file: the papers each claim kind needs.

```toml
[[documents]]
code = "discharge_record"      # short name, unique in the file
name = "出院记录"               # as the clerk and the member know it
applies_to = ["inpatient"]     # claim kinds; default: every kind
required = true                # default true: the claim cannot be submitted without it
original = false               # default false: a copy will do
```

A scheme without the tables keeps no checklist (every scheme file of the spec reads as before).
"""

from __future__ import annotations

import re
from typing import Any

from desk_app.schemes.checks import Checker
from desk_app.schemes.model import CLAIM_KINDS, DocumentItem

_KEYS_REQUIRED = ("code", "name")
_KEYS = (*_KEYS_REQUIRED, "applies_to", "required", "original")
_CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")


def _flag(c: Checker, raw: dict[str, Any], key: str, path: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        c.wrong_type(f"{path}.{key}", value, "true 或 false", "true or false")
        return default
    return value


def _item(c: Checker, raw: object, path: str) -> DocumentItem | None:
    if not isinstance(raw, dict):
        c.wrong_type(path, raw, "[[documents]] 表", "a [[documents]] table")
        return None
    before = len(c.problems)
    if not c.keys(raw, path, _KEYS_REQUIRED, _KEYS):
        return None
    code = c.string(raw["code"], f"{path}.code", max_len=40, no_space=True)
    if code is not None and not _CODE.fullmatch(code):
        c.problem(
            f"{path}.code",
            "应为小写字母开头的字母、数字或下划线（如 discharge_record）",
            "lower-case letters, digits or underscores, starting with a letter "
            "(e.g. discharge_record)",
        )
    name = c.string(raw["name"], f"{path}.name", max_len=60)
    kinds: tuple[str, ...] | None = tuple(CLAIM_KINDS)
    if "applies_to" in raw:
        kinds = c.choices(
            raw["applies_to"],
            f"{path}.applies_to",
            tuple(CLAIM_KINDS),
            what_zh="申请类别",
            what_en="claim kind",
        )
    required = _flag(c, raw, "required", path, True)
    original = _flag(c, raw, "original", path, False)
    if len(c.problems) > before or code is None or name is None or kinds is None:
        return None
    return DocumentItem(code, name, kinds, required=required, original=original)


def read_documents(c: Checker, data: dict[str, Any]) -> tuple[DocumentItem, ...]:
    """The file's ``[[documents]]`` tables, each code once; () when there are none."""
    raw = c.table_array(data, "documents")
    if raw is None:
        return ()
    items: list[DocumentItem] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(raw):
        item = _item(c, entry, f"documents[{i}]")
        if item is not None and not c.repeated(
            seen, ("documents", i, "code"), item.code, ("代码", "code")
        ):
            items.append(item)
    return tuple(items)


def dump_documents(items: tuple[DocumentItem, ...], q: Any, lst: Any) -> list[str]:
    """The ``[[documents]]`` tables as TOML lines (``q`` quotes a string, ``lst`` a list)."""
    lines: list[str] = []
    for d in items:
        lines += [
            "",
            "[[documents]]",
            f"code = {q(d.code)}",
            f"name = {q(d.name)}",
            f"applies_to = {lst(d.applies_to)}",
            f"required = {'true' if d.required else 'false'}",
            f"original = {'true' if d.original else 'false'}",
        ]
    return lines
