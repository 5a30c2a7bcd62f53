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
from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from base.clock import now
from base.progress import Progress, check, report
from db.base import new_uid
from db.models import Calculation, CalculationLine, Claim, Enrollment, Member, Receipt, Scheme
from db.outbox import enqueue
from desk_app.claims import calc as desk_calc
from desk_app.claims.model import AMOUNT_FIELDS, ZERO
from desk_app.claims.numbers import SUBMIT_SEQ, claim_numbers, reserve
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
    scheme = desk_calc.load_scheme_for(s, scheme_row)
    member_ids = sorted({c.member_id for c in claims})
    members = _members(s, member_ids)
    enrollments = _enrollments(s, sorted({c.enrollment_id for c in claims}))
    paid_before: set[int] = set()
    if desk_calc.has_once_only(scheme):
        paid_before = desk_calc.lump_sums_paid_before(s, member_ids, scheme_row)
    counted = desk_calc.counted_claims(s, member_ids, scheme_row.id)
    check(cancel)
    numbers = claim_numbers(s, len(claims))
    first_seq = reserve(s, SUBMIT_SEQ, len(claims))
    stamp = now()
    claim_id = _next_id(s, Claim.id)
    calc_id = _next_id(s, Calculation.id)
    claim_rows: list[dict[str, Any]] = []
    receipt_rows: list[dict[str, Any]] = []
    calc_rows: list[dict[str, Any]] = []
    line_rows: list[dict[str, Any]] = []
    uids: dict[str, list[str]] = {"claim": [], "receipt": [], "calculation": []}
    ledgers: dict[int, tuple[Ledger, Any, list[Any]]] = {}
    for n, c in enumerate(claims):
        if n % 200 == 0:
            check(cancel)
            report(progress, n / len(claims), f"已计算 {n} 件")
        c.claim_no = numbers[n]
        entry = ledgers.get(c.member_id)
        if entry is None:
            member_in = desk_calc.facts(
                members[c.member_id], enrollments[c.enrollment_id], c.member_id in paid_before
            )
            ledger = Ledger(scheme, member_in)
            earlier = [x.claim for x in counted.get(c.member_id, [])]
            for e in earlier:
                ledger.add(e)
            entry = ledgers[c.member_id] = (ledger, member_in, earlier)
        ledger, member_in, earlier = entry
        engine_claim = desk_calc.engine_claim(
            c.kind,
            admission=c.admission,
            discharge=c.discharge,
            visit_date=c.visit_date,
            event_date=None,
            disease=c.disease_code,
            receipts=[desk_calc.Amounts(**r.amounts) for r in c.receipts],
            ref=c.claim_no,
        )
        result = ledger.add(engine_claim)
        earlier.append(engine_claim)
        c.calc_status, c.calc_reason, c.payout = result.status, result.reason, result.payout
        uid = new_uid()
        uids["claim"].append(uid)
        claim_rows.append(
            {
                "id": claim_id,
                "uid": uid,
                "version": 1,
                "created_at": stamp,
                "updated_at": stamp,
                "claim_no": c.claim_no,
                "approval_no": None,
                "member_id": c.member_id,
                "enrollment_id": c.enrollment_id,
                "scheme_id": scheme_row.id,
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
                "created_by": login,
                "submitted_at": stamp,
                "submitted_by": login,
                "reviewed_at": None,
                "reviewed_by": None,
                "payment_batch_id": None,
                "paid_on": None,
                "reported_month": None,
                "submit_seq": first_seq + n,
                "second_look": False,
            }
        )
        for seq, r in enumerate(c.receipts, start=1):
            ruid = new_uid()
            uids["receipt"].append(ruid)
            receipt_rows.append(
                {
                    "uid": ruid,
                    "version": 1,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "claim_id": claim_id,
                    "seq": seq,
                    "invoice_no": r.invoice_no,
                    "hospital": r.hospital,
                    **{f: r.amounts[f] for f in AMOUNT_FIELDS},
                }
            )
        cuid = new_uid()
        uids["calculation"].append(cuid)
        calc_rows.append(
            {
                "id": calc_id,
                "uid": cuid,
                "version": 1,
                "created_at": stamp,
                "updated_at": stamp,
                "claim_id": claim_id,
                "scheme_id": scheme_row.id,
                "scheme_sha256": scheme_row.source_sha256,
                "engine_version": ENGINE_VERSION,
                "status": result.status,
                "reason": result.reason,
                "payout": result.payout,
                "cap_left": result.cap_left,
                "benefits": desk_calc.benefits_json(result),
                "input": input_to_json(member_in, earlier),
                "computed_by": login,
                "current": True,
            }
        )
        line_rows.extend(
            {"calculation_id": calc_id, "seq": i, "text": t}
            for i, t in enumerate(result.lines, start=1)
        )
        claim_id += 1
        calc_id += 1
    check(cancel)
    report(progress, 0.9, "写入申请")
    conn = s.connection()
    conn.execute(insert(_table(Claim)), claim_rows)
    conn.execute(insert(_table(Receipt)), receipt_rows)
    conn.execute(insert(_table(Calculation)), calc_rows)
    if line_rows:
        conn.execute(insert(_table(CalculationLine)), line_rows)
    for entity, values in uids.items():
        enqueue(s, entity, values)
    report(progress, 1.0, "")


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
