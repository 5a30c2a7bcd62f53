"""The 汇总 sheet of a monthly return (FILES.md §3): one row per scheme with activity and the
合计 row, counted with SQL aggregates per scheme (the definitions are in
:mod:`desk_app.returns.figures`). The detail sheets are counted from the rows themselves, apart
from this, so that ``figures.cross_check`` can compare the two."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from base.money import from_fen
from db.models import Claim, Enrollment, Payment, Scheme
from desk_app.payments.rows import fen
from desk_app.returns.model import RATE, SUMMARY_COUNTS, SUMMARY_MONEY, TOTAL, ZERO
from desk_app.system.months import bounds, instants

_RATE_STEP = Decimal("0.0001")
# A payment of a claim (给付人次), not a reversal nor a 0.00 settlement; a payment that moves money.
_COUNTED = and_(Payment.kind == "payment", fen(Payment.amount) > 0)
_NONZERO = fen(Payment.amount) != 0


def rate(paid: Decimal, income: Decimal) -> Decimal | None:
    """资金使用率: paid / income to four decimals (0.5372 is 53.72 %); None without income."""
    if not income:
        return None
    return (paid / income).quantize(_RATE_STEP, rounding=ROUND_HALF_UP)


def _grouped(session: Session, stmt: Any) -> dict[int, tuple[Any, ...]]:
    return {r[0]: tuple(r[1:]) for r in session.execute(stmt)}


@dataclass
class _PerScheme:
    """The month's aggregates by scheme id (money in fen): enrollments in the month and to
    date (count, premium), claims received, payments in the month (人次, 人数, 医疗费总额,
    给付金额, payments that moved money) and to date (给付金额, payments that moved money)."""

    enrolled_month: dict[int, tuple[Any, ...]]
    enrolled_to_date: dict[int, tuple[Any, ...]]
    received: dict[int, tuple[Any, ...]]
    paid_month: dict[int, tuple[Any, ...]]
    paid_to_date: dict[int, tuple[Any, ...]]

    @classmethod
    def count(cls, session: Session, month: str) -> _PerScheme:
        first, last = bounds(month)
        t0, t1 = instants(month)
        enrolled = select(Enrollment.scheme_id, func.count(), func.sum(fen(Enrollment.premium)))
        return cls(
            _grouped(
                session,
                enrolled.where(Enrollment.enrolled_on.between(first, last)).group_by(
                    Enrollment.scheme_id
                ),
            ),
            _grouped(
                session,
                enrolled.where(Enrollment.enrolled_on <= last).group_by(Enrollment.scheme_id),
            ),
            _grouped(
                session,
                select(Claim.scheme_id, func.count())
                .where(Claim.created_at >= t0, Claim.created_at < t1)
                .group_by(Claim.scheme_id),
            ),
            _grouped(
                session,
                select(
                    Claim.scheme_id,
                    func.sum(case((_COUNTED, 1), else_=0)),
                    func.count(func.distinct(case((_COUNTED, Payment.member_id)))),
                    func.sum(case((_COUNTED, fen(Claim.total_cost)), else_=0)),
                    func.sum(fen(Payment.amount)),
                    func.sum(case((_NONZERO, 1), else_=0)),
                )
                .join(Claim, Claim.id == Payment.claim_id)
                .where(Payment.pay_date.between(first, last))
                .group_by(Claim.scheme_id),
            ),
            _grouped(
                session,
                select(
                    Claim.scheme_id,
                    func.sum(fen(Payment.amount)),
                    func.sum(case((_NONZERO, 1), else_=0)),
                )
                .join(Claim, Claim.id == Payment.claim_id)
                .where(Payment.pay_date <= last)
                .group_by(Claim.scheme_id),
            ),
        )

    def scheme_ids(self) -> set[int]:
        return (
            set(self.enrolled_month)
            | set(self.enrolled_to_date)
            | set(self.received)
            | set(self.paid_month)
            | set(self.paid_to_date)
        )

    def row(self, sch: Scheme, first: date, last: date) -> dict[str, Any] | None:
        """The scheme's 汇总 row; None for a scheme with nothing this month, unless its period
        overlaps the month and it has enrollments or payments to date."""
        em = self.enrolled_month.get(sch.id, (0, 0))
        ec = self.enrolled_to_date.get(sch.id, (0, 0))
        rc = self.received.get(sch.id, (0,))[0]
        pm = self.paid_month.get(sch.id, (0, 0, 0, 0, 0))
        pc = self.paid_to_date.get(sch.id, (0, 0))
        active_now = bool(em[0] or rc or pm[4])
        overlaps = sch.period_start <= last and sch.period_end >= first
        if not (active_now or (overlaps and (ec[0] or pc[1]))):
            return None
        income = from_fen(int(ec[1] or 0))
        paid = from_fen(int(pc[0] or 0))
        return {
            "方案编码": sch.code,
            "方案名称": sch.name,
            "本月新增参保人数": int(em[0] or 0),
            "期内累计参保人数": int(ec[0] or 0),
            "本月互助金收入": from_fen(int(em[1] or 0)),
            "期内累计互助金收入": income,
            "本月受理件数": int(rc or 0),
            "本月给付人数": int(pm[1] or 0),
            "本月给付人次": int(pm[0] or 0),
            "本月医疗费总额": from_fen(int(pm[2] or 0)),
            "本月给付金额": from_fen(int(pm[3] or 0)),
            "期内累计给付金额": paid,
            RATE: rate(paid, income),
        }


def summary(session: Session, month: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The 汇总 rows (one per scheme with activity) and the 合计 row, counted in SQL."""
    first, last = bounds(month)
    counts = _PerScheme.count(session, month)
    ids = counts.scheme_ids()
    schemes = {s.id: s for s in session.execute(select(Scheme).where(Scheme.id.in_(ids))).scalars()}
    rows = []
    for _sid, sch in sorted(schemes.items(), key=lambda kv: (kv[1].period_start, kv[1].code)):
        row = counts.row(sch, first, last)
        if row is not None:
            rows.append(row)
    return rows, _total(session, rows, first, last)


def _total(session: Session, rows: list[dict[str, Any]], first: date, last: date) -> dict[str, Any]:
    """合计: the sum of the schemes' rows, but a member paid under two schemes is one person."""
    total: dict[str, Any] = {"方案编码": TOTAL, "方案名称": ""}
    for h in SUMMARY_COUNTS:
        total[h] = sum(int(r[h]) for r in rows)
    for h in SUMMARY_MONEY:
        total[h] = sum((Decimal(str(r[h])) for r in rows), ZERO)
    total["本月给付人数"] = int(
        session.execute(
            select(func.count(func.distinct(Payment.member_id))).where(
                Payment.pay_date.between(first, last), _COUNTED
            )
        ).scalar_one()
    )
    total[RATE] = rate(total["期内累计给付金额"], total["期内累计互助金收入"])
    return total
