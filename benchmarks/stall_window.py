"""The real main window for the stall benchmarks (:mod:`benchmarks.bench_stall`): a desk data
folder, the window signed in as a reviewer with the program's own task runner (a writer thread
and a pool, as :class:`ui.app.DeskApp` makes them), a heartbeat on the GUI thread, and a way
to judge the gaps between its ticks (benchmarks import no Qt: :mod:`ui.heartbeat` has the
timer)."""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ui.heartbeat import spin_for, spin_until

STALL_S = 0.2


@dataclass(frozen=True)
class Gaps:
    """The heartbeat's gaps over one stretch of the event loop (seconds)."""

    gaps: tuple[float, ...]
    took: float  # how long the stretch lasted

    @property
    def p95(self) -> float:
        ordered = sorted(self.gaps)  # the same rank as tests/ui/stalls.py
        return ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.gaps) if self.gaps else float("nan")

    @property
    def worst(self) -> float:
        return max(self.gaps, default=float("nan"))

    @property
    def stalls(self) -> int:
        return sum(1 for g in self.gaps if g >= STALL_S)

    def text(self) -> str:
        return (
            f"p95 {self.p95 * 1e3:.1f} ms, median {self.median * 1e3:.1f} ms, max "
            f"{self.worst * 1e3:.0f} ms, {self.stalls} gaps ≥ 200 ms of {len(self.gaps)}, "
            f"{self.took:.2f} s"
        )


def gaps_of(ticks: list[float]) -> Gaps:
    """The gaps between a heartbeat's ticks (:class:`ui.heartbeat.Heartbeat`)."""
    return Gaps(tuple(b - a for a, b in itertools.pairwise(ticks)), ticks[-1] - ticks[0])


def reviewer(db: Any) -> Any:
    """An admin made first (as the program does), then a reviewer: the one who exports."""
    from desk_app.access import users

    with db.uow() as uow:
        admin = users.create_first_admin(uow, "admin", "管理员", "Guanli-2026x").value.actor
        uow.commit()
    with db.uow() as uow:
        actor = users.add_user(uow, admin, "reviewer", "赵审核", "reviewer", "Shenhe-2026x").value
        uow.commit()
    return actor.actor


def open_window(root: Path, db: Any, actor: Any) -> Any:
    """The main window over ``db``, shown, in Chinese, with threaded executors (the
    controller's own set-up, without the sign-in dialog and the sync schedule)."""
    from desk_app.system.paths import DataDir
    from ui.app import setup_qt
    from ui.context import AppContext, layout_store
    from ui.main_window import MainWindow
    from ui.tasks import ChangeHub, TaskRunner, freeze_heap

    data = DataDir(root)
    setup_qt(data, "zh")
    hub = ChangeHub()
    runner = TaskRunner(hub)
    ctx = AppContext(
        data=data, db=db, actor=actor, lang="zh", runner=runner, hub=hub, layout=layout_store(data)
    )
    win = MainWindow(ctx, idle_minutes=600)
    freeze_heap()  # as DeskApp._open_window does
    runner.setParent(win)
    hub.setParent(win)
    win.resize(1366, 768)
    win.show()
    win.activateWindow()
    spin_until(lambda: not runner.busy(), 120)
    return win


def close_window(win: Any) -> None:
    runner = win.ctx.runner
    runner.shutdown(wait=True, network_too=True)
    win.sync_scheduler.stop()
    win.hide()
    win.deleteLater()
    spin_for(0.05)
