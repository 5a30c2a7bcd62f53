"""Checks for the values of a scheme file, each problem named by its key path (see
:mod:`desk_app.schemes.parse`)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from base.errors import Message, msg

_MONEY = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_NO_SPACE = re.compile(r"\S+")


def _type_name(value: object) -> tuple[str, str]:
    if isinstance(value, bool):
        return "布尔值", "a boolean"
    if isinstance(value, int):
        return "整数", "an integer"
    if isinstance(value, float):
        return "浮点数", "a float"
    if isinstance(value, str):
        return "字符串", "a string"
    if isinstance(value, date):
        return "日期", "a date"
    if isinstance(value, list):
        return "数组", "an array"
    if isinstance(value, dict):
        return "表", "a table"
    return type(value).__name__, type(value).__name__


class Checker:
    """Collects every problem of one file, each naming its key path."""

    def __init__(self) -> None:
        self.problems: list[Message] = []

    def problem(self, path: str, zh: str, en: str, **params: Any) -> None:
        self.problems.append(msg("{path}：" + zh, "{path}: " + en, path=path, **params))

    def wrong_type(self, path: str, value: object, want_zh: str, want_en: str) -> None:
        got_zh, got_en = _type_name(value)
        hint_zh = hint_en = ""
        if isinstance(value, (float, int)) and not isinstance(value, bool) and "字符串" in want_zh:
            hint_zh = f'，请加引号写成 "{value}"'
            hint_en = f'; quote it: "{value}"'
        self.problem(
            path,
            "应为{w}，而不是{g}{h}",
            "must be {we}, not {ge}{he}",
            w=want_zh,
            g=got_zh,
            h=hint_zh,
            we=want_en,
            ge=got_en,
            he=hint_en,
        )

    # -- tables ---------------------------------------------------------------------------

    def table_array(self, data: dict[str, Any], name: str) -> list[Any] | None:
        """The file's ``[[name]]`` tables; None when absent or not an array (said so)."""
        if name not in data:
            return None
        raw = data[name]
        if not isinstance(raw, list):
            self.wrong_type(name, raw, f"[[{name}]] 表数组", f"an array of [[{name}]] tables")
            return None
        return raw

    def repeated(
        self, seen: dict[str, int], where: tuple[str, int, str], value: str, field: tuple[str, str]
    ) -> bool:
        """True (and said so) when ``value`` was met before in the table array ``where`` =
        (name, index, key); else remembered for the next entries."""
        name, i, key = where
        if value in seen:
            self.problem(
                f"{name}[{i}].{key}",
                f"与 {name}[{{j}}] 的{field[0]}重复：{{v}}",
                f"the same {field[1]} as {name}[{{j}}]: {{v}}",
                j=seen[value],
                v=value,
            )
            return True
        seen[value] = i
        return False

    def keys(
        self, table: dict[str, Any], path: str, required: tuple[str, ...], allowed: tuple[str, ...]
    ) -> bool:
        """Report unknown and missing keys; true when the table has every required key."""
        prefix = f"{path}." if path else ""
        for key in table:
            if key not in allowed:
                self.problem(
                    f"{prefix}{key}",
                    "未知的键（可用：{a}）",
                    "unknown key (allowed: {a})",
                    a=", ".join(allowed),
                )
        ok = True
        for key in required:
            if key not in table:
                self.problem(f"{prefix}{key}", "缺少此必填项", "required key is missing")
                ok = False
        return ok

    # -- scalars --------------------------------------------------------------------------

    def string(
        self, value: object, path: str, *, max_len: int, no_space: bool = False
    ) -> str | None:
        if not isinstance(value, str):
            self.wrong_type(path, value, "字符串", "a string")
            return None
        text = value.strip()
        if not text:
            self.problem(path, "不能为空", "must not be empty")
            return None
        if len(text) > max_len:
            self.problem(path, "不能超过 {n} 个字符", "at most {n} characters", n=max_len)
            return None
        if no_space and not _NO_SPACE.fullmatch(text):
            self.problem(path, "不能含空格", "must not contain spaces")
            return None
        return text

    def money(self, value: object, path: str, *, positive: bool = False) -> Decimal | None:
        """A decimal string in yuan, at most two decimals, never negative (nor 0 if positive)."""
        if not isinstance(value, str):
            self.wrong_type(path, value, '金额字符串（如 "60.00"）', 'an amount string ("60.00")')
            return None
        text = value.strip()
        if not _MONEY.fullmatch(text):
            if _DECIMAL.fullmatch(text) and text.startswith("-"):
                self.problem(
                    path, "金额不能为负数：{v}", "an amount cannot be negative: {v}", v=text
                )
            elif _DECIMAL.fullmatch(text):
                self.problem(
                    path,
                    "金额最多两位小数：{v}",
                    "an amount has at most two decimals: {v}",
                    v=text,
                )
            else:
                self.problem(
                    path,
                    '不是金额："{v}"（应如 "60.00"）',
                    'not an amount: "{v}" (write it like "60.00")',
                    v=value,
                )
            return None
        amount = Decimal(text).quantize(Decimal("0.01"))
        if positive and amount <= 0:
            self.problem(path, "必须大于 0", "must be more than 0")
            return None
        return amount

    def rate(self, value: object, path: str) -> Decimal | None:
        """A decimal string between "0" and "1"."""
        if not isinstance(value, str):
            self.wrong_type(path, value, '比例字符串（如 "0.8"）', 'a rate string ("0.8")')
            return None
        text = value.strip()
        if not _DECIMAL.fullmatch(text):
            self.problem(
                path,
                '不是比例："{v}"（应为 "0" 到 "1" 之间的小数，如 "0.8"）',
                'not a rate: "{v}" (a decimal from "0" to "1", like "0.8")',
                v=value,
            )
            return None
        rate = Decimal(text)
        if not Decimal(0) <= rate <= Decimal(1):
            self.problem(
                path,
                '比例应在 0 到 1 之间：{v}（80% 写作 "0.8"）',
                'a rate must be between 0 and 1: {v} (80 % is "0.8")',
                v=text,
            )
            return None
        return rate

    def integer(self, value: object, path: str, *, minimum: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(path, value, "整数", "an integer")
            return None
        if value < minimum:
            self.problem(path, "不能小于 {m}：{v}", "must be at least {m}: {v}", m=minimum, v=value)
            return None
        return value

    def day(self, value: object, path: str) -> date | None:
        # A TOML date without quotes; a datetime (also a date subclass) is refused.
        if type(value) is not date:
            got = value if isinstance(value, str) else None
            if got is not None:
                self.problem(
                    path,
                    "日期不要加引号：写成 {v}",
                    "write the date without quotes: {v}",
                    v=got,
                )
            else:
                self.wrong_type(path, value, "日期（如 2015-01-01）", "a date (2015-01-01)")
            return None
        return value

    def choice(self, value: object, path: str, choices: tuple[str, ...]) -> str | None:
        if not isinstance(value, str):
            self.wrong_type(path, value, "字符串", "a string")
            return None
        if value not in choices:
            self.problem(
                path,
                '未知的取值 "{v}"（可用：{c}）',
                'unknown value "{v}" (one of: {c})',
                v=value,
                c=", ".join(choices),
            )
            return None
        return value

    def choices(
        self, value: object, path: str, choices: tuple[str, ...], *, what_zh: str, what_en: str
    ) -> tuple[str, ...] | None:
        """A non-empty list of distinct names from ``choices``."""
        if not isinstance(value, list):
            self.wrong_type(path, value, "数组", "an array")
            return None
        if not value:
            self.problem(path, "不能为空数组", "must not be empty")
            return None
        out: list[str] = []
        ok = True
        for i, item in enumerate(value):
            if not isinstance(item, str) or item not in choices:
                self.problem(
                    f"{path}[{i}]",
                    '未知的{w} "{v}"（可用：{c}）',
                    'unknown {we} "{v}" (one of: {c})',
                    w=what_zh,
                    we=what_en,
                    v=item,
                    c=", ".join(choices),
                )
                ok = False
            elif item in out:
                self.problem(f"{path}[{i}]", "重复：{v}", "listed twice: {v}", v=item)
                ok = False
            else:
                out.append(item)
        return tuple(out) if ok else None

    def diseases(self, value: object, path: str) -> tuple[str, ...] | None:
        """A non-empty list of disease codes, kept upper-case (ICD-10 codes are)."""
        if not isinstance(value, list):
            self.wrong_type(path, value, "数组", "an array")
            return None
        if not value:
            self.problem(path, "病种列表不能为空", "the list of diseases must not be empty")
            return None
        out: list[str] = []
        for i, item in enumerate(value):
            code = self.string(item, f"{path}[{i}]", max_len=20, no_space=True)
            if code is None:
                return None
            if code.upper() not in out:
                out.append(code.upper())
        return tuple(out)
