"""Fixtures for the window's tests: the window in Chinese (the clerks' language), the task
runner made synchronous (Picard's FakeThreadPool), a signed-in main window for each role, and a
helper that answers the next modal question with the keyboard."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import PASSWORDS


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[str]:
    """The Chinese translation loaded for this test, English again afterwards."""
    from ui import i18n, style

    assert i18n.install(qapp, "zh"), "the Chinese .qm could not be built or loaded"
    style.apply(qapp)
    yield "zh"
    i18n.install(qapp, "en")


@pytest.fixture
def make_window(qtbot: Any, db: Any, data_dir: Path, zh: str) -> Callable[..., Any]:
    """``make_window(actor)``: a main window signed in as ``actor``, synchronous runner; with
    ``threads=True`` the task runner has real worker threads, as the program has (shut them
    down with ``win.ctx.runner.shutdown``)."""
    from desk_app.system.paths import DataDir
    from ui.context import AppContext, layout_store
    from ui.main_window import MainWindow
    from ui.tasks import ChangeHub, SyncExecutor, TaskRunner

    def make(
        actor: Any, *, idle_minutes: int = 10, threads: bool = False, show_after_ms: int = 100
    ) -> MainWindow:
        hub = ChangeHub()
        if threads:
            runner = TaskRunner(hub, show_after_ms=show_after_ms)
        else:
            runner = TaskRunner(hub, db_executor=SyncExecutor(), net_executor=SyncExecutor())
        ctx = AppContext(
            data=DataDir(data_dir),
            db=db,
            actor=actor,
            lang=zh,
            runner=runner,
            hub=hub,
            layout=layout_store(DataDir(data_dir)),
        )
        win = MainWindow(ctx, idle_minutes=idle_minutes)
        runner.setParent(win)
        hub.setParent(win)
        qtbot.addWidget(win)
        win.setWindowState(Qt.WindowState.WindowNoState)
        win.resize(1366, 768)
        win.show()
        qtbot.waitExposed(win)
        # Window shortcuts only work in the active window; the offscreen platform does not
        # activate a window by itself.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(win)
        return win

    return make


@pytest.fixture
def admin_window(make_window: Callable[..., Any], actors: dict[str, Any]) -> Any:
    return make_window(actors["admin"])


def answer_next_question(button_role: QMessageBox.ButtonRole) -> None:
    """When the next modal message box opens, move the focus to its button of ``button_role``
    and press Space (as a person would with Tab and Space)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        for b in box.buttons():
            if box.buttonRole(b) == button_role:
                b.setFocus()
                QTest.keyClick(b, Qt.Key.Key_Space)
                return

    QTimer.singleShot(20, answer)


@pytest.fixture
def passwords() -> dict[str, str]:
    return PASSWORDS


def type_text(qtbot: Any, widget: Any, text: str) -> None:
    """Type ``text`` as a clerk does: ASCII by key clicks, Chinese as the input method
    delivers it (a committed string), since QTest can only click ASCII keys."""
    from PySide6.QtGui import QInputMethodEvent

    for ch in text:
        if ord(ch) < 128:
            qtbot.keyClick(widget, ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            target = widget.focusProxy() or widget
            if hasattr(widget, "lineEdit") and widget.lineEdit() is not None:
                target = widget.lineEdit()
            QApplication.sendEvent(target, event)


def type_and_enter(qtbot: Any, widget: Any, text: str) -> None:
    """Type into a field and press Enter (which moves on, or presses the form's button)."""
    type_text(qtbot, widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)
