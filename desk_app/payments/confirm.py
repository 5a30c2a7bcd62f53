"""已付款: the bank paid a batch's list (``confirm_paid``), in three named steps — the checks
(listed, due, unchanged since listed), the split of the batch's claims into paid and released,
and the writes of the paid rows (payments appended for good, reversals made negative payments,
the batch then its claims paid, in the order migration 0003 asks), then the audit. Runs on the
database worker thread; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.changes import Done
from base.clock import now, today
from base.errors import Conflict, ValidationError, msg
from db.engine import UnitOfWork
from db.models import Payment, PaymentBatch, PendingReversal
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.payments import verify
from desk_app.payments.batches import CHANGED, batch_target, batch_view, find_open_batch
from desk_app.payments.model import ZERO, BatchView, PayableRow
from desk_app.payments.rows import digest, open_batch_rows, touch_claims
from desk_app.system.months import check_open


@dataclass(frozen=True)
class _Outcome:
    """What confirming does with a batch's rows."""

    pay: list[PayableRow]  # claims paid now
    released: list[PayableRow]  # claims that leave the batch, payable again
    no_account: list[PayableRow]  # released: the member has no bank account
    failed: set[int]  # released: the bank sent the transfer back (claim ids)
    reversals: list[PayableRow]  # reversals paid now (negative)


def confirm_paid(
    uow: UnitOfWork, actor: Actor, batch_id: int, *, failed: Sequence[int] = ()
) -> Done[BatchView]:
    """已付款: the bank paid the batch's list. Appends the payments (for good), turns the claims
    ``paid`` on the pay date, and the reversals into negative payments.

    A claim whose member has no account was not on the bank's transfers, and a claim in
    ``failed`` (ids: the bank sent the transfer back) was not paid: both leave the batch and are
    payable again (the next batch pays them once the account is right). Refused when the lists
    were not written or the batch changed since (an account added or changed: write them again),
    before the pay date, and in a locked month.
    """
    authorize(uow, actor, Perm.PAY, f"batch:{batch_id}")
    s = uow.session
    batch = find_open_batch(s, batch_id)
    check_open(s, batch.pay_date, "付款", "a payment")
    rows = open_batch_rows(s, batch.id)
    _check_listed(batch, rows)
    outcome = _split(s, batch, rows, failed)
    _write_paid(s, actor, batch, outcome)
    audit.record(
        s,
        actor.login,
        "batch.paid",
        batch_target(batch.batch_no),
        detail={
            "pay_date": batch.pay_date.isoformat(),
            "paid": len(outcome.pay),
            "total": str(batch.total),
            "reversals": len(outcome.reversals),
            "no_account": [r.claim_no for r in outcome.no_account],
            "failed": [r.claim_no for r in outcome.released if r.claim_id in outcome.failed],
        },
    )
    return Done(batch_view(s, batch), CHANGED)


def _check_listed(batch: PaymentBatch, rows: list[PayableRow]) -> None:
    """The lists were written, the pay date has come, and the batch is as it was listed."""
    if batch.lists_digest is None:
        raise Conflict(
            msg(
                "批次 {b} 还没有生成代发明细：请先生成并交银行，再确认已付款",
                "the bank list of batch {b} was not written yet: write it, send it to the bank, "
                "then confirm",
                b=batch.batch_no,
            ),
            code="not_listed",
        )
    if batch.pay_date > today():
        raise Conflict(
            msg(
                "批次 {b} 的付款日期是 {d}，到当天才能确认已付款",
                "batch {b} is to be paid on {d}: confirm it on that day or later",
                b=batch.batch_no,
                d=batch.pay_date.isoformat(),
            ),
            code="not_yet",
        )
    if digest(batch, rows) != batch.lists_digest:
        raise Conflict(
            msg(
                "批次 {b} 在生成代发明细后有变化（如账号有改动）：请重新生成代发明细并交银行，"
                "再确认已付款",
                "batch {b} changed after its bank list was written (an account changed, say): "
                "write the lists again, send the new bank list, then confirm",
                b=batch.batch_no,
            ),
            code="stale_lists",
        )


