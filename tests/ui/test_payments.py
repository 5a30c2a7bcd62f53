"""给付: the reviewer pays approved claims with the keyboard — ticks them, makes a batch, writes
its lists to a folder, confirms the batch paid by typing the bank's total — reverses a paid
claim into the next batch, and a clerk is told why they cannot pay."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from desk_app.payments import service as payments
from tests.integration.claims_support import act, enter, inpatient, receipt, view, world
from tests.ui.conftest import answer_next_question, type_text
from tests.ui.test_claims_helpers import focused, press, settle

__all__ = ["world"]
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def approved_claim(w: Any, invoice: str, day: int, member: str = "zhang") -> Any:
    """A claim entered by the clerk and approved by the reviewer (payable)."""
    member_id, enrollment = (w.zhang, w.zhang_qz) if member == "zhang" else (w.li, w.li_qz)
    data = inpatient(
        member_id,
        enrollment,
        date(2015, 7, day),
        date(2015, 7, day + 2),
        receipt(invoice, copay="600.00", fund_paid="1000.00"),
    )
    claim = enter(w.db, w.clerk, data)
    from desk_app.claims import service as claims

    return act(w.db, claims.approve, w.reviewer, claim.id)


def open_payments(qtbot: Any, win: Any) -> Any:
    qtbot.keyClick(win.nav, Qt.Key.Key_5, ALT)
    assert win.current_section() == "payments"
    return win.pages["payments"].widgets["payments"]


def key(qtbot: Any, screen: Any, k: Any, mod: Any = Qt.KeyboardModifier.NoModifier) -> None:
    press(qtbot, screen.window(), k, mod)


def write_lists_with_keys(qtbot: Any, screen: Any, folder: Path, monkeypatch: Any) -> None:
    """W on the batch page, the folder chooser answered with ``folder``."""
    import ui.screens.payments.batches as pb

    monkeypatch.setattr(pb, "choose_folder", lambda _p, _t, _s: str(folder))
    key(qtbot, screen, Qt.Key.Key_W)


def confirm_with_total(qtbot: Any, screen: Any, total: str) -> Any:
    """P, then the bank's total typed and Enter."""
    from ui.screens.payments.dialogs import ConfirmPaidDialog

    key(qtbot, screen, Qt.Key.Key_P)
    dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ConfirmPaidDialog))
    settle(dlg)
    assert focused() is dlg.amount
    type_text(qtbot, dlg.amount, total)
    qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)
    return dlg


