"""Every benchmark row still runs (issue #18): the whole of ``benchmarks.run --quick`` once, on
small sizes, in a child process. Two rows had quietly broken when the money triggers landed (the
return bench wrote paid batches directly; the sync bench queued every record twice): a row that
fails here fails the suite instead of a later benchmark run. Timing is not judged here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_every_benchmark_row_runs_on_small_data() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--repeat", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    out = done.stdout + done.stderr
    assert "FAILED" not in out, out[-4000:]
    assert done.returncode == 0, out[-4000:]
    # every module contributed its rows to the table
    for row in ("engine: claims", "roster import", "search", "simulate", "sync: first full sync",
                "monthly return", "stall:", "encrypted", "city: consolidated return",
                "city: findings sweep"):  # fmt: skip
        assert row in done.stdout, row
