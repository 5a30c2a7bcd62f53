"""Every main screen readable at 1366×768 and at 125 % scaling (1093×614 logical pixels): no
label, button or column header whose text is cut, no button outside the window, and no dialog
larger than the screen — measured from the widgets (:mod:`tests.ui.layout_checks`)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from tests.integration.claims_support import world
from tests.ui.layout_checks import SIZES, buttons_off_window, cut_texts, too_large
from tests.ui.test_claims_helpers import settle
from tests.ui.test_language import sections

__all__ = ["world"]


def _window(make_window: Any, actor: Any, size: tuple[int, int]) -> Any:
    win = make_window(actor)
    win.resize(*size)
    settle(win)
    return win


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
@pytest.mark.parametrize("role", ["clerk", "reviewer", "admin"])
def test_every_main_screen_is_readable(
    qtbot: Any, make_window: Any, world: Any, role: str, size: str
) -> None:
    actor = {"clerk": world.clerk, "reviewer": world.reviewer, "admin": world.actors["admin"]}
    win = _window(make_window, actor[role], SIZES[size])
    found: dict[str, list[str]] = {}
    for where in sections(win):
        QApplication.processEvents()
        bad = cut_texts(win) + [f"button {b} outside" for b in buttons_off_window(win)]
        if bad:
            found[where] = bad
        large = too_large(win, SIZES[size])
        if large:
            found.setdefault(where, []).append(large)
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


def _dialogs(win: Any, world: Any) -> list[Any]:
    """The dialogs a counter opens, made as the window makes them."""
    from datetime import date

    from desk_app.claims import service
    from desk_app.documents import claim_document
    from desk_app.people import members
    from tests.integration.claims_support import act, enter, inpatient, receipt
    from ui.dialogs import ChangePasswordDialog, ShortcutsDialog
    from ui.printing import PdfPreviewDialog
    from ui.screens.claims.drafts import MyClaimsDialog
    from ui.screens.enrollment.enroll_dialog import EnrollDialog
    from ui.screens.enrollment.member_form import AddMemberDialog
    from ui.screens.review.claim import RejectDialog
    from ui.screens.system.users_page import AddUserDialog

    ctx = win.ctx
    claim = enter(
        world.db,
        world.clerk,
        inpatient(
            world.li, world.li_qz, date(2015, 7, 1), date(2015, 7, 3), receipt("D-1", copay="90")
        ),
    )
    approved = act(world.db, service.approve, world.reviewer, claim.id)
    pdf = claim_document(world.db, world.reviewer, approved.id, lang="zh")
    with world.db.reader() as uow:
        detail = members.get_member(uow, world.li)
    return [
        ShortcutsDialog(win),
        ChangePasswordDialog(ctx, win),
        AddMemberDialog(ctx, win),
        EnrollDialog(ctx, detail, win),
        RejectDialog(ctx, claim, win),
        MyClaimsDialog(ctx, win),
        AddUserDialog(ctx, win),
        PdfPreviewDialog(ctx, pdf, win),
    ]


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
def test_no_dialog_is_larger_than_the_screen_or_cuts_its_words(
    qtbot: Any, make_window: Any, world: Any, size: str
) -> None:
    """The print preview used to be taller than a 1366×768 screen."""
    win = _window(make_window, world.actors["admin"], SIZES[size])
    found: dict[str, list[str]] = {}
    for d in _dialogs(win, world):
        d.show()
        QApplication.processEvents()
        bad = cut_texts(d)
        large = too_large(d, SIZES[size])
        if large:
            bad.append(large)
        if bad:
            found[type(d).__name__] = bad
        d.close()
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_the_shortcut_list_names_each_key_once(qtbot: Any, make_window: Any, world: Any) -> None:
    from ui import actions as act

    make_window(world.clerk)
    text = act.shortcut_text(act.SUBMIT)
    assert len(text.split(", ")) == len(set(text.split(", ")))


def test_the_member_list_gives_the_room_to_the_unit_name(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """At 1366×768 the unit's name is not cut while 人员类别 (mostly blank) takes the rest."""
    from ui.widgets.member_search import SORT_COLUMN

    win = _window(make_window, world.clerk, SIZES["1366x768"])
    win.navigate("enrollment")
    screen = win.pages["enrollment"].widgets["members"]
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    settle(win)
    header = screen.view.horizontalHeader()
    unit, categories = SORT_COLUMN["unit"], header.count() - 1
    assert header.sectionSize(unit) > header.sectionSize(categories)
    fm = screen.view.fontMetrics()
    names = [screen.model.data(screen.model.index(r, unit)) for r in range(screen.model.rowCount())]
    assert all(fm.horizontalAdvance(n) < header.sectionSize(unit) for n in names if n)


def test_the_member_page_shows_the_units_code(qtbot: Any, make_window: Any, world: Any) -> None:
    """The unit field of the member page used to show the end of the name, its code cut."""
    win = _window(make_window, world.clerk, SIZES["1366x768"])
    win.navigate("enrollment")
    screen = win.pages["enrollment"].widgets["members"]
    screen.open_member(world.li)
    settle(win)
    line = screen.page.fields.unit.line()
    assert line.text().startswith("DW001") and line.cursorPosition() == 0
