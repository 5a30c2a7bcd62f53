"""Paid money is never edited, only reversed: the database refuses UPDATE and DELETE of
payments (and of a paid claim's payout) whatever the code; a reversal (冲正) waits for the next
batch and becomes a negative payment there."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from base.errors import Conflict, PermissionDenied, ValidationError
from db.models import Claim, Payment, PendingReversal
from desk_app.payments import service as payments
from tests.integration.payments_support import county, load, pay, rows, three_stays

__all__ = ["county"]
D = Decimal
AUG20 = date(2015, 8, 20)
SEP10 = date(2015, 9, 10)


def _raw(county) -> sqlite3.Connection:
    return county.db.raw_connection()


def _paid(county):
    s = three_stays(county)
    pay(county, AUG20)
    return s


def test_a_payment_cannot_be_updated_through_sql(county):
    _paid(county)
    conn = _raw(county)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE payments SET amount = 1 WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE payments SET account = '6222999999999999'")
    conn.close()


def test_a_payment_cannot_be_deleted_through_sql(county):
    _paid(county)
    conn = _raw(county)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM payments")
    assert conn.execute("SELECT count(*) FROM payments").fetchone() == (2,)
    conn.close()


def test_a_paid_claims_payout_cannot_be_changed_or_the_claim_deleted(county):
    s = _paid(county)
    conn = _raw(county)
    with pytest.raises(sqlite3.IntegrityError, match="reversal"):
        conn.execute("UPDATE claims SET payout = 1 WHERE id = ?", (s["zhang"].id,))
    with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
        conn.execute("DELETE FROM claims WHERE id = ?", (s["zhang"].id,))
    conn.close()


def test_no_payment_row_can_be_dated_into_a_locked_month(county):
    from desk_app.returns import service as returns

    s = _paid(county)
    county.mp.setenv("DESK_APP_FAKE_NOW", "2015-09-02T09:00:00")
    with county.db.uow() as uow:
        r = returns.export_return(uow, county.reviewer, "2015-08").value
        returns.submit_return(uow, county.reviewer, r.id)
        uow.commit()
    conn = _raw(county)
    # The row breaks other rules too (a paid claim, a paid batch): whichever trigger speaks first.
    with pytest.raises(sqlite3.IntegrityError, match=r"locked|an approved claim|open batch"):
        conn.execute(
            "INSERT INTO payments (batch_id, claim_id, member_id, kind, amount, pay_date, uid, "
            "version, created_at, updated_at) VALUES (1, ?, ?, 'payment', 100, '2015-07-31', "
            "'u1', 1, '2015-09-01', '2015-09-01')",
            (s["wang"].id, county.wang),
        )
    conn.close()


def _reverse(county, claim_id: int, amount: str, reason: str = "多付：发票重复计算") -> None:
    with county.db.uow() as uow:
        payments.reverse_payment(uow, county.reviewer, claim_id, D(amount), reason)
        uow.commit()


def test_a_reversal_waits_for_the_next_batch(county):
    s = _paid(county)
    _reverse(county, s["zhang"].id, "100.00")
    with county.db.reader() as uow:
        pending = payments.pending_reversals(uow)
    assert [(p.claim_id, p.amount, p.status, p.batch_no) for p in pending] == [
        (s["zhang"].id, D("100.00"), "pending", None)
    ]
    with county.db.reader() as uow:  # the paid amount itself is untouched
        assert uow.session.get(Claim, s["zhang"].id).payout == D("400.00")
        assert uow.session.execute(select(Payment.amount)).scalars().all() == [
            D("400.00"),
            D("200.00"),
        ]


def test_the_next_batch_pays_the_reversal_as_a_negative_payment(county):
    s = _paid(county)
    _reverse(county, s["zhang"].id, "100.00")
    county.mp.setenv("DESK_APP_FAKE_NOW", "2015-09-10T09:00:00")
    batch, files = pay(county, SEP10)
    # Li (no account) is still unpaid and still without account: only the reversal is paid.
    assert (batch.count, batch.reversals, batch.total, batch.reversal_total) == (
        0, 1, D("-100.00"), D("100.00"),
    )  # fmt: skip
    with county.db.reader() as uow:
        rev = uow.session.execute(select(Payment).where(Payment.kind == "reversal")).scalar_one()
        original = uow.session.get(Payment, rev.reverses_id)
        done = uow.session.execute(select(PendingReversal)).scalar_one()
        assert (rev.amount, rev.pay_date, rev.claim_id, rev.reason) == (
            D("-100.00"), SEP10, s["zhang"].id, "多付：发票重复计算",
        )  # fmt: skip
        assert original.claim_id == s["zhang"].id and original.amount == D("400.00")
        assert done.done_payment_id == rev.id
        rows_ = payments.batch_rows(uow, batch.id)
    assert [(r.kind, r.payout, r.bank_account) for r in rows_] == [("reversal", D("-100.00"), None)]
    wb = load(files.bank)
    assert wb.sheetnames == ["代发明细", "缺少账号", "冲正"]
    # a reversal is no transfer
    assert rows(wb["代发明细"])[1] == ["合计", "0 笔", None, None, 0.0, None]
    assert rows(wb["冲正"])[:2] == [
        ["序号", "姓名", "身份证号", "冲正金额", "审批编号", "冲正原因"],
        [1, "张建国", s["zhang"].id_number, -100.0, s["zhang"].approval_no, "多付：发票重复计算"],
    ]


def test_a_paid_reversal_is_history_the_database_keeps(county):
    s = _paid(county)
    _reverse(county, s["zhang"].id, "50.00")
    county.mp.setenv("DESK_APP_FAKE_NOW", "2015-09-10T09:00:00")
    pay(county, SEP10)
    conn = _raw(county)
    with pytest.raises(sqlite3.IntegrityError, match="paid reversal"):
        conn.execute("UPDATE pending_reversals SET amount = 1")
    with pytest.raises(sqlite3.IntegrityError, match="paid reversal"):
        conn.execute("DELETE FROM pending_reversals")
    conn.close()


def test_no_more_than_was_paid_can_be_reversed(county):
    s = _paid(county)
    _reverse(county, s["zhang"].id, "300.00")
    with county.db.uow() as uow, pytest.raises(ValidationError) as info:
        payments.reverse_payment(uow, county.reviewer, s["zhang"].id, D("100.01"), "再冲")
    assert "100.00" in info.value.message.zh  # what is left to reverse


def test_only_a_paid_claim_is_reversed_and_a_reason_is_needed(county):
    s = _paid(county)
    with county.db.uow() as uow:
        with pytest.raises(Conflict):
            payments.reverse_payment(uow, county.reviewer, s["li"].id, D("1.00"), "x")
        with pytest.raises(ValidationError):
            payments.reverse_payment(uow, county.reviewer, s["zhang"].id, D("1.00"), "  ")
        with pytest.raises(ValidationError):
            payments.reverse_payment(uow, county.reviewer, s["zhang"].id, D("0"), "x")
        with pytest.raises(PermissionDenied):
            payments.reverse_payment(uow, county.clerk, s["zhang"].id, D("1.00"), "x")


def test_a_pending_reversal_can_be_withdrawn_until_batched(county):
    s = _paid(county)
    _reverse(county, s["zhang"].id, "10.00")
    with county.db.reader() as uow:
        rid = payments.pending_reversals(uow)[0].id
    with county.db.uow() as uow:
        payments.cancel_reversal(uow, county.reviewer, rid)
        uow.commit()
    with county.db.reader() as uow:
        assert payments.pending_reversals(uow) == []


def test_cancelling_a_batch_puts_its_reversal_back_to_pending(county):
    s = _paid(county)
    _reverse(county, s["zhang"].id, "10.00")
    with county.db.uow() as uow:
        batch = payments.create_batch(uow, county.reviewer, date(2015, 8, 21)).value
        assert payments.pending_reversals(uow)[0].status == "batched"
        payments.cancel_batch(uow, county.reviewer, batch.id)
        assert payments.pending_reversals(uow)[0].status == "pending"
