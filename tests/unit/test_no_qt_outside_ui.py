"""Nothing outside ui/ imports Qt: the domain, the database layer, printing and the city server
run without a window (Anki's pylib, Orange's core). A scan of every import keeps it true."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("base", "desk_app", "db", "printing", "city_server", "benchmarks")
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2", "pytestqt")


def qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        found += [f"{path}:{node.lineno} imports {n}"
                  for n in names if n.split(".")[0] in QT]
    return found


def test_nothing_outside_ui_imports_qt() -> None:
    offenders = [
        hit
        for pkg in PACKAGES
        if (ROOT / pkg).is_dir()
        for path in sorted((ROOT / pkg).rglob("*.py"))
        for hit in qt_imports(path)
    ]
    assert not offenders, "\n".join(offenders)


def test_the_scan_sees_a_qt_import(tmp_path: Path) -> None:
    """The check itself: a module that imports Qt is caught, however it is written."""
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom PySide6.QtCore import QObject\nimport shiboken6\n")
    assert len(qt_imports(sample)) == 2
