"""理赔受理 at queue speed: the typical claim typed as a clerk types it, every key counted.

A :class:`Clerk` sends keys where the keyboard is and keeps two tallies: the *data* (the ID as
the card reader types it — 18 characters and its Enter —, the dates, the hospital and diagnosis
as typed, the invoice number, the amounts) and the *control keys* the clerk had to press beyond
it (Enter, Tab, arrows, Ctrl+Enter …). The typical inpatient claim with one receipt must need at
most 10 control keys, and no key may land text where it is lost (the focus traps of issue #15).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox

from tests.fixtures_people import SCHEMES_DIR, add_scheme
from tests.integration.claims_support import enroll, view, world
from tests.ui.conftest import type_text
from tests.ui.test_claims_helpers import focused, settle
from tests.ui.test_claims_intake import id_of, open_intake

__all__ = ["world"]
D = Decimal
CTRL = Qt.KeyboardModifier.ControlModifier
NO_MOD = Qt.KeyboardModifier.NoModifier
TYPICAL_LIMIT = 10  # control keys for one inpatient claim with one receipt (issue #15)


class Clerk:
    """Keys where the keyboard is, as on screen (an open completion list gets them first)."""

    def __init__(self, qtbot: Any, window: Any) -> None:
        self.qtbot = qtbot
        self.window = window
        self.control: list[str] = []  # the control keys pressed, by name
        self.data = 0  # characters of data typed

    def _target(self) -> Any:
        w = focused()
        if isinstance(w, QComboBox) and w.view().isVisible():
            return w.view()  # the open list of a list box
        popup = QApplication.activePopupWidget()
        if popup is not None and w is not None and popup.isAncestorOf(w):
            return w
        return popup or w

    def swipe(self, id_number: str) -> None:
        """The ID card reader: the 18 characters and Enter, typed by the reader."""
        for ch in id_number:
            self.qtbot.keyClick(focused(), ch)
        self.qtbot.keyClick(self._target(), Qt.Key.Key_Return)
        self.data += len(id_number) + 1
        settle(self.window)

    def type(self, text: str) -> None:
        """Data, one character at a time to whatever has the keyboard (a cell of the grid
        opens its editor with the first key; Chinese comes from the input method)."""
        for ch in text:
            w = focused()
            assert w is not None, "no widget has the keyboard: the text would be lost"
            type_text(self.qtbot, w, ch)
            self.data += 1
            if isinstance(w, QAbstractItemView):
                self.qtbot.waitUntil(lambda v=w: v.state() == QAbstractItemView.State.EditingState)

    def press(self, key: Qt.Key, mods: Qt.KeyboardModifier = NO_MOD, name: str = "") -> None:
        """A control key (counted)."""
        self.control.append(name or f"{mods.name}+{key.name}")
        self.qtbot.keyClick(self._target(), key, mods)
        if QApplication.activePopupWidget() is None:
            settle(self.window)  # (settling would close an open list)

    def enter(self) -> None:
        self.press(Qt.Key.Key_Return, name="Enter")

    def field(self, text: str) -> None:
        """Type into the field the cursor is in and press Enter."""
        self.type(text)
        self.enter()

    def stay(
        self, id_number: str, admitted: str = "20150801", discharged: str = "20150811"
    ) -> None:
        """The swipe and the stay's facts: the dates, 衢州市人民医院 (the first entry of the list
        for 衢州市人) and K80.2 (gallstones)."""
        self.swipe(id_number)
        self.field(admitted)
        self.field(discharged)
        self.field("衢州市人")
        self.field("K80.2")

    def receipt(self, invoice: str, total: str, *parts: str, last: bool = False) -> None:
        """A receipt row: invoice, total, then the parts in the slip's order (blank ones are
        just Enter); the last part of the last receipt is followed by Ctrl+Enter instead."""
        self.field(invoice)
        self.field(total)
        for i, part in enumerate(parts):
            self.type(part)
            if not (last and i == len(parts) - 1):
                self.enter()

    def submit(self) -> None:
        self.press(Qt.Key.Key_Return, CTRL, name="Ctrl+Enter")


def typed_claim(clerk: Clerk, id_number: str, receipts: list[tuple[str, ...]]) -> None:
    """A stay at 衢州市人民医院 for K80.2, each receipt ``(invoice, total, *parts)`` with the
    parts in the slip's order: 统筹支付, 其他支付, 起付自付, 按比例自付."""
    clerk.stay(id_number)
    for i, r in enumerate(receipts):
        clerk.receipt(*r, last=i == len(receipts) - 1)
    clerk.submit()


