"""Enrolling one member at the window: the dialog from the member page (scheme, shares within
the scheme's maximum, premium and renewal shown before OK), driven with the keyboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk_app.people import enrollment, members
from tests.fixtures_people import add_member, add_scheme, add_unit, make_id
from tests.ui.conftest import type_and_enter, type_text
from ui.screens.enrollment.enroll_dialog import EnrollDialog


@pytest.fixture
def world(db: Any, actors: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Quzhou 2015 and 2016 (one share), Jinhua 2015-10 … 2016-09 (two shares of 50 yuan);
    today is 2015-10-05."""
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2015-10-05T09:30:00+08:00")
    clerk = actors["clerk"]
    unit = add_unit(db, clerk, "DW001", "城关供电所工会")
    number = make_id(7, birth=date(1975, 5, 20))
    return {
        "qz15": add_scheme(db, actors["admin"], "quzhou-2015.toml"),
        "qz16": add_scheme(db, actors["admin"], "quzhou-2016.toml"),
        "jh": add_scheme(db, actors["admin"], "jinhua-2015.toml"),
        "member": add_member(db, clerk, "周建国", number, unit_id=unit),
        "number": number,
    }


def _open_dialog(qtbot: Any, win: Any, number: str) -> EnrollDialog:
    qtbot.keyClick(win, Qt.Key.Key_F3)
    screen = win.pages["enrollment"].widgets["members"]
    type_and_enter(qtbot, screen.search, number)
    assert screen.on_page()
    qtbot.keyClick(screen.page.enroll_button, Qt.Key.Key_Space)
    return next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, EnrollDialog) and w.isVisible()
    )


def test_a_member_is_enrolled_with_two_shares_through_the_dialog(
    qtbot: Any, make_window: Any, actors: Any, world: Any, db: Any
) -> None:
    win = make_window(actors["clerk"])
    dlg = _open_dialog(qtbot, win, world["number"])
    # The scheme whose period covers today is offered first.
    assert dlg.scheme.currentText().startswith("JH-2015-ZY")
    assert dlg.focusWidget() is dlg.scheme
    qtbot.keyClick(dlg.scheme, Qt.Key.Key_Return)
    assert dlg.shares.maximum() == 2
    dlg.shares.lineEdit().selectAll()
    type_text(qtbot, dlg.shares, "2")
    assert "保费 100.00 元（2 份 × 50.00 元）" in dlg.summary.text()
    assert "新参保" in dlg.summary.text()
    qtbot.keyClick(dlg.shares, Qt.Key.Key_Return)  # on to the date (today)
    qtbot.keyClick(dlg.enrolled_on, Qt.Key.Key_Return)  # on to the unit
    qtbot.keyClick(dlg.unit, Qt.Key.Key_Return)  # last field: 参保
    assert not dlg.isVisible(), dlg.error.text()
    with db.reader() as uow:
        rows = enrollment.member_enrollments(uow, world["member"])
    assert [(r.scheme_code, r.shares, r.premium, r.enrolled_on) for r in rows] == [
        ("JH-2015-ZY", 2, Decimal("100.00"), date(2015, 10, 5))
    ]
    page = win.pages["enrollment"].widgets["members"].page
    assert page.enrollments.index(0, 0).data() == "JH-2015-ZY"
    assert page.enrollments.index(0, 6).data() == "60,000.00"  # cap left: 30 000 a share × 2


def test_the_dialog_says_renewal_when_the_previous_period_was_enrolled(
    qtbot: Any, make_window: Any, actors: Any, world: Any, db: Any
) -> None:
    with db.uow() as uow:
        enrollment.enroll_member(
            uow, actors["clerk"], world["member"], world["qz15"], enrolled_on=date(2015, 1, 8)
        )
        uow.commit()
    win = make_window(actors["clerk"])
    dlg = _open_dialog(qtbot, win, world["number"])
    dlg.scheme.line().selectAll()
    type_and_enter(qtbot, dlg.scheme, "QZ-2016-ZY")
    assert "续保：上一保障期已参保，无观察期" in dlg.summary.text()
    assert not dlg.shares.isEnabled()  # one share only in Quzhou
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Return)
    assert not dlg.isVisible(), dlg.error.text()
    with db.reader() as uow:
        detail = members.get_member(uow, world["member"])
    assert [(e.scheme_code, e.renewal) for e in detail.enrollments] == [
        ("QZ-2016-ZY", True),
        ("QZ-2015-ZY", False),
    ]


def test_a_refused_enrollment_keeps_the_dialog_open_with_the_reason(
    qtbot: Any, make_window: Any, actors: Any, world: Any, db: Any
) -> None:
    win = make_window(actors["clerk"])
    dlg = _open_dialog(qtbot, win, world["number"])
    qtbot.keyClick(dlg.scheme, Qt.Key.Key_Return)
    qtbot.keyClick(dlg.shares, Qt.Key.Key_Return)
    dlg.enrolled_on.selectAll()
    type_and_enter(qtbot, dlg.enrolled_on, "20161001")  # after Jinhua's period
    qtbot.keyClick(dlg.unit, Qt.Key.Key_Return)
    assert dlg.isVisible()
    assert dlg.error.text() == "参保日期 2016-10-01 晚于保障期结束日 2016-09-30"
    with db.reader() as uow:
        assert enrollment.member_enrollments(uow, world["member"]) == []
    dlg.reject()
