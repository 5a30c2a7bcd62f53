"""Compile the translations: ``python -m ui.i18n.build`` runs ``lrelease`` on every ``.ts`` here.

``python -m ui.i18n.build --update`` first runs ``lupdate`` over ``ui/`` to add new source
strings to the ``.ts`` files (existing translations are kept).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
UI = HERE.parent
LANGUAGES = ["zh_CN"]


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(f"pyside6-{name}")
    if exe.exists():
        return str(exe)
    found = shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found: install PySide6")
    return found


def ts_path(lang: str) -> Path:
    return HERE / f"desk_app_{lang}.ts"


def sources() -> list[str]:
    return sorted(str(p) for p in UI.rglob("*.py") if "i18n" not in p.parts)


def update() -> None:
    for lang in LANGUAGES:
        subprocess.run(
            [
                _tool("lupdate"),
                *sources(),
                "-no-obsolete",
                "-locations",
                "none",
                "-ts",
                str(ts_path(lang)),
            ],
            check=True,
            capture_output=True,
        )


def build() -> list[Path]:
    out = []
    for lang in LANGUAGES:
        ts = ts_path(lang)
        if not ts.exists():
            continue
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            out.append(qm)
            continue
        subprocess.run(
            [_tool("lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
        )
        out.append(qm)
    return out


if __name__ == "__main__":
    if "--update" in sys.argv:
        update()
    build()