def bank_rows(path: Path) -> list[tuple[Any, ...]]:
    """The transfer rows of a bank list read back (below the header, above 合计)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["代发明细"]
    rows = [tuple(c.value for c in r) for r in ws.iter_rows()]
    start = next(i for i, r in enumerate(rows) if r[:2] == ("序号", "姓名"))
    body = []
    for r in rows[start + 1 :]:
        if r[0] == "合计" or r[1] == "合计":
            break
        body.append(r)
    return body


def test_a_reviewer_pays_approved_claims_with_the_keyboard(
    qtbot: Any, make_window: Any, world: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    first = approved_claim(world, "P-1", 1)
    second = approved_claim(world, "P-2", 10)
    win = make_window(world.reviewer)
    screen = open_payments(qtbot, win)
    panel = screen.payable
    assert focused() is panel.table
    assert {r.claim_id for r in panel.ticked()} == {first.id, second.id}  # all ticked at first
    total = first.calc.payout + second.calc.payout

    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    key(qtbot, screen, Qt.Key.Key_B, CTRL)
    batches = payments_list(world)
    assert len(batches) == 1, screen.message.text()
    assert batches[0].status == "open" and batches[0].total == total
    assert screen.tabs.currentWidget() is screen.batches  # the next step is on the batch page
    assert batches[0].batch_no in screen.message.text()
    assert panel.model.rowCount() == 0

    write_lists_with_keys(qtbot, screen, tmp_path / "lists", monkeypatch)
    bank = tmp_path / "lists" / f"代发明细_{batches[0].batch_no}.xlsx"
    assert bank.exists(), screen.message.text()
    rows = bank_rows(bank)
    assert [(r[1], r[3], r[5]) for r in rows] == [
        ("张建国", "6222000011112222", first.approval_no),
        ("张建国", "6222000011112222", second.approval_no),
    ]
    assert sum(r[4] for r in rows) == float(total)  # openpyxl reads the numbers back as floats

    dlg = confirm_with_total(qtbot, screen, str(total))
    assert not dlg.isVisible(), dlg.error.text()
    assert view(world.db, first.id).status == "paid"
    assert view(world.db, second.id).status == "paid"
    assert screen.batches.current_batch().status == "paid"
    assert "已付款" in screen.batches.batches.currentIndex().siblingAtColumn(2).data()


def payments_list(w: Any) -> list[Any]:
    with w.db.reader() as uow:
        return payments.list_batches(uow)


def test_a_wrong_bank_total_confirms_nothing(
    qtbot: Any, make_window: Any, world: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    claim = approved_claim(world, "P-1", 1)
    win = make_window(world.reviewer)
    screen = open_payments(qtbot, win)
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    key(qtbot, screen, Qt.Key.Key_B, CTRL)
    write_lists_with_keys(qtbot, screen, tmp_path, monkeypatch)
    dlg = confirm_with_total(qtbot, screen, "1.00")
    assert dlg.isVisible() and "1.00" in dlg.error.text()
    assert view(world.db, claim.id).status == "approved"
    dlg.reject()


def test_a_claim_without_an_account_stands_out_and_waits_for_the_next_batch(
    qtbot: Any, make_window: Any, world: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    paid = approved_claim(world, "P-1", 1)
    no_account = approved_claim(world, "P-2", 10, member="li")
    win = make_window(world.reviewer)
    screen = open_payments(qtbot, win)
    model = screen.payable.model
    row = next(i for i, r in enumerate(model.rows) if r.claim_id == no_account.id)
    account = model.index(row, 7)
    assert (
        account.data() == "无账号"
        and account.data(Qt.ItemDataRole.ForegroundRole).name() == "#b3261e"
    )
    assert "缺少银行账号：1" in screen.payable.summary.text()

    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    key(qtbot, screen, Qt.Key.Key_B, CTRL)
    write_lists_with_keys(qtbot, screen, tmp_path, monkeypatch)
    confirm_with_total(qtbot, screen, str(paid.calc.payout))
    assert view(world.db, paid.id).status == "paid"
    assert view(world.db, no_account.id).status == "approved"
    assert [r.claim_id for r in screen.payable.model.rows] == [no_account.id]


def test_a_listed_batch_is_cancelled_only_once_the_bank_did_not_get_it(
    qtbot: Any, make_window: Any, world: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    claim = approved_claim(world, "P-1", 1)
    win = make_window(world.reviewer)
    screen = open_payments(qtbot, win)
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    key(qtbot, screen, Qt.Key.Key_B, CTRL)
    write_lists_with_keys(qtbot, screen, tmp_path, monkeypatch)
    answer_next_question(QMessageBox.ButtonRole.RejectRole)  # Esc: nothing happens
    key(qtbot, screen, Qt.Key.Key_Delete)
    assert [b.status for b in payments_list(world)] == ["open"]
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)  # "the bank did not get it"
    key(qtbot, screen, Qt.Key.Key_Delete)
    assert payments_list(world) == []
    assert [r.claim_id for r in screen.payable.model.rows] == [claim.id]  # payable again
    assert "已作废" in screen.message.text()


def pay_through_services(w: Any, claim_id: int, folder: Path) -> Any:
    with w.db.uow() as uow:
        batch = payments.create_batch(uow, w.reviewer, date(2015, 9, 1), [claim_id]).value
        payments.write_lists(uow, w.reviewer, batch.id, folder)
        done = payments.confirm_paid(uow, w.reviewer, batch.id)
        uow.commit()
    return done.value


def test_a_reversal_through_the_dialog_goes_into_the_next_batch(
    qtbot: Any, make_window: Any, world: Any, tmp_path: Path
) -> None:
    from ui.screens.payments.dialogs import ReversalDialog

    claim = approved_claim(world, "P-1", 1)
    paid_batch = pay_through_services(world, claim.id, tmp_path)
    win = make_window(world.reviewer)
    screen = open_payments(qtbot, win)
    key(qtbot, screen, Qt.Key.Key_Tab, CTRL)  # to the batch page
    assert screen.tabs.currentWidget() is screen.batches
    assert screen.batches.current_batch().id == paid_batch.id
    assert focused() is screen.batches.batches
    key(qtbot, screen, Qt.Key.Key_Tab)  # into the batch's rows
    assert focused() is screen.batches.rows
    key(qtbot, screen, Qt.Key.Key_R)
    dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ReversalDialog))
    settle(dlg)
    warning = dlg.findChild(QLabel, "warningLabel")
    assert warning is not None and "不会修改" in warning.text()
    assert focused() is dlg.amount
    qtbot.keyClick(dlg.amount, Qt.Key.Key_A, CTRL)
    type_text(qtbot, dlg.amount, "30.00")
    qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)  # on to the reason
    type_text(qtbot, dlg.reason, "重复报销，追回")
    qtbot.keyClick(dlg.reason, Qt.Key.Key_Return)  # the last field: record
    assert not dlg.isVisible(), dlg.error.text()
    assert "下一个给付批次" in screen.message.text()

    key(qtbot, screen, Qt.Key.Key_Tab, CTRL)  # back to the payable page
    assert screen.tabs.currentWidget() is screen.payable
    rows = screen.payable.model.rows
    assert [(r.kind, str(r.payout)) for r in rows] == [("reversal", "-30.00")]
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    key(qtbot, screen, Qt.Key.Key_B, CTRL)
    newest = payments_list(world)[0]
    assert newest.id != paid_batch.id and newest.reversals == 1
    with world.db.reader() as uow:
        in_batch = payments.batch_rows(uow, newest.id)
    assert [(r.claim_id, r.kind, str(r.payout)) for r in in_batch] == [
        (claim.id, "reversal", "-30.00")
    ]


def test_a_reversal_asked_for_by_mistake_is_withdrawn_with_delete(
    qtbot: Any, make_window: Any, world: Any, tmp_path: Path
) -> None:
    claim = approved_claim(world, "P-1", 1)
    pay_through_services(world, claim.id, tmp_path)
    with world.db.uow() as uow:
        payments.reverse_payment(uow, world.reviewer, claim.id, Decimal("10.00"), "登记错了")
        uow.commit()
    win = make_window(world.reviewer)
    screen = open_payments(qtbot, win)
    assert [r.kind for r in screen.payable.model.rows] == ["reversal"]
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    key(qtbot, screen, Qt.Key.Key_Delete)
    assert screen.payable.model.rows == []
    with world.db.reader() as uow:
        assert payments.pending_reversals(uow) == []


def test_a_clerk_cannot_make_payment_batches_and_is_told_why(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    from ui.screens.payments.screen import PaymentsScreen

    approved_claim(world, "P-1", 1)
    win = make_window(world.clerk)
    qtbot.keyClick(win.nav, Qt.Key.Key_5, ALT)
    assert win.current_section() != "payments"
    assert "经办人" in win.statusBar().currentMessage()
    assert "给付" in win.statusBar().currentMessage()

    # The screen itself (were it reached) shows the lists but refuses, saying why.
    screen = PaymentsScreen(win.ctx)
    qtbot.addWidget(screen)
    screen.show()
    settle(screen)
    screen.payable.table.setFocus()
    assert screen.banner.isVisible() and "审核人" in screen.banner.text()
    assert screen.payable.model.rowCount() == 1
    assert not screen.payable.buttons["create"].isEnabled()
    press(qtbot, screen, Qt.Key.Key_B, CTRL)
    assert payments_list(world) == []
    assert "审核人" in screen.message.text()


def test_a_claim_whose_payout_does_not_verify_is_held_out_and_named(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    import sqlite3

    good = approved_claim(world, "H-1", 1)
    bent = approved_claim(world, "H-2", 10)
    conn = sqlite3.connect(world.db.path)  # someone with the file: 50,000 more
    conn.execute("UPDATE claims SET payout = payout + 5000000 WHERE id = ?", (bent.id,))
    conn.commit()
    conn.close()
    win = make_window(world.reviewer)
    screen = open_payments(qtbot, win)
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    key(qtbot, screen, Qt.Key.Key_B, CTRL)
    (batch,) = payments_list(world)
    assert batch.total == good.calc.payout
    text = screen.message.text()
    assert "暂不付款" in text and bent.claim_no in text and "重新计算" in text
    assert good.claim_no not in text
