"""``pay`` checks before money leaves: every claim of a new batch is recalculated from its stored
receipts and scheme; one whose payout was edited (or whose receipts or calculation were) is held
out with its claim number, and the bank list's total is the sum of the verified payouts."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from base.errors import Conflict
from db.models import Claim, Payment
from desk_app.payments import service as payments
from tests.conftest import PASSWORDS, run_cli
from tests.integration.payments_support import county, load, pay, rows, three_stays

__all__ = ["county"]
D = Decimal
AUG20 = date(2015, 8, 20)


def _sql(county, statement: str) -> None:
    """What someone with the file and ``sqlite3`` would do."""
    conn = sqlite3.connect(county.db.path)
    conn.execute(statement)
    conn.commit()
    conn.close()


def _bank_total(path) -> float:
    """The sum of the bank list's transfer amounts (column 金额 under its header row)."""
    body = rows(load(path)["代发明细"])
    at = body[0].index("金额")
    return sum(r[at] for r in body[1:] if isinstance(r[0], int))


def test_a_tampered_payout_is_held_out_with_its_claim_number(county):
    s = three_stays(county)
    zhang, wang = s["zhang"], s["wang"]
    _sql(county, f"UPDATE claims SET payout = payout + 5000000 WHERE id = {zhang.id}")
    batch, files = pay(county, AUG20, confirm=False)
    assert [h.claim_no for h in batch.held] == [zhang.claim_no]
    held = batch.held[0]
    assert (held.payout, held.verified) == (D("50400.00"), D("400.00"))
    assert zhang.claim_no in held.message.zh and "50,400.00" in held.message.en
    assert "重新计算为 400.00 元" in held.message.zh
    # The batch and its bank list pay only what verified (Li, without an account, waits).
    assert batch.total == s["li"].calc.payout + wang.calc.payout
    assert batch.bank_total == wang.calc.payout == D("200.00")
    assert _bank_total(files.bank) == 200.0
    county.mp.setenv("DESK_APP_FAKE_NOW", "2015-08-20T17:00:00")
    with county.db.uow() as uow:
        paid = payments.confirm_paid(uow, county.reviewer, batch.id).value
        uow.commit()
    assert paid.total == D("200.00")
    with county.db.reader() as uow:
        amounts = list(uow.session.execute(select(Payment.claim_id, Payment.amount)))
        status = uow.session.get(Claim, zhang.id).status
    assert amounts == [(wang.id, D("200.00"))] and status == "approved"


@pytest.mark.parametrize(
    "edit",
    [
        # The claim and its calculation edited together: the receipts still say 400.00.
        "UPDATE calculations SET payout = payout + 100000 WHERE claim_id = {id};"
        "UPDATE claims SET payout = payout + 100000 WHERE id = {id}",
        # A receipt made larger: the stored payout no longer follows from it.
        "UPDATE receipts SET copay = copay + 1000000, total = total + 1000000"
        " WHERE claim_id = {id}",
        # A second current calculation.
        "INSERT INTO calculations (uid, version, created_at, updated_at, claim_id, scheme_id,"
        " scheme_sha256, engine_version, status, reason, payout, cap_left, benefits, input,"
        " computed_by, current) SELECT 'x2', 1, created_at, updated_at, claim_id, scheme_id,"
        " scheme_sha256, engine_version, status, reason, payout, cap_left, benefits, input,"
        " computed_by, 1 FROM calculations WHERE claim_id = {id}",
    ],
    ids=["claim-and-calculation", "receipt", "two-current"],
)
def test_edited_receipts_or_calculations_are_held_out_too(county, edit):
    s = three_stays(county)
    zhang = s["zhang"]
    conn = sqlite3.connect(county.db.path)
    conn.executescript(edit.format(id=zhang.id))
    conn.close()
    batch, _files = pay(county, AUG20, confirm=False)
    assert [h.claim_no for h in batch.held] == [zhang.claim_no]
    assert batch.bank_total == D("200.00")


def test_a_payout_edited_after_the_batch_was_made_stops_its_lists_and_its_confirmation(county):
    s = three_stays(county)
    zhang = s["zhang"]
    with county.db.uow() as uow:
        batch = payments.create_batch(uow, county.reviewer, AUG20).value
        uow.commit()
    assert batch.held == ()
    _sql(county, f"UPDATE claims SET payout = payout + 5000000 WHERE id = {zhang.id}")
    out = county.tmp / "lists"
    with county.db.uow() as uow, pytest.raises(Conflict, match=zhang.claim_no) as refused:
        payments.write_lists(uow, county.reviewer, batch.id, out)
    assert "移出" in refused.value.message.zh
    assert not out.exists() or not list(out.iterdir())
    # Listed before an edit the bank list does not show (a receipt made larger), the
    # confirmation still refuses it.
    _sql(county, f"UPDATE claims SET payout = payout - 5000000 WHERE id = {zhang.id}")
    with county.db.uow() as uow:
        payments.write_lists(uow, county.reviewer, batch.id, out)
        uow.commit()
    _sql(county, f"UPDATE receipts SET copay = copay + 1000000 WHERE claim_id = {zhang.id}")
    county.mp.setenv("DESK_APP_FAKE_NOW", "2015-08-20T17:00:00")
    with county.db.uow() as uow, pytest.raises(Conflict, match=zhang.claim_no):
        payments.confirm_paid(uow, county.reviewer, batch.id)


def test_only_tampered_claims_nothing_is_paid_and_the_refusal_names_them(county):
    s = three_stays(county)
    for who in ("zhang", "wang", "li"):
        _sql(county, f"UPDATE claims SET payout = payout + 100 WHERE id = {s[who].id}")
    with county.db.uow() as uow, pytest.raises(Conflict, match="held out") as refused:
        payments.create_batch(uow, county.reviewer, AUG20)
    assert refused.value.code == "unverified"


def test_desk_app_pay_says_which_claim_it_held_out(county, data_dir):
    s = three_stays(county)
    _sql(county, f"UPDATE claims SET payout = payout + 5000000 WHERE id = {s['zhang'].id}")
    county.mp.setenv("DESK_APP_FAKE_NOW", "2015-08-20T15:00:00")
    r = run_cli(
        "pay", "--date", "2015-08-20", "--user", "reviewer",
        input=PASSWORDS["reviewer"] + "\n", data_dir=data_dir,
    )  # fmt: skip
    assert r.code == 0, r.err
    assert s["zhang"].claim_no in r.err and "50,400.00" in r.err
    assert "200.00" in r.out
