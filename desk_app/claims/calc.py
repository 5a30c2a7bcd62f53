"""The engine at the desk: a claim's calculation and the stored calculation that can be re-run
later to the same result. What the engine is given (the member's facts and counted claims) is
gathered in :mod:`desk_app.claims.engine_input`.

For a claim in scheme S the engine sees the member's facts (shares, enrolled_on, renewal,
categories, ``lump_sum_paid_before``) and the member's *counted* claims in S — submitted,
approved, paid, reported; never drafts (other than the one being previewed) and never claims a
reviewer rejected — in the order they were submitted, the claim itself last. Its result is the
last one. Claims submitted after it do not change it, so a claim's amount only changes when an
earlier one leaves the count (withdrawn, rejected) or the member's facts change; approval
re-runs the calculation to catch exactly that.

Each stored :class:`db.models.Calculation` keeps the exact engine input (the case format of
``desk-app calc``) and the sha256 of the scheme text it ran on: :func:`rerun` gives the same
result from those alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from base.clock import now
from base.errors import ValidationError, msg
from db.models import Calculation, CalculationLine, Claim, Enrollment, Member, Scheme
from desk_app.claims.engine_input import (
    CHUNK,
    counted_before,
    counted_claims,
    facts,
    has_once_only,
    lump_sums_paid_before,
    member_facts,
    stored_claim_for_engine,
)
from desk_app.claims.model import ZERO, CalcView
from desk_app.schemes import model as sm
from desk_app.schemes.case import input_from_json, input_to_json
from desk_app.schemes.engine import ENGINE_VERSION, Ledger
from desk_app.schemes.parse import scheme_sha256
from desk_app.schemes.rules import hospital_days
from desk_app.schemes.store import parse_cached


@dataclass(frozen=True)
class Run:
    """One engine run for one claim: its input (member and ordered claims) and its result."""

    scheme: sm.Scheme
    scheme_sha256: str
    member: sm.MemberFacts
    claims: tuple[sm.Claim, ...]
    result: sm.ClaimResult

    def input_json(self) -> dict[str, Any]:
        return input_to_json(self.member, self.claims)


def calculate(
    session: Session,
    *,
    member: Member,
    enrollment: Enrollment,
    scheme_row: Scheme,
    claim: sm.Claim,
    stored: Claim | None,
) -> Run:
    """Run the engine for ``claim`` (the stored claim ``stored``, or a new one) after the
    member's earlier counted claims. No writes."""
    scheme = load_scheme_for(session, scheme_row)
    member_in = member_facts(session, member, enrollment, scheme_row, scheme)
    earlier = counted_before(session, stored, member.id, scheme_row.id)
    ledger = Ledger(scheme, member_in)
    for c in earlier:
        ledger.add(c)
    result = ledger.add(claim)
    return Run(scheme, scheme_row.source_sha256, member_in, (*earlier, claim), result)


def load_scheme_for(session: Session, scheme_row: Scheme) -> sm.Scheme:
    """The parsed scheme (cached by its text's sha256), refused if the stored text no longer
    matches its recorded sha256, as :func:`desk_app.schemes.store.load_scheme` does."""
    if scheme_sha256(scheme_row.source_text) != scheme_row.source_sha256:
        raise ValidationError(
            msg(
                "方案 {c} 的存档文本与其指纹不符（已被改动），不能用于计算",
                "the stored text of scheme {c} does not match its sha256 (it was altered); "
                "it cannot be used",
                c=scheme_row.code,
            )
        )
    return parse_cached(scheme_row.source_text, scheme_row.source_sha256)


def calculate_stored(session: Session, claim: Claim) -> Run:
    """The calculation of a stored claim, in its place among the member's counted claims."""
    member = session.get(Member, claim.member_id)
    enrollment = session.get(Enrollment, claim.enrollment_id)
    scheme_row = session.get(Scheme, claim.scheme_id)
    assert member is not None and enrollment is not None and scheme_row is not None
    return calculate(
        session,
        member=member,
        enrollment=enrollment,
        scheme_row=scheme_row,
        claim=stored_claim_for_engine(claim),
        stored=claim,
    )


