"""Simulation throughput (rows/s) on a generated settlement CSV, against just reading the same
file with the csv module (the floor no streaming calculation can beat). The full run uses
1,800,000 rows (Quzhou calibrated its rates on 1.8 million records), once."""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

from benchmarks.harness import Benchmark
from desk_app.data.schemes import FOLDER as SCHEME_FILES
from desk_app.schemes.parse import read_scheme_file
from desk_app.schemes.sample import write_csv_rows
from desk_app.schemes.settlements import read_settlements
from desk_app.schemes.simulate import simulate

ROOT = Path(__file__).resolve().parents[1]
SCHEME = SCHEME_FILES / "quzhou-2015.toml"


def _read_only(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return sum(1 for _ in csv.reader(f))


def benchmarks(quick: bool) -> list[Benchmark]:
    rows = 20_000 if quick else 1_800_000
    scheme = read_scheme_file(SCHEME)[1]

    def setup() -> Path:
        folder = Path(tempfile.mkdtemp(prefix="bench-simulate-"))
        path = folder / "settlements.csv"
        write_csv_rows(path, rows, seed=11)
        return path

    def teardown(path: Path) -> None:
        shutil.rmtree(path.parent, ignore_errors=True)

    return [
        Benchmark(
            name=f"simulate {rows:,} rows (QZ-2015)",
            setup=setup,
            run=lambda p: simulate(scheme, p, head_count=1_000_000),
            baseline=_read_only,
            baseline_name="csv.reader only",
            items=rows,
            unit="rows",
            repeat=3 if quick else 1,
            teardown=teardown,
        ),
        Benchmark(
            name=f"read settlement rows {min(rows, 200_000):,}",
            setup=lambda: _small(min(rows, 200_000)),
            run=lambda p: sum(1 for _ in read_settlements(p)),
            baseline=_read_only,
            baseline_name="csv.reader only",
            items=min(rows, 200_000),
            unit="rows",
            repeat=3,
            teardown=teardown,
        ),
    ]


def _small(rows: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="bench-settlements-"))
    path = folder / "settlements.csv"
    write_csv_rows(path, rows, seed=12)
    return path
