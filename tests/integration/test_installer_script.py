"""The NSIS installer script compiled by the real makensis against a stand-in program folder
(seconds, unlike the bundle build): it compiles, and with a signing command configured the
installer and its uninstaller are both signed as they are written. What it does on Windows —
tasks registered, a downgrade refused, the data folder kept — the Windows workflow runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

NSI = ROOT / "installer" / "desk-app.nsi"


def compile_script(tmp_path: Path, *defines: str) -> Path:
    makensis = shutil.which("makensis")
    if makensis is None:
        pytest.fail("makensis is missing: run scripts/bootstrap.sh --test")
    src = tmp_path / "program"
    src.mkdir()
    for name in ("desk-app.exe", "desk-app-cli.exe"):
        (src / name).write_bytes(b"MZ stand-in")
    out = tmp_path / "setup.exe"
    r = subprocess.run(
        [makensis, "-V2", "-DVERSION=1.2.3", f"-DSRCDIR={src}", f"-DOUTFILE={out}", *defines,
         str(NSI)],
        cwd=NSI.parent, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return out


def test_the_installer_script_compiles(tmp_path: Path) -> None:
    out = compile_script(tmp_path)
    assert out.read_bytes()[:2] == b"MZ" and out.stat().st_size > 50_000


def test_a_configured_signing_command_signs_the_installer_and_the_uninstaller(
    tmp_path: Path,
) -> None:
    log = tmp_path / "signed.txt"
    signer = tmp_path / "sign.py"
    signer.write_text(
        f"import sys\nopen({str(log)!r}, 'a').write(sys.argv[1] + '\\n')\n", encoding="utf-8"
    )
    out = compile_script(tmp_path, f"-DSIGNCMD={sys.executable} {signer} %1")
    signed = log.read_text(encoding="utf-8").split()
    assert len(signed) == 2 and str(out) in signed  # the uninstaller first, then the installer
