"""The lockfiles (requirements/*.lock) against pyproject.toml: every distribution pinned exactly
and hashed, every pin inside the range the project declares, the desk's own locks free of the
city server's distributions, nothing declared that the code never imports."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
#: What only the city server needs; fastapi/pydantic were declared once and never used.
SERVER_ONLY = {"uvicorn", "starlette", "psycopg", "psycopg-binary", "fastapi", "pydantic"}
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)")


def pins(name: str) -> dict[str, list[str]]:
    """Distribution -> its pinned versions (one per environment marker) in a lockfile."""
    out: dict[str, list[str]] = {}
    for line in (ROOT / "requirements" / f"{name}.lock").read_text("utf-8").splitlines():
        m = _PIN.match(line)
        if m:
            out.setdefault(canonicalize_name(m[1]), []).append(m[2])
    return out


def entries(name: str) -> list[str]:
    """Each requirement of a lockfile with its continuation lines (its hashes)."""
    text = (ROOT / "requirements" / f"{name}.lock").read_text("utf-8")
    blocks, current = [], ""
    for line in text.splitlines():
        if _PIN.match(line):
            if current:
                blocks.append(current)
            current = line
        elif line.strip().startswith("--hash"):
            current += "\n" + line
    return [*blocks, current] if current else blocks


def declared(*extras: str) -> list[Requirement]:
    reqs = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    for extra in extras:
        for r in PYPROJECT["project"]["optional-dependencies"][extra]:
            req = Requirement(r)
            if canonicalize_name(req.name) == "desk-app":
                reqs += declared(*req.extras)
            else:
                reqs.append(req)
    return reqs


LOCKS = {"desk": (), "build": ("build",), "test": ("test",)}


@pytest.mark.parametrize("lock", LOCKS)
def test_every_line_is_pinned_and_hashed(lock: str) -> None:
    blocks = entries(lock)
    assert blocks, lock
    for block in blocks:
        assert "--hash=sha256:" in block, block.splitlines()[0]


@pytest.mark.parametrize(("lock", "extras"), LOCKS.items())
def test_every_declared_dependency_is_locked_within_its_range(lock: str, extras: tuple) -> None:
    locked = pins(lock)
    for req in declared(*extras):
        versions = locked.get(canonicalize_name(req.name))
        assert versions, f"{req.name} is declared but not in {lock}.lock"
        for v in versions:
            assert req.specifier.contains(v, prereleases=True), f"{req.name}=={v} not in {req}"


def test_every_declared_dependency_has_an_upper_bound() -> None:
    for req in declared("test"):
        spec = str(req.specifier)
        assert "<" in spec or "==" in spec, f"{req} has no upper bound"


@pytest.mark.parametrize("lock", ["desk", "build"])
def test_the_desk_installs_no_server_only_distribution(lock: str) -> None:
    assert not SERVER_ONLY & pins(lock).keys()
    assert "pyside6" not in pins(lock)  # the meta package pulls in WebEngine
    assert {"pyside6-essentials", "pyside6-addons", "shiboken6"} <= pins(lock).keys()
    assert all(v == ["6.11.3"] for k, v in pins(lock).items() if k.startswith(("pyside", "shib")))


def _imported_top_names() -> set[str]:
    names: set[str] = set()
    for folder in ("base", "db", "desk_app", "printing", "ui", "city_server"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    names |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.add(node.module.split(".")[0])
    return names


#: A distribution's import name where it differs; the ones used without an import statement.
IMPORT_NAME = {
    "pyside6-essentials": "PySide6",
    "pyside6-addons": "PySide6",
    "shiboken6": "shiboken6",
    "python-stdnum": "stdnum",
    "python-calamine": "python_calamine",
    "psycopg": "psycopg",
    "pillow": "PIL",
    "cryptography": "cryptography",
    "sqlcipher3-wheels": "sqlcipher3",
}
USED_WITHOUT_IMPORT = {
    "rl-accel",  # reportlab loads it when installed
    "defusedxml",  # openpyxl parses through it when installed
    "shiboken6",  # PySide6's own binding layer, pinned with it
    "pyside6-addons",  # QtPdf, QtCharts: imported as PySide6
}


def test_nothing_is_declared_that_the_code_never_imports() -> None:
    imported = _imported_top_names()
    for req in declared("server"):
        name = canonicalize_name(req.name)
        if name in USED_WITHOUT_IMPORT:
            continue
        module = IMPORT_NAME.get(name, name.replace("-", "_"))
        assert module in imported, f"{req.name} is declared but never imported"
