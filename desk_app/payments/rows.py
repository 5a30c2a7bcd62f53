"""Reading what a batch pays, and its figures, in a few SQL statements (no ORM objects leave).

Shared by the batch services and the list writers. Money is summed in SQL as integer fen and
turned into ``Decimal`` here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Select, and_, case, func, or_, select, type_coerce, update
from sqlalchemy.orm import Session, aliased

from base.clock import now
from base.money import from_fen
from db.models import (
    Claim,
    Enrollment,
    Member,
    Payment,
    PaymentBatch,
    PendingReversal,
    Scheme,
    Unit,
)
from desk_app.payments.model import ZERO, BatchView, PayableRow

CHUNK = 500
_EnrUnit = aliased(Unit, name="enr_unit")
_MemUnit = aliased(Unit, name="mem_unit")


def fen(column: Any) -> Any:
    """A money column as its stored integer (fen), to sum in SQL exactly."""
    return type_coerce(column, BigInteger)


def clean_account(value: str | None) -> str | None:
    v = (value or "").strip()
    return v or None


def _has_account(col: Any) -> Any:
    return and_(col.is_not(None), func.trim(col) != "")


def _no_text(col: Any) -> Any:
    return or_(col.is_(None), func.trim(col) == "")


# The facts every list row shows, in this order: claim id, claim number, approval number, the
# member's name and ID number, the unit (the enrollment's, else the member's), the scheme code.
_FACTS = 7


def _facts() -> tuple[Any, ...]:
    return (
        Claim.id,
        Claim.claim_no,
        Claim.approval_no,
        Member.name,
        Member.id_number,
        func.coalesce(_EnrUnit.name, _MemUnit.name),
        Scheme.code,
    )


def _fact_fields(r: Any, at: int) -> dict[str, Any]:
    """The :func:`_facts` columns of row ``r``, starting at column ``at``, as PayableRow fields."""
    names = ("claim_id", "claim_no", "approval_no", "member_name", "id_number", "unit_name")
    return {**dict(zip(names, r[at : at + 6], strict=True)), "scheme_code": r[at + 6]}


def _scheme_and_units(stmt: Select[Any]) -> Select[Any]:
    """Join the claim's scheme and both candidate units (Claim and Member already joined)."""
    return (
        stmt.join(Scheme, Scheme.id == Claim.scheme_id)
        .join(Enrollment, Enrollment.id == Claim.enrollment_id)
        .outerjoin(_EnrUnit, _EnrUnit.id == Enrollment.unit_id)
        .outerjoin(_MemUnit, _MemUnit.id == Member.unit_id)
    )


def claim_rows_stmt() -> Select[*tuple[Any, ...]]:
    """Claims with their member, scheme and unit (the enrollment's unit, else the member's)."""
    stmt = select(
        *_facts(), Claim.payout, Member.bank_account, Member.phone, Claim.reviewed_at, Member.id
    ).join(Member, Member.id == Claim.member_id)
    return _scheme_and_units(stmt)


def claim_row(r: Any) -> PayableRow:
    return PayableRow(
        **_fact_fields(r, 0),
        payout=r[_FACTS],
        bank_account=clean_account(r[_FACTS + 1]),
        phone=clean_account(r[_FACTS + 2]),
        reviewed_at=r[_FACTS + 3],
        member_id=r[_FACTS + 4],
    )


def payable_rows(session: Session) -> list[PayableRow]:
    """Approved claims in no batch and not held for a second look, by approval number."""
    stmt = (
        claim_rows_stmt()
        .where(
            Claim.status == "approved",
            Claim.payment_batch_id.is_(None),
            Claim.second_look.is_(False),
        )
        .order_by(Claim.approval_no, Claim.id)
    )
    return [claim_row(r) for r in session.execute(stmt)]


def claim_rows(session: Session, claim_ids: Sequence[int]) -> dict[int, PayableRow]:
    out: dict[int, PayableRow] = {}
    for chunk in chunks(list(claim_ids)):
        for r in session.execute(claim_rows_stmt().where(Claim.id.in_(chunk))):
            out[r[0]] = claim_row(r)
    return out


def reversal_rows_stmt() -> Select[*tuple[Any, ...]]:
    stmt = (
        select(
            PendingReversal.id,
            PendingReversal.amount,
            PendingReversal.reason,
            *_facts(),
            Member.phone,
            Claim.reviewed_at,
            Member.id,
        )
        .join(Claim, Claim.id == PendingReversal.claim_id)
        .join(Member, Member.id == Claim.member_id)
    )
    return _scheme_and_units(stmt)


