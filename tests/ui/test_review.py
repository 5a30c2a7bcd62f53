"""审核审批: the reviewer works through the queue with the keyboard — opens a claim, approves it
(Enter confirms), rejects one with a reason, takes a decision back, approves a filtered list in
one go — and never decides a claim they entered themselves."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desk_app.access.auth import Perm
from tests.integration.claims_support import counts, enter, inpatient, receipt, view, world
from tests.ui.conftest import answer_next_question, type_text
from tests.ui.test_claims_helpers import go_to, press, settle

__all__ = ["world"]
ALT = Qt.KeyboardModifier.AltModifier


def stay(w: Any, invoice: str, day: int, copay: str = "600.00", member: str = "li") -> Any:
    member_id, enrollment = (w.li, w.li_qz) if member == "li" else (w.zhang, w.zhang_qz)
    return inpatient(
        member_id,
        enrollment,
        date(2015, 7, day),
        date(2015, 7, day + 2),
        receipt(invoice, copay=copay, fund_paid="1000.00"),
    )


def open_review(qtbot: Any, win: Any) -> Any:
    go_to(qtbot, win, 4)
    assert win.current_section() == "review"
    screen = win.pages["review"].widgets["review"]
    assert QApplication.focusWidget() is screen.table
    return screen


def key(qtbot: Any, screen: Any, k: Any) -> None:
    """A key where the keyboard is in the screen's window."""
    press(qtbot, screen.window(), k)


