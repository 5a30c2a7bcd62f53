"""Which CPython the desk is tested on and which it ships on (docs/qt-binding.md): the suite runs
on the lowest version pyproject.toml allows, where a binding's lost reference to None/True/False
is fatal, so the long-day test bites; the Windows program is built on 3.12 or newer, where those
singletons are immortal."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _lowest_supported() -> tuple[int, int]:
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    m = re.fullmatch(r">=\s*3\.(\d+)", spec["requires-python"].strip())
    assert m, spec["requires-python"]
    return 3, int(m[1])


def test_the_suite_runs_on_the_lowest_python_the_desk_supports() -> None:
    assert sys.version_info[:2] == _lowest_supported()


def test_the_windows_program_is_built_on_python_3_12_or_newer() -> None:
    text = (ROOT / ".github" / "workflows" / "windows.yml").read_text("utf-8")
    versions = re.findall(r'python-version:\s*"?(3\.\d+)"?', text)
    assert versions, "the Windows workflow names no Python"
    assert all(tuple(map(int, v.split("."))) >= (3, 12) for v in versions), versions
    assert "sys.version_info >= (3, 12)" in text  # the build stops on an older interpreter
