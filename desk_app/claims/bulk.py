"""Many new claims created, calculated and submitted at once (the settlement import).

The same rows and the same calculations as :func:`desk_app.claims.intake.submit` would make one
by one, written with a few bulk inserts: each member's ledger is fed their counted claims once,
then their new claims in order, so a month's file of thousands of claims takes seconds. Like
the roster import, this keeps by hand what the ORM would keep: ids, uids, versions, the sync
outbox. The caller writes the audit entry.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from base.clock import now
from base.progress import Progress, check, report
from db.base import new_uid
from db.models import Calculation, CalculationLine, Claim, Enrollment, Member, Receipt, Scheme
from desk_app.claims import calc as desk_calc
from desk_app.claims import engine_input
from desk_app.claims.model import AMOUNT_FIELDS, ZERO
from desk_app.claims.numbers import SUBMIT_SEQ, claim_numbers, reserve
from desk_app.schemes import model as sm
from desk_app.schemes.case import input_to_json
from desk_app.schemes.engine import ENGINE_VERSION, Ledger


@dataclass
class NewReceipt:
    invoice_no: str
    hospital: str
    amounts: dict[str, Decimal]


@dataclass
class NewClaim:
    """A claim to create; ``claim_no`` and the verdict are filled in by :func:`create`."""

    member_id: int
    enrollment_id: int
    kind: str
    admission: date | None
    discharge: date | None
    visit_date: date | None
    hospital: str | None
    disease_code: str | None
    disease_name: str | None
    note: str | None
    receipts: list[NewReceipt]
    claim_no: str = ""
    calc_status: str = ""
    calc_reason: str | None = None
    payout: Decimal = ZERO
    extra: dict[str, Any] = field(default_factory=dict)


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def _next_id(s: Session, column: Any) -> int:
    return int(s.execute(select(func.max(column))).scalar() or 0) + 1


def create(
    s: Session,
    login: str,
    scheme_row: Scheme,
    claims: Sequence[NewClaim],
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """Create ``claims`` (in this order, which is their submission order) as submitted, each
    with its calculation after the member's counted claims and the new ones before it."""
    if not claims:
        return
    ledgers = _Ledgers.of(s, scheme_row, claims)
    check(cancel)
    numbers = claim_numbers(s, len(claims))
    first_seq = reserve(s, SUBMIT_SEQ, len(claims))
    rows = _Rows(scheme_row, login, now(), _next_id(s, Claim.id), _next_id(s, Calculation.id))
    for n, c in enumerate(claims):
        if n % 200 == 0:
            check(cancel)
            report(progress, n / len(claims), f"已计算 {n} 件")
        c.claim_no = numbers[n]
        result, member_in, earlier = ledgers.add(c)
        c.calc_status, c.calc_reason, c.payout = result.status, result.reason, result.payout
        rows.add(c, result, input_to_json(member_in, earlier), first_seq + n)
    check(cancel)
    report(progress, 0.9, "写入申请")
    rows.write(s)
    report(progress, 1.0, "")


class _Ledgers:
    """Each member's ledger in the scheme: fed the member's counted claims once, then the new
    claims in order. ``add`` answers the verdict, the member's facts and the claims counted so
    far (the new one last), which the calculation records as its input."""

    def __init__(
        self,
        scheme: sm.Scheme,
        members: dict[int, Any],
        enrollments: dict[int, Any],
        paid_before: set[int],
        counted: dict[int, list[Any]],
    ) -> None:
        self.scheme, self.members, self.enrollments = scheme, members, enrollments
        self.paid_before, self.counted = paid_before, counted
        self._open: dict[int, tuple[Ledger, sm.MemberFacts, list[sm.Claim]]] = {}

    @classmethod
    def of(cls, s: Session, scheme_row: Scheme, claims: Sequence[NewClaim]) -> _Ledgers:
        scheme = desk_calc.load_scheme_for(s, scheme_row)
        member_ids = sorted({c.member_id for c in claims})
        members = _members(s, member_ids)
        enrollments = _enrollments(s, sorted({c.enrollment_id for c in claims}))
        paid_before: set[int] = set()
        if engine_input.has_once_only(scheme):
            paid_before = engine_input.lump_sums_paid_before(s, member_ids, scheme_row)
        counted = engine_input.counted_claims(s, member_ids, scheme_row.id)
        return cls(scheme, members, enrollments, paid_before, counted)

    def _ledger(self, c: NewClaim) -> tuple[Ledger, sm.MemberFacts, list[sm.Claim]]:
        entry = self._open.get(c.member_id)
        if entry is None:
            member_in = engine_input.facts(
                self.members[c.member_id],
                self.enrollments[c.enrollment_id],
                c.member_id in self.paid_before,
            )
            ledger = Ledger(self.scheme, member_in)
            earlier = [x.claim for x in self.counted.get(c.member_id, [])]
            for e in earlier:
                ledger.add(e)
            entry = self._open[c.member_id] = (ledger, member_in, earlier)
        return entry

    def add(self, c: NewClaim) -> tuple[sm.ClaimResult, sm.MemberFacts, list[sm.Claim]]:
        ledger, member_in, earlier = self._ledger(c)
        engine_claim = engine_input.engine_claim(
            c.kind,
            admission=c.admission,
            discharge=c.discharge,
            visit_date=c.visit_date,
            event_date=None,
            disease=c.disease_code,
            receipts=[engine_input.Amounts(**r.amounts) for r in c.receipts],
            ref=c.claim_no,
        )
        result = ledger.add(engine_claim)
        earlier.append(engine_claim)
        return result, member_in, earlier


