"""The screen lock: after idle time or Ctrl+L every window is covered, the password is asked
again, and what was typed in open forms is still there afterwards."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.ui.conftest import type_and_enter, type_text
from ui.lock import UnlockDialog, _Cover


def _covers(widget: Any) -> list[_Cover]:
    return [c for c in widget.findChildren(_Cover) if c.isVisible()]


def _settings_field(win: Any, key: str) -> QLineEdit:
    win.navigate("system")
    page = win.pages["system"]
    page.tabs.setCurrentWidget(page.widgets["settings"])
    field = page.widgets["settings"].editors[key]
    assert isinstance(field, QLineEdit)
    return field


def test_idle_time_locks_and_the_password_unlocks_with_typed_text_kept(
    qtbot: Any, admin_window: Any, passwords: dict[str, str]
) -> None:
    win = admin_window
    field = _settings_field(win, "site.county_name")
    field.setFocus()
    field.selectAll()
    type_text(qtbot, field, "东阳市总工会")  # typed, not saved
    win.lock.set_idle_minutes(1)
    win.lock.idle.set_timeout_ms(300)
    qtbot.waitUntil(lambda: win.lock.locked, timeout=5000)
    dlg = win.lock.dialog
    assert isinstance(dlg, UnlockDialog) and dlg.isVisible()
    assert dlg.windowModality() == Qt.WindowModality.ApplicationModal
    assert _covers(win), "the window's content must be hidden while locked"
    type_and_enter(qtbot, dlg.password, "wrong-password-9")
    assert win.lock.locked and dlg.error.text() == "密码错误，请重新输入。"
    type_and_enter(qtbot, dlg.password, passwords["admin"])
    assert not win.lock.locked and not _covers(win)
    assert field.text() == "东阳市总工会"
    assert win.focusWidget() is field  # the focus is back where the clerk was typing


def test_ctrl_l_locks_at_once(qtbot: Any, admin_window: Any) -> None:
    win = admin_window
    qtbot.keyClick(win.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert win.lock.locked
    qtbot.keyClick(win.lock.dialog, Qt.Key.Key_Escape)
    assert win.lock.locked, "Escape must not get around the lock"


def test_a_dialog_open_at_the_lock_is_covered_and_keeps_its_text(
    qtbot: Any, admin_window: Any, passwords: dict[str, str]
) -> None:
    from ui.screens.system.users_page import AddUserDialog

    win = admin_window
    win.navigate("system")
    page = win.pages["system"].widgets["users"]
    qtbot.keyClick(page.add_button, Qt.Key.Key_Space)
    dlg = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, AddUserDialog) and w.isVisible()
    )
    type_text(qtbot, dlg.login, "wangwu")
    win.lock.lock()
    assert _covers(dlg)
    type_and_enter(qtbot, win.lock.dialog, "")  # nothing typed: asked again
    type_and_enter(qtbot, win.lock.dialog.password, passwords["admin"])
    assert not win.lock.locked and not _covers(dlg)
    assert dlg.isVisible() and dlg.login.text() == "wangwu"
    dlg.reject()


def test_wrong_passwords_at_the_lock_count_towards_the_lock_out(
    qtbot: Any, make_window: Any, actors: Any
) -> None:
    win = make_window(actors["clerk"])
    win.lock.lock()
    for _ in range(5):
        type_and_enter(qtbot, win.lock.dialog.password, "wrong-password-9")
    assert "账户已锁定" in win.lock.dialog.error.text()
    assert win.lock.locked
