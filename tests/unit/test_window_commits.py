"""The window commits in one place: every screen runs its writes through ui.ops, so none can
forget the commit or commit half a refusal (issue #16)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# path -> why it may open a writing unit of work itself
ALLOWED = {
    "ui/ops.py": "the one way",
    "ui/app.py": "seeds the reference lists at start-up, before any window",
    "ui/signin.py": "users.sign_in commits itself: a refused sign-in is counted though it raises",
    "ui/lock.py": "unlocking signs in again (users.sign_in, as above)",
}


def commits_in(path: Path) -> list[int]:
    """Lines that call ``something.commit()`` or open a writing unit of work (``db.uow()``)."""
    tree = ast.parse(path.read_text("utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("commit", "uow")
        and not node.args
    ]


def test_no_screen_opens_a_writing_unit_of_work_or_commits_by_hand() -> None:
    found = {
        f"{rel}:{line}"
        for path in sorted((ROOT / "ui").rglob("*.py"))
        if (rel := path.relative_to(ROOT).as_posix()) not in ALLOWED
        for line in commits_in(path)
    }
    assert not found, "use ui.ops.run_op (or ops.transaction) instead: " + ", ".join(sorted(found))
