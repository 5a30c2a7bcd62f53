"""City scale (issue #18, part 6): a Beijing-sized city on PostgreSQL — 16 counties, 4.7 M
members with their enrollments, 1.3 M paid claims in 2026 (receipts, calculations, payments,
monthly payment batches) and every county's monthly returns, as desks push them
(``benchmarks/city_data.py`` builds it set-wise in a minute or two). Two rows at full size and
the same two at a quarter of it, in the same run, so the notes can say how the cost grows:

- **consolidated return**: ``city_server.consolidate.consolidate`` for 2026-06 over the 16
  counties, the workbook written (汇总, 按方案, 报送情况, 核对 with its checks against the synced
  calculations and payments). Baseline, the simplest correct SQL for the same figures: one
  ``DISTINCT ON`` + ``GROUP BY ROLLUP`` query summing each county's latest submitted 合计 row,
  one ``GROUP BY`` of the month's synced payments per site, one ``GROUP BY … HAVING`` for claims
  with more than one current calculation (no workbook written).
- **findings sweep**: every cross-county finding of the whole city found and written (findings
  and both sites' feed items, flushed, then rolled back so every run finds the same) — what the
  city does when its counties' first full syncs have all arrived. Ours is the server's
  ``city_server.findings.sweep`` (what ``findings.detect`` finds over every invoice and every
  member the city holds, ``tests/integration/test_city_sweep.py``; before it, this row called
  ``detect`` with all those keys: 15.7 s at 20,000 members, 83.8 s at 80,000). Baseline:
  one ``GROUP BY … HAVING count(DISTINCT site_id) > 1`` per kind of finding over the key tables
  (joined to the live records), returning the groups only (no description, nothing written).
  The run checks that it made exactly as many findings as the baseline's pairs of sites.

PostgreSQL runs as a city's server would (``CITY_SERVER_SETTINGS``: memory for the indexes),
with ``fsync=off``: both rows are reads but for a few thousand findings, and the load is not
timed. ``BENCH_CITY_MEMBERS`` sets the full size (claims
are 0.277 of it, as 1.3 M to 4.7 M); ``--quick`` uses 2,000 and 500 members.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from benchmarks import city_data
from benchmarks.harness import Benchmark, shared_setup
from city_server import findings
from city_server.consolidate import consolidate
from city_server.store import make_engine, sessions
from tests.pgtemp import CITY_SERVER_SETTINGS, TempPostgres

MONTH = "2026-06"
FULL = (4_700_000, 1_300_000)


@dataclass
class City:
    engine: Engine
    factory: sessionmaker[Session]
    members: int
    counts: dict[str, int]
    seconds: float  # to build it
    pairs: int = 0  # cross-county findings the baseline counts


@dataclass
class Ctx:
    pg: TempPostgres
    work: Path
    cities: dict[str, City] = field(default_factory=dict)
    times: dict[str, list[float]] = field(default_factory=dict)


def _make(sizes: dict[str, tuple[int, int]]) -> dict[str, Any]:
    ctx = Ctx(
        TempPostgres(settings=CITY_SERVER_SETTINGS).start(),
        Path(tempfile.mkdtemp(prefix="bench-city-")),
    )
    for label, (members, claims) in sizes.items():
        print(f"  building the {label} city: {members:,} members …", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        engine = make_engine(ctx.pg.create_database(f"city_{label}"))
        counts = city_data.build(engine, members, claims)
        city = City(engine, sessions(engine), members, counts, time.perf_counter() - t0)
        with city.factory() as s:
            city.pairs = _baseline_findings(s)
        print(f"  built in {city.seconds:.0f} s: {counts}", file=sys.stderr, flush=True)
        ctx.cities[label] = city
    return {"ctx": ctx}


def _teardown(shared: dict[str, Any]) -> None:
    ctx: Ctx = shared["ctx"]
    for city in ctx.cities.values():
        city.engine.dispose()
    ctx.pg.stop()
    shutil.rmtree(ctx.work, ignore_errors=True)


def _consolidate(city: City, out: Path) -> None:
    with city.factory() as s:
        done = consolidate(s, MONTH, out)
    assert done.counties == 16 and done.sites_reported == 16, done
    assert not done.problems, done.problems[:3]


CONSOLIDATED = """
WITH latest AS (
  SELECT DISTINCT ON (site_id) site_id, figures FROM return_versions
  WHERE month = :month AND status = 'submitted'
  ORDER BY site_id, revision DESC, desk_seq DESC)
SELECT coalesce(s.county_code, s.code) AS county, {sums}
FROM latest l JOIN sites s ON s.id = l.site_id,
     jsonb_array_elements(l.figures -> 'summary') AS row
