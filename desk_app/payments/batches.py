"""Payment batches (给付批次): approved claims (and pending reversals) put together with a
number and a pay date, listed for the bank and the SMS platform, then confirmed paid.

The life of a batch: ``create_batch`` (open) → ``write_lists`` (the bank list, FILES.md §4, and
the SMS list, §5; the rows listed are remembered by a digest) → ``confirm_paid`` (in
``confirm.py``: the payments are appended, for good; claims become ``paid`` with the pay date)
— or ``cancel_batch`` while it is open. Only a reviewer pays (``Perm.PAY``). Nothing is paid
into a locked month. Runs on the database worker thread; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.changes import Changes, Done
from base.clock import local, now, today
from base.errors import Conflict, NotFound, ValidationError, msg
from base.money import fmt
from db.engine import UnitOfWork
from db.models import Claim, PaymentBatch, PendingReversal
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.claims.model import STATUS_NAMES
from desk_app.payments import layouts, lists, verify
from desk_app.payments.model import MAX_DAYS_AHEAD, ZERO, BatchView, ListFiles, PayableRow
from desk_app.payments.rows import (
    batch_rows_of,
    chunks,
    claim_row,
    claim_rows,
    claim_rows_stmt,
    digest,
    open_batch_rows,
    payable_rows,
    touch_claims,
    views,
)
from desk_app.system import counters, settings
from desk_app.system.months import check_open

CHANGED = Changes(payments=True, claims=True, audit=True)


def batch_target(batch_no: str) -> str:
    """A batch as the audit trail names it."""
    return f"batch:{batch_no}"


def find_batch(session: Session, batch_id_or_no: int | str) -> PaymentBatch:
    """A batch by id or by its number (as typed, any case)."""
    if isinstance(batch_id_or_no, int):
        batch = session.get(PaymentBatch, batch_id_or_no)
    else:
        number = "".join(str(batch_id_or_no).split()).upper()
        batch = session.execute(
            select(PaymentBatch).where(PaymentBatch.batch_no == number)
        ).scalar_one_or_none()
    if batch is None:
        raise NotFound(
            msg("没有支付批次 {b}", "no payment batch {b}", b=batch_id_or_no), code="no_batch"
        )
    return batch


def find_open_batch(session: Session, batch_id: int) -> PaymentBatch:
    """A batch that is still open (not yet confirmed paid)."""
    batch = find_batch(session, batch_id)
    if batch.status != "open":
        raise Conflict(
            msg("批次 {b} 已付款", "batch {b} is paid already", b=batch.batch_no),
            code="wrong_status",
        )
    return batch


def batch_view(session: Session, batch: PaymentBatch) -> BatchView:
    """The batch as the window shows it (after the pending writes)."""
    """The batch as the window shows it (after the pending writes)."""
    session.flush()
    return views(session, [batch])[0]


def approved_on(row: PayableRow) -> date | None:
    """The desk day of a claim's approval."""
    return local(row.reviewed_at).date() if row.reviewed_at is not None else None


def payable_claims(uow: UnitOfWork) -> list[PayableRow]:
    """待给付: approved claims in no batch, by approval number. Claims drawn for a second look
    (抽查复核) are held until another reviewer confirms them."""
    return payable_rows(uow.session)


def held_claims(uow: UnitOfWork) -> list[PayableRow]:
    """Approved claims held back for a second look (not payable until confirmed)."""
    stmt = (
        claim_rows_stmt()
        .where(
            Claim.status == "approved",
            Claim.payment_batch_id.is_(None),
            Claim.second_look.is_(True),
        )
        .order_by(Claim.approval_no, Claim.id)
    )
    return [claim_row(r) for r in uow.session.execute(stmt)]


def _check_pay_date(session: Session, pay_date: date) -> None:
    if pay_date > today() + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError(
            msg(
                "付款日期 {d} 太远：最多可提前 {n} 天安排",
                "pay date {d} is too far ahead: at most {n} days from today",
                d=pay_date.isoformat(),
                n=MAX_DAYS_AHEAD,
            ),
            code="pay_date",
        )
    check_open(session, pay_date, "付款", "a payment")


