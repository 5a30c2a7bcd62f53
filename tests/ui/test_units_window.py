"""参保登记 › 参保单位: find a unit as you type, add and change one with the keyboard, and its
page with the enrollment batches, where the premium's receipt number is recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from desk_app.people import enrollment, units
from tests.fixtures_people import add_member, add_scheme, add_unit, make_id
from tests.ui.conftest import type_and_enter, type_text
from ui.screens.enrollment.units import UnitDialog


@pytest.fixture
def county(db: Any, actors: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2015-06-01T10:00:00+08:00")
    clerk = actors["clerk"]
    dw1 = add_unit(db, clerk, "DW001", "城关供电所工会", "电力")
    dw2 = add_unit(db, clerk, "DW002", "第二纺织厂工会", "纺织")
    add_unit(db, clerk, "JY010", "实验小学工会", "教育")
    scheme = add_scheme(db, actors["admin"], "quzhou-2015.toml")
    with db.uow() as uow:
        batch = enrollment.create_batch(uow, clerk, dw2, scheme).value
        uow.commit()
    for n in range(3):
        m = add_member(
            db, clerk, f"纺织{'甲乙丙'[n]}", make_id(n, birth=date(1970 + n, 1, 1)), unit_id=dw2
        )
        with db.uow() as uow:
            enrollment.enroll_member(uow, clerk, m, scheme, batch_id=batch.id)
            uow.commit()
    return {"dw1": dw1, "dw2": dw2, "batch": batch.batch_no}


def units_screen(win: Any) -> Any:
    win.navigate("enrollment")
    page = win.pages["enrollment"]
    page.tabs.setCurrentWidget(page.widgets["units"])
    screen = page.widgets["units"]
    screen.focus_first()
    return screen


def shown(screen: Any) -> list[str]:
    p = screen.proxy
    return [p.index(r, 0).data() for r in range(p.rowCount())]


def test_typing_narrows_the_units_and_enter_opens_the_first(
    qtbot: Any, make_window: Any, actors: Any, county: Any
) -> None:
    screen = units_screen(make_window(actors["clerk"]))
    assert shown(screen) == ["DW001", "DW002", "JY010"]
    type_text(qtbot, screen.search, "纺织")
    assert shown(screen) == ["DW002"]
    assert screen.count.text() == "1 个单位（共 3 个）"
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    page = screen.page
    assert screen.stack.currentWidget() is page
    assert page.heading.text() == "DW002\u3000第二纺织厂工会"
    assert page.info_labels["members"].text() == "3"
    assert page.batches.index(0, 0).data() == county["batch"]
    assert page.batches.index(0, 2).data() == "3"
    assert page.batches.index(0, 3).data() == "150.00"
    qtbot.keyClick(page.batch_view, Qt.Key.Key_Escape)
    assert screen.stack.currentIndex() == 0


def test_a_unit_is_added_through_the_dialog(
    qtbot: Any, make_window: Any, actors: Any, county: Any, db: Any
) -> None:
    screen = units_screen(make_window(actors["clerk"]))
    qtbot.keyClick(screen.add_button, Qt.Key.Key_Space)
    dlg = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, UnitDialog) and w.isVisible()
    )
    type_and_enter(qtbot, dlg.code, "JT005")
    type_and_enter(qtbot, dlg.name, "公交集团工会")
    type_and_enter(qtbot, dlg.industry, "交通运输")
    type_and_enter(qtbot, dlg.contact, "陈师傅")
    type_and_enter(qtbot, dlg.phone, "0575-88001234")
    type_and_enter(qtbot, dlg.county, "越城区")  # Enter on the last field: 登记
    assert not dlg.isVisible(), dlg.error.text()
    with db.reader() as uow:
        row = units.find_unit(uow, "jt005")
    assert row is not None and (row.name, row.industry, row.phone) == (
        "公交集团工会",
        "交通运输",
        "0575-88001234",
    )
    assert "JT005" in shown(screen)


def test_a_taken_unit_code_is_refused_in_the_dialog(
    qtbot: Any, make_window: Any, actors: Any, county: Any
) -> None:
    screen = units_screen(make_window(actors["clerk"]))
    qtbot.keyClick(screen.add_button, Qt.Key.Key_Space)
    dlg = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, UnitDialog) and w.isVisible()
    )
    type_and_enter(qtbot, dlg.code, "dw001")
    type_and_enter(qtbot, dlg.name, "重复的单位")
    for field in (dlg.industry, dlg.contact, dlg.phone, dlg.county):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dlg.isVisible()
    assert dlg.error.text() == "单位编码 dw001 已被「城关供电所工会」使用"
    dlg.reject()


def test_the_premium_receipt_number_is_recorded_on_a_batch(
    qtbot: Any, make_window: Any, actors: Any, county: Any, db: Any
) -> None:
    screen = units_screen(make_window(actors["clerk"]))
    type_and_enter(qtbot, screen.search, "DW002")
    page = screen.page

    def answer() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        line = dlg.findChild(QLineEdit)
        line.selectAll()
        type_and_enter(qtbot, line, "ZS2015-0088")

    QTimer.singleShot(20, answer)
    qtbot.keyClick(page.receipt_button, Qt.Key.Key_Space)
    assert page.batches.index(0, 4).data() == "ZS2015-0088"
    with db.reader() as uow:
        detail = units.get_unit(uow, county["dw2"])
    assert detail.batches[0].receipt_no == "ZS2015-0088"


def test_the_admin_keeps_the_units_but_does_not_browse_members(
    qtbot: Any, admin_window: Any, county: Any
) -> None:
    admin_window.navigate("enrollment")
    page = admin_window.pages["enrollment"]
    assert list(page.widgets) == ["units"] and page.tabs is None  # the one screen, no tabs
    screen = page.widgets["units"]
    assert screen.add_button.isVisibleTo(screen)
    assert shown(screen) == ["DW001", "DW002", "JY010"]
