"""参保登记 › 职工: the one search box (pinyin initials, ID prefix, an ID-card reader's number
and Enter), the member page (edit, enroll) and adding a member, driven with the keyboard."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.fixtures_people import add_member, add_scheme, add_unit, make_id
from tests.ui.conftest import type_and_enter, type_text


@pytest.fixture
def people(db: Any, actors: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Five members in two units, the Shaoxing 2015 scheme; today is 2015-06-01."""
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2015-06-01T10:00:00+08:00")
    clerk = actors["clerk"]
    u1 = add_unit(db, clerk, "DW001", "城关供电所工会", "电力")
    u2 = add_unit(db, clerk, "DW002", "第二纺织厂工会", "纺织")
    out: dict[str, Any] = {"units": (u1, u2)}
    for n, (name, unit) in enumerate(
        [("张伟", u1), ("赵文", u1), ("王芳", u2), ("单伟", u2), ("李明", u1)], start=1
    ):
        number = make_id(n, birth=date(1980 + n, 3, n))
        out[name] = (add_member(db, clerk, name, number, unit_id=unit), number)
    out["scheme"] = add_scheme(db, actors["admin"], "shaoxing-2015.toml")
    return out


def _members_screen(win: Any) -> Any:
    qtbot_key_f3(win)
    page = win.pages["enrollment"]
    return page.widgets["members"]


def qtbot_key_f3(win: Any) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClick(win, Qt.Key.Key_F3)


def _names(screen: Any) -> list[str]:
    return [screen.model.index(r, 0).data() for r in range(screen.model.rowCount())]


def _settle(qtbot: Any, screen: Any) -> None:
    qtbot.waitUntil(lambda: not screen.searcher.busy(), timeout=5000)


def test_f3_puts_the_cursor_in_the_member_search(
    qtbot: Any, make_window: Any, actors: Any, people: Any
) -> None:
    win = make_window(actors["clerk"])
    screen = _members_screen(win)
    assert win.current_section() == "enrollment"
    assert screen.search.hasFocus()


def test_pinyin_initials_find_the_member(
    qtbot: Any, make_window: Any, actors: Any, people: Any
) -> None:
    win = make_window(actors["clerk"])
    screen = _members_screen(win)
    type_text(qtbot, screen.search, "zw")
    _settle(qtbot, screen)
    # 张伟 (zhang wei) and 赵文 (zhao wen); 单伟 is "sw"/"dw", not "zw".
    assert sorted(_names(screen)) == ["张伟", "赵文"]
    assert screen.count.text() == "找到 2 人"


def test_an_id_prefix_finds_the_member(
    qtbot: Any, make_window: Any, actors: Any, people: Any
) -> None:
    win = make_window(actors["clerk"])
    screen = _members_screen(win)
    number = people["王芳"][1]  # born 1983; the others 1981, 1982, 1984, 1985
    type_text(qtbot, screen.search, number[:10])
    _settle(qtbot, screen)
    assert _names(screen) == ["王芳"]
    assert screen.model.index(0, 1).data() == number


def test_an_id_card_reader_opens_the_member_page(
    qtbot: Any, make_window: Any, actors: Any, people: Any
) -> None:
    win = make_window(actors["clerk"])
    screen = _members_screen(win)
    member_id, number = people["单伟"]
    type_and_enter(qtbot, screen.search, number)  # 18 characters and Enter, as a reader types
    assert screen.on_page()
    assert screen.page.member_id == member_id
    assert screen.page.heading.text().startswith("单伟")
    assert screen.page.fields.id_number.text() == number


def test_escape_on_the_member_page_returns_to_the_list(
    qtbot: Any, make_window: Any, actors: Any, people: Any
) -> None:
    win = make_window(actors["clerk"])
    screen = _members_screen(win)
    type_text(qtbot, screen.search, "wf")
    _settle(qtbot, screen)
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert screen.on_page() and screen.page.member_id == people["王芳"][0]
    # Read-only until the clerk asks to edit: the cursor is not in 姓名.
    assert not screen.page.fields.name.isEnabled() and screen.page.enrollment_view.hasFocus()
    qtbot.keyClick(screen.page.enrollment_view, Qt.Key.Key_F2)
    assert screen.page.fields.name.hasFocus()  # ready to correct the name
    qtbot.keyClick(screen.page.fields.name, Qt.Key.Key_Escape)
    assert not screen.on_page()
    assert screen.view.hasFocus()


def test_a_typed_id_number_is_checked_with_the_services_words(
    qtbot: Any, make_window: Any, actors: Any, people: Any
) -> None:
    win = make_window(actors["clerk"])
    screen = _members_screen(win)
    type_and_enter(qtbot, screen.search, people["李明"][1])
    fields = screen.page.fields
    qtbot.keyClick(screen.page.enrollment_view, Qt.Key.Key_F2)  # 修改
    fields.id_number.selectAll()
    wrong = people["李明"][1][:17] + ("0" if people["李明"][1][17] != "0" else "1")
    type_text(qtbot, fields.id_number, wrong)
    assert fields.id_note.text().startswith("身份证号校验位不对（应为")
    fields.id_number.selectAll()
    type_text(qtbot, fields.id_number, make_id(40, birth=date(1990, 7, 9), female=True))
    assert fields.id_note.text().startswith("女 · 出生 1990-07-09")


