"""理赔受理: a clerk types a claim with the keyboard only — the ID card reader, the kind and its
dates, the enrollment, hospital and diagnosis from their lists, the receipts in the grid — sees
the calculation as they type, and submits it. What cannot be stored is refused in the window
with the reason, and nothing is stored."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from desk_app.claims import service
from desk_app.people.members import member_rows
from tests.conftest import run_cli
from tests.fixtures_people import SCHEMES_DIR
from tests.integration.claims_support import (
    counts,
    enter,
    inpatient,
    receipt,
    save,
    view,
    world,
)
from tests.ui.conftest import type_text
from tests.ui.test_claims_helpers import focused, settle

__all__ = ["world"]
D = Decimal
CTRL = Qt.KeyboardModifier.ControlModifier


# --- driving the form by keyboard ----------------------------------------------------------


def open_intake(qtbot: Any, win: Any) -> Any:
    """Ctrl+N from anywhere: the intake form, the cursor in the member field."""
    settle(win)
    qtbot.keyClick(win, Qt.Key.Key_N, CTRL)
    screen = win.pages["claims"].widgets["claims"]
    assert screen.isVisible()
    assert QApplication.focusWidget() is screen.form.member_line
    return screen


def enter_key(qtbot: Any) -> None:
    """Enter, where the keyboard is: an open completion list gets it first, as on screen."""
    widget = focused()
    window = widget.window()
    popup = QApplication.activePopupWidget()
    qtbot.keyClick(popup or widget, Qt.Key.Key_Return)
    settle(window)


def type_cell(qtbot: Any, grid: Any, text: str) -> None:
    """Type into the current cell of the receipt grid (typing opens the editor) and press
    Enter; an empty text is just Enter (the cell is passed over)."""
    if text:
        type_text(qtbot, grid, text[0])
        editor = focused()
        assert editor is not grid and grid.isAncestorOf(editor)
        type_text(qtbot, editor, text[1:])
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: grid.state() != QAbstractItemView.State.EditingState)
    else:
        qtbot.keyClick(grid, Qt.Key.Key_Return)


def type_receipt(qtbot: Any, grid: Any, invoice: str, total: str, **parts: str) -> None:
    """A whole row: invoice number, total (Enter passes over the hospital cell, which shows
    the claim's), seven parts."""
    from desk_app.claims.model import COMPONENTS

    row = grid.currentIndex().row()
    type_cell(qtbot, grid, invoice)
    assert grid.currentIndex().column() == 2  # the total, past the claim's hospital
    type_cell(qtbot, grid, total)
    for c in COMPONENTS:
        type_cell(qtbot, grid, parts.get(c, ""))
        if grid.currentIndex().row() != row:
            break  # the parts made the total: on to the next receipt by itself


def choose_member_and_dates(
    qtbot: Any, screen: Any, id_number: str, admission: str, discharge: str
) -> None:
    form = screen.form
    type_text(qtbot, form.member_line, id_number)  # the ID card reader: 18 keys and Enter
    enter_key(qtbot)
    # 1 住院 is the default kind: the cursor waits in the admission date, not in 类别.
    assert form.member is not None and focused() is form.dates["admission"]
    type_text(qtbot, focused(), admission)
    enter_key(qtbot)
    type_text(qtbot, focused(), discharge)
    enter_key(qtbot)


def hospital_and_diagnosis(qtbot: Any, screen: Any, hospital: str, disease: str) -> None:
    form = screen.form
    assert focused() is form.hospital
    type_text(qtbot, form.hospital, hospital)
    assert form.hospital_completer.popup_visible()
    enter_key(qtbot)  # takes the highlighted entry and moves on
    assert focused() is form.disease_line
    type_text(qtbot, form.disease_line, disease)
    enter_key(qtbot)  # past the note (Tab reaches it): the scheme, or the receipts


def id_of(db: Any, member_id: int) -> str:
    with db.reader() as uow:
        return member_rows(uow, [member_id])[0].id_number


# --- tests -----------------------------------------------------------------------------------


def test_a_two_receipt_stay_typed_by_keyboard_is_calculated_as_desk_app_calc_does(
    qtbot: Any, make_window: Any, world: Any, tmp_path: Path
) -> None:
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    form = screen.form
    choose_member_and_dates(qtbot, screen, id_of(world.db, world.zhang), "2015-08-01", "20150811")
    hospital_and_diagnosis(qtbot, screen, "衢州市人", "K80.2")
    assert form.hospital.text() == "衢州市人民医院"
    assert form.disease == ("K80.2", "胆囊结石不伴胆囊炎")
    # 张建国 is enrolled in two schemes covering August: the clerk picks 衢州 with the arrows.
    assert focused() is form.enrollment and form.enrollment.count() == 2
    target = form.enrollment.findData(world.zhang_qz)
    for _ in range(target + 1):
        qtbot.keyClick(form.enrollment, Qt.Key.Key_Down)
    assert form.enrollment_id() == world.zhang_qz
    enter_key(qtbot)
    assert focused() is form.grid

    grid = form.grid
    type_receipt(qtbot, grid, "R-2", "8,000.00", fund_paid="6000", deductible="800", copay="1200")
    # Enter after the last cell went to the next row, which appeared by itself.
    assert grid.currentIndex().row() == 1 and grid.currentIndex().column() == 0
    type_receipt(qtbot, grid, "R-3", "５５００", copay="4000.00", over_cap="1,500")
    assert form.receipts.rowCount() == 3  # a blank row waits after the last
    assert [r.total for r in form.receipts.receipts()] == [D("8000.00"), D("5500.00")]

    # The live panel: every line of 计算过程 and the payout, before anything is stored.
    qtbot.waitUntil(lambda: screen.calc_panel.calc is not None)
    live = screen.calc_panel.calc
    assert live.status == "payable" and live.payout > 0
    assert all(line in screen.calc_panel.text() for line in live.lines)
    assert screen.board.first_text() == ""

    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)  # Ctrl+Enter: submit
    assert screen.claim is not None and screen.claim.status == "submitted", screen.board.texts()
    stored = view(world.db, screen.claim.id)
    assert stored.calc is not None
    # Stored, the first line names the claim (its number was given on saving).
    shown_lines = tuple(line.removeprefix(f"{stored.claim_no} ") for line in stored.calc.lines)
    assert shown_lines == live.lines
    assert (stored.calc.payout, stored.calc.benefits) == (live.payout, live.benefits)
    assert [r.invoice_no for r in stored.receipts] == ["R-2", "R-3"]
    assert focused() is form.member_line and not screen.editable

    # The same claim through the trial calculator, from what was typed.
    with world.db.reader() as uow:
        enr = next(
            e
            for e in service.covering_enrollments(uow, world.zhang, None)
            if e.id == world.zhang_qz
        )
    case = {
        "member": {
            "categories": [],
            "shares": enr.shares,
            "enrolled_on": enr.enrolled_on.isoformat(),
            "renewal": enr.renewal,
        },
        "claims": [
            {
                "kind": "inpatient",
                "admission": "2015-08-01",
                "discharge": "2015-08-11",
                "disease": "K80.2",
                "receipts": [
                    {
                        "total": "8000.00",
                        "fund_paid": "6000",
                        "deductible": "800",
                        "copay": "1200",
                        "other_paid": "0",
                        "over_cap": "0",
                        "class_b": "0",
                        "self_funded": "0",
                    },
                    {
                        "total": "5500.00",
                        "fund_paid": "0",
                        "deductible": "0",
                        "copay": "4000.00",
                        "other_paid": "0",
                        "over_cap": "1500",
                        "class_b": "0",
                        "self_funded": "0",
                    },
                ],
            }
        ],
    }
    (tmp_path / "case.json").write_text(json.dumps(case), "utf-8")
    r = run_cli(
        "calc",
        "--scheme",
        str(SCHEMES_DIR / "quzhou-2015.toml"),
        "--case",
        str(tmp_path / "case.json"),
        "--explain",
    )
    assert r.code == 0, r.err
    out = json.loads(r.out)["results"][0]
    assert out["status"] == stored.calc.status
    assert D(out["payout"]) == stored.calc.payout
    assert [(b["label"], D(b["amount"])) for b in out["benefits"]] == list(stored.calc.benefits)
    assert tuple(out["lines"]) == shown_lines


