"""The month-end commands end to end on a small demo county: ``desk-app pay`` and ``desk-app
return export`` / ``submit`` / ``verify-list`` / ``analysis``."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db.models import Claim, MonthlyReturn, Payment, PaymentBatch
from tests.conftest import PASSWORDS, run_cli, run_cli_process
from tests.integration.payments_support import DEMO_NOW, demo_with_claims, load, rows

D = Decimal
PW = PASSWORDS["reviewer"] + "\n"


@pytest.fixture
def demo(db, actors, data_dir, monkeypatch):
    monkeypatch.setenv("DESK_APP_FAKE_NOW", DEMO_NOW)
    return demo_with_claims(db, actors)


def _count(db, stmt) -> int:
    with db.reader() as uow:
        return int(uow.session.execute(stmt).scalar_one())


def _expected(db):
    """What a batch made now would pay: claims with an account (or nothing to pay), the
    members paid by transfer with a phone, those left on 缺少账号, and pending reversals."""
    from desk_app.payments import service as payments

    with db.reader() as uow:
        rows_ = payments.payable_claims(uow)
        reversals = len(payments.pending_reversals(uow))
    paid = [r for r in rows_ if r.bank_account or r.payout == 0]
    transfers = [r for r in paid if r.payout > 0]
    texted = {r.member_id for r in transfers if r.phone}
    return paid, transfers, texted, [r for r in rows_ if r not in paid], reversals


def _batch_no(text: str) -> str:
    return re.search(r"ZF\d{4}-\d{4}", text).group(0)


def test_pay_puts_every_approved_claim_in_a_paid_batch_with_its_lists(db, demo, data_dir,
                                                                      monkeypatch):  # fmt: skip
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2017-03-20T15:00:00")
    paid, transfers, texted, left, reversals = _expected(db)
    assert left and len(paid) >= 7  # the demo_with_claims member without an account is left
    payments_before = _count(db, select(func.count(Payment.id)))
    r = run_cli("pay", "--date", "2017-03-20", "--user", "reviewer", input=PW, data_dir=data_dir)
    assert r.code == 0, r.err
    number = _batch_no(r.out)
    assert "paid" in r.out and "缺少账号" in r.out
    exports = data_dir / "exports"
    bank = load(exports / f"代发明细_{number}.xlsx")
    assert len(rows(bank["代发明细"], 2)) - 1 == len(transfers)
    assert [row[1] for row in rows(bank["缺少账号"], 2) if isinstance(row[0], int)] == [
        r_.member_name for r_ in left
    ]
    sms = rows(load(exports / f"短信通知_{number}.xlsx")["短信通知"])
    assert len(sms) - 1 == len(texted)
    assert (exports / f"短信通知_{number}.csv").exists()
    assert _count(db, select(func.count(Payment.id))) == payments_before + len(paid) + reversals
    states = {c.id: c.status for c in _claims(db, [x.claim_id for x in paid + left])}
    assert {states[x.claim_id] for x in paid} == {"paid"}
    assert {states[x.claim_id] for x in left} == {"approved"}
    assert demo["no_account"] in {x.member_id for x in left}
    with db.reader() as uow:
        total = uow.session.execute(
            select(PaymentBatch.total).where(PaymentBatch.batch_no == number)
        ).scalar_one()
    assert f"{total:,.2f}" in r.out


def _claims(db, ids):
    with db.reader() as uow:
        out = list(uow.session.execute(select(Claim).where(Claim.id.in_(ids))).scalars())
        for c in out:
            uow.session.expunge(c)
        return out


def test_pay_with_a_date_to_come_leaves_the_batch_open_until_confirmed(db, demo, data_dir):
    before = _count(db, select(func.count(Payment.id)))
    batches = _count(db, select(func.count(PaymentBatch.id)))
    r = run_cli("pay", "--date", "2017-03-20", "--user", "reviewer", input=PW, data_dir=data_dir)
    assert r.code == 0, r.err
    number = _batch_no(r.out)
    assert f"--confirm {number}" in r.err
    assert _count(db, select(func.count(Payment.id))) == before
    r = run_cli("pay", "--confirm", number, "--user", "reviewer", input=PW, data_dir=data_dir)
    assert r.code == 2 and "2017-03-20" in r.err  # not before its pay date
    r = run_cli("pay", "--cancel", number, "--user", "reviewer", input=PW, data_dir=data_dir)
    assert r.code == 2  # its bank list was written: say so explicitly
    r = run_cli("pay", "--cancel", number, "--even-if-listed", "--user", "reviewer",
                input=PW, data_dir=data_dir)  # fmt: skip
    assert r.code == 0 and _count(db, select(func.count(PaymentBatch.id))) == batches


def test_bad_input_changes_nothing(db, demo, data_dir):
    batches = _count(db, select(func.count(PaymentBatch.id)))
    r = run_cli("pay", "--date", "2017-02-30", "--user", "reviewer", input=PW, data_dir=data_dir)
    assert r.code == 2 and "YYYY-MM-DD" in r.err
    r = run_cli("pay", "--date", "2017-01-15", "--user", "reviewer", input=PW, data_dir=data_dir)
    assert r.code == 2 and "2017-01" in r.err  # January's return was submitted (the demo)
    r = run_cli("pay", "--date", "2017-03-10", "--user", "clerk",
                input=PASSWORDS["clerk"] + "\n", data_dir=data_dir)  # fmt: skip
    assert r.code == 2
    r = run_cli("return", "export", "--month", "2017-13", "--user", "reviewer", input=PW,
                data_dir=data_dir)  # fmt: skip
    assert r.code == 2 and "YYYY-MM" in r.err
    assert _count(db, select(func.count(PaymentBatch.id))) == batches


def test_return_export_submit_and_the_month_lock(db, demo, data_dir, monkeypatch):
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2017-03-20T15:00:00")
    assert run_cli("pay", "--date", "2017-03-20", "--user", "reviewer", input=PW,
                   data_dir=data_dir).code == 0  # fmt: skip
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2017-04-01T09:00:00")
    out = data_dir / "月报.xlsx"
    args = ("return", "export", "--month", "2017-03", "--out", str(out), "--user", "reviewer")
    r = run_cli(*args, input=PW, data_dir=data_dir)
    assert r.code == 2 and "draft" in r.err and not out.exists()  # the demo's drafts
    r = run_cli(*args, "--force", input=PW, data_dir=data_dir)
    assert r.code == 0, r.err
    wb = load(out)
    assert wb.sheetnames == ["汇总", "参保明细", "给付明细", "分类统计"]
    total = rows(wb["汇总"])[-1]
    details = rows(wb["给付明细"])[1:]
    counted = [r for r in details if r[14] > 0]
    assert total[0] == "合计" and total[8] == len(counted) >= 7
    assert total[10] == pytest.approx(sum(r[14] for r in details))
    march = [c.id for c in _paid_in(db, "2017-03")]
    submit = ("return", "submit", "--month", "2017-03", "--user", "reviewer")
    r = run_cli(*submit, input=PW, data_dir=data_dir)
    assert r.code == 2 and "2017-02" in r.err  # the demo paid February: its return goes first
    r = run_cli("return", "export", "--month", "2017-02", "--force", "--user", "reviewer",
                input=PW, data_dir=data_dir)  # fmt: skip
    assert r.code == 0, r.err
    r = run_cli("return", "submit", "--month", "2017-02", "--user", "reviewer", input=PW,
                data_dir=data_dir)  # fmt: skip
    assert r.code == 0, r.err
    r = run_cli(*submit, input=PW, data_dir=data_dir)
    assert r.code == 0, r.err
    assert {c.status for c in _claims(db, march)} == {"reported"}
    r = run_cli("pay", "--date", "2017-03-31", "--user", "reviewer", input=PW, data_dir=data_dir)
    assert r.code == 2 and "2017-03" in r.err
    # Once submitted, an export writes the submitted return itself again.
    again = data_dir / "again.xlsx"
    r = run_cli("return", "export", "--month", "2017-03", "--out", str(again), "--user",
                "reviewer", input=PW, data_dir=data_dir)  # fmt: skip
    assert r.code == 0, r.err
    with db.reader() as uow:
        sha = uow.session.execute(
            select(MonthlyReturn.sha256).where(
                MonthlyReturn.month == "2017-03", MonthlyReturn.status == "submitted"
            )
        ).scalar_one()
    assert hashlib.sha256(again.read_bytes()).hexdigest() == sha


def _paid_in(db, month: str):
    with db.reader() as uow:
        ids = uow.session.execute(
            select(Claim.id).where(func.substr(Claim.paid_on, 1, 7) == month)
        ).scalars()
        return _claims(db, list(ids))


def test_verification_list_and_analysis_from_the_command_line(db, demo, data_dir, monkeypatch):
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2017-03-20T15:00:00")
    run_cli("pay", "--date", "2017-03-20", "--user", "reviewer", input=PW, data_dir=data_dir)
    r = run_cli("return", "verify-list", "--year", "2017", "--quarter", "1", "--user",
                "reviewer", input=PW, data_dir=data_dir)  # fmt: skip
    assert r.code == 0, r.err
    wb = load(data_dir / "exports" / "一对一核实_330602_2017Q1.xlsx")
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) >= 2
    r = run_cli("return", "analysis", "--year", "2017", "--user", "reviewer", input=PW,
                data_dir=data_dir)  # fmt: skip
    assert r.code == 0, r.err
    assert (data_dir / "exports" / "年度分析_330602_2017.xlsx").exists()


@pytest.mark.slow
def test_return_export_runs_as_the_installed_command(db, demo, data_dir):
    out = data_dir / "process.xlsx"
    r = run_cli_process(
        "return",
        "export",
        "--month",
        "2017-02",
        "--out",
        str(out),
        "--user",
        "reviewer",
        input=PW,
        data_dir=data_dir,
        env={"DESK_APP_FAKE_NOW": "2017-03-10T10:00:00"},
    )
    assert r.code == 0, r.err
    assert load(out).sheetnames == ["汇总", "参保明细", "给付明细", "分类统计"]