def test_a_clerk_corrects_a_members_mobile_and_saves_with_ctrl_s(
    qtbot: Any, make_window: Any, actors: Any, people: Any, db: Any
) -> None:
    from desk_app.people import members

    win = make_window(actors["clerk"])
    screen = _members_screen(win)
    member_id, number = people["张伟"]
    type_and_enter(qtbot, screen.search, number)
    page = screen.page
    qtbot.keyClick(page.enrollment_view, Qt.Key.Key_F2)  # 修改
    qtbot.keyClick(page.fields.name, Qt.Key.Key_Return)  # Enter: on to the mobile
    assert page.fields.phone.hasFocus()
    type_text(qtbot, page.fields.phone, "139 1234 5678")
    assert page.save_button.isEnabled()
    qtbot.keyClick(page.fields.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with db.reader() as uow:
        assert members.get_member(uow, member_id).member.phone == "13912345678"
    assert win.statusBar().currentMessage() == "已保存：张伟"
    assert not page.save_button.isEnabled()  # nothing left to save


def test_a_refused_change_is_shown_on_the_page_and_keeps_what_was_typed(
    qtbot: Any, make_window: Any, actors: Any, people: Any
) -> None:
    win = make_window(actors["clerk"])
    screen = _members_screen(win)
    type_and_enter(qtbot, screen.search, people["张伟"][1])
    page = screen.page
    qtbot.keyClick(page.enrollment_view, Qt.Key.Key_F2)  # 修改
    type_text(qtbot, page.fields.phone, "12345")
    qtbot.keyClick(page.fields.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.error.isVisible()
    assert "手机号" in page.error.text()
    assert page.fields.phone.text() == "12345"


def test_an_unknown_id_card_offers_to_register_the_member(
    qtbot: Any, make_window: Any, actors: Any, people: Any, db: Any
) -> None:
    from PySide6.QtWidgets import QApplication

    from desk_app.people import members
    from ui.screens.enrollment.member_form import AddMemberDialog

    win = make_window(actors["clerk"])
    screen = _members_screen(win)
    number = make_id(60, birth=date(1979, 12, 30))
    type_and_enter(qtbot, screen.search, number)
    dlg = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, AddMemberDialog) and w.isVisible()
    )
    assert dlg.fields.id_number.text() == number
    assert dlg.focusWidget() is dlg.fields.name
    type_and_enter(qtbot, dlg.fields.name, "欧阳娜娜")
    type_and_enter(qtbot, dlg.fields.phone, "13800138000")
    type_and_enter(qtbot, dlg.fields.unit, "DW002")
    for _ in range(5):  # medical type, three categories, account: Enter moves on
        qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Return)
    assert not dlg.isVisible(), dlg.error.text()
    with db.reader() as uow:
        row = members.find_by_id_number(uow, number)
    assert row is not None and row.name == "欧阳娜娜" and row.unit_name == "第二纺织厂工会"
    assert screen.on_page() and screen.page.member_id == row.id


def test_an_older_slower_search_never_replaces_a_newer_answer(
    qtbot: Any, make_window: Any, actors: Any, people: Any
) -> None:
    """Answers are delivered out of order: every member (a blank box) after "zw"."""
    from concurrent.futures import Executor, Future

    class HeldExecutor(Executor):
        def __init__(self) -> None:
            self.held: list[Any] = []

        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
            self.held.append((fn, args, kwargs))
            return Future()

    win = make_window(actors["clerk"])
    screen = _members_screen(win)
    _settle(qtbot, screen)
    held = HeldExecutor()
    screen.ctx.runner._net = held  # searches wait until the test lets them finish
    screen.searcher.request("", at_once=True)
    screen.searcher.request("zw", at_once=True)
    assert len(held.held) == 2
    for fn, args, kwargs in reversed(held.held):  # "zw" answers first, then the blank box
        fn(*args, **kwargs)
    qtbot.wait(50)  # the answers come back through queued signals
    assert sorted(_names(screen)) == ["张伟", "赵文"]


def test_sorting_by_birth_date_asks_the_service_again(
    qtbot: Any, make_window: Any, actors: Any, people: Any
) -> None:
    win = make_window(actors["clerk"])
    screen = _members_screen(win)
    _settle(qtbot, screen)
    screen.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # 出生日期, newest first
    _settle(qtbot, screen)
    assert screen.sort_key == "birth_date" and screen.descending
    assert _names(screen) == ["李明", "单伟", "王芳", "赵文", "张伟"]
    screen.view.sortByColumn(5, Qt.SortOrder.AscendingOrder)  # 手机号: not sortable in SQL
    assert screen.sort_key == "birth_date"
    assert screen.view.horizontalHeader().sortIndicatorSection() == 3