def _split(
    s: Session, batch: PaymentBatch, rows: list[PayableRow], failed: Sequence[int]
) -> _Outcome:
    """The claims paid and those released (no account, or the transfer failed); refuses an
    unverified claim, a failed claim not in the batch, and a batch with nothing to pay."""
    claims = [r for r in rows if r.kind == "payment"]
    verify.refuse_unverified(s, [r.claim_id for r in claims], batch.batch_no)
    in_batch = {r.claim_id for r in claims}
    bad = [c for c in failed if c not in in_batch]
    if bad:
        raise ValidationError(
            msg(
                "申请 {c} 不在批次 {b} 中",
                "claim {c} is not in batch {b}",
                c=bad[0],
                b=batch.batch_no,
            )
        )
    failed_set = set(failed)
    no_account = [r for r in claims if r.payout > 0 and not r.bank_account]
    no_account_ids = {r.claim_id for r in no_account}
    released = [r for r in claims if r.claim_id in failed_set or r.claim_id in no_account_ids]
    released_ids = {r.claim_id for r in released}
    pay = [r for r in claims if r.claim_id not in released_ids]
    reversals = [r for r in rows if r.kind == "reversal"]
    if not pay and not reversals:
        raise Conflict(
            msg(
                "批次 {b} 中没有可以付款的申请（都缺少账号或转账失败）：请作废该批次",
                "nothing in batch {b} can be paid (no account, or the transfer failed): "
                "cancel the batch instead",
                b=batch.batch_no,
            ),
            code="nothing_to_pay",
        )
    return _Outcome(pay, released, no_account, failed_set, reversals)


def _write_paid(s: Session, actor: Actor, batch: PaymentBatch, outcome: _Outcome) -> None:
    """The paid rows: the payments and the reversals' negative payments, then the batch paid,
    then its claims paid (the released ones out of the batch)."""
    payments = [
        Payment(
            batch_id=batch.id,
            claim_id=r.claim_id,
            member_id=r.member_id,
            kind="payment",
            amount=r.payout,
            pay_date=batch.pay_date,
            account=r.bank_account,
            created_by=actor.login,
        )
        for r in outcome.pay
    ]
    made = _reversal_payments(s, actor, batch, outcome.reversals)
    s.add_all(payments)
    s.add_all(pay for _p, pay in made)
    s.flush()
    for p, payment in made:
        p.done_payment_id = payment.id
    # The batch turns paid with its payments in it, then its claims with their payment: the
    # order the database's rules ask (migration 0003).
    batch.status = "paid"
    batch.paid_at = now()
    batch.paid_by = actor.login
    batch.count = len(outcome.pay)
    batch.total = sum((r.payout for r in outcome.pay), ZERO) + sum(
        (r.payout for r in outcome.reversals), ZERO
    )
    s.flush()
    touch_claims(s, [r.claim_id for r in outcome.pay], status="paid", paid_on=batch.pay_date)
    touch_claims(s, sorted(r.claim_id for r in outcome.released), payment_batch_id=None)


def _reversal_payments(
    s: Session, actor: Actor, batch: PaymentBatch, reversals: list[PayableRow]
) -> list[tuple[PendingReversal, Payment]]:
    """Each pending reversal of the batch with the negative payment that pays it."""
    pending = {
        p.id: p
        for p in s.execute(
            select(PendingReversal).where(PendingReversal.batch_id == batch.id)
        ).scalars()
    }
    made: list[tuple[PendingReversal, Payment]] = []
    for r in reversals:
        assert r.reversal_id is not None
        p = pending[r.reversal_id]
        made.append(
            (
                p,
                Payment(
                    batch_id=batch.id,
                    claim_id=r.claim_id,
                    member_id=r.member_id,
                    kind="reversal",
                    amount=-p.amount,
                    pay_date=batch.pay_date,
                    account=None,
                    reverses_id=p.payment_id,
                    reason=p.reason,
                    created_by=actor.login,
                ),
            )
        )
    return made
