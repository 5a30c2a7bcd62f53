"""The sync schedule with the real task runner (worker threads, not the synchronous stand-in)
against a real city server behind a proxy that slows or drops requests: the window keeps
answering while a scheduled sync runs, a second F9 during a run does nothing harmful, and a
failed run is recorded and tried again at the next tick."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from db.models import Unit
from desk_app.access.auth import SYSTEM
from desk_app.sync import RetryPolicy, list_runs, run_sync, setup_sync
from desk_app.system import settings
from tests.integration.sync.faults import FaultProxy
from tests.integration.sync.helpers import CityServer
from tests.ui.stalls import assert_no_stalls
from ui.sync_scheduler import RunOutcome, SyncScheduler

pytestmark = pytest.mark.slow  # real threads, a slowed server: a few seconds each

QUICK = RetryPolicy(
    attempts=2, base_delay=0.001, max_delay=0.01, connect_timeout=2, read_timeout=10
)
_sites = itertools.count(1)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CityServer]:
    server = CityServer(None, "trial-schedule", tmp_path_factory.mktemp("city")).start()
    yield server
    server.stop()


@pytest.fixture
def proxy(city: CityServer) -> Iterator[FaultProxy]:
    p = FaultProxy(city.port, stall_seconds=0.25).start()
    yield p
    p.stop()


@pytest.fixture
def live_window(qtbot: Any, make_window: Any) -> Iterator[Callable[..., Any]]:
    """A signed-in main window whose task runner has real threads (one database writer, a
    network pool), as the program has."""
    made: list[Any] = []

    def make(actor: Any) -> Any:
        win = make_window(actor, idle_minutes=60, threads=True)
        qtbot.waitUntil(lambda: not win.ctx.runner.busy(), timeout=5000)  # the first reads
        made.append(win)
        return win

    yield make
    for win in made:  # qtbot has closed the windows (a running sync does not hold that up);
        # a result that arrives after that is not delivered: wait for the threads instead
        win.sync_scheduler.stop()
        win.ctx.runner.shutdown(wait=True, network_too=True)


def connect(db: Any, city: CityServer, url: str, *, interval: int | None = None) -> str:
    site = f"SCH{next(_sites):03d}"
    token = city.add_site(site)
    with db.uow() as uow:
        setup_sync(uow, SYSTEM, url, site, token, force=True)
        if interval is not None:
            settings.put(uow.session, settings.SYNC_INTERVAL_MINUTES, interval)
        uow.commit()
    return site


def add_units(db: Any, n: int, prefix: str) -> None:
    """``n`` changes waiting to go up (one transaction; the outbox hook records each)."""
    with db.uow() as uow:
        uow.session.add_all(
            [Unit(code=f"{prefix}-{i:05d}", name=f"单位{i}", industry="制造业") for i in range(n)]
        )
        uow.commit()


def finished_runs(sched: SyncScheduler) -> list[tuple[RunOutcome | None, str]]:
    """Each finished run with the status bar's text right after it."""
    seen: list[tuple[RunOutcome | None, str]] = []
    label = sched.label
    assert label is not None
    sched.sig_finished.connect(lambda out: seen.append((out, label.text())))
    return seen


def test_the_window_keeps_answering_while_a_scheduled_sync_runs_against_a_slow_server(
    qtbot: Any,
    live_window: Any,
    actors: Any,
    db: Any,
    city: CityServer,
    proxy: FaultProxy,
    monkeypatch: Any,
) -> None:
    site = connect(db, city, proxy.url, interval=1)
    add_units(db, 2500, site)  # three batches, each read while the last one is at the city
    proxy.set_plan(["stall"] * 1000)  # every request waits a quarter of a second
    monkeypatch.setattr(SyncScheduler, "minute_ms", 400)
    win = live_window(actors["clerk"])
    sched = win.sync_scheduler
    runs = finished_runs(sched)
    beats: list[float] = []
    heart = QTimer()
    heart.setInterval(10)
    heart.timeout.connect(lambda: beats.append(time.monotonic()))
    heart.start()
    sched.start(startup_delay_ms=50)
    qtbot.waitUntil(lambda: len(runs) >= 2, timeout=60000)
    heart.stop()
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    assert_no_stalls(gaps, what="the event loop")
    with db.reader() as uow:
        history = list_runs(uow)
    assert [(r.trigger, r.ok) for r in history] == [("schedule", True), ("startup", True)]
    assert history[1].pushed == 2500
    assert runs[-1][1].startswith("已同步") and "待上传 0 条" in runs[-1][1]


