"""Does the window stay responsive during long work (issue #18, part 8)? Each row drives the
real main window (offscreen Qt, the program's own window classes and task runner with its real
threads) while a timer of 10 ms on the GUI thread notes when it ticks; the row's figure is the
95th percentile gap between ticks (target ≤ 200 ms, the stall a clerk notices), its notes give
the median and worst gap and how long the work took.

- **Monthly return**: the reviewer's 报表 › 月报 screen exports the month of 100 000 paid claims
  (Ctrl+E's path: ``MonthlyReturnScreen.export`` through ``run_long_op`` on the writer thread,
  its progress dialog, then the broadcast and the screen's refresh, whose preview works the
  month out again on the pool). Measured from the export's start to 0.3 s after the refresh.
- **Simulation**: the window has no screen for 方案测算 yet (it is the CLI's ``desk-app
  simulate``), so the row runs ``simulate`` over a city's settlement file (1 800 000 rows, the
  size Quzhou calibrated its rates on) as a screen would: a titled job on the window's task
  runner (the file pool), its progress in the runner's dialog, Cancel wired.

**Baseline**: the same heartbeat in the same window with the event loop idle, for as long as
the work took (0.5–3 s), measured between the runs: what 10 ms ticks look like on this machine
with nothing to do. The ratio is how much the work stretches the gaps.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from benchmarks.harness import Benchmark
from benchmarks.stall_window import Gaps, close_window, gaps_of, open_window, reviewer
from ui.heartbeat import Heartbeat, spin_for, spin_until

TARGET = "p95 gap ≤ 200 ms"
SETTLE_S = 0.3  # after the work: the refreshes that follow its broadcast
MONTH = "2015-08"


class Row:
    """One row's window and what its runs measured (for the notes)."""

    def __init__(self, tmp: Path, win: Any) -> None:
        self.tmp = tmp
        self.win = win
        self.runs: list[Gaps] = []
        self.idle: list[Gaps] = []
        self.work_s: list[float] = []  # from the start of the work to its end (no settling)
        self.saved_now = os.environ.get("DESK_APP_FAKE_NOW")
        self.undo: list[Any] = []  # what close() puts back

    def idle_baseline(self) -> float:
        last = self.work_s[-1] if self.work_s else 1.0
        beat = Heartbeat()
        beat.start()
        spin_for(min(max(last, 0.5), 3.0))
        self.idle.append(gaps_of(beat.stop()))
        return self.idle[-1].p95

    def notes(self) -> list[str]:
        if not self.runs:
            return []
        med = statistics.median
        return [
            "work: median gap "
            f"{med(g.median for g in self.runs) * 1e3:.1f} ms, worst gap "
            f"{max(g.worst for g in self.runs) * 1e3:.0f} ms, gaps ≥ 200 ms per run "
            f"{[g.stalls for g in self.runs]}, the work took {med(self.work_s):.2f} s (median)",
            "idle: median gap "
            f"{med(g.median for g in self.idle) * 1e3:.1f} ms, worst gap "
            f"{max(g.worst for g in self.idle) * 1e3:.0f} ms"
            if self.idle
            else "idle: not run",
        ] + [f"run {i + 1}: {g.text()}" for i, g in enumerate(self.runs)]

    def close(self) -> None:
        close_window(self.win)
        db = self.win.ctx.db
        db.dispose()
        shutil.rmtree(self.tmp, ignore_errors=True)
        for undo in self.undo:
            undo()
        if self.saved_now is None:
            os.environ.pop("DESK_APP_FAKE_NOW", None)
        else:
            os.environ["DESK_APP_FAKE_NOW"] = self.saved_now


# -- the monthly return ----------------------------------------------------------------------
def _export_setup(claims: int) -> Row:
    from benchmarks.bench_returns import _generate
    from db import Database
    from desk_app.system.paths import DataDir
    from ui.screens.reports import files

    saved = os.environ.get("DESK_APP_FAKE_NOW")
    os.environ["DESK_APP_FAKE_NOW"] = "2015-09-02T09:00:00"
    tmp = Path(tempfile.mkdtemp(prefix="bench-stall-return-"))
    data = DataDir(tmp / "data").ensure()
    _generate(data.database, claims)
    db = Database(data.database)
    row = Row(tmp, open_window(data.root, db, reviewer(db)))
    row.saved_now = saved
    out = tmp / "out"
    out.mkdir()
    asked = files.ask_save_path
    files.ask_save_path = lambda _parent, _title, name: str(out / Path(name).name)
    row.undo.append(lambda: setattr(files, "ask_save_path", asked))
    assert row.win.navigate("reports")
    screen = row.win.page("reports").tabs.currentWidget()
    assert screen.objectName() == "monthlyReturnScreen", screen.objectName()
    _settled(row, screen)
    return row