def _reversal_row(r: Any) -> PayableRow:
    return PayableRow(
        **_fact_fields(r, 3),
        payout=-r[1],
        bank_account=None,
        phone=clean_account(r[3 + _FACTS]),
        reviewed_at=r[4 + _FACTS],
        kind="reversal",
        reason=r[2],
        reversal_id=r[0],
        member_id=r[5 + _FACTS],
    )


def open_batch_rows(session: Session, batch_id: int) -> list[PayableRow]:
    """An open batch: its claims as they stand now (accounts may still be added), then its
    reversals (negative)."""
    claims = session.execute(
        claim_rows_stmt()
        .where(Claim.payment_batch_id == batch_id, Claim.status == "approved")
        .order_by(Claim.approval_no, Claim.id)
    )
    rows = [claim_row(r) for r in claims]
    revs = session.execute(
        reversal_rows_stmt()
        .where(PendingReversal.batch_id == batch_id, PendingReversal.done_payment_id.is_(None))
        .order_by(Claim.approval_no, PendingReversal.id)
    )
    return rows + [_reversal_row(r) for r in revs]


def paid_batch_rows(session: Session, batch_id: int) -> list[PayableRow]:
    """A paid batch: exactly what was paid (the payments rows, with the account paid to)."""
    rev = aliased(PendingReversal)
    stmt = (
        select(
            Payment.kind,
            Payment.amount,
            Payment.account,
            Payment.reason,
            rev.id,
            *_facts(),
            Member.phone,
            Claim.reviewed_at,
            Member.id,
        )
        .join(Claim, Claim.id == Payment.claim_id)
        .join(Member, Member.id == Payment.member_id)
    )
    stmt = (
        _scheme_and_units(stmt)
        .outerjoin(rev, rev.done_payment_id == Payment.id)
        .where(Payment.batch_id == batch_id)
        .order_by(case((Payment.kind == "payment", 0), else_=1), Claim.approval_no, Payment.id)
    )
    return [
        PayableRow(
            **_fact_fields(r, 5),
            payout=r[1],
            bank_account=clean_account(r[2]),
            phone=clean_account(r[5 + _FACTS]),
            reviewed_at=r[6 + _FACTS],
            kind=r[0],
            reason=r[3],
            reversal_id=r[4],
            member_id=r[7 + _FACTS],
        )
        for r in session.execute(stmt)
    ]


def batch_rows_of(session: Session, batch: PaymentBatch) -> list[PayableRow]:
    if batch.status == "paid":
        return paid_batch_rows(session, batch.id)
    return open_batch_rows(session, batch.id)


def digest(batch: PaymentBatch, rows: Iterable[PayableRow]) -> str:
    """What the bank list of an open batch said: the batch, and every row's claim, person,
    account and amount. Confirmation compares it with the batch as it stands."""
    h = hashlib.sha256(f"{batch.batch_no}|{batch.pay_date.isoformat()}\n".encode())
    for r in sorted(rows, key=lambda r: (r.kind, r.claim_id, r.reversal_id or 0)):
        line = "|".join(
            [
                r.kind,
                str(r.claim_id),
                str(r.reversal_id or ""),
                r.member_name,
                r.id_number,
                r.bank_account or "",
                str(r.payout),
            ]
        )
        h.update(line.encode("utf-8") + b"\n")
    return h.hexdigest()


def views(session: Session, batches: Sequence[PaymentBatch]) -> list[BatchView]:
    """Views of batches, with their figures counted in SQL (open: the claims and reversals in
    them now; paid: the payments)."""
    open_ids = [b.id for b in batches if b.status == "open"]
    paid_ids = [b.id for b in batches if b.status == "paid"]
    figures: dict[int, dict[str, Any]] = {}
    for chunk in chunks(open_ids):
        _open_figures(session, chunk, figures)
    for chunk in chunks(paid_ids):
        _paid_figures(session, chunk, figures)
    out = []
    for b in batches:
        f = figures.get(b.id, {})
        count, total = int(f.get("count") or 0), from_fen(int(f.get("total") or 0))
        rev_n, rev_total = int(f.get("rev_n") or 0), from_fen(int(f.get("rev_total") or 0))
        out.append(
            BatchView(
                id=b.id,
                batch_no=b.batch_no,
                pay_date=b.pay_date,
                status=b.status,
                count=count,
                total=total - rev_total,
                reversals=rev_n,
                missing_account=int(f.get("missing_account") or 0),
                missing_phone=int(f.get("missing_phone") or 0),
                created_by=b.created_by,
                paid_by=b.paid_by,
                paid_at=b.paid_at,
                bank_count=int(f.get("bank_count") or 0),
                bank_total=from_fen(int(f.get("bank_total") or 0)),
                reversal_total=rev_total,
                lists_written_at=b.lists_written_at,
            )
        )
    return out