def _chosen_claims(session: Session, claim_ids: Sequence[int], pay_date: date) -> list[PayableRow]:
    ids = list(dict.fromkeys(claim_ids))
    found = claim_rows(session, ids)
    states: dict[int, Claim] = {}
    for chunk in chunks(ids):
        states.update(
            (c.id, c) for c in session.execute(select(Claim).where(Claim.id.in_(chunk))).scalars()
        )
    out = []
    for cid in ids:
        claim = states.get(cid)
        if claim is None or cid not in found:
            raise NotFound(msg("没有申请 {c}", "no claim {c}", c=cid), code="no_claim")
        if claim.status != "approved" or claim.payment_batch_id is not None:
            st_zh, st_en = STATUS_NAMES.get(claim.status, (claim.status, claim.status))
            where_zh = "，已在支付批次中" if claim.payment_batch_id is not None else ""
            where_en = ", already in a payment batch" if claim.payment_batch_id else ""
            raise Conflict(
                msg(
                    "申请 {n} 当前为「{s}」{w}：只有未给付的已审批申请可以付款",
                    "claim {n} is {s_en}{w_en}: only approved claims not yet paid can be paid",
                    n=claim.claim_no,
                    s=st_zh,
                    s_en=st_en,
                    w=where_zh,
                    w_en=where_en,
                ),
                code="wrong_status",
            )
        if claim.second_look:
            raise Conflict(
                msg(
                    "申请 {n} 被抽中复核，复核确认后才能付款",
                    "claim {n} was drawn for a second look: it is paid once that is confirmed",
                    n=claim.claim_no,
                ),
                code="second_look",
            )
        row = found[cid]
        day = approved_on(row)
        if day is not None and day > pay_date:
            raise ValidationError(
                msg(
                    "申请 {n} 于 {a} 审批，付款日期 {d} 不能早于审批日期",
                    "claim {n} was approved on {a}: it cannot be paid on {d}, before that",
                    n=claim.claim_no,
                    a=day.isoformat(),
                    d=pay_date.isoformat(),
                ),
                code="pay_date",
            )
        out.append(row)
    return out


def _pending(session: Session, reversal_ids: Sequence[int] | None) -> list[PendingReversal]:
    stmt = select(PendingReversal).where(
        PendingReversal.batch_id.is_(None), PendingReversal.done_payment_id.is_(None)
    )
    pending = list(session.execute(stmt.order_by(PendingReversal.id)).scalars())
    if reversal_ids is None:
        return pending
    by_id = {p.id: p for p in pending}
    missing = [i for i in reversal_ids if i not in by_id]
    if missing:
        raise Conflict(
            msg(
                "冲正 {i} 不在待处理状态（已入批次或已支付）",
                "reversal {i} is not pending (in a batch already, or paid)",
                i=missing[0],
            ),
            code="wrong_status",
        )
    return [by_id[i] for i in dict.fromkeys(reversal_ids)]


