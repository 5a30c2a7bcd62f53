"""A fresh clone installs the desk from its lockfile alone (hashes checked), and what it
installed holds no city-server distribution; the installed `desk-app` runs a trial
calculation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from tests.unit.test_lockfiles import SERVER_ONLY

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def run(*cmd: str | Path, cwd: Path | None = None, timeout: float = 500) -> str:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, (cmd, done.stdout[-2000:], done.stderr[-2000:])
    return done.stdout


def test_a_fresh_clone_installs_the_desk_from_its_lockfile(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    run("git", "clone", "--quiet", "--no-hardlinks", ROOT, clone)
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    py = venv / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    run(py, "-m", "pip", "install", "-q", "--require-hashes", "-r", "requirements/desk.lock",
        cwd=clone)  # fmt: skip
    run(py, "-m", "pip", "install", "-q", "--no-deps", ".", cwd=clone)
    names = [canonicalize_name(n) for n in json.loads(
        run(py, "-c", "import importlib.metadata as m, json; "
            "print(json.dumps(sorted(d.metadata['Name'] for d in m.distributions())))")
    )]  # fmt: skip
    assert "desk-app" in names
    assert not SERVER_ONLY & set(names), SERVER_ONLY & set(names)
    assert "pyside6" not in names and "pyside6-essentials" in names
    license_ = run(py, "-c", "import importlib.metadata as m; "
                   "print(m.metadata('desk-app')['License-Expression'])")  # fmt: skip
    assert license_.strip() == "LicenseRef-Proprietary"  # PEP 639
    spec = clone / "tests" / "fixtures" / "spec"
    case = spec / "cases" / "beijing-li.json"
    scheme = spec / "schemes" / json.loads(case.read_text("utf-8"))["scheme"]
    out = run(py, "-m", "desk_app.cli.main", "--lang", "en", "calc", "--scheme", scheme,
              "--case", case, cwd=tmp_path)  # fmt: skip
    assert "payout" in out.lower() or out.strip()
