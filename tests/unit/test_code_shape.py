"""The shape of the code: no module over 500 lines and no function over 80 lines, outside
migrations and generated files. A long function is split where its parts have names; what
stays long is listed here with the reason (and the list only shrinks)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("base", "desk_app", "db", "printing", "ui", "city_server")
MAX_MODULE, MAX_FUNCTION = 500, 80
SKIP = ("db/migrations/versions/",)

# path or path:function -> why it stays long
EXCEPTIONS: dict[str, str] = {}

# Not yet split (issue #16): each entry was removed when its split landed; none is left, and
# none may be added.
TO_SPLIT: set[str] = set()


def long_parts() -> dict[str, int]:
    """Every module over MAX_MODULE lines and function over MAX_FUNCTION lines, with its
    length."""
    found: dict[str, int] = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith(SKIP):
                continue
            text = path.read_text("utf-8")
            lines = len(text.splitlines())
            if lines > MAX_MODULE:
                found[rel] = lines
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = (node.end_lineno or node.lineno) - node.lineno + 1
                    if length > MAX_FUNCTION:
                        found[f"{rel}:{node.name}"] = length
    return found


def test_no_module_or_function_is_longer_than_the_limit_unless_listed() -> None:
    unlisted = {
        k: n for k, n in long_parts().items() if k not in EXCEPTIONS and k not in TO_SPLIT
    }
    assert not unlisted, "too long (split it, or list it with a reason): " + ", ".join(
        f"{k} ({n} lines)" for k, n in sorted(unlisted.items())
    )


def test_the_lists_name_only_what_is_still_long() -> None:
    """An entry whose part was split (or removed) leaves the list, so the list only shrinks."""
    long = long_parts()
    stale = sorted(k for k in {*EXCEPTIONS, *TO_SPLIT} if k not in long)
    assert not stale, "no longer long, remove from the list: " + ", ".join(stale)
