"""Keeping the desk safe while it runs: an unexpected error shows a dialog with the log's
location and loses nothing typed; a session ends with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit, QMessageBox, QTabWidget

from desk_app.system import logs
from desk_app.system.paths import DataDir
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
    dialog = desk.dialog
    assert dialog is not None
    qtbot.addWidget(dialog)  # closed at the end of the test, whatever happens
    dialog.reject()
    assert not list((data_dir / "backups").glob("desk-*-exit.sqlite3"))


def test_admin_moves_the_data_folder_and_signs_in_again_there(
    qtbot: Any, data_dir: Path, zh: str, actors, tmp_path: Path, monkeypatch
) -> None:
    from desk_app.system.paths import resolve_data_dir
    from tests.ui.conftest import answer_next_question
    from ui.screens.system import settings_page

    monkeypatch.setenv("DESK_APP_CONFIG", str(tmp_path / "config"))
    monkeypatch.delenv("DESK_APP_DATA", raising=False)
    target = tmp_path / "usb" / "desk"
    monkeypatch.setattr(settings_page, "choose_folder", lambda parent, title: str(target))
    desk = DeskApp(DataDir(data_dir), zh, executor=SyncExecutor())
    assert desk.start()
    dlg = desk.dialog
    assert isinstance(dlg, SignInDialog)
    dlg.login.clear()
    type_and_enter(qtbot, dlg.login, "admin")
    type_and_enter(qtbot, dlg.password, PASSWORDS["admin"])
    win = desk.window
    assert win is not None
    win.navigate("system")
    page = win.findChild(settings_page.SettingsPage)
    assert page is not None
    tabs = win.findChild(QTabWidget)
    tabs.setCurrentIndex(tabs.indexOf(page) if tabs.indexOf(page) >= 0 else 1)
    qtbot.waitUntil(page.move_button.isVisible)
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    page.move_button.setFocus()
    qtbot.keyClick(page.move_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(desk.dialog, SignInDialog) and desk.window is None)
    signin = desk.dialog
    assert isinstance(signin, SignInDialog)
    assert str(target.resolve()) in signin.error.text()
    assert desk.data.root == target.resolve() and (target / "desk.sqlite3").exists()
    assert resolve_data_dir().root == target.resolve()
    type_and_enter(qtbot, signin.password, PASSWORDS["admin"])
    assert desk.window is not None and desk.window.ctx.data.root == target.resolve()
    desk.window.close()
