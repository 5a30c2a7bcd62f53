"""The month-end commands end to end on a small demo county: ``desk-app pay`` and ``desk-app
return export`` / ``submit`` / ``verify-list`` / ``analysis``."""

from __future__ import annotations

import hashlib
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


def test_pay_puts_every_approved_claim_in_a_paid_batch_with_its_lists(db, demo, data_dir,
                                                                      monkeypatch):  # fmt: skip
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2017-03-20T15:00:00")
    r = run_cli("pay", "--date", "2017-03-20", "--user", "reviewer", input=PW, data_dir=data_dir)
    assert r.code == 0, r.err
    assert "ZF2017-0001" in r.out and "缺少账号" in r.out
    exports = data_dir / "exports"
    bank = load(exports / "代发明细_ZF2017-0001.xlsx")
    transfers = rows(bank["代发明细"], 4)[:-1]
    assert len(transfers) == 7 and len(rows(bank["缺少账号"])) >= 2
    sms = rows(load(exports / "短信通知_ZF2017-0001.xlsx")["短信通知"])
    assert len(sms) == 1 + 6  # the member without an account and the one without a phone
    assert (exports / "短信通知_ZF2017-0001.csv").exists()
    assert _count(db, select(func.count(Payment.id))) == 7
    assert _count(db, select(func.count(Claim.id)).where(Claim.status == "paid")) == 7
    left = _count(db, select(Claim.member_id).where(Claim.status == "approved"))
    assert left == demo["no_account"]
    with db.reader() as uow:
        paid = uow.session.execute(select(func.sum(Payment.amount))).scalar_one()
    assert f"{paid:,.2f}" in r.out


def test_pay_with_a_date_to_come_leaves_the_batch_open_until_confirmed(db, demo, data_dir):
    r = run_cli("pay", "--date", "2017-03-20", "--user", "reviewer", input=PW, data_dir=data_dir)
    assert r.code == 0, r.err
    assert "--confirm ZF2017-0001" in r.err
    assert _count(db, select(func.count(Payment.id))) == 0
    r = run_cli("pay", "--confirm", "ZF2017-0001", "--user", "reviewer", input=PW,
                data_dir=data_dir)  # fmt: skip
    assert r.code == 2 and "2017-03-20" in r.err  # not before its pay date
    r = run_cli("pay", "--cancel", "ZF2017-0001", "--user", "reviewer", input=PW,
                data_dir=data_dir)  # fmt: skip
    assert r.code == 2  # its bank list was written: say so explicitly
    r = run_cli("pay", "--cancel", "ZF2017-0001", "--even-if-listed", "--user", "reviewer",
                input=PW, data_dir=data_dir)  # fmt: skip
    assert r.code == 0 and _count(db, select(func.count(PaymentBatch.id))) == 0


def test_bad_input_changes_nothing(db, demo, data_dir):
    r = run_cli("pay", "--date", "2017-02-30", "--user", "reviewer", input=PW, data_dir=data_dir)
    assert r.code == 2 and "YYYY-MM-DD" in r.err
    r = run_cli("pay", "--date", "2017-03-09", "--user", "reviewer", input=PW, data_dir=data_dir)
    assert r.code == 2 and "nothing to pay" in r.err  # approved on 03-10
    r = run_cli("pay", "--date", "2017-03-10", "--user", "clerk",
                input=PASSWORDS["clerk"] + "\n", data_dir=data_dir)  # fmt: skip
    assert r.code == 2
    r = run_cli("return", "export", "--month", "2017-13", data_dir=data_dir)
    assert r.code == 2 and "YYYY-MM" in r.err
    assert _count(db, select(func.count(PaymentBatch.id))) == 0
    assert not list((data_dir / "exports").glob("代发明细_*"))


def test_return_export_submit_and_the_month_lock(db, demo, data_dir, monkeypatch):
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2017-03-20T15:00:00")
    assert run_cli("pay", "--date", "2017-03-20", "--user", "reviewer", input=PW,
                   data_dir=data_dir).code == 0  # fmt: skip
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2017-04-01T09:00:00")
    out = data_dir / "月报.xlsx"
    r = run_cli("return", "export", "--month", "2017-03", "--out", str(out), "--user",
                "reviewer", input=PW, data_dir=data_dir)  # fmt: skip
    assert r.code == 0, r.err
    wb = load(out)
    assert wb.sheetnames == ["汇总", "参保明细", "给付明细", "分类统计"]
    total = rows(wb["汇总"])[-1]
    details = rows(wb["给付明细"])[1:]
    assert total[0] == "合计" and total[8] == len(details) == 7
    assert total[10] == pytest.approx(sum(r[14] for r in details))
    r = run_cli("return", "submit", "--month", "2017-03", "--user", "reviewer", input=PW,
                data_dir=data_dir)  # fmt: skip
    assert r.code == 0, r.err
    assert _count(db, select(func.count(Claim.id)).where(Claim.status == "reported")) == 7
    r = run_cli("pay", "--date", "2017-03-31", "--user", "reviewer", input=PW, data_dir=data_dir)
    assert r.code == 2 and "2017-03" in r.err
    # Without a user, the submitted return itself is written again.
    again = data_dir / "again.xlsx"
    r = run_cli("return", "export", "--month", "2017-03", "--out", str(again), data_dir=data_dir)
    assert r.code == 0, r.err
    with db.reader() as uow:
        sha = uow.session.execute(select(MonthlyReturn.sha256)).scalar_one()
    assert hashlib.sha256(again.read_bytes()).hexdigest() == sha


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
        data_dir=data_dir,
        env={"DESK_APP_FAKE_NOW": "2017-03-10T10:00:00"},
    )
    assert r.code == 0, r.err
    assert load(out).sheetnames == ["汇总", "参保明细", "给付明细", "分类统计"]