def start_stay_for_li(qtbot: Any, win: Any, world: Any, admission: str, discharge: str) -> Any:
    """李秀英 has one enrollment: it is chosen by itself and Enter passes over it."""
    screen = open_intake(qtbot, win)
    choose_member_and_dates(qtbot, screen, id_of(world.db, world.li), admission, discharge)
    form = screen.form
    assert focused() is form.hospital
    hospital_and_diagnosis(qtbot, screen, "衢州市人民医院", "K80.2")
    assert form.enrollment_id() == world.li_qz
    assert focused() is form.grid  # the single enrollment was passed over
    return screen


def test_a_receipt_that_does_not_add_up_is_marked_and_nothing_is_saved(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    win = make_window(world.clerk)
    screen = start_stay_for_li(qtbot, win, world, "2015-08-01", "2015-08-05")
    grid = screen.form.grid
    before = counts(world.db)
    type_receipt(qtbot, grid, "FP-9", "13,000.00", fund_paid="10712.01", copay="2287.98")
    said = "第 1 张票据：合计 13,000.00 与分项之和 12,999.99 相差 0.01"
    qtbot.waitUntil(screen.live.idle)  # (a slow machine previews after a pause in typing)
    assert screen.board.first_text() == said
    total = screen.form.receipts.index(0, 2)
    assert (
        total.data(Qt.ItemDataRole.ToolTipRole) == "合计 13,000.00 与分项之和 12,999.99 相差 0.01"
    )
    assert total.data(Qt.ItemDataRole.BackgroundRole) is not None

    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)  # Ctrl+S: save the draft
    assert screen.claim is None and screen.board.first_text() == said
    assert grid.hasFocus() and grid.currentIndex() == total  # the cursor goes to the cell
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)  # Ctrl+Enter: submit
    assert screen.claim is None
    assert counts(world.db) == before


