"""Reversals (冲正): money paid on a claim taken back, in whole or in part.

A paid amount is never edited. A mistake found after payment is corrected by a reversal asked
for here; it waits (``pending_reversals``) until the next batch takes it, and becomes a negative
payment when that batch is confirmed, in that batch's month. The monthly return shows it there.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from base.changes import Changes, Done
from base.clock import now
from base.errors import Conflict, NotFound, ValidationError, msg
from base.money import MoneyError, fmt, from_fen, parse_money
from db.engine import UnitOfWork
from db.models import Claim, Member, Payment, PaymentBatch, PendingReversal
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.claims.model import STATUS_NAMES
from desk_app.payments.model import MAX_REASON, ZERO, ReversalRow
from desk_app.payments.rows import fen, net_paid

CHANGED = Changes(payments=True, claims=True, audit=True)


def reverse_payment(
    uow: UnitOfWork, actor: Actor, claim_id: int, amount: Decimal, reason: str
) -> Done[None]:
    """Ask for a reversal of ``amount`` (positive, at most what the claim's payments still come
    to after earlier reversals) of a paid claim, with the reason; it goes into the next batch."""
    authorize(uow, actor, Perm.PAY, f"claim:{claim_id}")
    s = uow.session
    claim = _paid_claim(s, claim_id)
    value = _amount(amount)
    words = _reason(reason)
    paid = _check_still_paid(s, claim, value)
    original = s.execute(
        select(Payment)
        .where(Payment.claim_id == claim.id, Payment.kind == "payment")
        .order_by(Payment.id.desc())
        .limit(1)
    ).scalar_one()
    s.add(
        PendingReversal(
            claim_id=claim.id,
            payment_id=original.id,
            amount=value,
            reason=words,
            requested_by=actor.login,
            requested_at=now(),
        )
    )
    s.flush()
    audit.record(
        s,
        actor.login,
        "claim.reverse",
        f"claim:{claim.claim_no}",
        detail={"amount": str(value), "reason": words, "paid": str(paid)},
    )
    return Done(None, CHANGED)


def _paid_claim(s: Session, claim_id: int) -> Claim:
    """The claim, refused unless it was paid."""
    claim = s.get(Claim, claim_id)
    if claim is None:
        raise NotFound(msg("没有申请 {c}", "no claim {c}", c=claim_id), code="no_claim")
    if claim.status not in ("paid", "reported"):
        st_zh, st_en = STATUS_NAMES.get(claim.status, (claim.status, claim.status))
        raise Conflict(
            msg(
                "申请 {n} 当前为「{s}」：只有已给付的申请可以冲正",
                "claim {n} is {s_en}: only a paid claim can be reversed",
                n=claim.claim_no,
                s=st_zh,
                s_en=st_en,
            ),
            code="wrong_status",
        )
    return claim


def _amount(amount: Decimal) -> Decimal:
    """The amount to reverse, exact and more than 0."""
    try:
        value = parse_money(amount)
    except MoneyError as exc:
        raise ValidationError(
            msg("冲正金额无效：{a}", "the amount to reverse is not valid: {a}", a=amount)
        ) from exc
    if value <= 0:
        raise ValidationError(
            msg("冲正金额须大于 0", "the amount to reverse must be more than 0"),
            code="amount",
        )
    return value


def _reason(reason: str) -> str:
    """The reason, its white space folded; required, at most ``MAX_REASON`` characters."""
    words = " ".join((reason or "").split())
    if not words:
        raise ValidationError(
            msg("请写明冲正原因", "give the reason for the reversal"), code="reason"
        )
    if len(words) > MAX_REASON:
        raise ValidationError(
            msg(
                "冲正原因最多 {n} 个字",
                "the reason may be at most {n} characters",
                n=MAX_REASON,
            ),
            code="reason",
        )
    return words


def _check_still_paid(s: Session, claim: Claim, value: Decimal) -> Decimal:
    """Refuses a reversal of more than the claim's payments come to after the reversals
    already waiting; returns what the claim's payments come to."""
    paid = net_paid(s, claim.id)
    waiting = s.execute(
        select(func.sum(fen(PendingReversal.amount))).where(
            PendingReversal.claim_id == claim.id, PendingReversal.done_payment_id.is_(None)
        )
    ).scalar()
    left = paid - from_fen(int(waiting or 0))
    if value > left:
        raise ValidationError(
            msg(
                "申请 {n} 实付 {p} 元，待冲正 {w} 元，最多还能冲正 {l} 元",
                "claim {n}: {p} was paid and {w} is waiting to be reversed; at most {l} can "
                "still be reversed",
                n=claim.claim_no,
                p=fmt(paid),
                w=fmt(paid - left),
                l=fmt(max(left, ZERO)),
            ),
            code="amount",
        )
    return paid


def pending_reversals(uow: UnitOfWork, *, include_paid: bool = False) -> list[ReversalRow]:
    """Reversals asked for and not yet paid (with ``include_paid``, the paid ones too), oldest
    first."""
    stmt = (
        select(PendingReversal, Claim.claim_no, Claim.approval_no, Member.name, PaymentBatch)
        .join(Claim, Claim.id == PendingReversal.claim_id)
        .join(Member, Member.id == Claim.member_id)
        .outerjoin(PaymentBatch, PaymentBatch.id == PendingReversal.batch_id)
        .order_by(PendingReversal.id)
    )
    if not include_paid:
        stmt = stmt.where(PendingReversal.done_payment_id.is_(None))
    out = []
    for p, claim_no, approval_no, name, batch in uow.session.execute(stmt):
        status = "paid" if p.done_payment_id else ("batched" if batch is not None else "pending")
        out.append(
            ReversalRow(
                id=p.id,
                claim_id=p.claim_id,
                claim_no=claim_no,
                approval_no=approval_no,
                member_name=name,
                amount=p.amount,
                reason=p.reason,
                requested_by=p.requested_by,
                requested_at=p.requested_at,
                status=status,
                batch_no=batch.batch_no if batch is not None else None,
            )
        )
    return out


def cancel_reversal(uow: UnitOfWork, actor: Actor, reversal_id: int) -> Done[None]:
    """Withdraw a reversal that is not in any batch yet (asked for by mistake)."""
    authorize(uow, actor, Perm.PAY, f"reversal:{reversal_id}")
    s = uow.session
    p = s.get(PendingReversal, reversal_id)
    if p is None:
        raise NotFound(msg("没有冲正记录 {i}", "no reversal {i}", i=reversal_id))
    if p.done_payment_id is not None or p.batch_id is not None:
        raise Conflict(
            msg(
                "该冲正已进入支付批次，不能撤销（先从批次中作废）",
                "the reversal is in a payment batch: cancel the batch first",
            ),
            code="wrong_status",
        )
    claim = s.get(Claim, p.claim_id)
    assert claim is not None
    detail = {"amount": str(p.amount), "reason": p.reason}
    s.delete(p)
    s.flush()
    audit.record(s, actor.login, "claim.reverse_cancel", f"claim:{claim.claim_no}", detail=detail)
    return Done(None, CHANGED)
