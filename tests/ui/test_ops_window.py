"""Keeping the desk safe while it runs: an unexpected error shows a dialog with the log's
location and loses nothing typed; a session ends with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QMessageBox

from desk_app import logs
from desk_app.paths import DataDir
from tests.conftest import PASSWORDS
from tests.ui.conftest import type_and_enter
from ui.app import DeskApp
from ui.crash import CrashReporter
from ui.signin import SignInDialog
from ui.tasks import SyncExecutor


@pytest.mark.qt_no_exception_capture  # the program's own hook is under test, not pytest-qt's
def test_an_unexpected_error_shows_the_log_folder_and_keeps_what_was_typed(
    qtbot: Any, data_dir: Path, zh: str
) -> None:
    log_dir = data_dir / "logs"
    logs.setup(log_dir)
    reporter = CrashReporter(log_dir)
    reporter.install()
    try:
        form = QLineEdit()
        qtbot.addWidget(form)
        form.show()
        qtbot.keyClicks(form, "half-typed 330203")

        def boom() -> None:
            raise RuntimeError("bug in a slot for member 330203198001011234")

        QTimer.singleShot(0, boom)
        qtbot.waitUntil(lambda: reporter.last_box is not None and reporter.last_box.isVisible())
        box = reporter.last_box
        assert isinstance(box, QMessageBox)
        assert "意外" in box.windowTitle() and str(log_dir) in box.text()
        assert form.isVisible() and form.text() == "half-typed 330203"
        box.close()
    finally:
        reporter.uninstall()
    text = (log_dir / logs.LOG_FILE).read_text(encoding="utf-8")
    assert "bug in a slot" in text and "Traceback" in text
    assert "330203198001011234" not in text  # the ID number was scrubbed


def test_closing_a_session_takes_a_backup(qtbot: Any, data_dir: Path, zh: str, actors) -> None:
    # The fixture database lives in the same data folder; close it before the desk opens it.
    dd = DataDir(data_dir)
    desk = DeskApp(dd, zh, executor=SyncExecutor())
    assert desk.start()
    dlg = desk.dialog
    assert isinstance(dlg, SignInDialog)
    dlg.login.clear()
    type_and_enter(qtbot, dlg.login, "clerk")
    type_and_enter(qtbot, dlg.password, PASSWORDS["clerk"])
    assert desk.window is not None
    ended: list[int] = []
    desk.sig_quit.connect(ended.append)
    desk.window.close()
    qtbot.waitUntil(lambda: ended == [0])
    assert list((data_dir / "backups").glob("desk-*-exit.sqlite3"))


def test_no_backup_when_nobody_signed_in(qtbot: Any, data_dir: Path, zh: str, actors) -> None:
    desk = DeskApp(DataDir(data_dir), zh, executor=SyncExecutor())
    assert desk.start()
    desk.quit(0)
    assert not list((data_dir / "backups").glob("desk-*-exit.sqlite3"))