def test_a_second_sync_now_during_a_run_does_nothing_harmful(
    qtbot: Any, live_window: Any, actors: Any, db: Any, city: CityServer, proxy: FaultProxy
) -> None:
    site = connect(db, city, proxy.url)
    add_units(db, 10, site)
    proxy.set_plan(["stall"] * 10)
    win = live_window(actors["clerk"])
    sched = win.sync_scheduler
    qtbot.keyClick(win, Qt.Key.Key_F9)
    assert sched.running()
    qtbot.waitUntil(lambda: win.sync_label.text().startswith("正在同步"), timeout=3000)
    qtbot.keyClick(win, Qt.Key.Key_F9)
    assert win.statusBar().currentMessage() == "同步正在进行中，会在后台继续完成。"
    qtbot.waitUntil(lambda: not sched.running(), timeout=30000)
    with db.reader() as uow:
        history = list_runs(uow)
    assert [(r.trigger, r.ok, r.pushed) for r in history] == [("manual", True, 10)]
    assert len(city.records(site)) == 10
    assert win.statusBar().currentMessage().startswith("同步完成：上传 10 条变更")


def test_a_failed_scheduled_run_is_recorded_and_tried_again_at_the_next_tick(
    qtbot: Any,
    live_window: Any,
    actors: Any,
    db: Any,
    city: CityServer,
    proxy: FaultProxy,
    monkeypatch: Any,
) -> None:
    site = connect(db, city, proxy.url, interval=1)
    add_units(db, 3, site)
    proxy.set_plan(["drop_request", "drop_request"])  # the first run's two tries at hello
    monkeypatch.setattr(SyncScheduler, "minute_ms", 300)
    win = live_window(actors["clerk"])
    sched = win.sync_scheduler
    sched.policy = QUICK
    runs = finished_runs(sched)
    sched.start(startup_delay_ms=50)
    qtbot.waitUntil(lambda: len(runs) >= 2, timeout=30000)
    sched.stop()
    first, second = runs[0][1], runs[1][1]
    assert first.startswith("同步失败") and "：无法连接市级服务器 · 待上传 3 条" in first, first
    assert second.startswith("已同步") and "待上传 0 条" in second, second
    with db.reader() as uow:
        history = list_runs(uow)
    assert [(r.trigger, r.ok) for r in history[:2]] == [("schedule", True), ("startup", False)]
    assert history[1].error is not None and "无法连接市级服务器" in history[1].error.zh


def test_closing_the_window_during_a_sync_does_not_wait_for_it(
    qtbot: Any, live_window: Any, actors: Any, db: Any, city: CityServer, proxy: FaultProxy
) -> None:
    """Quitting while a scheduled sync talks to a slow server: no question, the window closes,
    the run stops at its next safe point, and what did not go up goes with the next run."""
    site = connect(db, city, proxy.url)
    add_units(db, 2500, site)
    proxy.set_plan(["stall"] * 1000)
    win = live_window(actors["clerk"])
    sched = win.sync_scheduler
    qtbot.keyClick(win, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: win.sync_label.text().startswith("正在同步"), timeout=3000)
    assert win.ctx.runner.busy() and sched.running()
    assert win.close()  # a question would block here
    assert not win.isVisible()
    qtbot.waitUntil(lambda: not win.ctx.runner.busy(), timeout=30000)
    proxy.set_plan([])
    report = run_sync(db, trigger="manual", policy=QUICK)  # the next run sends what is left
    assert report.ok, report.error
    assert len(city.records(site)) == 2500


def test_closing_during_a_database_write_asks_and_closes_when_it_is_done(
    qtbot: Any, live_window: Any, actors: Any
) -> None:
    """A write still going when the clerk closes: the window asks, and the question goes away
    by itself (the window closes) as soon as the write is done."""
    import threading

    from PySide6.QtWidgets import QMessageBox

    win = live_window(actors["clerk"])
    release = threading.Event()
    win.ctx.runner.run(lambda _p, _c: release.wait(10), kind="db")
    seen: list[str] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
        release.set()

    QTimer.singleShot(300, look)
    assert win.close()
    assert len(seen) == 1 and seen[0], seen
    assert not win.ctx.runner.holds_work()
