"""系统: users and roles, own password, settings, backup and restore, the audit log viewer."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from db.models import AuditEntry
from desk_app.access import users
from desk_app.system.paths import DataDir
from tests.ui.conftest import answer_next_question, type_and_enter, type_text
from ui.app import DeskApp
from ui.screens.system.users_page import AddUserDialog
from ui.signin import SignInDialog
from ui.tasks import SyncExecutor


def _system_tab(win: Any, screen_id: str) -> Any:
    win.navigate("system")
    page = win.pages["system"]
    page.tabs.setCurrentWidget(page.widgets[screen_id])
    return page.widgets[screen_id]


def _open_dialog(kind: type) -> Any:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())


def test_an_admin_adds_a_clerk_through_the_dialog(qtbot: Any, admin_window: Any, db: Any) -> None:
    page = _system_tab(admin_window, "users")
    qtbot.keyClick(page.add_button, Qt.Key.Key_Space)
    dlg = _open_dialog(AddUserDialog)
    type_and_enter(qtbot, dlg.login, "wangwu")
    type_and_enter(qtbot, dlg.name, "王五")
    assert dlg.focusWidget() is dlg.role and dlg.role.currentText() == "经办人"
    qtbot.keyClick(dlg.role, Qt.Key.Key_Return)
    type_and_enter(qtbot, dlg.password, "Jingban5-2026x")
    type_and_enter(qtbot, dlg.again, "Jingban5-2026x")  # Enter on the last field: 添加
    assert not dlg.isVisible(), dlg.error.text()
    logins = [u.login for u in page.model.rows]
    assert "wangwu" in logins
    row = logins.index("wangwu")
    assert page.model.index(row, 2).data() == "经办人"
    with db.reader() as uow:
        assert users.get_user(uow, "wangwu").name == "王五"


def test_a_refused_new_user_shows_the_reason_in_the_dialog(qtbot: Any, admin_window: Any) -> None:
    page = _system_tab(admin_window, "users")
    qtbot.keyClick(page.add_button, Qt.Key.Key_Space)
    dlg = _open_dialog(AddUserDialog)
    type_and_enter(qtbot, dlg.login, "clerk")  # exists already
    type_and_enter(qtbot, dlg.name, "重名")
    qtbot.keyClick(dlg.role, Qt.Key.Key_Return)
    type_and_enter(qtbot, dlg.password, "Chongming-2026x")
    type_and_enter(qtbot, dlg.again, "Chongming-2026x")
    assert dlg.isVisible() and dlg.error.text() == "登录名 clerk 已存在"
    dlg.reject()


def test_a_clerk_does_not_see_user_management(qtbot: Any, make_window: Any, actors: Any) -> None:
    win = make_window(actors["clerk"])
    win.navigate("system")
    page = win.pages["system"]
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs == ["设置", "我的账户"]
    settings_page = page.widgets["settings"]
    assert settings_page.editors["ui.idle_lock_minutes"].isEnabled()
    assert not settings_page.editors["site.code"].isEnabled()  # admins only


def test_everyone_changes_their_own_password(
    qtbot: Any, make_window: Any, actors: Any, db: Any, passwords: dict[str, str]
) -> None:
    from ui.dialogs import ChangePasswordDialog

    win = make_window(actors["clerk"])
    page = _system_tab(win, "account")
    qtbot.keyClick(page.password_button, Qt.Key.Key_Space)
    dlg = _open_dialog(ChangePasswordDialog)
    type_and_enter(qtbot, dlg.old, passwords["clerk"])
    type_and_enter(qtbot, dlg.new, "Xinmima-2027y")
    type_and_enter(qtbot, dlg.again, "Xinmima-2027y")
    assert not dlg.isVisible()
    assert win.statusBar().currentMessage() == "密码已修改。"
    with db.uow() as uow:
        assert users.sign_in(uow, "clerk", "Xinmima-2027y").login == "clerk"


def test_a_saved_idle_lock_setting_applies_at_once(qtbot: Any, admin_window: Any) -> None:
    page = _system_tab(admin_window, "settings")
    spin = page.editors["ui.idle_lock_minutes"]
    spin.setFocus()
    spin.selectAll()
    type_text(qtbot, spin, "3")
    qtbot.keyClick(spin, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert admin_window.lock.idle.timeout_ms == 3 * 60_000
    assert admin_window.statusBar().currentMessage() == "设置已保存。"


def test_a_new_language_is_said_to_apply_after_a_restart(qtbot: Any, admin_window: Any) -> None:
    page = _system_tab(admin_window, "settings")
    combo = page.editors["ui.language"]
    combo.setCurrentIndex(combo.findData("en"))
    qtbot.keyClick(page.save_button, Qt.Key.Key_Space)
    assert "下次启动程序时更换" in admin_window.statusBar().currentMessage()
    assert page.values["ui.language"] == "en"


def _audit_actions(db: Any) -> list[str]:
    with db.reader() as uow:
        return [e.action for e in uow.session.query(AuditEntry).order_by(AuditEntry.id)]


def test_backup_now_then_restore_from_the_list(
    qtbot: Any, db: Any, actors: Any, data_dir: Path, zh: str, passwords: dict[str, str]
) -> None:
    desk = DeskApp(DataDir(data_dir), zh, executor=SyncExecutor())
    try:
        assert desk.start()
        type_and_enter(qtbot, desk.dialog.login, "admin")
        type_and_enter(qtbot, desk.dialog.password, passwords["admin"])
        win = desk.window
        page = _system_tab(win, "backup")
        qtbot.keyClick(page.backup_button, Qt.Key.Key_Space)
        assert page.model.rowCount() == 1
        assert page.model.index(0, 1).data() == "手动备份"
        # After the backup someone is added; restoring must take the desk back before it.
        with desk.db.uow() as uow:
            users.add_user(uow, actors["admin"], "later", "后来者", "clerk", "Houlai-2026x")
            uow.commit()
        page.view.setFocus()
        page.view.selectRow(0)
        answer_next_question(QMessageBox.ButtonRole.AcceptRole)
        qtbot.keyClick(page.restore_button, Qt.Key.Key_Space)
        assert desk.window is None
        dlg = desk.dialog
        assert isinstance(dlg, SignInDialog) and dlg.isVisible()
        assert "请重新登录" in dlg.error.text()
        with desk.db.reader() as uow:
            assert "later" not in [u.login for u in users.list_users(uow, actors["admin"])]
        assert _audit_actions(desk.db)[-1] == "backup.restore"
        assert list(data_dir.glob("desk.sqlite3.before-restore-*"))
    finally:
        if desk.dialog is not None:
            desk.dialog.close()
        if desk.db is not None:
            desk.db.dispose()


def test_restoring_can_be_called_off(qtbot: Any, admin_window: Any) -> None:
    page = _system_tab(admin_window, "backup")
    qtbot.keyClick(page.backup_button, Qt.Key.Key_Space)
    page.view.selectRow(0)
    answer_next_question(QMessageBox.ButtonRole.RejectRole)
    qtbot.keyClick(page.restore_button, Qt.Key.Key_Space)
    assert admin_window.isVisible()


def test_the_audit_viewer_filters(qtbot: Any, admin_window: Any, db: Any) -> None:
    for _ in range(2):
        with db.uow() as uow, contextlib.suppress(users.SignInFailed):
            users.sign_in(uow, "clerk", "wrong-password-9")
    page = _system_tab(admin_window, "audit")
    page.refresh()
    everything = page.model.total
    page.user.setFocus()
    page.user.lineEdit().selectAll()
    type_and_enter(qtbot, page.user, "clerk")
    rows = page.model.rows
    assert rows and all(r.login == "clerk" for r in rows) and page.model.total < everything
    page.outcome.setCurrentIndex(page.outcome.findData("failed"))
    qtbot.keyClick(page.search_button, Qt.Key.Key_Space)
    assert page.model.total == 2
    assert {page.model.index(i, 4).data() for i in range(2)} == {"失败"}
    assert page.model.index(0, 2).data() == "登录"
    assert page.count_label.text() == "共 2 条"
    page.text.setFocus()
    type_and_enter(qtbot, page.text, "user:nobody")
    assert page.model.total == 0


def test_the_audit_chain_verifies(qtbot: Any, admin_window: Any) -> None:
    page = _system_tab(admin_window, "audit")
    qtbot.keyClick(page.verify_button, Qt.Key.Key_Space)
    assert page.last_verify.ok and page.last_verify.checked > 0
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox) and box.text().startswith("审计日志完整")
    box.close()


def _select_user(page: Any, login: str) -> None:
    row = [u.login for u in page.model.rows].index(login)
    page.view.setFocus()
    page.view.selectRow(row)


def test_an_admin_deactivates_a_user_after_confirming(
    qtbot: Any, admin_window: Any, db: Any
) -> None:
    page = _system_tab(admin_window, "users")
    _select_user(page, "clerk2")
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    qtbot.keyClick(page.active_button, Qt.Key.Key_Space)
    with db.reader() as uow:
        assert not users.get_user(uow, "clerk2").active
    row = [u.login for u in page.model.rows].index("clerk2")
    assert page.model.index(row, 3).data() == "已停用"
    assert page.active_button.text() == "重新启用(&A)"


def test_an_admin_resets_a_password_which_also_lifts_the_lock(
    qtbot: Any, admin_window: Any, db: Any
) -> None:
    from ui.screens.system.users_page import ResetPasswordDialog

    for _ in range(5):
        with db.uow() as uow, contextlib.suppress(users.SignInFailed):
            users.sign_in(uow, "clerk", "wrong-password-9")
    page = _system_tab(admin_window, "users")
    page.refresh()
    _select_user(page, "clerk")
    assert page.unlock_button.isEnabled()
    row = [u.login for u in page.model.rows].index("clerk")
    assert page.model.index(row, 3).data().startswith("已锁定至")
    qtbot.keyClick(page.reset_button, Qt.Key.Key_Space)
    dlg = _open_dialog(ResetPasswordDialog)
    type_and_enter(qtbot, dlg.password, "Chongzhi-2026x")
    type_and_enter(qtbot, dlg.again, "Chongzhi-2026x")
    assert not dlg.isVisible(), dlg.error.text()
    with db.uow() as uow:
        assert users.sign_in(uow, "clerk", "Chongzhi-2026x").login == "clerk"