def calculate_many(session: Session, claims: Sequence[Claim]) -> dict[int, Run]:
    """The calculations of many counted (submitted) claims at once, each in its place: every
    member's ledger is fed their counted claims once (batch review of a month's claims)."""
    runs: dict[int, Run] = {}
    wanted = {c.id for c in claims}
    by_scheme: dict[int, set[int]] = {}
    for c in claims:
        by_scheme.setdefault(c.scheme_id, set()).add(c.member_id)
    for scheme_id, member_set in by_scheme.items():
        scheme_row = session.get(Scheme, scheme_id)
        assert scheme_row is not None
        scheme = load_scheme_for(session, scheme_row)
        member_ids = sorted(member_set)
        paid_before: set[int] = set()
        if has_once_only(scheme):
            paid_before = lump_sums_paid_before(session, member_ids, scheme_row)
        counted = counted_claims(session, member_ids, scheme_id)
        people: dict[int, Any] = {}
        for i in range(0, len(member_ids), CHUNK):
            chunk = member_ids[i : i + CHUNK]
            for row in session.execute(
                select(
                    Enrollment.member_id,
                    Enrollment.shares,
                    Enrollment.enrolled_on,
                    Enrollment.renewal,
                    Member.categories,
                )
                .join(Member, Member.id == Enrollment.member_id)
                .where(Enrollment.scheme_id == scheme_id, Enrollment.member_id.in_(chunk))
            ):
                people[row.member_id] = row
        for member_id in member_ids:
            row = people[member_id]
            member_in = facts(row, row, member_id in paid_before)
            ledger = Ledger(scheme, member_in)
            seen: list[sm.Claim] = []
            for k in counted.get(member_id, []):
                result = ledger.add(k.claim)
                seen.append(k.claim)
                if k.id in wanted:
                    runs[k.id] = Run(
                        scheme, scheme_row.source_sha256, member_in, tuple(seen), result
                    )
    return runs


def current_calculations(session: Session, claim_ids: Sequence[int]) -> dict[int, Calculation]:
    """The current calculation of each claim, with its lines."""
    out: dict[int, Calculation] = {}
    ids = list(claim_ids)
    for i in range(0, len(ids), CHUNK):
        for calc in session.execute(
            select(Calculation)
            .where(Calculation.claim_id.in_(ids[i : i + CHUNK]), Calculation.current.is_(True))
            .options(selectinload(Calculation.lines))
            .order_by(Calculation.id)
        ).scalars():
            out[calc.claim_id] = calc
    return out


