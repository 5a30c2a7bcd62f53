"""What the printed documents say, filled from the database: the approval form (审批表), the
rejection notice (不予给付通知书) and an enrollment batch's payment voucher (缴费凭证).

Each function maps stored rows onto the plain dataclasses of :mod:`printing.data`; rendering is
:mod:`printing`'s job. Reads only; any thread.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.clock import local, today
from base.errors import Conflict, NotFound, msg
from db.engine import UnitOfWork
from db.models import Enrollment, EnrollmentBatch, Member, Scheme, Unit, User
from desk_app.claims.model import ClaimView, status_names
from desk_app.claims.review import REJECT_REASONS
from desk_app.claims.views import claim_view, find_claim
from desk_app.people.rules import mask_account
from desk_app.system import settings
from desk_app.terms import REASONS
from printing import data as pd

PRINTABLE_APPROVALS = ("approved", "paid", "reported")


def _user_name(session: Session, login: str | None) -> str:
    if not login:
        return ""
    name = session.execute(select(User.name).where(User.login == login)).scalar_one_or_none()
    return name or login


def _day(dt: datetime | None) -> date | None:
    return local(dt).date() if dt is not None else None


def _member(v: ClaimView) -> pd.Member:
    return pd.Member(v.member_name, v.id_number, v.gender, v.unit_name, v.phone)


def _mask(session: Session, mask_id: bool | None) -> bool:
    return bool(settings.get(session, settings.MASK_ID)) if mask_id is None else mask_id


def _not_printable(v: ClaimView, zh: str, en: str) -> Conflict:
    st_zh, st_en = status_names(v.status)
    return Conflict(
        msg(
            "申请 {n} 当前为「{s}」，" + zh,
            "claim {n} is {s_en}: " + en,
            n=v.claim_no,
            s=st_zh,
            s_en=st_en,
        ),
        code="not_printable",
    )


def approval_form(
    uow: UnitOfWork, claim_id: int | str, *, mask_id: bool | None = None
) -> pd.ApprovalData:
    """The approval form of an approved (or paid, reported) claim: the member, the stay, the
    receipts, the 计算过程 lines as stored, the payout, and the signatures of the clerk who
    entered it and the reviewer who approved it, with their dates. ``mask_id`` defaults to the
    ``print.mask_id`` setting."""
    s = uow.session
    v = claim_view(s, find_claim(s, claim_id))
    if v.status not in PRINTABLE_APPROVALS or not v.approval_no or v.calc is None:
        raise _not_printable(
            v, "只有已审批的申请可以打印审批表", "only an approved claim has an approval form"
        )
    masked = _mask(s, mask_id)
    return pd.ApprovalData(
        county_union=str(settings.get(s, settings.COUNTY_NAME)),
        approval_no=v.approval_no,
        claim_no=v.claim_no,
        member=_member(v),
        scheme_name=v.scheme_name,
        scheme_code=v.scheme_code,
        shares=v.shares,
        period_start=v.period_start,
        period_end=v.period_end,
        kind=v.kind,
        payout=v.calc.payout,
        hospital=v.hospital,
        admission=v.admission,
        discharge=v.discharge,
        visit_date=v.visit_date,
        event_date=v.event_date,
        hospital_days=v.calc.days if v.kind == "inpatient" else None,
        diagnosis_code=v.disease_code,
        diagnosis_name=v.disease_name,
        receipts=tuple(
            pd.Receipt(
                invoice_no=r.invoice_no,
                total=r.total,
                fund_paid=r.fund_paid,
                other_paid=r.other_paid,
                deductible=r.deductible,
                copay=r.copay,
                over_cap=r.over_cap,
                class_b=r.class_b,
                self_funded=r.self_funded,
                hospital=r.hospital if r.hospital != v.hospital else None,
            )
            for r in v.receipts
        ),
        explanation=v.calc.lines,
        benefits=tuple(pd.Benefit(label, amount) for label, amount in v.calc.benefits),
        clerk=pd.Signatory(_user_name(s, v.created_by), _day(v.submitted_at or v.created_at)),
        reviewer=pd.Signatory(_user_name(s, v.reviewed_by), _day(v.reviewed_at)),
        mask_id=masked,
        bank_account=(mask_account(v.bank_account) if masked else v.bank_account),
        remarks=v.note,
    )


def rejection_notice(
    uow: UnitOfWork, claim_id: int | str, *, mask_id: bool | None = None
) -> pd.RejectionData:
    """The notice to the member that a claim is not paid, and why: the engine's reason in
    words, or the reviewer's reason and words; the service center's phone and address for
    questions and appeals."""
    s = uow.session
    v = claim_view(s, find_claim(s, claim_id))
    if v.status != "rejected" or not v.reject_code:
        raise _not_printable(
            v,
            "只有不予给付的申请可以打印不予给付通知书",
            "only a rejected claim has a rejection notice",
        )
    code: str | None = v.reject_code
    text = v.reject_text
    if code not in REASONS:
        words = REJECT_REASONS[code].zh if code in REJECT_REASONS else (code or "")
        text = f"{words}：{text}" if text and code != "other" else (text or words)
        code = None
    address = str(settings.get(s, settings.CENTER_ADDRESS)) or None
    return pd.RejectionData(
        county_union=str(settings.get(s, settings.COUNTY_NAME)),
        claim_no=v.claim_no,
        member=_member(v),
        scheme_name=v.scheme_name,
        scheme_code=v.scheme_code,
        kind=v.kind,
        notice_date=_day(v.reviewed_at) or _day(v.created_at) or today(),
        phone=str(settings.get(s, settings.CENTER_PHONE)),
        reason_code=code,
        reason_text=text,
        applied_on=_day(v.submitted_at or v.created_at),
        covered_date=v.covered_date,
        hospital=v.hospital,
        diagnosis_name=v.disease_name,
        period_start=v.period_start,
        period_end=v.period_end,
        address=address,
        mask_id=_mask(s, mask_id),
    )


def enrollment_voucher(
    uow: UnitOfWork,
    batch_id_or_no: int | str,
    *,
    with_members: bool = True,
    mask_id: bool | None = None,
) -> pd.VoucherData:
    """The payment voucher of one enrollment batch (参保批次), with the member list as an annex
    when ``with_members``. Head count, shares and premium are counted from the batch's
    enrollments themselves, so the voucher always matches its annex."""
    s = uow.session
    if isinstance(batch_id_or_no, int):
        batch = s.get(EnrollmentBatch, batch_id_or_no)
    else:
        batch = s.execute(
            select(EnrollmentBatch).where(EnrollmentBatch.batch_no == batch_id_or_no.strip())
        ).scalar_one_or_none()
    if batch is None:
        raise NotFound(
            msg("没有参保批次 {b}", "no enrollment batch {b}", b=batch_id_or_no), code="no_batch"
        )
    scheme = s.get(Scheme, batch.scheme_id)
    unit = s.get(Unit, batch.unit_id)
    assert scheme is not None and unit is not None
    rows = s.execute(
        select(Member.name, Member.id_number, Member.gender, Enrollment.shares, Enrollment.premium)
        .join(Member, Member.id == Enrollment.member_id)
        .where(Enrollment.batch_id == batch.id)
        .order_by(Enrollment.id)
    ).all()
    members = tuple(
        pd.VoucherMember(name, number, shares, premium, gender)
        for name, number, gender, shares, premium in rows
    )
    return pd.VoucherData(
        county_union=str(settings.get(s, settings.COUNTY_NAME)),
        unit_name=unit.name,
        scheme_name=scheme.name,
        scheme_code=scheme.code,
        period_start=scheme.period_start,
        period_end=scheme.period_end,
        batch_no=batch.batch_no,
        head_count=len(rows),
        shares=sum(r.shares for r in rows),
        premium_per_share=scheme.premium_per_share,
        premium_total=sum((r.premium for r in rows), Decimal("0.00")),
        paid_on=_day(batch.created_at) or today(),
        clerk=_user_name(s, batch.created_by),
        receipt_no=batch.receipt_no,
        unit_code=unit.code,
        members=members if with_members else (),
        mask_id=_mask(s, mask_id),
    )