def _settled(row: Row, screen: Any) -> None:
    """Wait for the screen's preview of the month (worked out on the pool)."""
    runner = row.win.ctx.runner
    spin_until(lambda: screen.preview is not None and not runner.busy(), 600)
    assert screen.chosen_month() == MONTH and not screen.preview.checks, screen.preview


def _export(row: Row) -> float:
    screen = row.win.page("reports").tabs.currentWidget()
    runner = row.win.ctx.runner
    # Every run exports revision 1: the kept revisions go, and the screen forgets them.
    with row.win.ctx.db.uow() as uow:
        uow.session.execute(text("DELETE FROM monthly_returns"))
        uow.commit()
    screen.refresh()
    _settled(row, screen)
    screen.last_file = None
    beat = Heartbeat()
    beat.start()
    t0 = time.perf_counter()
    screen.export()
    assert runner.busy(), screen.message.text()
    spin_until(lambda: screen.last_file is not None and not runner.busy(), 600)
    row.work_s.append(time.perf_counter() - t0)
    spin_for(SETTLE_S)
    row.runs.append(gaps_of(beat.stop()))
    assert screen.list_model.rowCount() == 1, screen.message.text()
    return row.runs[-1].p95


def _stall_row(name: str, setup: Callable[[], Row], run: Callable[[Row], float]) -> Benchmark:
    """A row driving the window: its p95 gap beside the same window idle; the gaps' details
    in the notes."""
    notes: list[str] = []

    def teardown(row: Row) -> None:
        notes.extend(row.notes())
        row.close()

    return Benchmark(
        name=name,
        setup=setup,
        run=run,
        baseline=Row.idle_baseline,
        baseline_name="the same window, event loop idle",
        repeat=3,
        teardown=teardown,
        target=TARGET,
        notes=notes,
        figure_returned=True,
    )


def _export_row(quick: bool) -> Benchmark:
    claims = 2_000 if quick else 100_000
    return _stall_row(
        f"stall: window exporting the monthly return, {claims:,} paid claims",
        lambda: _export_setup(claims),
        _export,
    )


# -- a simulation ----------------------------------------------------------------------------
def _simulate_setup(rows: int) -> Row:
    from db import Database
    from db.migrate import upgrade
    from desk_app.schemes.sample import write_csv_rows
    from desk_app.system import bootstrap
    from desk_app.system.paths import DataDir

    tmp = Path(tempfile.mkdtemp(prefix="bench-stall-simulate-"))
    write_csv_rows(tmp / "settlements.csv", rows, seed=11)
    data = DataDir(tmp / "data").ensure()
    upgrade(data.database, data.backups)
    db = Database(data.database)
    with db.uow() as uow:
        bootstrap.seed_reference_data(uow)
        uow.commit()
    return Row(tmp, open_window(data.root, db, reviewer(db)))


def _simulate(row: Row) -> float:
    from desk_app.data.schemes import FOLDER
    from desk_app.schemes.parse import read_scheme_file
    from desk_app.schemes.simulate import simulate

    scheme = read_scheme_file(FOLDER / "quzhou-2015.toml")[1]
    path = row.tmp / "settlements.csv"
    runner = row.win.ctx.runner
    outcome: list[Any] = []

    def job(progress: Any, cancel: threading.Event) -> Any:
        return simulate(scheme, path, head_count=1_000_000, progress=progress, cancel=cancel)

    beat = Heartbeat()
    beat.start()
    t0 = time.perf_counter()
    runner.run(
        job,
        done=outcome.append,
        failed=outcome.append,
        kind="net",
        title="方案测算…",
        parent=row.win,
    )
    spin_until(lambda: bool(outcome) and not runner.busy(), 900)
    row.work_s.append(time.perf_counter() - t0)
    spin_for(SETTLE_S)
    row.runs.append(gaps_of(beat.stop()))
    assert not isinstance(outcome[0], BaseException), outcome[0]
    assert outcome[0].payout > 0, outcome[0]
    return row.runs[-1].p95


def _simulate_row(quick: bool) -> Benchmark:
    rows = 20_000 if quick else 1_800_000
    return _stall_row(
        f"stall: window running a simulation of {rows:,} settlement rows (QZ-2015)",
        lambda: _simulate_setup(rows),
        _simulate,
    )


def benchmarks(quick: bool) -> list[Benchmark]:
    return [_export_row(quick), _simulate_row(quick)]
