"""Payment batches: what is payable, a batch created, listed, confirmed paid or cancelled; the
bank list and the SMS list read back; the month lock; the second look."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from base.errors import Conflict, PermissionDenied, ValidationError
from db.models import AuditEntry, Claim, OutboxEntry, Payment
from desk_app.claims import service as claims
from desk_app.payments import service as payments
from desk_app.people.members import MemberInput, update_member
from tests.integration.claims_support import act
from tests.integration.payments_support import (
    COUNTY_NAME,
    approved,
    at,
    county,
    load,
    pay,
    rows,
    three_stays,
)

__all__ = ["county"]
D = Decimal
AUG20 = date(2015, 8, 20)


def _claim(c, claim_id: int) -> Claim:
    with c.db.reader() as uow:
        claim = uow.session.get(Claim, claim_id)
        uow.session.expunge(claim)
        return claim


def test_approved_claims_are_payable_by_approval_number(county):
    s = three_stays(county)
    with county.db.reader() as uow:
        rows_ = payments.payable_claims(uow)
    assert [r.claim_id for r in rows_] == [s["zhang"].id, s["li"].id, s["wang"].id]
    zhang = rows_[0]
    assert (zhang.member_name, zhang.scheme_code, zhang.bank_account, zhang.unit_name) == (
        "张建国", "QZ-2015-ZY", "6222000011112222", "城关供电所工会",
    )  # fmt: skip
    assert zhang.payout == s["zhang"].calc.payout == D("400.00")


def test_a_batch_takes_every_payable_claim_with_a_number_and_a_date(county):
    s = three_stays(county)
    with county.db.uow() as uow:
        batch = payments.create_batch(uow, county.reviewer, AUG20).value
        uow.commit()
    total = sum(v.calc.payout for v in s.values())
    assert (batch.batch_no, batch.pay_date, batch.status) == ("ZF2015-0001", AUG20, "open")
    assert (batch.count, batch.total, batch.missing_account, batch.missing_phone) == (
        3, total, 1, 1,
    )  # fmt: skip
    assert (batch.bank_count, batch.bank_total) == (2, total - s["li"].calc.payout)
    with county.db.reader() as uow:
        assert payments.payable_claims(uow) == []
        assert [b.batch_no for b in payments.list_batches(uow)] == ["ZF2015-0001"]
        assert {r.claim_id for r in payments.batch_rows(uow, batch.id)} == {
            v.id for v in s.values()
        }
    # A claim in a batch cannot have its approval taken back.
    with county.db.uow() as uow, pytest.raises(Conflict):
        claims.undo_review(uow, county.actors["reviewer"], s["zhang"].id)


def test_bank_list_is_laid_out_as_the_bank_reads_it(county):
    """The column header on row 1 (a bank's import tool reads from there), the batch's facts in
    the page header and footer, not in rows above the data."""
    s = three_stays(county)
    _batch, files = pay(county, AUG20, confirm=False)
    assert files.bank_file == files.bank and files.layout == "standard"
    wb = load(files.bank)
    assert wb.sheetnames == ["代发明细", "缺少账号"]
    ws = wb["代发明细"]
    body = rows(ws)
    assert body[0] == ["序号", "姓名", "身份证号", "银行账号", "金额", "审批编号"]
    assert body[1:-1] == [
        [1, "张建国", s["zhang"].id_number, "6222000011112222", 400.0, s["zhang"].approval_no],
        [2, "王强", s["wang"].id_number, "6222000033334444", 200.0, s["wang"].approval_no],
    ]
    assert body[-1] == ["合计", "2 笔", None, None, 600.0, None]
    id_cell, account_cell, amount_cell = ws["C2"], ws["D2"], ws["E2"]
    assert (id_cell.data_type, id_cell.number_format) == ("s", "@")
    assert (account_cell.data_type, account_cell.number_format) == ("s", "@")
    assert (amount_cell.data_type, amount_cell.number_format) == ("n", "#,##0.00")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:F3"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"
    head, foot = ws.oddHeader.center.text, ws.oddFooter.left.text
    assert "ZF2015-0001" in head and "600.00" in head and "笔数 2" in head
    assert COUNTY_NAME in foot and "2015-08-20" in foot and "待付款" in foot
    assert ws.column_dimensions["C"].width >= 18


def test_a_member_without_an_account_is_listed_on_its_own_sheet(county):
    """Only the header and the people: what to do with them is said in the page footer."""
    s = three_stays(county)
    _batch, files = pay(county, AUG20, confirm=False)
    ws = load(files.bank)["缺少账号"]
    assert rows(ws) == [
        ["序号", "姓名", "身份证号", "金额", "审批编号", "联系电话", "单位名称"],
        [1, "李秀英", s["li"].id_number, float(s["li"].calc.payout), s["li"].approval_no,
         "13800000002", "衢州第一中学"],
    ]  # fmt: skip
    assert "1 人缺少银行账号" in ws.oddFooter.left.text
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:G2"


def test_sms_list_has_one_message_per_paid_member_with_a_phone(county):
    three_stays(county)
    _batch, files = pay(county, AUG20, confirm=False)
    ws = load(files.sms)["短信通知"]
    # Wang has no phone, Li no account (not paid): only Zhang gets a message.
    assert rows(ws) == [
        ["手机号", "短信内容"],
        [
            "13800000001",
            f"【{COUNTY_NAME}】尊敬的张建国：职工医疗互助保障金400.00元已于2015年08月20日"
            "转入您尾号2222的账户，请查收。",
        ],
    ]
    assert ws["A2"].data_type == "s" and ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:B2" and ws.page_setup.fitToWidth == 1
    assert files.sms_csv.read_bytes().startswith("\ufeff手机号,短信内容".encode())
    assert (files.transfers, files.messages) == (2, 1)


def test_the_sms_text_comes_from_the_template_setting(county):
    from desk_app.system.settings import update_settings

    three_stays(county)
    with county.db.uow() as uow:
        update_settings(uow, county.actors["admin"], {"sms.template": "{name}收{amount}元{tail}"})
        uow.commit()
    _batch, files = pay(county, AUG20, confirm=False)
    assert rows(load(files.sms)["短信通知"])[1] == ["13800000001", "张建国收400.00元2222"]


def test_a_bad_sms_template_is_refused_in_words(county):
    from desk_app.system.settings import update_settings

    three_stays(county)
    with county.db.uow() as uow:
        update_settings(uow, county.actors["admin"], {"sms.template": "{nam}"})
        uow.commit()
    with county.db.uow() as uow:
        batch = payments.create_batch(uow, county.reviewer, AUG20).value
        with pytest.raises(ValidationError) as info:
            payments.write_lists(uow, county.reviewer, batch.id, county.tmp)
    assert "短信模板" in info.value.message.zh


def test_confirming_pays_the_transfers_and_leaves_the_claim_without_account(county):
    s = three_stays(county)
    batch, _files = pay(county, AUG20)
    assert (batch.status, batch.count, batch.total, batch.paid_by) == (
        "paid", 2, D("600.00"), "reviewer",
    )  # fmt: skip
    with county.db.reader() as uow:
        paid = uow.session.execute(select(Payment).order_by(Payment.id)).scalars().all()
        assert [(p.claim_id, p.amount, p.account, p.pay_date, p.kind) for p in paid] == [
            (s["zhang"].id, D("400.00"), "6222000011112222", AUG20, "payment"),
            (s["wang"].id, D("200.00"), "6222000033334444", AUG20, "payment"),
        ]
        li = payments.payable_claims(uow)
    assert _claim(county, s["zhang"].id).status == "paid"
    assert _claim(county, s["zhang"].id).paid_on == AUG20
    # Li was not on the bank's transfers: payable again, for the next batch.
    assert [r.claim_id for r in li] == [s["li"].id]
    assert _claim(county, s["li"].id).status == "approved"


def test_a_claim_the_bank_sent_back_is_not_paid(county):
    s = three_stays(county)
    at(county.mp, "2015-08-20T16:00:00")
    with county.db.uow() as uow:
        batch = payments.create_batch(uow, county.reviewer, AUG20).value
        payments.write_lists(uow, county.reviewer, batch.id, county.tmp)
        view = payments.confirm_paid(uow, county.reviewer, batch.id, failed=[s["wang"].id]).value
        uow.commit()
    assert (view.count, view.total) == (1, D("400.00"))
    assert _claim(county, s["wang"].id).status == "approved"


def test_a_batch_changed_after_its_lists_is_not_confirmed(county):
    s = three_stays(county)
    at(county.mp, "2015-08-20T16:00:00")
    with county.db.uow() as uow:
        batch = payments.create_batch(uow, county.reviewer, AUG20).value
        payments.write_lists(uow, county.reviewer, batch.id, county.tmp)
        uow.commit()
    with county.db.uow() as uow:  # Li brings her account after the list went out
        update_member(
            uow,
            county.clerk,
            county.li,
            MemberInput(id_number=s["li"].id_number, name="李秀英", phone="13800000002",
                        unit_id=county.school, categories=("hardship",),
                        bank_account="6222000055556666"),
        )  # fmt: skip
        uow.commit()
    with county.db.uow() as uow, pytest.raises(Conflict) as info:
        payments.confirm_paid(uow, county.reviewer, batch.id)
    assert info.value.code == "stale_lists"
    with county.db.uow() as uow:
        payments.write_lists(uow, county.reviewer, batch.id, county.tmp)
        view = payments.confirm_paid(uow, county.reviewer, batch.id).value
        uow.commit()
    assert (view.count, view.total) == (3, sum(v.calc.payout for v in s.values()))


def test_a_batch_is_confirmed_only_after_its_lists_and_on_its_pay_date(county):
    three_stays(county)
    with county.db.uow() as uow:
        batch = payments.create_batch(uow, county.reviewer, date(2015, 8, 25)).value
        with pytest.raises(Conflict) as early:
            payments.confirm_paid(uow, county.reviewer, batch.id)
        payments.write_lists(uow, county.reviewer, batch.id, county.tmp)
        with pytest.raises(Conflict) as not_yet:
            payments.confirm_paid(uow, county.reviewer, batch.id)
    assert (early.value.code, not_yet.value.code) == ("not_listed", "not_yet")


def test_a_pay_date_before_the_approval_is_refused(county):
    s = three_stays(county)
    with county.db.uow() as uow, pytest.raises(ValidationError):
        payments.create_batch(uow, county.reviewer, date(2015, 8, 9), [s["zhang"].id])
    with county.db.uow() as uow, pytest.raises(Conflict) as info:
        payments.create_batch(uow, county.reviewer, date(2015, 8, 9))
    assert info.value.code == "nothing_to_pay"


def test_cancelling_an_open_batch_makes_its_claims_payable_again(county):
    three_stays(county)
    with county.db.uow() as uow:
        batch = payments.create_batch(uow, county.reviewer, AUG20).value
        payments.write_lists(uow, county.reviewer, batch.id, county.tmp)
        with pytest.raises(Conflict) as listed:
            payments.cancel_batch(uow, county.reviewer, batch.id)
        payments.cancel_batch(uow, county.reviewer, batch.id, even_if_listed=True)
        uow.commit()
    assert listed.value.code == "listed"
    with county.db.reader() as uow:
        assert len(payments.payable_claims(uow)) == 3
        assert payments.list_batches(uow) == []
    with county.db.uow() as uow:  # the number is not used again
        assert payments.create_batch(uow, county.reviewer, AUG20).value.batch_no == "ZF2015-0002"


def test_a_paid_batch_cannot_be_cancelled(county):
    three_stays(county)
    batch, _ = pay(county, AUG20)
    with county.db.uow() as uow, pytest.raises(Conflict):
        payments.cancel_batch(uow, county.reviewer, batch.id, even_if_listed=True)


def test_chosen_claims_only_and_not_twice(county):
    s = three_stays(county)
    with county.db.uow() as uow:
        batch = payments.create_batch(uow, county.reviewer, AUG20, [s["wang"].id]).value
        uow.commit()
    assert batch.count == 1
    with county.db.uow() as uow, pytest.raises(Conflict) as info:
        payments.create_batch(uow, county.reviewer, AUG20, [s["wang"].id])
    assert "支付批次" in info.value.message.zh


def test_a_claim_drawn_for_a_second_look_waits_for_it(county):
    s = three_stays(county)
    with county.db.uow() as uow:
        uow.session.get(Claim, s["zhang"].id).second_look = True
        uow.commit()
    with county.db.reader() as uow:
        assert s["zhang"].id not in {r.claim_id for r in payments.payable_claims(uow)}
        assert [r.claim_id for r in payments.held_claims(uow)] == [s["zhang"].id]
    with county.db.uow() as uow, pytest.raises(Conflict) as info:
        payments.create_batch(uow, county.reviewer, AUG20, [s["zhang"].id])
    assert info.value.code == "second_look"


def test_a_clerk_may_not_pay(county):
    three_stays(county)
    with county.db.uow() as uow, pytest.raises(PermissionDenied):
        payments.create_batch(uow, county.clerk, AUG20)


def test_paying_is_audited_and_reaches_the_outbox(county):
    s = three_stays(county)
    batch, _ = pay(county, AUG20)
    with county.db.reader() as uow:
        actions = [
            a
            for (a,) in uow.session.execute(
                select(AuditEntry.action).where(AuditEntry.target == f"batch:{batch.batch_no}")
            )
        ]
        entities = dict(
            uow.session.execute(
                select(OutboxEntry.entity, func.count()).group_by(OutboxEntry.entity)
            ).all()
        )
        claim_version = uow.session.get(Claim, s["zhang"].id).version
    assert actions == ["batch.create", "batch.lists", "batch.paid"]
    assert entities["payment"] == 2 and entities["payment_batch"] >= 1
    assert claim_version >= 4  # created, submitted, approved, batched, paid: each sent


def test_nothing_is_paid_into_a_locked_month(county, monkeypatch):
    from desk_app.returns import service as returns

    s = three_stays(county)
    pay(county, AUG20, [s["zhang"].id])
    at(monkeypatch, "2015-09-02T09:00:00")
    with county.db.uow() as uow:
        r = returns.export_return(uow, county.reviewer, "2015-08").value
        returns.submit_return(uow, county.reviewer, r.id)
        uow.commit()
    with county.db.uow() as uow, pytest.raises(Conflict) as info:
        payments.create_batch(uow, county.reviewer, date(2015, 8, 31))
    assert info.value.code == "month_locked" and "2015-08" in info.value.message.zh
    with county.db.uow() as uow:  # September is open
        assert payments.create_batch(uow, county.reviewer, date(2015, 9, 2)).value.count == 2


def test_zero_payout_claim_is_settled_without_a_transfer_or_sms(county):
    # Under the deductible: payable, nothing to pay; it still ends its life as paid.
    zero = approved(county, county.zhang, county.zhang_qz, "ZY-0", date(2015, 6, 1),
                    date(2015, 6, 3), copay="300.00")  # fmt: skip
    assert zero.calc.payout == D("0.00")
    batch, files = pay(county, AUG20)
    assert (batch.count, batch.total, files.transfers, files.messages) == (1, D("0.00"), 0, 0)
    assert _claim(county, zero.id).status == "paid"


def test_reviewer_sees_a_batch_by_number(county):
    three_stays(county)
    batch, _ = pay(county, AUG20)
    with county.db.reader() as uow:
        assert payments.get_batch(uow, "zf2015-0001").id == batch.id
    assert act is not None  # (helpers imported for the other month-end tests)


def test_a_batch_nobody_in_which_can_be_paid_is_refused(county):
    s = three_stays(county)
    with county.db.uow() as uow, pytest.raises(Conflict) as info:
        payments.create_batch(uow, county.reviewer, AUG20, [s["li"].id])
    assert info.value.code == "no_account" and "银行账号" in info.value.message.zh
