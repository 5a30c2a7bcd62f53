"""The benchmark harness: each figure is a median of several runs, printed beside the median of
the simplest correct baseline for the same work, measured in the same run (machines are noisy;
a ratio survives the noise better than seconds)."""

from __future__ import annotations

import statistics
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Benchmark:
    """One row of the table.

    ``setup`` builds the context once (not timed); ``run`` and ``baseline`` each take it and do
    the same work, ours and the simplest correct way. ``items`` turns times into a rate
    (``unit`` per second). ``teardown`` cleans up.

    With ``figure_returned``, the row's figure is not the time a call takes: ``run`` and
    ``baseline`` each return the figure in seconds (say, the 95th percentile gap between a
    timer's ticks while some work runs), and the medians and ratio are of those.
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
    figure_returned: bool = False


@dataclass
class Result:
    bench: Benchmark
    ours: list[float]
    base: list[float]
    error: str = ""  # why the row failed ("" when it ran); the other rows still run

    @property
    def median(self) -> float | None:
        return statistics.median(self.ours) if self.ours and not self.error else None

    @property
    def base_median(self) -> float | None:
        return statistics.median(self.base) if self.base and not self.error else None

    @property
    def ratio(self) -> float | None:
        m, b = self.median, self.base_median
        return m / b if m is not None and b else None


def shared_setup(
    make: Callable[[], dict[str, Any]], teardown: Callable[[dict[str, Any]], None]
) -> tuple[Callable[[], dict[str, Any]], Callable[[Any], None]]:
    """``(setup, done)`` for rows that share one costly set-up: ``setup`` makes it the first
    time and hands the same context to every row; ``done`` (the last row's teardown) undoes it."""
    shared: dict[str, Any] = {}

    def setup() -> dict[str, Any]:
        if not shared:
            shared.update(make())
        return shared

    def done(_ctx: Any) -> None:
        if shared:
            teardown(shared)
            shared.clear()

    return setup, done


def measure(b: Benchmark, repeat: int | None = None) -> Result:
    """Run one row; a row that raises (in its setup, a run, its baseline or its teardown) is
    reported as failed with the exception, and the table goes on with the next row."""
    ours: list[float] = []
    base: list[float] = []
    try:
        ctx = b.setup()
    except Exception as e:  # a failing row must not lose the others
        return Result(b, ours, base, _failure("setup", e))
    error = ""
    try:
        for _ in range(repeat or b.repeat):
            # Interleave ours and the baseline so both see the same machine load.
            ours.append(_figure(b, b.run, ctx))
            if b.baseline is not None:
                base.append(_figure(b, b.baseline, ctx))
    except Exception as e:
        error = _failure("run", e)
    finally:
        if b.teardown is not None:
            try:
                b.teardown(ctx)
            except Exception as e:
                error = error or _failure("teardown", e)
    return Result(b, ours, base, error)


def _figure(b: Benchmark, fn: Callable[[Any], Any], ctx: Any) -> float:
    """What one call of ``fn`` measures: its duration, or the figure it returns."""
    t0 = time.perf_counter()
    value = fn(ctx)
    took = time.perf_counter() - t0
    return float(value) if b.figure_returned else took


def broken(module: str, e: BaseException) -> Result:
    """The row of a module whose rows could not even be listed (an import or setup error)."""
    b = Benchmark(name=f"{module} (every row)", setup=lambda: None, run=lambda _ctx: None)
    return Result(b, [], [], _failure("import", e))


def _failure(stage: str, e: BaseException) -> str:
    """One line for the table, the traceback on stderr (where the progress lines go)."""
    traceback.print_exception(e, file=sys.stderr)
    text = f"{type(e).__name__}: {e}".splitlines()[0]
    return f"FAILED in {stage}: {text[:160]}"


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
        m = r.median
        if r.error:
            rows.append([b.name, r.error, "", b.baseline_name, "", "", b.target])
            continue
        rate = f"{b.items / m:,.0f} {b.unit}/s" if b.items and m else ""
        bm = r.base_median
        rows.append(
            [
                b.name,
                _fmt_time(m) if m is not None else "",
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
