"""LibreOffice headless for tests: turn a workbook the test wrote (.xlsx) into the other kinds
units send (.xls, .ods), the way a clerk's "Save as" would. Installed by
``scripts/bootstrap.sh --test`` (libreoffice-calc-nogui)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

#: LibreOffice's export filter for each kind.
FILTERS = {"xls": "xls:MS Excel 97", "ods": "ods:calc8", "pdf": "pdf:calc_pdf_Export"}


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.fail("LibreOffice (soffice) is missing: run scripts/bootstrap.sh --test")
    return exe


def convert(sources: list[Path], kind: str, out_dir: Path, timeout: float = 180) -> list[Path]:
    """Each of ``sources`` saved as ``kind`` into ``out_dir`` (one LibreOffice run, its own
    throw-away profile so parallel runs do not share a lock); the new paths, in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                soffice(),
                "--headless",
                "--norestore",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                FILTERS[kind],
                "--outdir",
                str(out_dir),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    made = [out_dir / f"{s.stem}.{kind}" for s in sources]
    missing = [p for p in made if not p.exists()]
    assert not missing, f"LibreOffice did not write {missing}"
    return made
