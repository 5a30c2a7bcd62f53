"""审核审批's 批量审批: approve every submitted, payable claim the queue's filter shows, except
the reviewer's own, each in its own transaction (a claim whose calculation changed meanwhile is
left for a look). Its words keep the review screen's translation context (``ReviewScreen``)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from base.changes import Changes, Done
from base.errors import DeskError, PermissionDenied
from base.money import fmt
from base.progress import Progress, check, report
from desk_app.access.auth import Perm
from desk_app.claims import service as claims
from desk_app.claims.model import ClaimView
from ui.messages import confirm
from ui.ops import transaction

if TYPE_CHECKING:  # the screen imports this module
    from ui.screens.review.screen import ReviewScreen

ZERO = Decimal("0.00")


@dataclass
class BatchResult:
    """What 批量审批 did."""

    approved: int = 0
    payout: Decimal = ZERO
    own: int = 0
    changed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def batch_approve(screen: ReviewScreen) -> None:
    """Ask, then approve on the database thread with progress and Cancel (GUI thread)."""
    ctx = screen.ctx
    if not ctx.can(Perm.REVIEW):
        return
    f = replace(screen.queue_filter(), status=("submitted",), calc_status="payable")
    with ctx.db.reader() as uow:
        ids = claims.queue_ids(uow, f, sort="submitted_at")
        rows = claims.queue_rows(uow, ids)
    mine = sum(1 for r in rows if r.created_by == ctx.actor.login)
    total = sum((r.payout for r in rows if r.created_by != ctx.actor.login), ZERO)
    if len(rows) - mine <= 0:
        screen.say(
            QCoreApplication.translate(
                "ReviewScreen", "No payable claim of someone else waits in this list."
            ),
            error=True,
        )
        return
    if not confirm(
        screen,
        QCoreApplication.translate("ReviewScreen", "Batch approve"),
        QCoreApplication.translate(
            "ReviewScreen",
            "Approve %1 payable claim(s) of this list, payout %2 yuan in all? "
            "%3 entered by you are left for another reviewer.",
        )
        .replace("%1", str(len(rows) - mine))
        .replace("%2", fmt(total))
        .replace("%3", str(mine)),
        QCoreApplication.translate("ReviewScreen", "Approve all"),
    ):
        return
    db, actor = ctx.db, ctx.actor

    def approve_one(claim_id: int) -> Done[ClaimView]:
        """Each claim in its own transaction: one refused leaves the others approved."""
        return transaction(db, lambda uow: claims.approve(uow, actor, claim_id))

    def job(progress: Progress, cancel: threading.Event) -> Done[BatchResult]:
        res = BatchResult()
        for i, claim_id in enumerate(ids, start=1):
            check(cancel)
            report(progress, i / len(ids), f"{i}/{len(ids)}")
            try:
                done = approve_one(claim_id)
                res.approved += 1
                if done.value.calc is not None:
                    res.payout += done.value.calc.payout
            except claims.CalculationChanged as exc:
                res.changed.append(exc.claim.claim_no)
            except PermissionDenied:
                res.own += 1
            except DeskError as exc:
                res.failed.append(exc.text())
        return Done(res, Changes(claims=True, audit=True))

    ctx.runner.run(
        job,
        done=lambda r: _done(screen, r.value),
        failed=screen._failed,
        cancelled=lambda: screen.say(
            QCoreApplication.translate(
                "ReviewScreen", "Batch approval stopped; what was approved stays."
            )
        ),
        parent=screen,
        title=QCoreApplication.translate("ReviewScreen", "Approving…"),
    )


def _done(screen: ReviewScreen, res: BatchResult) -> None:
    text = (
        QCoreApplication.translate(
            "ReviewScreen",
            "%1 claim(s) approved, payout %2 yuan; %3 of yours left for another reviewer.",
        )
        .replace("%1", str(res.approved))
        .replace("%2", fmt(res.payout))
        .replace("%3", str(res.own))
    )
    if res.changed:
        text += " " + QCoreApplication.translate(
            "ReviewScreen", "Recalculated, look again: %1."
        ).replace("%1", "、".join(res.changed))
    if res.failed:
        text += " " + "；".join(res.failed)
    screen.say(text)
    screen.reload()
