"""The figures of a monthly return (FILES.md §3), counted from the database.

The 汇总 rows are counted with SQL aggregates per scheme (:mod:`desk_app.returns.totals`);
the detail sheets (参保明细, 给付明细, 分类统计) are built from the rows themselves. The two are
computed independently on purpose: :func:`cross_check` compares them before anything is
written, so a return whose totals do not add up never leaves the desk.

Definitions (the choices where FILES.md is silent are in ``docs/month-end.md``):
- 本月 is the calendar month (desk time); 期内累计 is everything of the scheme dated up to the
  month's last day (a scheme's records all belong to its period: an enrollment made in December
  for next year's period counts from then on).
- 参保人数 counts enrollments (one per member and scheme) by 参保日期; 互助金 is their premium.
- 受理件数 counts claims entered (created) in the month, whatever became of them.
- 给付 is what the payments table says, by payment date: 给付人次 counts payments of a claim
  (more than 0), 给付人数 the distinct members among them, 医疗费总额 their claims' receipt
  totals, 给付金额 every payment and reversal of the month (reversals negative).
- A claim settled at 0.00 (all under the deductible) is paid with nothing to transfer: it is not
  in the return's payment figures.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import reduce
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from base.errors import Message, msg
from db.models import (
    Claim,
    Enrollment,
    Member,
    Payment,
    PaymentBatch,
    Receipt,
    Scheme,
    Unit,
)
from desk_app.payments.rows import fen
from desk_app.returns.model import (
    AGE_BANDS,
    DIMENSIONS,
    GENDERS,
    KIND_NAMES,
    MEMBER_CLASSES,
    NO_INDUSTRY,
    RATE,
    SUMMARY_COUNTS,
    SUMMARY_HEADERS,
    SUMMARY_MONEY,
    ZERO,
)
from desk_app.returns.totals import summary
from desk_app.system.months import bounds, instants
from desk_app.terms import SELF_PAID

_EnrUnit = aliased(Unit, name="enr_unit")
_MemUnit = aliased(Unit, name="mem_unit")
GENDER_NAMES = {"M": "男", "F": "女"}


@dataclass(slots=True)
class PaidRow:
    """One row of 给付明细 (``values``, without 序号) and what 分类统计 groups it by."""

    values: tuple[Any, ...]
    member_id: int
    id_number: str
    amount: Decimal
    counted: bool  # a payment of a claim (人次); a reversal only moves money
    total_cost: Decimal
    gender: str
    age_band: str
    member_class: str
    kind: str
    industry: str
    disease_code: str | None


@dataclass
class ReturnData:
    month: str
    county_code: str
    county_name: str
    schemes: list[dict[str, Any]]
    total: dict[str, Any]
    enrollments: list[tuple[Any, ...]] = field(default_factory=list)
    payments: list[PaidRow] = field(default_factory=list)
    categories: list[tuple[str, str, int, Decimal]] = field(default_factory=list)
    drafts: int = 0


def yuan(fen: int) -> Decimal:
    """Integer fen as yuan with two places (``from_fen`` without the division: the detail rows
    convert hundreds of thousands of amounts)."""
    return Decimal(fen).scaleb(-2)


def drafts(session: Session, month: str) -> int:
    """Claims still in draft that were entered by the end of the month."""
    _t0, t1 = instants(month)
    return int(
        session.execute(
            select(func.count(Claim.id)).where(Claim.status == "draft", Claim.created_at < t1)
        ).scalar_one()
    )


def enrollment_rows(session: Session, month: str) -> list[tuple[Any, ...]]:
    """参保明细: enrollments with 参保日期 in the month, by date, unit code, entry order."""
    first, last = bounds(month)
    has_enr_unit = _EnrUnit.id.is_not(None)
    unit_code = case((has_enr_unit, _EnrUnit.code), else_=_MemUnit.code)
    stmt = (
        select(
            unit_code,
            case((has_enr_unit, _EnrUnit.name), else_=_MemUnit.name),
            Member.name,
            Member.id_number,
            Member.gender,
            Member.birth_date,
            Scheme.code,
            Enrollment.shares,
            Enrollment.premium,
            Enrollment.enrolled_on,
            Enrollment.renewal,
        )
        .join(Member, Member.id == Enrollment.member_id)
        .join(Scheme, Scheme.id == Enrollment.scheme_id)
        .outerjoin(_EnrUnit, _EnrUnit.id == Enrollment.unit_id)
        .outerjoin(_MemUnit, _MemUnit.id == Member.unit_id)
        .where(Enrollment.enrolled_on.between(first, last))
        .order_by(Enrollment.enrolled_on, unit_code, Enrollment.id)
    )
    return [
        (n, r[0], r[1], r[2], r[3], GENDER_NAMES.get(r[4], r[4]), r[5], r[6], r[7], r[8], r[9],
         "是" if r[10] else "否")
        for n, r in enumerate(session.execute(stmt), 1)
    ]  # fmt: skip


def age_band(birth: date, on: date) -> str:
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    if age <= 30:
        return AGE_BANDS[0]
    if age <= 40:
        return AGE_BANDS[1]
    if age <= 50:
        return AGE_BANDS[2]
    if age <= 60:
        return AGE_BANDS[3]
    return AGE_BANDS[4]


def member_class(categories: str | None) -> str:
    """普通 / 困难职工 / 劳模; a member who is both counts once, as 困难职工 (so the groups add
    up to the total)."""
    cats = set((categories or "").split(","))
    if "hardship" in cats:
        return MEMBER_CLASSES[1]
    if "model_worker" in cats:
        return MEMBER_CLASSES[2]
    return MEMBER_CLASSES[0]


def paid_rows(session: Session, first: date, last: date) -> list[PaidRow]:
    """Payments and reversals dated ``first``..``last`` (not the 0.00 settlements), by payment
    date then approval number."""
    has_enr_unit = _EnrUnit.id.is_not(None)
    stmt = (
        select(
            Payment.kind,
            fen(Payment.amount),
            Payment.pay_date,
            PaymentBatch.batch_no,
            Claim.id,
            Claim.approval_no,
            Claim.claim_no,
            Claim.kind,
            Claim.admission,
            Claim.discharge,
            Claim.visit_date,
            Claim.event_date,
            Claim.disease_code,
            fen(Claim.total_cost),
            Member.id,
            Member.name,
            Member.id_number,
            Member.gender,
            Member.birth_date,
            Member.categories,
            Scheme.code,
            case((has_enr_unit, _EnrUnit.name), else_=_MemUnit.name),
            case((has_enr_unit, _EnrUnit.industry), else_=_MemUnit.industry),
        )
        .join(Claim, Claim.id == Payment.claim_id)
        .join(Member, Member.id == Payment.member_id)
        .join(Scheme, Scheme.id == Claim.scheme_id)
        .join(PaymentBatch, PaymentBatch.id == Payment.batch_id)
        .join(Enrollment, Enrollment.id == Claim.enrollment_id)
        .outerjoin(_EnrUnit, _EnrUnit.id == Enrollment.unit_id)
        .outerjoin(_MemUnit, _MemUnit.id == Member.unit_id)
        .where(Payment.pay_date.between(first, last), fen(Payment.amount) != 0)
        .order_by(Payment.pay_date, Claim.approval_no, Payment.id)
    )
    receipt_sums = _receipt_sums(session, first, last)
    out = []
    for r in session.execute(stmt):
        (kind, amount, pay_date, batch_no, claim_id, approval_no, claim_no, claim_kind,
         admission, discharge, visit, event, disease, total_cost, member_id, name, id_number,
         gender, birth, categories, scheme_code, unit_name, industry) = r  # fmt: skip
        amount, total_cost = yuan(amount), yuan(total_cost)
        counted = kind == "payment"
        if claim_kind == "inpatient":
            start, end = admission, discharge
            days = max(1, (discharge - admission).days) if admission and discharge else 0
        else:
            start = end = visit if claim_kind == "outpatient" else event
            days = 0
        fund, own = receipt_sums.get(claim_id, (ZERO, ZERO)) if counted else (ZERO, ZERO)
        cost = total_cost if counted else ZERO
        values = (
            approval_no or claim_no, name, id_number, unit_name, scheme_code,
            KIND_NAMES.get(claim_kind, claim_kind), start, end, days, disease, cost, fund, own,
            amount, pay_date, batch_no,
        )  # fmt: skip
        out.append(
            PaidRow(
                values=values,
                member_id=member_id,
                id_number=id_number,
                amount=amount,
                counted=counted,
                total_cost=cost,
                gender=GENDER_NAMES.get(gender, str(gender)),
                age_band=age_band(birth, pay_date),
                member_class=member_class(categories),
                kind=KIND_NAMES.get(claim_kind, claim_kind),
                industry=(industry or "").strip() or NO_INDUSTRY,
                disease_code=disease,
            )
        )
    return out


def _receipt_sums(session: Session, first: date, last: date) -> dict[int, tuple[Decimal, Decimal]]:
    """Per claim paid in the period: 统筹基金支付 and 个人自付 (the five self-paid parts)."""
    own = reduce(operator.add, (fen(getattr(Receipt, part)) for part in SELF_PAID))
    paid_claims = select(Payment.claim_id).where(Payment.pay_date.between(first, last))
    stmt = (
        select(Receipt.claim_id, func.sum(fen(Receipt.fund_paid)), func.sum(own))
        .where(Receipt.claim_id.in_(paid_claims))
        .group_by(Receipt.claim_id)
    )
    return {cid: (yuan(fund or 0), yuan(o or 0)) for cid, fund, o in session.execute(stmt)}


def categories(rows: Sequence[PaidRow]) -> list[tuple[str, str, int, Decimal]]:
    """分类统计: each dimension's groups with 给付人次 and 给付金额. The fixed groups are always
    listed (0 when empty); industries as they occur, largest amount first."""
    keys = {
        "性别": lambda r: r.gender,
        "年龄段": lambda r: r.age_band,
        "人员类别": lambda r: r.member_class,
        "类别": lambda r: r.kind,
        "产业": lambda r: r.industry,
    }
    fixed: dict[str, Sequence[str]] = {
        "性别": GENDERS,
        "年龄段": AGE_BANDS,
        "人员类别": MEMBER_CLASSES,
        "类别": tuple(KIND_NAMES.values()),
    }
    out: list[tuple[str, str, int, Decimal]] = []
    for dim in DIMENSIONS:
        count: dict[str, int] = defaultdict(int)
        amount: dict[str, Decimal] = defaultdict(lambda: ZERO)
        key = keys[dim]
        for r in rows:
            k = key(r)
            count[k] += 1 if r.counted else 0
            amount[k] += r.amount
        groups = list(fixed.get(dim, ()))
        extra = sorted((g for g in amount if g not in groups), key=lambda g: (-amount[g], g))
        for g in [*groups, *extra]:
            out.append((dim, g, count.get(g, 0), amount.get(g, ZERO)))
    return out


def compute(
    session: Session, month: str, *, county_code: str, county_name: str, details: bool = True
) -> ReturnData:
    """Everything the return holds for ``month`` (with ``details=False``, only 汇总)."""
    schemes, total = summary(session, month)
    data = ReturnData(
        month=month,
        county_code=county_code,
        county_name=county_name,
        schemes=schemes,
        total=total,
        drafts=drafts(session, month),
    )
    if details:
        first, last = bounds(month)
        data.enrollments = enrollment_rows(session, month)
        data.payments = paid_rows(session, first, last)
        data.categories = categories(data.payments)
    return data


def cross_check(data: ReturnData) -> list[Message]:
    """Where the 合计 row and the detail sheets disagree (an empty list when they agree)."""
    problems: list[Message] = []
    t = data.total

    def differ(what: str, what_en: str, a: object, b: object) -> None:
        if a != b:
            problems.append(
                msg(
                    "{w}：汇总为 {a}，明细为 {b}",
                    "{e}: 汇总 says {a}, the detail sheets {b}",
                    w=what,
                    e=what_en,
                    a=a,
                    b=b,
                )
            )

    enr = data.enrollments
    differ("本月新增参保人数", "new enrollments", t["本月新增参保人数"], len(enr))
    differ("本月互助金收入", "premium income", t["本月互助金收入"], sum((r[9] for r in enr), ZERO))
    paid = [r for r in data.payments if r.counted]
    differ("本月给付人次", "claims paid", t["本月给付人次"], len(paid))
    differ("本月给付人数", "members paid", t["本月给付人数"], len({r.id_number for r in paid}))
    differ(
        "本月医疗费总额",
        "medical costs",
        t["本月医疗费总额"],
        sum((r.total_cost for r in paid), ZERO),
    )
    differ(
        "本月给付金额",
        "amount paid",
        t["本月给付金额"],
        sum((r.amount for r in data.payments), ZERO),
    )
    for dim in DIMENSIONS:
        groups = [c for c in data.categories if c[0] == dim]
        differ(f"分类统计（{dim}）给付人次", f"{dim} claims", t["本月给付人次"],
               sum(c[2] for c in groups))  # fmt: skip
        differ(f"分类统计（{dim}）给付金额", f"{dim} amount", t["本月给付金额"],
               sum((c[3] for c in groups), ZERO))  # fmt: skip
    for h in SUMMARY_HEADERS[2:-1]:
        if h == "本月给付人数":
            continue  # distinct members: not the sum of the schemes' counts
        zero: Any = ZERO if h in SUMMARY_MONEY else 0
        differ(f"合计行 {h}", f"total row {h}", t[h], sum((r[h] for r in data.schemes), zero))
    return problems


def figures_json(data: ReturnData) -> dict[str, Any]:
    """``MonthlyReturn.figures`` (the format of docs/dev/api-contract.md): the 汇总 rows with
    money as strings, counts as ints, 资金使用率 a decimal string or null, 合计 last."""

    def row(values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for h in SUMMARY_HEADERS:
            v = values.get(h)
            if h in SUMMARY_MONEY:
                out[h] = f"{v:.2f}"
            elif h in SUMMARY_COUNTS:
                out[h] = int(v or 0)
            elif h == RATE:
                out[h] = str(v) if v is not None else None
            else:
                out[h] = v
        return out

    return {
        "month": data.month,
        "county_code": data.county_code,
        "county_name": data.county_name,
        "summary": [row(r) for r in data.schemes] + [row(data.total)],
        "drafts": data.drafts,
    }