def test_an_invoice_used_on_another_claim_is_refused_naming_that_claim(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    first = save(
        world.db,
        world.clerk,
        inpatient(
            world.zhang,
            world.zhang_qz,
            date(2015, 7, 1),
            date(2015, 7, 4),
            receipt("FP-1", copay="300.00", fund_paid="1000.00"),
        ),
    )
    win = make_window(world.clerk)
    screen = start_stay_for_li(qtbot, win, world, "2015-08-01", "2015-08-05")
    before = counts(world.db)
    type_receipt(qtbot, screen.form.grid, "fp-1", "500", copay="500")  # typed in lower case
    qtbot.waitUntil(lambda: screen.live.idle() and bool(screen.board.texts()))
    said = screen.board.first_text()
    assert said.startswith("重复报销") and first.claim_no in said and "张建国" in said
    cell = screen.form.receipts.index(0, 0)
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == said
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    assert screen.claim is None and first.claim_no in screen.board.first_text()
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert screen.claim is None
    assert counts(world.db) == before


def test_a_stay_outside_every_enrollment_is_refused_with_the_periods(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    win = make_window(world.clerk)
    screen = start_stay_for_li(qtbot, win, world, "2014-06-01", "2014-06-05")
    before = counts(world.db)
    type_receipt(qtbot, screen.form.grid, "FP-2", "500", copay="500")
    qtbot.waitUntil(lambda: screen.live.idle() and bool(screen.board.texts()))
    said = screen.board.first_text()
    assert "2014-06-05 不在该职工任何参保方案的保障期内" in said, screen.board.texts()
    discharge = screen.form.dates["discharge"]
    assert discharge.property("invalid") is True and discharge.toolTip() == said
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    assert screen.claim is None
    assert focused() is discharge  # where to correct it
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert screen.claim is None
    assert counts(world.db) == before


def test_a_saved_draft_is_reopened_from_my_drafts_and_submitted(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    from ui.screens.claims.drafts import MyClaimsDialog

    win = make_window(world.clerk)
    screen = start_stay_for_li(qtbot, win, world, "2015-08-01", "2015-08-05")
    type_receipt(qtbot, screen.form.grid, "FP-3", "2,000.00", fund_paid="1500", copay="500")
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    draft = screen.claim
    assert draft is not None and draft.status == "draft"
    assert screen.drafts_button.text() == "我的草稿：1 件（Ctrl+O）"

    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL)  # the next member; the draft waits
    assert screen.claim is None and screen.form.member is None
    qtbot.keyClick(focused(), Qt.Key.Key_O, CTRL)
    dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MyClaimsDialog))
    assert dlg.isVisible() and dlg.model.rowCount() == 1
    qtbot.keyClick(dlg.table, Qt.Key.Key_Return)
    assert not dlg.isVisible()
    assert screen.claim is not None and screen.claim.id == draft.id and screen.editable
    assert [r.invoice_no for r in screen.form.receipts.receipts()] == ["FP-3"]
    assert screen.form.member is not None and screen.form.member.id == world.li

    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert screen.claim.status == "submitted" and not screen.editable
    assert view(world.db, draft.id).status == "submitted"
    assert screen.drafts_button.text() == "我的草稿：0 件（Ctrl+O）"