def current_calculation(session: Session, claim_id: int) -> Calculation | None:
    return session.execute(
        select(Calculation)
        .where(Calculation.claim_id == claim_id, Calculation.current.is_(True))
        .order_by(Calculation.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def benefits_json(result: sm.ClaimResult) -> list[dict[str, str]]:
    return [
        {"label": b.label, "kind": b.kind, "amount": f"{b.amount:.2f}"} for b in result.benefits
    ]


def same_money(calc: Calculation | None, result: sm.ClaimResult) -> bool:
    """Does the stored calculation say what the engine says now: verdict, reason, payout and
    every benefit amount?"""
    if calc is None:
        return False
    return (
        calc.status == result.status
        and calc.reason == result.reason
        and calc.payout == result.payout
        and list(calc.benefits or []) == benefits_json(result)
    )


def same_calculation(calc: Calculation | None, run: Run) -> bool:
    """The same money, explanation, cap left, input and scheme text."""
    if calc is None or not same_money(calc, run.result):
        return False
    return (
        calc.cap_left == run.result.cap_left
        and calc.scheme_sha256 == run.scheme_sha256
        and calc.input == run.input_json()
        and [ln.text for ln in calc.lines] == list(run.result.lines)
    )


def _retire_current(session: Session, claim_id: int) -> None:
    """The claim's current calculation is current no more: a change of the record like any
    other (a new version; the outbox row is the database's trigger's), so the city never
    holds one version with two contents (docs/sync.md §5.5)."""
    where = (Calculation.claim_id == claim_id, Calculation.current.is_(True))
    session.execute(
        update(Calculation)
        .where(*where)
        .values(current=False, version=Calculation.version + 1, updated_at=now())
        .execution_options(synchronize_session="fetch")
    )


def store(session: Session, claim: Claim, run: Run, login: str | None) -> Calculation:
    """Store ``run`` as the claim's current calculation (earlier ones are kept, no longer
    current) and copy its verdict and payout onto the claim. Paid claims are never touched."""
    assert claim.status not in ("paid", "reported"), "a paid claim's calculation is final"
    r = run.result
    _retire_current(session, claim.id)
    calc = Calculation(
        claim_id=claim.id,
        scheme_id=claim.scheme_id,
        scheme_sha256=run.scheme_sha256,
        engine_version=ENGINE_VERSION,
        status=r.status,
        reason=r.reason,
        payout=r.payout,
        cap_left=r.cap_left,
        benefits=benefits_json(r),
        input=run.input_json(),
        computed_by=login,
        current=True,
    )
    calc.lines = [CalculationLine(seq=i, text=t) for i, t in enumerate(r.lines, start=1)]
    session.add(calc)
    claim.calc_status = r.status
    claim.calc_reason = r.reason
    claim.payout = r.payout
    session.flush()
    return calc


def clear(session: Session, claim: Claim) -> None:
    """The claim has no current calculation any more (withdrawn to draft)."""
    _retire_current(session, claim.id)
    claim.calc_status = None
    claim.calc_reason = None
    claim.payout = ZERO


def _days(kind: str, admission: date | None, discharge: date | None, reason: str | None) -> int:
    if kind != "inpatient" or reason == "invalid_receipt" or admission is None or discharge is None:
        return 0
    if admission > discharge:
        return 0
    return hospital_days(admission, discharge)


def view_of_result(result: sm.ClaimResult, sha256: str = "") -> CalcView:
    return CalcView(
        status=result.status,
        reason=result.reason,
        payout=result.payout,
        cap_left=result.cap_left,
        benefits=tuple((b.label, b.amount) for b in result.benefits),
        lines=result.lines,
        days=result.days,
        scheme_sha256=sha256,
    )


def view_of_stored(calc: Calculation, claim: Claim) -> CalcView:
    return CalcView(
        status=calc.status,
        reason=calc.reason,
        payout=calc.payout,
        cap_left=calc.cap_left,
        benefits=tuple((b["label"], Decimal(b["amount"])) for b in calc.benefits or []),
        lines=tuple(ln.text for ln in calc.lines),
        days=_days(claim.kind, claim.admission, claim.discharge, calc.reason),
        scheme_sha256=calc.scheme_sha256,
        computed_at=calc.created_at,
        computed_by=calc.computed_by,
    )


def rerun(session: Session, calc: Calculation) -> sm.ClaimResult:
    """Re-run a stored calculation from its stored input and the scheme text it names: the
    result must be the one stored (an auditor's check; also what ``desk-app calc`` gives on
    the same input)."""
    scheme_row = session.get(Scheme, calc.scheme_id)
    assert scheme_row is not None
    if scheme_row.source_sha256 != calc.scheme_sha256:
        raise ValueError(
            f"calculation {calc.id}: scheme {scheme_row.code} is not the text it ran on"
        )
    scheme = load_scheme_for(session, scheme_row)
    data = input_from_json(calc.input)
    ledger = Ledger(scheme, data.member)
    result: sm.ClaimResult | None = None
    for c in data.claims:
        result = ledger.add(c)
    assert result is not None
    return result


def matches_stored(calc: Calculation, result: sm.ClaimResult) -> bool:
    """Does a re-run give exactly the stored calculation (money and explanation)?"""
    return (
        same_money(calc, result)
        and calc.cap_left == result.cap_left
        and [ln.text for ln in calc.lines] == list(result.lines)
    )


def total_cost(receipts: Sequence[Any]) -> Decimal:
    return sum((r.total for r in receipts), ZERO)