def _open_figures(session: Session, ids: Sequence[int], out: dict[int, dict[str, Any]]) -> None:
    pay = fen(Claim.payout)
    transfer = and_(fen(Claim.payout) > 0, _has_account(Member.bank_account))
    no_account = and_(fen(Claim.payout) > 0, _no_text(Member.bank_account))
    stmt = (
        select(
            Claim.payment_batch_id,
            func.count(),
            func.sum(pay),
            func.sum(case((no_account, 1), else_=0)),
            func.count(func.distinct(case((and_(transfer, _no_text(Member.phone)), Member.id)))),
            func.sum(case((transfer, 1), else_=0)),
            func.sum(case((transfer, pay), else_=0)),
        )
        .join(Member, Member.id == Claim.member_id)
        .where(Claim.payment_batch_id.in_(ids), Claim.status == "approved")
        .group_by(Claim.payment_batch_id)
    )
    for bid, n, total, missing, no_phone, bank_n, bank_total in session.execute(stmt):
        out.setdefault(bid, {}).update(
            count=n,
            total=total,
            missing_account=missing,
            missing_phone=no_phone,
            bank_count=bank_n,
            bank_total=bank_total,
        )
    revs = (
        select(PendingReversal.batch_id, func.count(), func.sum(fen(PendingReversal.amount)))
        .where(PendingReversal.batch_id.in_(ids), PendingReversal.done_payment_id.is_(None))
        .group_by(PendingReversal.batch_id)
    )
    for bid, n, total in session.execute(revs):
        out.setdefault(bid, {}).update(rev_n=n, rev_total=total)


def _paid_figures(session: Session, ids: Sequence[int], out: dict[int, dict[str, Any]]) -> None:
    amount = fen(Payment.amount)
    is_pay = Payment.kind == "payment"
    transfer = and_(is_pay, fen(Payment.amount) > 0, _has_account(Payment.account))
    stmt = (
        select(
            Payment.batch_id,
            func.sum(case((is_pay, 1), else_=0)),
            func.sum(case((is_pay, amount), else_=0)),
            func.sum(case((is_pay, 0), else_=1)),
            -func.sum(case((is_pay, 0), else_=amount)),
            func.count(func.distinct(case((and_(transfer, _no_text(Member.phone)), Member.id)))),
            func.sum(case((transfer, 1), else_=0)),
            func.sum(case((transfer, amount), else_=0)),
        )
        .join(Member, Member.id == Payment.member_id)
        .where(Payment.batch_id.in_(ids))
        .group_by(Payment.batch_id)
    )
    for bid, n, total, rev_n, rev_total, no_phone, bank_n, bank_total in session.execute(stmt):
        out.setdefault(bid, {}).update(
            count=n,
            total=total,
            rev_n=rev_n,
            rev_total=rev_total,
            missing_phone=no_phone,
            bank_count=bank_n,
            bank_total=bank_total,
        )


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def touch_claims(session: Session, claim_ids: Sequence[int], **values: Any) -> None:
    """Set ``values`` on many claims with UPDATE statements, keeping what the ORM hook would
    keep (a new version, ``updated_at``, an outbox row each). Claims loaded in the session are
    expired so they read the new values."""
    if not claim_ids:
        return
    session.flush()
    stamp: datetime = now()
    for chunk in chunks(list(claim_ids)):
        session.execute(
            update(Claim)
            .where(Claim.id.in_(chunk))
            .values(**values, version=Claim.version + 1, updated_at=stamp)
            .execution_options(synchronize_session=False)
        )  # the outbox rows: the database's triggers (migration 0003)
    wanted = set(claim_ids)
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Claim) and obj.id in wanted:
            session.expire(obj)


def net_paid(session: Session, claim_id: int) -> Decimal:
    """What a claim's payments came to, reversals included."""
    total = session.execute(
        select(func.sum(fen(Payment.amount))).where(Payment.claim_id == claim_id)
    ).scalar()
    return from_fen(int(total or 0)) if total is not None else ZERO
