"""批量审批: every submitted claim the reviewer did not enter decided at once, oldest first,
with the rules of :mod:`desk_app.claims.review` (four eyes, the calculation re-run, approval
numbers, the second-look draw)."""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.changes import Done
from base.progress import Progress, check, report
from db.engine import UnitOfWork
from db.models import AuditEntry, Claim
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.claims import calc as desk_calc
from desk_app.claims.model import ZERO, ApproveAllReport
from desk_app.claims.numbers import approval_numbers
from desk_app.claims.review import CHANGED, mark_approved, mark_rejected, recalculate
from desk_app.claims.views import ENTERING_ACTIONS, target
from desk_app.system import settings


def approve_all(
    uow: UnitOfWork,
    actor: Actor,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Done[ApproveAllReport]:
    """批量审批: every submitted claim the reviewer did not enter, oldest first. Payable ones
    are approved, engine-rejected ones rejected with the engine's reason; a claim whose
    calculation changed since submission gets its new calculation and is left for a look.
    Runs on the database worker thread; a cancelled run raises ``Cancelled`` before it
    changes anything."""
    authorize(uow, actor, Perm.REVIEW, "claims:all")
    s = uow.session
    mine, todo = _waiting(s, actor)
    report(progress, 0.0, "重新计算")
    # Decide first (recalculating only what changed), then number the approvals in one go.
    changed, to_approve, to_reject = _decide(s, actor, todo, cancel)
    check(cancel)
    _approve_and_reject(s, actor, to_approve, to_reject, progress)
    result = ApproveAllReport(
        approved=len(to_approve),
        rejected=len(to_reject),
        skipped_own=len(mine),
        changed=len(changed),
        payout_total=sum((c.payout for c in to_approve), ZERO),
        approval_nos=tuple(c.approval_no or "" for c in to_approve),
        changed_claims=tuple(changed),
        second_look=sum(1 for c in to_approve if c.second_look),
    )
    audit.record(
        s,
        actor.login,
        "claims.approve_all",
        "claims",
        detail={
            "approved": result.approved,
            "rejected": result.rejected,
            "skipped_own": result.skipped_own,
            "changed": changed,
            "payout_total": str(result.payout_total),
        },
    )
    report(progress, 1.0, "完成")
    return Done(result, CHANGED)


def _waiting(s: Session, actor: Actor) -> tuple[list[Claim], list[Claim]]:
    """The submitted claims, oldest first, split into the reviewer's own (entered or
    submitted by them: another reviewer decides those) and the rest."""
    own_targets = set(
        s.execute(
            select(AuditEntry.target).where(
                AuditEntry.login == actor.login, AuditEntry.action.in_(ENTERING_ACTIONS)
            )
        ).scalars()
    )
    claims = list(
        s.execute(
            select(Claim).where(Claim.status == "submitted").order_by(Claim.submit_seq, Claim.id)
        ).scalars()
    )
    mine = [
        c
        for c in claims
        if actor.login in (c.created_by, c.submitted_by) or target(c.claim_no) in own_targets
    ]
    mine_ids = {c.id for c in mine}
    return mine, [c for c in claims if c.id not in mine_ids]


def _decide(
    s: Session, actor: Actor, todo: list[Claim], cancel: threading.Event | None
) -> tuple[list[str], list[Claim], list[Claim]]:
    """Each claim recalculated: the numbers of those whose money changed (left for a look),
    the payable ones to approve, the engine-rejected ones to reject."""
    runs = desk_calc.calculate_many(s, todo)
    olds = desk_calc.current_calculations(s, [c.id for c in todo])
    check(cancel)
    changed: list[str] = []
    to_approve: list[Claim] = []
    to_reject: list[Claim] = []
    for claim in todo:
        money_changed, _before = recalculate(
            s, claim, actor.login, run=runs[claim.id], old=olds.get(claim.id)
        )
        if money_changed:
            changed.append(claim.claim_no)
        elif claim.calc_status == "payable":
            to_approve.append(claim)
        else:
            to_reject.append(claim)
    return changed, to_approve, to_reject


def _approve_and_reject(
    s: Session,
    actor: Actor,
    to_approve: list[Claim],
    to_reject: list[Claim],
    progress: Progress | None,
) -> None:
    """The approvals numbered in one go (a claim approved before keeps its number), some
    drawn for a second look; the rejections with the engine's reason."""
    fresh = [c for c in to_approve if not c.approval_no]
    numbers = iter(approval_numbers(s, len(fresh)) if fresh else [])
    percent = int(settings.get(s, settings.REVIEW_SAMPLE_PERCENT))
    total = max(1, len(to_approve) + len(to_reject))
    for done, claim in enumerate(to_approve, start=1):
        number = next(numbers) if not claim.approval_no else None
        mark_approved(s, claim, actor, approval_no=number, percent=percent)
        if done % 100 == 0:
            report(progress, done / total, f"已审批 {done} 件")
    for claim in to_reject:
        mark_rejected(s, claim, actor, claim.calc_reason or "not_covered", None)