def test_the_typical_inpatient_claim_takes_at_most_ten_control_keys(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """李秀英 has one enrollment; one receipt of 8,000.00: 统筹 6,000, 起付 800, 自付 1,200."""
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    clerk = Clerk(qtbot, win)
    typed_claim(clerk, id_of(world.db, world.li), [("FP-1", "8000", "6000", "", "800", "1200")])

    assert screen.claim is not None and screen.claim.status == "submitted", screen.board.texts()
    v = view(world.db, screen.claim.id)
    # Nothing typed was lost on the way.
    assert (v.kind, v.admission, v.discharge) == ("inpatient", date(2015, 8, 1), date(2015, 8, 11))
    assert (v.hospital, v.disease_code, v.enrollment_id) == ("衢州市人民医院", "K80.2", world.li_qz)
    [r] = v.receipts
    assert (r.invoice_no, r.hospital, r.total) == ("FP-1", "衢州市人民医院", D("8000.00"))
    assert (r.fund_paid, r.other_paid, r.deductible, r.copay) == (
        D("6000.00"),
        D("0.00"),
        D("800.00"),
        D("1200.00"),
    )
    assert len(clerk.control) <= TYPICAL_LIMIT, clerk.control
    assert clerk.control == ["Enter"] * 9 + ["Ctrl+Enter"]


def test_a_claim_with_two_receipts_costs_six_control_keys_per_further_receipt(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """The Enter after the part that makes a row's total goes to the next receipt (the rest
    are 0), so a second receipt costs its own six Enters and nothing else."""
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    clerk = Clerk(qtbot, win)
    typed_claim(
        clerk,
        id_of(world.db, world.li),
        [("FP-1", "8000", "6000", "", "800", "1200"), ("FP-2", "500", "", "", "", "500")],
    )
    assert screen.claim is not None and screen.claim.status == "submitted", screen.board.texts()
    v = view(world.db, screen.claim.id)
    assert [(r.invoice_no, r.total, r.copay) for r in v.receipts] == [
        ("FP-1", D("8000.00"), D("1200.00")),
        ("FP-2", D("500.00"), D("500.00")),
    ]
    assert len(clerk.control) <= TYPICAL_LIMIT + 6, clerk.control


def test_a_date_typed_right_after_the_swipe_lands_in_the_admission_date(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """The first digit after a card read used to land in 类别 ("2" made it 门诊)."""
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    clerk = Clerk(qtbot, win)
    clerk.swipe(id_of(world.db, world.li))
    clerk.type("20150801")
    assert screen.form.kind_code() == "inpatient"
    assert screen.form.dates["admission"].text() == "20150801"
    assert screen.form.day("admission") == date(2015, 8, 1)


def test_a_scheme_picked_from_its_list_moves_the_cursor_on(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """张建国 has two enrollments covering August: F4 opens the list, ↓ and Enter pick, and the
    cursor goes on to the receipts (the note is passed over), where the invoice number lands."""
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    form = screen.form
    clerk = Clerk(qtbot, win)
    clerk.stay(id_of(world.db, world.zhang))
    assert focused() is form.enrollment and form.enrollment_id() is None
    clerk.press(Qt.Key.Key_F4, name="F4")
    qtbot.waitUntil(lambda: form.enrollment.view().isVisible())
    target = form.enrollment.findData(world.zhang_sx)
    for _ in range(target + 1):
        clerk.press(Qt.Key.Key_Down, name="Down")
    clerk.press(Qt.Key.Key_Return, name="Enter")
    qtbot.waitUntil(lambda: not form.enrollment.view().isVisible())
    settle(win)
    assert form.enrollment_id() == world.zhang_sx
    assert focused() is form.grid
    clerk.type("FP-9")
    assert form.receipts.rows[0].texts["invoice_no"] == "" and focused() is not form.enrollment
    clerk.enter()
    assert form.receipts.rows[0].texts["invoice_no"] == "FP-9"


def test_a_kind_picked_by_its_digit_moves_the_cursor_to_its_date(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    form = screen.form
    clerk = Clerk(qtbot, win)
    clerk.swipe(id_of(world.db, world.li))
    clerk.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier, name="Shift+Tab")
    assert focused() is form.kind
    clerk.type("3")  # 3 身故
    assert form.kind_code() == "death" and focused() is form.dates["event_date"]
    clerk.type("20150805")
    assert form.day("event_date") == date(2015, 8, 5)


def test_the_note_and_the_claims_hospital_cell_are_passed_over_by_enter(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    form = screen.form
    clerk = Clerk(qtbot, win)
    clerk.stay(id_of(world.db, world.li), "20150801", "20150805")
    assert focused() is form.grid  # past 备注 (one enrollment: chosen by itself)
    clerk.field("FP-3")
    assert form.grid.currentIndex().column() == 2  # the total, past the hospital cell
    # → still reaches the hospital cell, for a receipt of another hospital.
    clerk.press(Qt.Key.Key_Left, name="Left")
    assert form.grid.currentIndex().column() == 1


def test_critical_illness_schemes_are_offered_only_for_a_listed_diagnosis(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """李秀英 is also in a critical-illness scheme (重大疾病) covering 2015: for gallstones only
    the general scheme is offered, and chosen by itself; for breast cancer (C50) both are."""
    text = (SCHEMES_DIR / "huzhou-critical-2013.toml").read_text("utf-8")
    text = text.replace("2013", "2015").replace("waiting_days = 90", "waiting_days = 0")
    crit = add_scheme(world.db, world.actors["admin"], "hz-2015.toml", text=text)
    li_crit = enroll(world.db, world.clerk, world.li, crit, date(2015, 1, 1))
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    form = screen.form
    clerk = Clerk(qtbot, win)
    clerk.stay(id_of(world.db, world.li), "20150801", "20150805")
    assert [form.enrollment.itemData(i) for i in range(form.enrollment.count())] == [world.li_qz]
    assert form.enrollment_id() == world.li_qz and focused() is form.grid

    form.disease_line.setFocus()
    form.disease_line.selectAll()
    clerk.field("C50.9")
    offered = {form.enrollment.itemData(i) for i in range(form.enrollment.count())}
    assert offered == {world.li_qz, li_crit}
    assert form.enrollment_id() is None and focused() is form.enrollment  # the clerk chooses


def test_f3_then_ctrl_n_starts_the_claim_for_the_member_found(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """F3 and a card read open the member's page; Ctrl+N from there is a claim for that member,
    the cursor in the admission date (no second swipe)."""
    win = make_window(world.clerk)
    settle(win)
    clerk = Clerk(qtbot, win)
    clerk.press(Qt.Key.Key_F3, name="F3")
    members = win.pages["enrollment"].widgets["members"]
    assert focused() is members.search
    clerk.swipe(id_of(world.db, world.li))
    assert members.on_page() and members.page.member_id == world.li
    # The member page opens read-only: a second swipe would not land in 姓名.
    assert focused() is not members.page.fields.name
    clerk.press(Qt.Key.Key_N, CTRL, name="Ctrl+N")
    screen = win.pages["claims"].widgets["claims"]
    assert screen.isVisible()
    assert screen.form.member is not None and screen.form.member.id == world.li
    assert focused() is screen.form.dates["admission"]
    clerk.type("20150801")
    assert screen.form.day("admission") == date(2015, 8, 1)


def test_a_swiped_id_with_a_wrong_check_digit_says_so(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """Not "没有找到……请先登记": the number itself is wrong, and nothing else changes."""
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    number = id_of(world.db, world.li)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    Clerk(qtbot, win).swipe(wrong)
    assert screen.form.member is None and focused() is screen.form.member_line
    assert screen.board.toolTip().startswith("身份证号校验位不对"), screen.board.toolTip()


def test_an_id_with_a_wrong_check_digit_in_the_member_search_says_so(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    win = make_window(world.clerk)
    settle(win)
    clerk = Clerk(qtbot, win)
    clerk.press(Qt.Key.Key_F3, name="F3")
    members = win.pages["enrollment"].widgets["members"]
    number = id_of(world.db, world.zhang)
    clerk.swipe(number[:17] + ("0" if number[17] != "0" else "1"))
    assert not members.on_page()
    assert members.count.text().startswith("身份证号校验位不对")


def test_after_submit_the_panel_shows_the_stored_calculation_with_every_step_in_view(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """At 1366×768: no "实时试算" any more, and the last step is not scrolled out of sight
    (the steps cannot take the keyboard, so a hidden step could not be reached)."""
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    clerk = Clerk(qtbot, win)
    typed_claim(clerk, id_of(world.db, world.li), [("FP-1", "8000", "6000", "", "800", "1200")])
    assert screen.claim is not None and screen.claim.status == "submitted"
    qtbot.wait(50)  # a live preview still under way must not come back over it
    settle(win)
    panel = screen.calc_panel
    assert "实时" not in panel.title.text() and "保存前不会记入" not in panel.text()
    stored = view(world.db, screen.claim.id)
    assert stored.calc is not None and all(line in panel.text() for line in stored.calc.lines)
    bar = panel.lines.verticalScrollBar()
    assert bar.maximum() == 0, (bar.maximum(), panel.lines.height())


def test_every_problem_of_the_claim_is_reached_with_f8(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """ "另有 N 处" used to be readable only by hovering: F8 says each in turn and puts the
    cursor where it is, Shift+F8 goes back."""
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    clerk = Clerk(qtbot, win)
    clerk.stay(id_of(world.db, world.li), "20150811", "20150801")  # 入院 after 出院: one problem
    clerk.receipt("", "1000", "900")  # no invoice number, parts short of the total
    qtbot.waitUntil(lambda: screen.live.idle() and len(screen.board.texts()) >= 2)
    texts = screen.board.texts()
    assert "F8" in screen.board.text()
    seen = []
    for _ in texts:
        clerk.press(Qt.Key.Key_F8, name="F8")
        seen.append(screen.board.text())
    # Each problem was said once, numbered, and the cursor went to it; then back to the first.
    for i, said in enumerate(seen[:-1], start=2):
        assert f"第 {i}/{len(texts)} 处" in said and texts[i - 1].split("：")[0] in said
    assert texts[0] in seen[-1]
    clerk.press(Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier, name="Shift+F8")
    assert f"第 {len(texts)}/{len(texts)} 处" in screen.board.text()


def test_every_step_of_the_calculation_is_reached_by_keyboard_at_125_percent(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """At 1093×614 the 计算过程 panel is short: Tab reaches it after the buttons and End shows
    the last step."""
    win = make_window(world.clerk)
    win.resize(1093, 614)
    screen = open_intake(qtbot, win)
    clerk = Clerk(qtbot, win)
    typed_claim(clerk, id_of(world.db, world.li), [("FP-1", "8000", "6000", "", "800", "1200")])
    assert screen.claim is not None and screen.claim.status == "submitted"
    lines = screen.calc_panel.lines
    screen.new_button.setFocus()
    clerk.press(Qt.Key.Key_Tab, name="Tab")
    assert focused() is lines
    clerk.press(Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier, name="Ctrl+End")
    bar = lines.verticalScrollBar()
    assert bar.maximum() > 0  # the steps do not all fit: scrolling is needed
    assert bar.value() > 0 and lines.cursorRect().bottom() <= lines.viewport().height()
