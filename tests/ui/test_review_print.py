"""审核审批 then print, without leaving the review screen: P prints the form of the claim just
approved (it has left the queue), Ctrl+Shift+P the day's approval forms in one PDF."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.integration.claims_support import enter, inpatient, receipt, view, world
from tests.ui.conftest import answer_next_question
from tests.ui.test_claims_helpers import press, settle
from tests.ui.test_print import preview_dialog, text_of
from tests.ui.test_review import open_review

__all__ = ["world"]
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def stay(w: Any, invoice: str, day: int, member: str = "li") -> Any:
    member_id, enrollment = (w.li, w.li_qz) if member == "li" else (w.zhang, w.zhang_qz)
    return inpatient(
        member_id,
        enrollment,
        date(2015, 7, day),
        date(2015, 7, day + 2),
        receipt(invoice, copay="600.00", fund_paid="1000.00"),
    )


def test_the_reviewer_prints_the_claim_just_approved_with_one_key(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """Enter opens, A and Enter approve, P previews the approval form of that claim — three
    keys and the confirmation — although the next claim is now the one shown."""
    first = enter(world.db, world.clerk, stay(world, "R-1", 1))
    second = enter(world.db, world.clerk, stay(world, "R-2", 10, member="zhang"))
    win = make_window(world.reviewer)
    screen = open_review(qtbot, win)
    keys = 0
    press(qtbot, win, Qt.Key.Key_Return)  # open the oldest
    keys += 1
    assert screen.page.claim.id == first.id
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)  # the confirmation's Enter
    press(qtbot, win, Qt.Key.Key_A)
    keys += 2
    approved = view(world.db, first.id)
    assert approved.status == "approved"
    assert screen.page.claim.id == second.id  # the next claim is open
    assert "P" in screen.message.text() and screen.buttons["print"].isEnabled()
    press(qtbot, win, Qt.Key.Key_P)
    keys += 1
    dlg = preview_dialog()
    words = text_of(dlg.pdf.data)
    assert "审批表" in words and approved.approval_no in words
    assert keys <= 4
    dlg.close()
    settle(win)


def test_the_days_approval_forms_are_printed_from_the_review_screen(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    first = enter(world.db, world.clerk, stay(world, "R-1", 1))
    second = enter(world.db, world.clerk, stay(world, "R-2", 10, member="zhang"))
    win = make_window(world.reviewer)
    screen = open_review(qtbot, win)
    for _ in range(2):
        answer_next_question(QMessageBox.ButtonRole.AcceptRole)
        press(qtbot, win, Qt.Key.Key_A)
        settle(win)
    numbers = [view(world.db, c.id).approval_no for c in (first, second)]
    assert all(numbers) and screen.model.rowCount() == 0
    assert screen.prints.day_button.isVisible()
    press(qtbot, win, Qt.Key.Key_P, CTRL_SHIFT)
    dlg = preview_dialog()
    words = text_of(dlg.pdf.data)
    assert all(n in words for n in numbers)
    assert dlg.page_count() >= 2  # each form on its own page
    dlg.close()
