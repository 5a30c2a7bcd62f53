"""The benchmark harness: each figure is a median of several runs, printed beside the median of
the simplest correct baseline for the same work, measured in the same run (machines are noisy;
a ratio survives the noise better than seconds)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Benchmark:
    """One row of the table.

    ``setup`` builds the context once (not timed); ``run`` and ``baseline`` each take it and do
    the same work, ours and the simplest correct way. ``items`` turns times into a rate
    (``unit`` per second). ``teardown`` cleans up.
    """

    name: str
    setup: Callable[[], Any]
    run: Callable[[Any], Any]
    baseline: Callable[[Any], Any] | None = None
    baseline_name: str = ""
    items: int = 0
    unit: str = "items"
    repeat: int = 5
    teardown: Callable[[Any], None] | None = None
    target: str = ""  # e.g. "< 50 ms median", shown in the table
    notes: list[str] = field(default_factory=list)


@dataclass
class Result:
    bench: Benchmark
    ours: list[float]
    base: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.ours)

    @property
    def base_median(self) -> float | None:
        return statistics.median(self.base) if self.base else None

    @property
    def ratio(self) -> float | None:
        b = self.base_median
        return self.median / b if b else None


def measure(b: Benchmark, repeat: int | None = None) -> Result:
    ctx = b.setup()
    ours: list[float] = []
    base: list[float] = []
    try:
        for _ in range(repeat or b.repeat):
            # Interleave ours and the baseline so both see the same machine load.
            t0 = time.perf_counter()
            b.run(ctx)
            ours.append(time.perf_counter() - t0)
            if b.baseline is not None:
                t0 = time.perf_counter()
                b.baseline(ctx)
                base.append(time.perf_counter() - t0)
    finally:
        if b.teardown is not None:
            b.teardown(ctx)
    return Result(b, ours, base)


def _fmt_time(s: float) -> str:
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def table(results: list[Result], markdown: bool = False) -> str:
    """The figures as an aligned text table, or as a Markdown table (for benchmarks/README.md)."""
    head = ["benchmark", "median", "rate", "baseline", "baseline median", "ratio", "target"]
    rows = [head]
    for r in results:
        b = r.bench
        rate = f"{b.items / r.median:,.0f} {b.unit}/s" if b.items and r.median else ""
        bm = r.base_median
        rows.append(
            [
                b.name,
                _fmt_time(r.median),
                rate,
                b.baseline_name,
                _fmt_time(bm) if bm is not None else "",
                f"{r.ratio:.2f}×" if r.ratio is not None else "",
                b.target,
            ]
        )
    if markdown:
        out = ["| " + " | ".join(row) + " |" for row in rows]
        out.insert(1, "|" + "---|" * len(head))
        return "\n".join(out)
    widths = [max(_w(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for n, row in enumerate(rows):
        lines.append(" | ".join(c + " " * (widths[i] - _w(c)) for i, c in enumerate(row)))
        if n == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def _w(s: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)