def test_a_reviewer_opens_a_claim_and_approves_it_with_the_keyboard(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    first = enter(world.db, world.clerk, stay(world, "R-1", 1))
    second = enter(world.db, world.clerk, stay(world, "R-2", 10, member="zhang"))
    win = make_window(world.reviewer)
    screen = open_review(qtbot, win)
    assert screen.model.rowCount() == 2
    assert screen.table.current_id() == first.id  # oldest submission first
    key(qtbot, screen, Qt.Key.Key_J)
    assert screen.table.current_id() == second.id
    key(qtbot, screen, Qt.Key.Key_K)
    key(qtbot, screen, Qt.Key.Key_Return)  # open
    key(qtbot, screen, Qt.Key.Key_Down)  # the arrows move on the claim page too
    assert screen.page.claim.id == second.id
    key(qtbot, screen, Qt.Key.Key_Up)
    assert screen.stack.currentWidget() is screen.page
    assert screen.page.claim.id == first.id
    lines = first.calc.lines
    assert all(line in screen.page.calc_panel.text() for line in lines)
    assert screen.page.receipts.rowCount() == 1 and not screen.page.own.isVisible()

    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    key(qtbot, screen, Qt.Key.Key_A)
    approved = view(world.db, first.id)
    assert approved.status == "approved" and approved.reviewed_by == "reviewer"
    assert approved.approval_no in screen.message.text()
    # The next claim of the queue is open now; the approved one has left the queue.
    assert screen.page.claim.id == second.id
    assert screen.model.ids() == [second.id]
    key(qtbot, screen, Qt.Key.Key_Escape)
    assert screen.stack.currentIndex() == 0 and screen.table.current_id() == second.id


def test_escape_on_the_confirmation_approves_nothing(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    claim = enter(world.db, world.clerk, stay(world, "R-1", 1))
    win = make_window(world.reviewer)
    screen = open_review(qtbot, win)
    before = counts(world.db)
    answer_next_question(QMessageBox.ButtonRole.RejectRole)
    key(qtbot, screen, Qt.Key.Key_A)
    assert view(world.db, claim.id).status == "submitted"
    assert counts(world.db) == before


def test_a_reviewer_rejects_a_claim_with_a_reason_and_words(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    from ui.screens.review.claim import RejectDialog

    claim = enter(world.db, world.clerk, stay(world, "R-1", 1))
    win = make_window(world.reviewer)
    screen = open_review(qtbot, win)
    key(qtbot, screen, Qt.Key.Key_Return)
    key(qtbot, screen, Qt.Key.Key_R)
    dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, RejectDialog))
    settle(dlg)  # the dialog has the keyboard, as on a desktop
    assert dlg.isVisible() and QApplication.focusWidget() is dlg.reason
    for _ in range(dlg.reason.count()):
        if dlg.reason.currentData() == "incomplete_documents":
            break
        qtbot.keyClick(dlg.reason, Qt.Key.Key_Down)
    qtbot.keyClick(dlg.reason, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is dlg.text
    type_text(qtbot, dlg.text, "缺少出院小结")
    qtbot.keyClick(dlg.text, Qt.Key.Key_Return)  # the last field: 不予给付
    assert not dlg.isVisible(), dlg.error.text()
    rejected = view(world.db, claim.id)
    assert (rejected.status, rejected.reject_code, rejected.reject_text) == (
        "rejected",
        "incomplete_documents",
        "缺少出院小结",
    )
    assert "材料不全" in screen.message.text()


def test_an_approval_is_taken_back_before_payment(qtbot: Any, make_window: Any, world: Any) -> None:
    from desk_app.claims import service
    from tests.integration.claims_support import act

    claim = enter(world.db, world.clerk, stay(world, "R-1", 1))
    act(world.db, service.approve, world.reviewer, claim.id)
    win = make_window(world.reviewer)
    screen = open_review(qtbot, win)
    assert screen.model.rowCount() == 0  # nothing waits
    screen.filters.status.setFocus()
    for _ in range(screen.filters.status.count()):
        if screen.filters.status.currentData() == ("approved",):
            break
        qtbot.keyClick(screen.filters.status, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    screen.table.setFocus()
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    key(qtbot, screen, Qt.Key.Key_U)
    again = view(world.db, claim.id)
    assert again.status == "submitted" and again.approval_no is not None  # the number is kept
    assert screen.message.text() == f"申请 {claim.claim_no} 已回退，再次等待审核。"


def test_a_reviewer_is_shown_why_they_cannot_decide_their_own_claim(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    own = enter(world.db, world.reviewer, stay(world, "R-1", 1))
    win = make_window(world.reviewer)
    screen = open_review(qtbot, win)
    key(qtbot, screen, Qt.Key.Key_Return)
    notice = f"申请 {own.claim_no} 由您录入或修改，须由其他审核人审批"
    assert screen.page.own.isVisible() and notice in screen.page.own.text()
    assert not screen.buttons["approve"].isEnabled()
    assert notice in screen.buttons["approve"].toolTip()
    assert not screen.buttons["reject"].isEnabled()
    before = counts(world.db)
    key(qtbot, screen, Qt.Key.Key_A)  # no question is asked: the reason is said
    assert notice in screen.message.text()
    assert view(world.db, own.id).status == "submitted" and counts(world.db) == before


def test_a_clerk_has_no_review_and_cannot_approve_even_their_own_claim(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    enter(world.db, world.clerk, stay(world, "R-1", 1))
    win = make_window(world.clerk)
    assert not world.clerk.can(Perm.REVIEW)
    go_to(qtbot, win, 4)
    assert win.current_section() != "review"
    assert win.statusBar().currentMessage() == "经办人无权使用“审核审批”。"
    assert "review" not in win.pages


def test_batch_approval_approves_the_filtered_payable_claims_of_others(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    a = enter(world.db, world.clerk, stay(world, "R-1", 1))
    b = enter(world.db, world.clerk, stay(world, "R-2", 10, member="zhang"))
    mine = enter(world.db, world.reviewer, stay(world, "R-3", 20))
    win = make_window(world.reviewer)
    screen = open_review(qtbot, win)
    type_text(qtbot, screen.filters.text, "张")  # only 张建国's claims
    qtbot.waitUntil(lambda: screen.model.ids() == [b.id])
    screen.filters.text.clear()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3)
    screen.batch_button.setFocus()
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    qtbot.keyClick(screen.batch_button, Qt.Key.Key_Space)
    assert [view(world.db, c.id).status for c in (a, b, mine)] == [
        "approved",
        "approved",
        "submitted",
    ]
    assert "2 件" in screen.message.text()
    assert screen.model.ids() == [mine.id]
