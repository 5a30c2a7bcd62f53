"""The task runner: work off the GUI thread, results back on it, a progress dialog only for
long work, cancel, errors, and the change broadcast."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog

from base.changes import Changes, Done
from base.progress import check
from ui.tasks import ChangeHub, SyncExecutor, TaskRunner


def _runner(**kw: Any) -> TaskRunner:
    return TaskRunner(ChangeHub(), **kw)


def test_work_runs_off_the_gui_thread_and_its_result_comes_back_on_it(qtbot: Any) -> None:
    runner = _runner()
    seen: dict[str, Any] = {}

    def job(_p: Any, _c: Any) -> int:
        seen["worker"] = threading.current_thread() is threading.main_thread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["gui"] = threading.current_thread() is threading.main_thread()

    runner.run(job, done=done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen == {"worker": False, "value": 42, "gui": True}
    runner.shutdown()


def test_quick_work_shows_no_progress_dialog(qtbot: Any) -> None:
    runner = _runner(show_after_ms=300)
    finished = []
    runner.run(lambda _p, _c: None, done=finished.append, title="quick")
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    qtbot.wait(400)
    assert not [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]
    runner.shutdown()


def test_long_work_shows_progress_and_the_cancel_button_stops_it(qtbot: Any) -> None:
    runner = _runner(show_after_ms=100)
    outcome: list[str] = []
    started = threading.Event()

    def job(progress: Any, cancel: threading.Event) -> None:
        started.set()
        for i in range(500):
            progress(i / 500, f"第 {i} 行")
            check(cancel)
            time.sleep(0.01)
        outcome.append("finished")

    runner.run(
        job,
        done=lambda _r: outcome.append("done"),
        cancelled=lambda: outcome.append("cancelled"),
        title="导入",
    )

    def dialog() -> QProgressDialog | None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QProgressDialog) and w.isVisible():
                return w
        return None

    qtbot.waitUntil(lambda: dialog() is not None, timeout=5000)
    dlg = dialog()
    assert dlg is not None and dlg.windowTitle() == "导入"
    qtbot.waitUntil(lambda: dlg.labelText().startswith("第"), timeout=5000)
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)  # Esc is the progress dialog's Cancel
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=5000)
    assert dialog() is None
    runner.shutdown()


def test_esc_on_a_dialog_not_yet_active_cancels_too(qtbot: Any) -> None:
    """Esc reaching the dialog itself (its window not active yet, so the Cancel button's
    shortcut does not fire: a loaded machine, a dialog just shown) rejects the dialog; that
    must cancel the job, not just hide the dialog while the work goes on and is committed."""
    from PySide6.QtWidgets import QWidget

    runner = _runner(show_after_ms=0)
    outcome: list[str] = []

    def job(progress: Any, cancel: threading.Event) -> None:
        for i in range(500):
            progress(i / 500, f"第 {i} 行")
            check(cancel)
            time.sleep(0.01)
        outcome.append("finished")

    runner.run(
        job,
        done=lambda _r: outcome.append("done"),
        cancelled=lambda: outcome.append("cancelled"),
        title="导入",
    )

    def dialog() -> QProgressDialog | None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QProgressDialog) and w.isVisible():
                return w
        return None

    qtbot.waitUntil(lambda: dialog() is not None, timeout=5000)
    dlg = dialog()
    assert dlg is not None
    elsewhere = QWidget()  # another window has the focus: the dialog's shortcut is asleep
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is elsewhere, timeout=5000)
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=5000)
    runner.shutdown()


def test_an_error_reaches_the_failed_callback(qtbot: Any) -> None:
    runner = TaskRunner(ChangeHub(), db_executor=SyncExecutor(), net_executor=SyncExecutor())
    errors: list[BaseException] = []

    def job(_p: Any, _c: Any) -> None:
        raise ValueError("坏数据")

    runner.run(job, failed=errors.append)
    assert [str(e) for e in errors] == ["坏数据"]


def test_an_unhandled_error_is_signalled_for_the_window_to_show(qtbot: Any) -> None:
    runner = TaskRunner(ChangeHub(), db_executor=SyncExecutor(), net_executor=SyncExecutor())
    with qtbot.waitSignal(runner.sig_error, timeout=1000) as blocker:
        runner.run(lambda _p, _c: 1 / 0)
    assert isinstance(blocker.args[0], ZeroDivisionError)


def test_a_services_changes_are_broadcast_before_done_runs(qtbot: Any) -> None:
    hub = ChangeHub()
    runner = TaskRunner(hub, db_executor=SyncExecutor(), net_executor=SyncExecutor())
    order: list[str] = []
    hub.sig_changes.connect(lambda ch: order.append(f"changes users={ch.users}"))
    runner.run(lambda _p, _c: Done(1, Changes(users=True)), done=lambda _d: order.append("done"))
    assert order == ["changes users=True", "done"]


def test_database_writes_run_one_at_a_time_in_order(qtbot: Any) -> None:
    runner = _runner()
    log: list[int] = []
    active = [0]
    overlap = [False]

    def job(n: int) -> Any:
        def run(_p: Any, _c: Any) -> int:
            active[0] += 1
            overlap[0] |= active[0] > 1
            time.sleep(0.01)
            active[0] -= 1
            return n

        return run

    for n in range(8):
        runner.run(job(n), done=log.append)
    qtbot.waitUntil(lambda: len(log) == 8, timeout=5000)
    assert log == list(range(8)) and not overlap[0]
    runner.shutdown()


def test_the_heap_frozen_at_start_up_is_out_of_every_later_collection() -> None:
    """What is alive when the window opens is not walked by a full collection any more (a
    worker's collection held the window for 300 ms walking it); the next window's freeze (after
    a sign-out) lets what the first one froze be collected."""
    import gc
    import weakref

    from ui.tasks import freeze_heap

    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it

    node = Node()
    gone = weakref.ref(node)
    try:
        freeze_heap()
        frozen = gc.get_freeze_count()
        assert frozen > 1000
        assert len(gc.get_objects(2)) < frozen // 10
        del node
        gc.collect()
        assert gone() is not None  # frozen: out of reach of the collector
        freeze_heap()
        assert gone() is None
    finally:
        gc.unfreeze()
