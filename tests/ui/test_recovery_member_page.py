"""Nothing typed is lost on the member page either (issue #12): its own edit form (修改, F2)
keeps a recovery copy within half a second of each change; after a crash the next sign-in of
that clerk offers it back, the page opens editing with the typed values, and saving stores the
change once and deletes the copy. Leaving the page without saving deletes it too. The
enrollment dialog's question names the member."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from db.models import AuditEntry
from desk_app.people import members
from desk_app.system import form_copies
from tests.integration.claims_support import world
from tests.ui.conftest import type_and_enter, type_text

__all__ = ["world"]


def _kept(world: Any, form: str) -> Any:
    with world.db.reader() as uow:
        return form_copies.copy_of(uow, world.clerk, form)


def _open_member_page(qtbot: Any, win: Any, world: Any, member_id: int) -> Any:
    from PySide6.QtTest import QTest

    QTest.keyClick(win, Qt.Key.Key_F3)
    screen = win.pages["enrollment"].widgets["members"]
    with world.db.reader() as uow:
        number = members.get_member(uow, member_id).member.id_number
    type_and_enter(qtbot, screen.search, number)
    assert screen.on_page() and screen.page.member_id == member_id
    return screen.page


def _crash(keeper: Any) -> None:
    """The program dies here: the keeper writes no more; what it wrote stays."""
    keeper._timer.stop()
    keeper.waiting = True


def _click_when_asked(answers: list[str], role: QMessageBox.ButtonRole, name: str = "") -> None:
    """Click the ``role`` button of the next message box (named ``name``), noting its text."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and (not name or box.objectName() == name):
            answers.append(box.text())
            next(b for b in box.buttons() if box.buttonRole(b) == role).click()
            return
        QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)


def _updates(world: Any) -> int:
    with world.db.reader() as uow:
        stmt = select(func.count(AuditEntry.id)).where(AuditEntry.action == "member.update")
        return uow.session.execute(stmt).scalar_one()


def test_the_member_edit_form_survives_a_crash_and_is_saved_once(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    from ui.recovery import offer_copies
    from ui.widgets.recovery import widget_state

    win = make_window(world.clerk)
    page = _open_member_page(qtbot, win, world, world.zhang)
    qtbot.keyClick(page.enrollment_view, Qt.Key.Key_F2)  # 修改
    assert page.editing and page.fields.name.hasFocus()
    qtbot.wait(700)
    assert _kept(world, "member_edit") is None  # editing, nothing changed yet: nothing kept
    type_text(qtbot, page.fields.name, "张建华")  # the name was selected: typed over
    page.fields.phone.setFocus()
    type_text(qtbot, page.fields.phone, "139 1234 5678")
    qtbot.waitUntil(lambda: _kept(world, "member_edit") is not None, timeout=1500)
    qtbot.waitUntil(
        lambda: _kept(world, "member_edit").content["fields"]["memberPhone"] == "139 1234 5678",
        timeout=1500,
    )
    typed = widget_state(page.personal)
    assert typed["memberName"] == "张建华"
    assert _kept(world, "member_edit").content["member_id"] == world.zhang
    before = _updates(world)
    _crash(page.recovery)
    win.hide()  # the program is gone
    with world.db.reader() as uow:  # nothing was saved
        assert members.get_member(uow, world.zhang).member.name == "张建国"

    win2 = make_window(world.clerk)  # the next sign-in
    answers: list[str] = []
    _click_when_asked(answers, QMessageBox.ButtonRole.AcceptRole, "recoveryQuestion")
    offer_copies(win2)
    qtbot.waitUntil(lambda: len(answers) == 1)
    assert "张建国" in answers[0]  # the member's stored name
    screen = win2.pages["enrollment"].widgets["members"]
    back = screen.page
    assert screen.on_page() and back.member_id == world.zhang and back.editing
    assert widget_state(back.personal) == typed
    assert back.save_button.isEnabled()
    qtbot.waitUntil(lambda: _kept(world, "member_edit") is not None, timeout=1500)  # kept anew
    win2.activateWindow()  # the only window of the new run
    qtbot.waitUntil(win2.isActiveWindow)
    qtbot.keyClick(back.fields.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _kept(world, "member_edit") is None, timeout=1500)
    with world.db.reader() as uow:
        m = members.get_member(uow, world.zhang).member
    assert (m.name, m.phone) == ("张建华", "13912345678")
    assert _updates(world) == before + 1  # stored once
    qtbot.wait(700)
    assert _kept(world, "member_edit") is None  # and it does not come back


def test_leaving_the_member_page_without_saving_drops_the_copy(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    win = make_window(world.clerk)
    page = _open_member_page(qtbot, win, world, world.li)
    qtbot.keyClick(page.enrollment_view, Qt.Key.Key_F2)
    page.fields.account.setText("6222000099998888")
    qtbot.waitUntil(lambda: _kept(world, "member_edit") is not None, timeout=1500)
    answers: list[str] = []

    _click_when_asked(answers, QMessageBox.ButtonRole.AcceptRole)  # 离开不保存
    page.go_back()
    assert answers and not page.dirty()
    qtbot.waitUntil(lambda: _kept(world, "member_edit") is None, timeout=1500)
    with world.db.reader() as uow:
        assert members.get_member(uow, world.li).bank_account is None


def test_the_enrollment_question_names_the_member(qtbot: Any, make_window: Any, world: Any) -> None:
    from ui.recovery import offer_copies
    from ui.screens.enrollment.enroll_dialog import EnrollDialog

    win = make_window(world.clerk)
    with world.db.reader() as uow:
        detail = members.get_member(uow, world.li)
    enroll = EnrollDialog(win.ctx, detail, win)
    qtbot.addWidget(enroll)
    enroll.open()
    enroll.enrolled_on.setText("2015-08-3")
    qtbot.waitUntil(lambda: _kept(world, "enrollment") is not None, timeout=2000)
    _crash(enroll.recovery)
    enroll.hide()
    win2 = make_window(world.clerk)
    answers: list[str] = []
    _click_when_asked(answers, QMessageBox.ButtonRole.DestructiveRole, "recoveryQuestion")
    offer_copies(win2)
    qtbot.waitUntil(lambda: len(answers) == 1)
    assert "李秀英" in answers[0] and "…" not in answers[0]
    assert _kept(world, "enrollment") is None  # declined: the copy is gone