def test_a_clerk_withdraws_a_submitted_claim_to_correct_it(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.conftest import answer_next_question

    submitted = enter(
        world.db,
        world.clerk,
        inpatient(
            world.li,
            world.li_qz,
            date(2015, 7, 1),
            date(2015, 7, 4),
            receipt("FP-4", copay="300.00"),
        ),
    )
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    screen.load_claim(submitted.id)
    assert not screen.editable and screen.withdraw_button.isVisible()
    screen.withdraw_button.setFocus()
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    qtbot.keyClick(screen.withdraw_button, Qt.Key.Key_Space)
    assert screen.editable and screen.claim.status == "draft"
    assert view(world.db, submitted.id).status == "draft"


def test_an_outpatient_visit_is_chosen_with_the_digit_2_and_asks_only_the_visit_date(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    form = screen.form
    type_text(qtbot, form.member_line, id_of(world.db, world.li))
    enter_key(qtbot)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is form.kind
    qtbot.keyClick(form.kind, Qt.Key.Key_2)  # the digit picks the kind and moves on
    assert form.kind_code() == "outpatient"
    assert focused() is form.dates["visit_date"]
    assert not form.dates["admission"].isVisible() and not form.dates["discharge"].isVisible()
    type_text(qtbot, focused(), "2015.8.3")
    enter_key(qtbot)
    assert form.day("visit_date") == date(2015, 8, 3)
    assert focused() is form.hospital  # the only enrollment was chosen and passed over


def test_tab_visits_the_fields_in_order_then_the_receipts_and_the_buttons(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    form = screen.form
    seen = []
    for _ in range(8):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        seen.append(focused())
    expected = [form.kind, form.dates["admission"], form.dates["discharge"], form.hospital,
                form.disease_line, form.enrollment, form.note, form.grid]  # fmt: skip
    assert seen == expected
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # out of the grid, not through its cells
    assert focused() is screen.save_button


def test_a_new_claim_asks_before_dropping_what_was_typed(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.conftest import answer_next_question

    win = make_window(world.clerk)
    screen = start_stay_for_li(qtbot, win, world, "2015-08-01", "2015-08-05")
    type_receipt(qtbot, screen.form.grid, "FP-7", "500", copay="500")
    before = counts(world.db)
    answer_next_question(QMessageBox.ButtonRole.DestructiveRole)  # 不保存
    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL)
    settle(win)
    assert screen.form.member is None and screen.form.receipts.receipts() == []
    assert counts(world.db) == before


def test_a_slow_preview_moves_off_the_gui_thread_and_still_shows(
    qtbot: Any, make_window: Any, world: Any, monkeypatch: Any
) -> None:
    """Past SLOW_PREVIEW_MS the preview goes to the pool after a pause in typing; its answer
    still fills the panel (answers to older input are dropped)."""
    import ui.screens.claims.preview as live

    monkeypatch.setattr(live, "SLOW_PREVIEW_MS", -1.0)  # every preview counts as slow
    win = make_window(world.clerk)
    screen = start_stay_for_li(qtbot, win, world, "2015-08-01", "2015-08-05")
    assert screen.live.is_async
    type_receipt(qtbot, screen.form.grid, "FP-8", "2,000.00", fund_paid="1500", copay="500")
    qtbot.waitUntil(
        lambda: screen.calc_panel.calc is not None and screen.form.receipts.receipts() != []
    )
    qtbot.waitUntil(lambda: screen.preview is not None and screen.preview.calc is not None)
    assert screen.calc_panel.calc == screen.preview.calc


def test_the_next_id_card_read_after_a_submission_starts_the_next_claim(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    submitted = enter(
        world.db,
        world.clerk,
        inpatient(
            world.zhang,
            world.zhang_qz,
            date(2015, 7, 1),
            date(2015, 7, 4),
            receipt("FP-5", copay="300.00"),
        ),
    )
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    screen.load_claim(submitted.id)  # shown read-only, as right after Ctrl+Enter
    assert not screen.editable and focused() is screen.form.member_line
    type_text(qtbot, focused(), id_of(world.db, world.li))
    enter_key(qtbot)
    assert screen.editable and screen.claim is None
    assert screen.form.member is not None and screen.form.member.id == world.li
