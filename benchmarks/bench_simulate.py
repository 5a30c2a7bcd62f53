"""Simulation throughput (rows/s) on a generated settlement CSV of 1,800,000 rows (Quzhou
calibrated its rates on 1.8 million records), against a polars lazy query written by hand for
this one scheme (QZ-2015: inpatient stays, a period deductible of 500 on 起付 + 按比例 + 超封顶,
three brackets per stay, rounding to the fen, a cap of 20,000): the simplest fast correct way.
Every run checks that both pay the same to the fen. The simulation's own columnar path is
general (any copay scheme) and checks a sample of persons against the exact engine on every run.
The streaming reader's row (read settlement rows) is against ``csv.reader`` alone."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
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


def _polars_query(path: Path) -> Decimal:
    """QZ-2015's payout over the file, as one lazy query (the baseline)."""
    import polars as pl

    c = pl.col

    def fen(name: str) -> pl.Expr:
        return (c(name).fill_null("0").cast(pl.Decimal(18, 2)) * 100).cast(pl.Int64)

    claims = (
        pl.scan_csv(path, infer_schema=False)
        .filter(c("就诊类型") == "住院")
        .with_row_index("row")
        .with_columns(base=fen("起付标准自付") + fen("按比例自付") + fen("超封顶线自付"))
        .group_by(["身份证号", "入院日期", "出院日期", "医院名称"], maintain_order=True)
        .agg(base=c("base").sum(), row=c("row").min())
        .filter(c("出院日期").is_between(pl.lit("2015-01-01"), pl.lit("2015-12-31")))
        .with_columns(person=c("row").min().over("身份证号"))
        .sort(["person", "出院日期", "row"])
        .with_columns(before=c("base").cum_sum().over("身份证号") - c("base"))
        .with_columns(
            b=(c("before") + c("base") - 50000).clip(lower_bound=0)
            - (c("before") - 50000).clip(lower_bound=0)
        )
        .with_columns(
            units=c("b").clip(upper_bound=500000) * 40
            + (c("b") - 500000).clip(0, 500000) * 45
            + (c("b") - 1000000).clip(lower_bound=0) * 50
        )
        .with_columns(due=(c("units") + 50) // 100)
        .with_columns(due_before=c("due").cum_sum().over("身份证号") - c("due"))
        .with_columns(pay=pl.min_horizontal(c("due"), (2000000 - c("due_before")).clip(0)))
    )
    total = claims.select(c("pay").sum()).collect().item()
    return Decimal(int(total)).scaleb(-2)


def _peak_rss_mb(path: Path, rows: int) -> float:
    """The columnar simulation's peak resident memory, in a fresh process (MB)."""
    code = (
        "import resource, sys; from pathlib import Path;"
        "from desk_app.schemes.parse import read_scheme_file;"
        "from desk_app.schemes.simulate import simulate;"
        f"s = read_scheme_file(Path({str(SCHEME)!r}))[1];"
        f"simulate(s, Path({str(path)!r}), head_count=1_000_000);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def benchmarks(quick: bool) -> list[Benchmark]:
    rows = 20_000 if quick else 1_800_000
    scheme = read_scheme_file(SCHEME)[1]

    notes: list[str] = []

    def setup() -> Path:
        folder = Path(tempfile.mkdtemp(prefix="bench-simulate-"))
        path = folder / "settlements.csv"
        write_csv_rows(path, rows, seed=11)
        notes.append(
            f"columnar simulation of {rows:,} rows: peak RSS {_peak_rss_mb(path, rows):,.0f} MB"
        )
        return path

    payouts: dict[str, set[Decimal]] = {"ours": set(), "polars": set()}

    def ours(path: Path) -> None:
        payouts["ours"].add(simulate(scheme, path, head_count=1_000_000).payout)

    def query(path: Path) -> None:
        payouts["polars"].add(_polars_query(path))

    def checked_teardown(path: Path) -> None:
        teardown(path)
        # Both ways pay the same to the fen, or the row fails.
        assert payouts["ours"] == payouts["polars"] and len(payouts["ours"]) == 1, payouts

    def teardown(path: Path) -> None:
        shutil.rmtree(path.parent, ignore_errors=True)

    return [
        Benchmark(
            name=f"simulate {rows:,} rows (QZ-2015)",
            setup=setup,
            run=ours,
            baseline=query,
            baseline_name="polars lazy query of the same scheme",
            items=rows,
            unit="rows",
            repeat=3,
            teardown=checked_teardown,
            target="≤ 2× the polars query",
            notes=notes,
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
