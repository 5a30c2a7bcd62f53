"""What the engine sees of a claim at the desk: the member's facts (shares, enrolled_on,
renewal, categories, ``lump_sum_paid_before``) and the member's *counted* claims in the scheme
(submitted, approved, paid, reported), in submission order, each as an engine claim with its
receipts. The calculation itself is :mod:`desk_app.claims.calc`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Calculation, Claim, Enrollment, Member, Receipt, Scheme
from desk_app.claims.model import COMPONENTS, COUNTED_STATUSES, ZERO
from desk_app.people.members import split_categories
from desk_app.schemes import model as sm

# A lump sum paid (or approved for payment) in an earlier period of the same plan: the member
# gets neither the lump sum nor the living allowance again (SCHEMES.md, lump_sum).
_LUMP_SUM_STATUSES = ("approved", "paid", "reported")
_ONCE_ONLY_KINDS = ("lump_sum",)
CHUNK = 500  # ids per IN (...) query


@dataclass(frozen=True)
class Amounts:
    """A receipt's eight amounts (``total`` first, then the seven components)."""

    total: Decimal
    fund_paid: Decimal = ZERO
    other_paid: Decimal = ZERO
    deductible: Decimal = ZERO
    copay: Decimal = ZERO
    over_cap: Decimal = ZERO
    class_b: Decimal = ZERO
    self_funded: Decimal = ZERO


def engine_claim(
    kind: str,
    *,
    admission: date | None,
    discharge: date | None,
    visit_date: date | None,
    event_date: date | None,
    disease: str | None,
    receipts: Iterable[Any],
    ref: str | None,
) -> sm.Claim:
    """A claim as the engine sees it; ``receipts`` are anything with the eight amounts."""
    code = (disease or "").strip().upper() or None
    return sm.Claim(
        kind=kind,
        receipts=tuple(
            sm.ReceiptAmounts(r.total, *(getattr(r, c) for c in COMPONENTS)) for r in receipts
        ),
        admission=admission if kind == "inpatient" else None,
        discharge=discharge if kind == "inpatient" else None,
        visit_date=visit_date if kind == "outpatient" else None,
        event_date=event_date if kind == "death" else None,
        disease=code,
        ref=ref,
    )


def stored_claim_for_engine(claim: Claim) -> sm.Claim:
    return engine_claim(
        claim.kind,
        admission=claim.admission,
        discharge=claim.discharge,
        visit_date=claim.visit_date,
        event_date=claim.event_date,
        disease=claim.disease_code,
        receipts=claim.receipts,
        ref=claim.claim_no,
    )


def has_once_only(scheme: sm.Scheme) -> bool:
    """Does ``lump_sum_paid_before`` matter for this scheme (a lump sum or living allowance)?"""
    return any(isinstance(b, (sm.LumpSum, sm.LivingAllowance)) for b in scheme.benefits)


def lump_sums_paid_before(
    session: Session, member_ids: Sequence[int], scheme_row: Scheme
) -> set[int]:
    """The members among ``member_ids`` to whom a lump sum was approved or paid in an earlier
    period of this scheme's plan."""
    out: set[int] = set()
    ids = sorted(set(member_ids))
    for i in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(Claim.member_id, Calculation.benefits)
            .join(Claim, Claim.id == Calculation.claim_id)
            .join(Scheme, Scheme.id == Claim.scheme_id)
            .where(
                Claim.member_id.in_(ids[i : i + CHUNK]),
                Claim.status.in_(_LUMP_SUM_STATUSES),
                Calculation.current.is_(True),
                Scheme.plan == scheme_row.plan,
                Scheme.period_end < scheme_row.period_start,
            )
        )
        for member_id, benefits in rows:
            for b in benefits or []:
                if b.get("kind") in _ONCE_ONLY_KINDS and Decimal(str(b.get("amount", "0"))) > 0:
                    out.add(member_id)
    return out


def facts(member: Any, enrollment: Any, paid_before: bool) -> sm.MemberFacts:
    """The member facts of the engine from a member and an enrollment (rows or models)."""
    return sm.MemberFacts(
        shares=enrollment.shares,
        enrolled_on=enrollment.enrolled_on,
        renewal=bool(enrollment.renewal),
        categories=split_categories(member.categories),
        lump_sum_paid_before=paid_before,
    )


def member_facts(
    session: Session,
    member: Member,
    enrollment: Enrollment,
    scheme_row: Scheme,
    scheme: sm.Scheme,
) -> sm.MemberFacts:
    paid_before = has_once_only(scheme) and bool(
        lump_sums_paid_before(session, [member.id], scheme_row)
    )
    return facts(member, enrollment, paid_before)


@dataclass(frozen=True)
class Counted:
    """One counted claim of a member: its place in the order, its id, its engine form."""

    seq: int
    id: int
    claim: sm.Claim


def counted_claims(
    session: Session, member_ids: Sequence[int], scheme_id: int
) -> dict[int, list[Counted]]:
    """The counted claims (submitted, approved, paid, reported) in the scheme of each member,
    in submission order, with their receipts."""
    ids = sorted(set(member_ids))
    heads: dict[int, Any] = {}
    receipts: dict[int, list[Amounts]] = {}
    for i in range(0, len(ids), CHUNK):
        # One query: each claim with its receipts (a claim without any comes once, with NULLs).
        for row in session.execute(
            select(
                Claim.id,
                Claim.member_id,
                Claim.claim_no,
                Claim.kind,
                Claim.admission,
                Claim.discharge,
                Claim.visit_date,
                Claim.event_date,
                Claim.disease_code,
                Claim.submit_seq,
                Receipt.total,
                *(getattr(Receipt, c) for c in COMPONENTS),
            )
            .outerjoin(Receipt, Receipt.claim_id == Claim.id)
            .where(
                Claim.member_id.in_(ids[i : i + CHUNK]),
                Claim.scheme_id == scheme_id,
                Claim.status.in_(COUNTED_STATUSES),
            )
            .order_by(Claim.id, Receipt.seq, Receipt.id)
        ):
            heads.setdefault(row.id, row)
            got = receipts.setdefault(row.id, [])
            if row.total is not None:
                got.append(Amounts(*row[10:]))
    out: dict[int, list[Counted]] = {m: [] for m in ids}
    for h in heads.values():
        out[h.member_id].append(
            Counted(
                h.submit_seq or 0,
                h.id,
                engine_claim(
                    h.kind,
                    admission=h.admission,
                    discharge=h.discharge,
                    visit_date=h.visit_date,
                    event_date=h.event_date,
                    disease=h.disease_code,
                    receipts=receipts[h.id],
                    ref=h.claim_no,
                ),
            )
        )
    for rows in out.values():
        rows.sort(key=lambda c: (c.seq, c.id))
    return out


def counted_before(
    session: Session, claim: Claim | None, member_id: int, scheme_id: int
) -> list[sm.Claim]:
    """The member's counted claims in the scheme that come before ``claim``, in submission
    order (``submit_seq``), as engine claims. A claim that is not counted itself (a draft, a
    rejected claim, a new one) comes after all of them."""
    rows = counted_claims(session, [member_id], scheme_id)[member_id]
    if claim is not None and claim.status in COUNTED_STATUSES and claim.submit_seq is not None:
        mine = (claim.submit_seq, claim.id)
        rows = [r for r in rows if r.id != claim.id and (r.seq, r.id) < mine]
    elif claim is not None:
        rows = [r for r in rows if r.id != claim.id]
    return [r.claim for r in rows]