WHERE row ->> '方案编码' = '合计'
GROUP BY ROLLUP (coalesce(s.county_code, s.code))
"""
PAID = """
SELECT site_id, sum((data ->> 'amount')::numeric) FROM records
WHERE entity = 'payment' AND NOT deleted AND data ->> 'pay_date' LIKE :prefix
GROUP BY site_id
"""
TWICE = """
SELECT site_id, parent_uid, count(*) FROM records
WHERE entity = 'calculation' AND NOT deleted AND (data ->> 'current')::boolean
GROUP BY site_id, parent_uid HAVING count(*) > 1
"""


def _baseline_consolidate(city: City) -> None:
    from city_server.consolidate import FIGURES, MONEY

    sums = ", ".join(
        f"sum((row ->> '{h}')::{'numeric' if h in MONEY else 'bigint'})" for h in FIGURES
    )
    with city.factory() as s:
        rows = s.execute(text(CONSOLIDATED.format(sums=sums)), {"month": MONTH}).all()
        paid = s.execute(text(PAID), {"prefix": MONTH + "%"}).all()
        twice = s.execute(text(TWICE)).all()
    assert len(rows) == 17 and len(paid) <= 16 and not twice, (len(rows), len(paid), twice)


RECEIPT_GROUPS = """
SELECT k.hospital, k.invoice_no, count(DISTINCT k.site_id) FROM receipt_keys k
JOIN records r ON r.uid = k.uid AND NOT r.deleted
GROUP BY k.hospital, k.invoice_no HAVING count(DISTINCT k.site_id) > 1
"""
ENROLLMENT_GROUPS = """
SELECT m.id_number, e.scheme_code, count(DISTINCT e.site_id) FROM enrollment_keys e
JOIN member_keys m ON m.uid = e.member_uid
JOIN records r ON r.uid = e.uid AND NOT r.deleted
GROUP BY m.id_number, e.scheme_code HAVING count(DISTINCT e.site_id) > 1
"""


def _baseline_findings(s: Session) -> int:
    """The pairs of sites the two GROUP BY queries find (a finding is one pair and key)."""
    pairs = 0
    for query in (RECEIPT_GROUPS, ENROLLMENT_GROUPS):
        pairs += sum(n * (n - 1) // 2 for *_key, n in s.execute(text(query)))
    return pairs


def _sweep(city: City) -> None:
    with city.factory() as s, s.begin():
        new = findings.sweep(s)
        s.flush()
        assert new == city.pairs, (new, city.pairs)
        s.rollback()


def _timed(ctx_times: dict[str, list[float]], key: str, fn: Any) -> Any:
    def run(shared: dict[str, Any]) -> None:
        t0 = time.perf_counter()
        fn(shared)
        ctx_times.setdefault(key, []).append(time.perf_counter() - t0)

    return run


def _growth(ctx: Ctx, labels: list[str]) -> list[str]:
    if len(labels) < 2:
        return []
    small, big = (ctx.cities[label] for label in labels)
    scale = big.members / small.members
    out = [
        f"the {label} city ({c.counts['members']:,} members, {c.counts['claims']:,} claims, "
        f"{c.pairs:,} cross-county findings) was built in {c.seconds:.0f} s"
        for label, c in ctx.cities.items()
    ]
    for row in ("consolidated return", "findings sweep"):
        a, b = ctx.times.get(f"{row}/{labels[0]}"), ctx.times.get(f"{row}/{labels[1]}")
        if a and b:
            ratio = statistics.median(b) / statistics.median(a)
            out.append(
                f"{row}: {statistics.median(a):.2f} s at {small.members:,} members, "
                f"{statistics.median(b):.2f} s at {big.members:,} ({ratio:.1f}× for "
                f"{scale:.1f}× the data)"
            )
    return out


def benchmarks(quick: bool) -> list[Benchmark]:
    members, claims = FULL
    if os.environ.get("BENCH_CITY_MEMBERS"):
        members = int(os.environ["BENCH_CITY_MEMBERS"])
        claims = members * FULL[1] // FULL[0]
    if quick:
        members, claims = 2_000, 600
    sizes = {"quarter": (members // 4, claims // 4), "full": (members, claims)}
    setup, done = shared_setup(lambda: _make(sizes), _teardown)
    rows: list[Benchmark] = []
    repeat = 2 if quick else 3
    times: dict[str, list[float]] = {}
    for label, (m, c) in sizes.items():
        size = f"16 counties, {m:,} members, {c:,} paid claims"

        def city(shared: dict[str, Any], label: str = label) -> City:
            ctx: Ctx = shared["ctx"]
            ctx.times = times
            return ctx.cities[label]

        def cons(shared: dict[str, Any], label: str = label) -> None:
            ctx: Ctx = shared["ctx"]
            _consolidate(city(shared, label), ctx.work / f"{label}.xlsx")

        def sweep(shared: dict[str, Any], label: str = label) -> None:
            _sweep(city(shared, label))

        rows.append(
            Benchmark(
                name=f"city: consolidated return of {MONTH}, {size}",
                setup=setup,
                run=_timed(times, f"consolidated return/{label}", cons),
                baseline=lambda shared, label=label: _baseline_consolidate(city(shared, label)),
                baseline_name="3 SQL queries (ROLLUP of the 合计 rows; payments; calculations)",
                repeat=repeat,
                target="< 10 s",
            )
        )
        rows.append(
            Benchmark(
                name=f"city: findings sweep, {size}",
                setup=setup,
                run=_timed(times, f"findings sweep/{label}", sweep),
                baseline=lambda sh, label=label: _baseline_findings_run(city(sh, label)),
                baseline_name="one GROUP BY … HAVING per kind of finding",
                repeat=repeat,
                target="< 10 s",
            )
        )
    last = rows[-1]

    def finish(shared: Any) -> None:
        if shared:
            last.notes.extend(_growth(shared["ctx"], list(sizes)))
        done(shared)

    last.teardown = finish
    return rows


def _baseline_findings_run(city: City) -> None:
    with city.factory() as s:
        assert _baseline_findings(s) == city.pairs
