"""Bad input never reaches a crash at the window (issue #12): every field of the claim,
member and enrollment forms and every cell of the receipt grid, given hostile text (``1e400``,
``NaN``, ``-0``, full-width digits, 10 000 characters, emoji, control characters), says what is
wrong in the clerk's words or ignores it; nothing raises (pytest-qt fails a test on any
exception in a slot or an event handler) and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget

from desk_app.claims import service
from desk_app.claims.model import QueueFilter
from tests.integration.claims_support import counts, world
from tests.ui.test_claims_helpers import focused, settle
from tests.ui.test_claims_intake import choose_member_and_dates, id_of, open_intake
from ui.widgets.receipt_grid import FIELDS

__all__ = ["world"]
CTRL = Qt.KeyboardModifier.ControlModifier
HOSTILE = [
    "1e400",
    "-1e400",
    "NaN",
    "-0",
    "１２３４．５６",
    "9" * 40,
    "x" * 10_000,
    "😀💊🏥",
    "12a3",
    "\x00\x07\x1b[31m\x7f",
    "\u202e\ufeff",
    "2015-02-30",
    "二〇一五年七月一日",
    "   ",
]


GRID_HOSTILE = [
    "1e400",
    "NaN",
    "-0",
    "１２３４．５６",
    "x" * 10_000,
    "😀💊🏥",
    "\x00\x07\x1b",
    "   ",
]
NOT_AMOUNTS = {"1e400", "-1e400", "NaN", "9" * 40, "x" * 10_000, "😀💊🏥", "12a3"}


def commit_text(widget: QWidget, text: str) -> None:
    """Text arriving as an input method (or a card reader's paste) delivers it: in one go."""
    target = widget
    if hasattr(widget, "lineEdit") and widget.lineEdit() is not None:
        target = widget.lineEdit()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(target, event)


def hostile_into(qtbot: Any, window: Any, field: QWidget, then: Any = None) -> None:
    for text in HOSTILE:
        if isinstance(field, QLineEdit):
            field.clear()
        field.setFocus()
        commit_text(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
        settle(window)
        if then is not None:
            then()
        close_popups()


def close_popups() -> None:
    popup = QApplication.activePopupWidget()
    while popup is not None:
        popup.close()
        popup = QApplication.activePopupWidget()


@pytest.mark.slow
def test_hostile_text_in_every_field_and_receipt_cell_of_the_claim_form(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    before = counts(world.db)
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    form = screen.form

    def save_and_submit() -> None:
        qtbot.keyClick(screen, Qt.Key.Key_S, CTRL)
        settle(win)
        qtbot.keyClick(screen, Qt.Key.Key_Return, CTRL)
        settle(win)

    hostile_into(qtbot, win, form.member_line, save_and_submit)
    assert form.member is None
    assert screen.board.toolTip(), "the clerk is told what is missing"

    choose_member_and_dates(qtbot, screen, id_of(world.db, world.zhang), "2015-08-01", "20150811")
    assert form.member is not None
    for f in ("admission", "discharge"):
        hostile_into(qtbot, win, form.dates[f], save_and_submit)
        form.dates[f].set_value(None)
    for field in (form.hospital, form.disease_line, form.note):
        hostile_into(qtbot, win, field, save_and_submit)
        field.clear()
    close_popups()

    grid = form.grid
    model = form.receipts
    for column in range(model.columnCount()):
        for text in GRID_HOSTILE:
            grid.setFocus()
            grid.setCurrentIndex(model.index(0, column))
            grid.edit(model.index(0, column))
            editor = focused()
            assert editor is not None and grid.isAncestorOf(editor), column
            editor.clear() if isinstance(editor, QLineEdit) else None
            commit_text(editor, text)
            qtbot.keyClick(editor, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: grid.state() != QAbstractItemView.State.EditingState)
            close_popups()
            settle(win)
            if column >= 2 and text in NOT_AMOUNTS:  # marked in the clerk's words, not taken
                assert FIELDS[column] in model.local_problems(0), (column, text[:20])
                assert model.receipts() is None
        save_and_submit()
        qtbot.keyClick(grid, Qt.Key.Key_Delete, CTRL)  # the receipt removed again
        settle(win)
    # Delete key on every cell, row removal on an empty grid: nothing to do, nothing raised.
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    qtbot.keyClick(grid, Qt.Key.Key_Delete, CTRL)
    # What could be stored is a draft of what was typed (a note of emoji is a note); nothing
    # was submitted, and every stored claim reads back.
    with world.db.reader() as uow:
        stored = [
            service.get_claim(uow, cid) for cid in service.queue_ids(uow, QueueFilter(status=()))
        ]
    assert all(v.status == "draft" for v in stored)
    assert counts(world.db)["receipts"] == before["receipts"]


def test_hostile_text_in_every_field_of_the_member_and_enrollment_forms(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    from ui.screens.enrollment.enroll_dialog import EnrollDialog
    from ui.screens.enrollment.member_form import AddMemberDialog

    before = counts(world.db)
    win = make_window(world.clerk)
    add = AddMemberDialog(win.ctx, win)
    qtbot.addWidget(add)
    add.show()
    for field in add.fields.fields():
        if isinstance(field, QLineEdit) or hasattr(field, "lineEdit"):

            def submit() -> None:
                add.submit()
                settle(add)
                assert add.isVisible()  # refused: the dialog stays with its reason

            hostile_into(qtbot, add, field, submit)
    assert add.error.isVisible() and add.error.text()

    from desk_app.people import members

    with world.db.reader() as uow:
        detail = members.get_member(uow, world.zhang)
    enroll = EnrollDialog(win.ctx, detail, win)
    qtbot.addWidget(enroll)
    enroll.show()
    for field in enroll.findChildren(QLineEdit):
        if field.isVisible() and not field.isReadOnly():
            hostile_into(qtbot, enroll, field, lambda: (enroll.submit(), settle(enroll)))
    assert counts(world.db) == before