def create_batch(
    uow: UnitOfWork,
    actor: Actor,
    pay_date: date,
    claim_ids: Sequence[int] | None = None,
    *,
    reversal_ids: Sequence[int] | None = None,
) -> Done[BatchView]:
    """A new open batch paid on ``pay_date``: the given claims (``None``: every payable claim
    approved by that day) and the pending reversals (``reversal_ids=None``: all of them; ``()``:
    none). Refuses a date in a locked month, a claim that is not payable, an empty batch."""
    authorize(uow, actor, Perm.PAY, "payments")
    s = uow.session
    _check_pay_date(s, pay_date)
    if claim_ids is None:
        claims = [r for r in payable_rows(s) if (approved_on(r) or pay_date) <= pay_date]
    else:
        claims = _chosen_claims(s, claim_ids, pay_date)
    reversals = _pending(s, reversal_ids)
    held = verify.check_claims(s, [r.claim_id for r in claims])
    claims = [r for r in claims if r.claim_id not in held]
    if held and not claims and not reversals:
        raise Conflict(next(iter(held.values())).message, code="unverified")
    if claims and not reversals and all(r.payout > 0 and not r.bank_account for r in claims):
        # Nobody in it could be paid: the bank would get an empty list.
        raise Conflict(
            msg(
                "这 {n} 笔已审批申请的职工都没有银行账号，无法付款：请先补录账号",
                "none of the {n} approved claims can be paid: their members have no bank "
                "account; add the accounts first",
                n=len(claims),
            ),
            code="no_account",
        )
    if not claims and not reversals:
        raise Conflict(
            msg(
                "没有可付款的已审批申请或待冲正记录（{d} 及以前审批的）",
                "nothing to pay: no approved claims (approved by {d}) and no pending reversals",
                d=pay_date.isoformat(),
            ),
            code="nothing_to_pay",
        )
    year = pay_date.year
    batch = PaymentBatch(
        batch_no=f"ZF{year}-{counters.next_value(s, f'payment_batch:{year}'):04d}",
        pay_date=pay_date,
        status="open",
        count=len(claims),
        total=sum((r.payout for r in claims), ZERO) - sum((p.amount for p in reversals), ZERO),
        created_by=actor.login,
    )
    s.add(batch)
    s.flush()
    touch_claims(s, [r.claim_id for r in claims], payment_batch_id=batch.id)
    for p in reversals:
        p.batch_id = batch.id
    view = replace(batch_view(s, batch), held=tuple(held.values()))
    audit.record(
        s,
        actor.login,
        "batch.create",
        batch_target(batch.batch_no),
        detail={
            "pay_date": pay_date.isoformat(),
            "claims": [r.claim_no for r in claims],
            "reversals": [p.id for p in reversals],
            "total": str(view.total),
            "held": {h.claim_no: str(h.payout) for h in held.values()},
        },
    )
    return Done(view, CHANGED)


def batch_rows(uow: UnitOfWork, batch_id: int) -> list[PayableRow]:
    """What a batch pays: an open batch's claims as they stand (then its reversals, negative);
    a paid batch's payments as they were made (reversals negative)."""
    return batch_rows_of(uow.session, find_batch(uow.session, batch_id))


def get_batch(uow: UnitOfWork, batch_id_or_no: int | str) -> BatchView:
    return batch_view(uow.session, find_batch(uow.session, batch_id_or_no))


def list_batches(uow: UnitOfWork, *, limit: int = 100) -> list[BatchView]:
    """The newest batches first (by pay date, then number)."""
    batches = list(
        uow.session.execute(
            select(PaymentBatch)
            .order_by(PaymentBatch.pay_date.desc(), PaymentBatch.id.desc())
            .limit(limit)
        ).scalars()
    )
    return views(uow.session, batches)


def write_lists(uow: UnitOfWork, actor: Actor, batch_id: int, out_dir: Path) -> Done[ListFiles]:
    """Write the batch's bank list (代发明细) and SMS list (短信通知) into ``out_dir``; audited.
    For an open batch the rows listed are remembered: the batch is confirmed only as listed."""
    authorize(uow, actor, Perm.PAY, f"batch:{batch_id}")
    s = uow.session
    batch = find_batch(s, batch_id)
    rows = batch_rows_of(s, batch)
    if batch.status == "open":
        verify.refuse_unverified(
            s, [r.claim_id for r in rows if r.kind == "payment"], batch.batch_no
        )
    view = batch_view(s, batch)
    county = settings.get(s, settings.COUNTY_NAME)
    template = settings.get(s, settings.SMS_TEMPLATE)
    layout = layouts.load(settings.get(s, settings.BANK_LAYOUT))
    files = lists.write_lists(
        Path(out_dir), view, rows, county=county, template=template, layout=layout
    )
    if batch.status == "open":
        batch.lists_written_at = now()
        batch.lists_digest = digest(batch, rows)
        s.flush()
    audit.record(
        s,
        actor.login,
        "batch.lists",
        batch_target(batch.batch_no),
        detail={
            "bank": files.bank.name,
            "sms": files.sms.name,
            "transfers": files.transfers,
            "messages": files.messages,
            "missing_account": view.missing_account,
        },
    )
    return Done(files, Changes(payments=True, audit=True))


