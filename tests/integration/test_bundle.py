"""The shipped program: build the PyInstaller folder and the NSIS installer script with the
real build script, then smoke-test the built program (version, init, a trial calculation from
the spec, the window opened and closed offscreen)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from desk_app import __version__
from tests.conftest import PASSWORDS, ROOT, SPEC

# Its own stage in scripts/test.sh (`-m bundle`) with its own budget: building takes minutes
# on two shared cores, and the build is a module fixture, so the timeout must cover it.
pytestmark = [pytest.mark.slow, pytest.mark.bundle, pytest.mark.timeout(2400)]
#: What the build is made from: a change here means a new build, else the cached one is used.
SOURCES = ("base", "db", "desk_app", "printing", "ui", "installer", "requirements/build.lock")


def source_key() -> str:
    """A hash of every file the bundle is built from (and of the Python building it)."""
    h = hashlib.sha256(sys.version.encode())
    for top in SOURCES:
        path = ROOT / top
        files = [path] if path.is_file() else sorted(path.rglob("*"))
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts and f.suffix not in (".pyc", ".qm"):
                h.update(str(f.relative_to(ROOT)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:20]


def cache_root() -> Path | None:
    """Where built bundles are kept between runs (CI clones afresh, the machine stays):
    ``DESK_APP_BUNDLE_CACHE``, ``0`` for none; default ``~/.cache/desk-app/bundle``."""
    setting = os.environ.get("DESK_APP_BUNDLE_CACHE", "")
    if setting == "0":
        return None
    return Path(setting) if setting else Path.home() / ".cache" / "desk-app" / "bundle"


def build(out: Path) -> None:
    r = subprocess.run(
        [
            sys.executable,
            str(ROOT / "installer" / "build.py"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=2000,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built program folder and installer: from the cache when the sources are the same
    as for a build kept there, else built now (and kept, the newest three)."""
    root = cache_root()
    if root is None:
        out = tmp_path_factory.mktemp("bundle")
        build(out)
        return out / "dist"
    kept = root / source_key()
    if (kept / "dist" / "desk-app" / "desk-app-cli").exists():
        return kept / "dist"
    root.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix="building-", dir=root))
    build(fresh)
    shutil.rmtree(fresh / "work", ignore_errors=True)
    if kept.exists():
        shutil.rmtree(kept, ignore_errors=True)
    fresh.rename(kept)
    builds = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith("building-")),
        key=lambda p: p.stat().st_mtime,
    )
    for old in builds[:-3]:
        shutil.rmtree(old, ignore_errors=True)
    return kept / "dist"


def _run(exe: Path, *args: str, input: str = "", env: dict[str, str] | None = None):
    return subprocess.run(
        [str(exe), *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_the_console_program_reports_its_version(bundle: Path) -> None:
    r = _run(bundle / "desk-app" / "desk-app-cli", "--version")
    assert r.returncode == 0 and __version__ in r.stdout


def test_the_built_program_creates_a_database_and_calculates_a_public_case(
    bundle: Path, tmp_path: Path
) -> None:
    cli = bundle / "desk-app" / "desk-app-cli"
    r = _run(
        cli,
        "--data-dir",
        str(tmp_path / "d"),
        "init",
        "--admin",
        "admin",
        input=PASSWORDS["admin"] + "\n",
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "d" / "desk.sqlite3").exists()
    case = SPEC / "cases" / "shaoxing-zhang.json"
    r = _run(
        cli, "calc", "--scheme", str(SPEC / "schemes" / "shaoxing-2015.toml"), "--case", str(case)
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == json.loads(case.read_text(encoding="utf-8"))["expected"]


def test_the_window_opens_and_closes_offscreen(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "w"
    r = _run(
        bundle / "desk-app" / "desk-app-cli",
        "--data-dir",
        str(data),
        "init",
        "--admin",
        "admin",
        input=PASSWORDS["admin"] + "\n",
    )
    assert r.returncode == 0, r.stderr
    r = _run(
        bundle / "desk-app" / "desk-app",
        "--data-dir",
        str(data),
        env={"QT_QPA_PLATFORM": "offscreen", "DESK_APP_EXIT_AFTER_MS": "2500"},
    )
    assert r.returncode == 0, r.stderr[-2000:]
    log = (data / "logs" / "desk-app.log").read_text(encoding="utf-8")
    assert "showing SignInDialog" in log


def test_the_folder_ships_no_qml_or_web_engine(bundle: Path) -> None:
    names = [p.name for p in (bundle / "desk-app").rglob("*")]
    unwanted = [
        n
        for n in names
        if any(u in n for u in ("Qt6Qml", "Qt6Quick", "WebEngine", "VirtualKeyboard"))
    ]
    assert not unwanted, unwanted[:10]


def test_the_installer_script_compiles(bundle: Path) -> None:
    assert (bundle / f"desk-app-setup-{__version__}.exe").stat().st_size > 1_000_000