@dataclass
class _Rows:
    """The new rows (claims, their receipts, calculations and calculation lines) with their
    ids and uids, written in four bulk inserts and queued for the city."""

    scheme_row: Scheme
    login: str
    stamp: datetime
    claim_id: int
    calc_id: int
    claims: list[dict[str, Any]] = field(default_factory=list)
    receipts: list[dict[str, Any]] = field(default_factory=list)
    calcs: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    uids: dict[str, list[str]] = field(
        default_factory=lambda: {"claim": [], "receipt": [], "calculation": []}
    )

    def _uid(self, entity: str) -> str:
        uid = new_uid()
        self.uids[entity].append(uid)
        return uid

    def _synced(self, entity: str) -> dict[str, Any]:
        """The columns every synced row has, for a new row of ``entity``."""
        return {
            "uid": self._uid(entity),
            "version": 1,
            "created_at": self.stamp,
            "updated_at": self.stamp,
        }

    def add(self, c: NewClaim, result: sm.ClaimResult, input_json: Any, submit_seq: int) -> None:
        self.claims.append(self._claim(c, result, submit_seq))
        self.receipts.extend(
            {
                **self._synced("receipt"),
                "claim_id": self.claim_id,
                "seq": seq,
                "invoice_no": r.invoice_no,
                "hospital": r.hospital,
                **{f: r.amounts[f] for f in AMOUNT_FIELDS},
            }
            for seq, r in enumerate(c.receipts, start=1)
        )
        self.calcs.append(self._calculation(result, input_json))
        self.lines.extend(
            {"calculation_id": self.calc_id, "seq": i, "text": t}
            for i, t in enumerate(result.lines, start=1)
        )
        self.claim_id += 1
        self.calc_id += 1

    def _claim(self, c: NewClaim, result: sm.ClaimResult, submit_seq: int) -> dict[str, Any]:
        return {
            "id": self.claim_id,
            **self._synced("claim"),
            "claim_no": c.claim_no,
            "approval_no": None,
            "member_id": c.member_id,
            "enrollment_id": c.enrollment_id,
            "scheme_id": self.scheme_row.id,
            "kind": c.kind,
            "admission": c.admission,
            "discharge": c.discharge,
            "visit_date": c.visit_date,
            "event_date": None,
            "hospital": c.hospital,
            "disease_code": c.disease_code,
            "disease_name": c.disease_name,
            "status": "submitted",
            "calc_status": result.status,
            "calc_reason": result.reason,
            "payout": result.payout,
            "total_cost": sum((r.amounts["total"] for r in c.receipts), ZERO),
            "reject_code": None,
            "reject_text": None,
            "source": "import",
            "note": c.note,
            "created_by": self.login,
            "submitted_at": self.stamp,
            "submitted_by": self.login,
            "reviewed_at": None,
            "reviewed_by": None,
            "payment_batch_id": None,
            "paid_on": None,
            "reported_month": None,
            "submit_seq": submit_seq,
            "second_look": False,
        }

    def _calculation(self, result: sm.ClaimResult, input_json: Any) -> dict[str, Any]:
        return {
            "id": self.calc_id,
            **self._synced("calculation"),
            "claim_id": self.claim_id,
            "scheme_id": self.scheme_row.id,
            "scheme_sha256": self.scheme_row.source_sha256,
            "engine_version": ENGINE_VERSION,
            "status": result.status,
            "reason": result.reason,
            "payout": result.payout,
            "cap_left": result.cap_left,
            "benefits": desk_calc.benefits_json(result),
            "input": input_json,
            "computed_by": self.login,
            "current": True,
        }

    def write(self, s: Session) -> None:
        conn = s.connection()
        conn.execute(insert(_table(Claim)), self.claims)
        conn.execute(insert(_table(Receipt)), self.receipts)
        conn.execute(insert(_table(Calculation)), self.calcs)
        if self.lines:
            conn.execute(insert(_table(CalculationLine)), self.lines)


def _members(s: Session, ids: list[int]) -> dict[int, Any]:
    out: dict[int, Any] = {}
    for i in range(0, len(ids), 500):
        for row in s.execute(
            select(Member.id, Member.categories).where(Member.id.in_(ids[i : i + 500]))
        ):
            out[row.id] = row
    return out


def _enrollments(s: Session, ids: list[int]) -> dict[int, Any]:
    out: dict[int, Any] = {}
    for i in range(0, len(ids), 500):
        for row in s.execute(
            select(
                Enrollment.id, Enrollment.shares, Enrollment.enrolled_on, Enrollment.renewal
            ).where(Enrollment.id.in_(ids[i : i + 500]))
        ):
            out[row.id] = row
    return out