def cancel_batch(
    uow: UnitOfWork, actor: Actor, batch_id: int, *, even_if_listed: bool = False
) -> Done[None]:
    """作废 an open batch: its claims are payable again, its reversals pending again; the batch
    is deleted (its number is not used again). Once its bank list was written the bank may have
    it: cancelling then needs ``even_if_listed`` (the window asks "was it sent to the bank?")."""
    authorize(uow, actor, Perm.PAY, f"batch:{batch_id}")
    s = uow.session
    batch = find_batch(s, batch_id)
    if batch.status != "open":
        raise Conflict(
            msg(
                "批次 {b} 已付款，不能作废；付错的款项请冲正",
                "batch {b} is paid: it cannot be cancelled; correct a payment by a reversal",
                b=batch.batch_no,
            ),
            code="wrong_status",
        )
    if batch.lists_written_at is not None and not even_if_listed:
        raise Conflict(
            msg(
                "批次 {b} 的代发明细已于 {t} 生成：确认银行没有收到（或已退回）后才能作废",
                "the bank list of batch {b} was written at {t}: cancel it only once you are sure "
                "the bank did not get it (or sent it back)",
                b=batch.batch_no,
                t=local(batch.lists_written_at).strftime("%Y-%m-%d %H:%M"),
            ),
            code="listed",
        )
    claim_ids = list(
        s.execute(select(Claim.id).where(Claim.payment_batch_id == batch.id)).scalars()
    )
    touch_claims(s, claim_ids, payment_batch_id=None)
    for p in s.execute(
        select(PendingReversal).where(PendingReversal.batch_id == batch.id)
    ).scalars():
        p.batch_id = None
    number = batch.batch_no
    s.delete(batch)
    s.flush()
    audit.record(
        s,
        actor.login,
        "batch.cancel",
        batch_target(number),
        detail={"claims": len(claim_ids), "listed": batch.lists_written_at is not None},
    )
    return Done(None, CHANGED)


def remove_from_batch(
    uow: UnitOfWork, actor: Actor, batch_id: int, claim_ids: Sequence[int]
) -> Done[BatchView]:
    """Take claims out of an open batch (they are payable again); the lists must be written
    again before the batch is confirmed."""
    authorize(uow, actor, Perm.PAY, f"batch:{batch_id}")
    s = uow.session
    batch = find_open_batch(s, batch_id)
    in_batch = set(s.execute(select(Claim.id).where(Claim.payment_batch_id == batch.id)).scalars())
    ids = [c for c in dict.fromkeys(claim_ids) if c in in_batch]
    touch_claims(s, ids, payment_batch_id=None)
    rows = [r for r in open_batch_rows(s, batch.id) if r.kind == "payment"]
    batch.count = len(rows)
    batch.total = sum((r.payout for r in rows), ZERO)
    s.flush()
    audit.record(
        s, actor.login, "batch.remove", batch_target(batch.batch_no), detail={"claims": ids}
    )
    return Done(batch_view(s, batch), CHANGED)


def summary_line(view: BatchView, lang: str) -> str:
    """One line for the command line."""
    if lang == "zh":
        return (
            f"批次 {view.batch_no}（{view.pay_date.isoformat()}，"
            f"{'已付款' if view.status == 'paid' else '待付款'}）：{view.count} 笔，"
            f"合计 {fmt(view.total)} 元，冲正 {view.reversals} 笔"
        )
    return (
        f"batch {view.batch_no} ({view.pay_date.isoformat()}, {view.status}): {view.count} "
        f"claims, {fmt(view.total)} in all, {view.reversals} reversals"
    )
