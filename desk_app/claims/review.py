"""Review (审核 / 审批): approve, reject with a reason, take a decision back (回退); batch
approval is in :mod:`desk_app.claims.batch_review`. Only a reviewer (``Perm.REVIEW``)
reviews, and never a claim they entered, edited or submitted (the four-eyes rule, enforced
here and not only in the window).

Approval re-runs the calculation. If the money differs from the stored calculation (an earlier
claim of the member was rejected, withdrawn or taken back since, or the member's facts
changed), the new calculation is stored and committed, and the approval is refused with
:class:`CalculationChanged` so that the reviewer looks again. Runs on the database worker
thread.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from sqlalchemy.orm import Session

from base.changes import Changes, Done
from base.clock import now
from base.errors import Conflict, Message, PermissionDenied, ValidationError, msg
from db.engine import UnitOfWork
from db.models import Calculation, Claim
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.claims import calc as desk_calc
from desk_app.claims.model import ClaimView
from desk_app.claims.numbers import next_approval_no, next_submit_seq
from desk_app.claims.views import claim_view, entered_by, find_claim, target, wrong_status
from desk_app.system import settings
from desk_app.terms import REASON_NAMES

CHANGED = Changes(claims=True, audit=True)
MAX_REASON_TEXT = 500

#: Reviewer's reasons besides the engine's own.
REVIEWER_REASONS: dict[str, Message] = {
    "incomplete_documents": Message("材料不全", "documents incomplete"),
    "not_in_scope": Message("非保障范围", "not within the scope of the scheme"),
    "duplicate_claim": Message("重复申请", "claimed already"),
    "false_documents": Message("材料不实", "documents not genuine"),
    "other": Message("其他", "other"),
}
#: Every reason code a claim may be rejected with, and its words.
REJECT_REASONS: dict[str, Message] = {
    **{c: Message(*names) for c, names in REASON_NAMES.items()},
    **REVIEWER_REASONS,
}


class CalculationChanged(Conflict):
    """Approval refused: the calculation changed since the claim was submitted. The new one is
    stored (and committed); ``claim`` is the claim as it is now."""

    code = "calculation_changed"

    def __init__(self, message: Message, claim: ClaimView) -> None:
        super().__init__(message)
        self.claim = claim


def _not_own(session: Session, actor: Actor, claim: Claim) -> None:
    if actor.login in entered_by(session, claim):
        raise PermissionDenied(
            msg(
                "申请 {n} 由您录入或修改，须由其他审核人审核",
                "you entered or edited claim {n}: another reviewer must review it",
                n=claim.claim_no,
            ),
            code="own_claim",
        )


def _money(d: Decimal) -> str:
    return f"{d:,.2f}"


def _reason_names(reason: str | None) -> tuple[str, str]:
    """The engine's rejection reason in both languages (an unknown code as it is)."""
    return REASON_NAMES.get(reason or "", (str(reason), str(reason)))


def _verdict(status: str | None, reason: str | None, payout: Decimal) -> tuple[str, str]:
    if status == "rejected":
        zh, en = _reason_names(reason)
        return f"不予给付（{zh}）", f"rejected ({en})"
    return f"给付 {_money(payout)} 元", f"payout {_money(payout)}"


def recalculate(
    session: Session,
    claim: Claim,
    login: str,
    *,
    run: desk_calc.Run | None = None,
    old: Calculation | None = None,
) -> tuple[bool, tuple[str, str] | None]:
    """Re-run a submitted claim's calculation in its place (or take ``run``, computed with
    others). Stores a new calculation when anything differs; returns (money changed?, the old
    verdict in words when it did)."""
    if run is None:
        run = desk_calc.calculate_stored(session, claim)
        old = desk_calc.current_calculation(session, claim.id)
    if desk_calc.same_calculation(old, run):
        return False, None
    money_changed = not desk_calc.same_money(old, run.result)
    before = _verdict(old.status, old.reason, old.payout) if old is not None else ("—", "—")
    desk_calc.store(session, claim, run, login)
    audit.record(
        session,
        login,
        "claim.recalculate",
        target(claim.claim_no),
        detail={
            "before": {
                "status": old.status if old else None,
                "reason": old.reason if old else None,
                "payout": str(old.payout) if old else None,
            },
            "after": {
                "status": run.result.status,
                "reason": run.result.reason,
                "payout": str(run.result.payout),
            },
        },
    )
    return money_changed, before if money_changed else None


def _drawn(session: Session, percent: int | None = None) -> bool:
    """Is this approval drawn for a second look? ``review.sample_percent`` in a hundred, from
    the system's random source (nobody can predict or steer which claims are drawn)."""
    if percent is None:
        percent = int(settings.get(session, settings.REVIEW_SAMPLE_PERCENT))
    return percent > 0 and secrets.randbelow(100) < percent


def mark_approved(
    session: Session,
    claim: Claim,
    actor: Actor,
    *,
    approval_no: str | None = None,
    percent: int | None = None,
) -> None:
    if not claim.approval_no:
        claim.approval_no = approval_no or next_approval_no(session)
    claim.status = "approved"
    claim.reviewed_at = now()
    claim.reviewed_by = actor.login
    claim.reject_code = None
    claim.reject_text = None
    claim.second_look = _drawn(session, percent)
    # No flush here: batch approvals flush once (autoflush covers any query that follows).
    audit.record(
        session,
        actor.login,
        "claim.approve",
        target(claim.claim_no),
        detail={
            "approval_no": claim.approval_no,
            "payout": str(claim.payout),
            "second_look": claim.second_look,
        },
    )


def approve(uow: UnitOfWork, actor: Actor, claim_id: int) -> Done[ClaimView]:
    """审批通过: a submitted, payable claim someone else entered becomes approved and gets its
    approval number (审批编号). An engine-rejected claim cannot be approved as payable: reject
    it with the engine's reason."""
    authorize(uow, actor, Perm.REVIEW, f"claim:{claim_id}")
    s = uow.session
    claim = find_claim(s, claim_id)
    if claim.status != "submitted":
        raise wrong_status(
            claim, "只有待审核的申请可以审批", "only a submitted claim can be approved"
        )
    _not_own(s, actor, claim)
    changed, before = recalculate(s, claim, actor.login)
    if changed:
        assert before is not None
        now_zh, now_en = _verdict(claim.calc_status, claim.calc_reason, claim.payout)
        view = claim_view(s, claim)
        uow.commit()  # the new calculation stays, so the reviewer sees it
        raise CalculationChanged(
            msg(
                "申请 {n} 的计算结果已变化"
                "（该职工此前的申请被退回、撤回或撤销审核，或参保信息有变）："
                "原为{b}，现为{a}。新的计算已保存，请重新核对后再审批",
                "the calculation of claim {n} has changed (an earlier claim of the member was "
                "rejected, withdrawn or taken back, or the enrollment changed): it was {b_en}, "
                "it is now {a_en}. The new calculation is stored: look at it again before "
                "approving",
                n=claim.claim_no,
                b=before[0],
                a=now_zh,
                b_en=before[1],
                a_en=now_en,
            ),
            view,
        )
    if claim.calc_status != "payable":
        r_zh, r_en = _reason_names(claim.calc_reason or "")
        raise Conflict(
            msg(
                "申请 {n} 按方案规定不予给付（{r}），不能审批通过；请以此理由作不予给付处理",
                "claim {n} is rejected by the scheme's rules ({r_en}) and cannot be approved: "
                "reject it with that reason",
                n=claim.claim_no,
                r=r_zh,
                r_en=r_en,
            ),
            code="engine_rejected",
        )
    mark_approved(s, claim, actor)
    return Done(claim_view(s, claim), CHANGED)


def _clean_reason(reason_code: str, text: str | None) -> tuple[str, str | None]:
    code = (reason_code or "").strip()
    if code not in REJECT_REASONS:
        raise ValidationError(
            msg(
                "不予给付的理由代码 {c} 无效（可用：{a}）",
                "unknown rejection reason {c} (use one of {a})",
                c=code,
                a=", ".join(REJECT_REASONS),
            ),
            code="bad_reason",
        )
    words = " ".join((text or "").split())
    if len(words) > MAX_REASON_TEXT:
        raise ValidationError(
            msg(
                "审核意见太长（最多 {n} 字）",
                "the reason text is too long (at most {n})",
                n=MAX_REASON_TEXT,
            )
        )
    if code == "other" and not words:
        raise ValidationError(
            msg("理由为「其他」时请写明审核意见", "with the reason 'other', say why"),
            code="reason_text_required",
        )
    return code, words or None


def mark_rejected(
    session: Session, claim: Claim, actor: Actor, code: str, text: str | None
) -> None:
    claim.status = "rejected"
    claim.second_look = False
    claim.reject_code = code
    claim.reject_text = text
    claim.reviewed_at = now()
    claim.reviewed_by = actor.login
    session.flush()
    audit.record(
        session,
        actor.login,
        "claim.reject",
        target(claim.claim_no),
        detail={"reason": code, "text": text},
    )


def reject(
    uow: UnitOfWork, actor: Actor, claim_id: int, reason_code: str, text: str = ""
) -> Done[ClaimView]:
    """不予给付: a submitted claim is rejected with a reason code (:data:`REJECT_REASONS`) and
    the reviewer's words. It stops counting in the member's accumulations."""
    authorize(uow, actor, Perm.REVIEW, f"claim:{claim_id}")
    s = uow.session
    claim = find_claim(s, claim_id)
    if claim.status != "submitted":
        raise wrong_status(
            claim, "只有待审核的申请可以作不予给付处理", "only a submitted claim can be rejected"
        )
    _not_own(s, actor, claim)
    code, words = _clean_reason(reason_code, text)
    mark_rejected(s, claim, actor, code, words)
    return Done(claim_view(s, claim), CHANGED)


def undo_review(uow: UnitOfWork, actor: Actor, claim_id: int) -> Done[ClaimView]:
    """回退: an approved or rejected claim goes back to submitted, before payment.

    An approved claim keeps its approval number (it gets the same one if approved again). A
    rejected claim rejoins the count *after* the member's other counted claims (as if
    submitted now): claims already calculated or paid keep their amounts, and its own amount
    is recalculated at once.
    """
    authorize(uow, actor, Perm.REVIEW, f"claim:{claim_id}")
    s = uow.session
    claim = find_claim(s, claim_id)
    if claim.status in ("paid", "reported"):
        raise wrong_status(
            claim,
            "已给付的申请不能回退；如有差错，请在以后的支付批次中冲正",
            "a paid claim cannot be taken back: correct it with a reversal in a later batch",
        )
    if claim.status not in ("approved", "rejected"):
        raise wrong_status(
            claim, "只有已审批或不予给付的申请可以回退", "only a reviewed claim can be taken back"
        )
    if claim.payment_batch_id is not None:
        raise Conflict(
            msg(
                "申请 {n} 已列入支付批次，请先从批次中移出再回退",
                "claim {n} is in a payment batch: take it out of the batch first",
                n=claim.claim_no,
            ),
            code="in_batch",
        )
    before = claim.status
    detail = {
        "from": before,
        "reviewed_by": claim.reviewed_by,
        "reason": claim.reject_code,
        "text": claim.reject_text,
        "approval_no": claim.approval_no,
    }
    claim.status = "submitted"
    claim.second_look = False
    claim.reviewed_at = None
    claim.reviewed_by = None
    claim.reject_code = None
    claim.reject_text = None
    if before == "rejected":
        # It rejoins the count after the member's other counted claims, so none of theirs
        # (some may be paid) changes.
        claim.submit_seq = next_submit_seq(s)
    s.flush()
    audit.record(s, actor.login, "claim.undo_review", target(claim.claim_no), detail=detail)
    recalculate(s, claim, actor.login)
    return Done(claim_view(s, claim), CHANGED)


def confirm_second_look(
    uow: UnitOfWork, actor: Actor, claim_id: int, note: str = ""
) -> Done[ClaimView]:
    """复核无误: a second reviewer confirms an approval drawn for a second look. Not the
    approver, nor anyone who entered the claim. A second reviewer who finds a mistake takes
    the approval back (:func:`undo_review`) instead."""
    authorize(uow, actor, Perm.REVIEW, f"claim:{claim_id}")
    s = uow.session
    claim = find_claim(s, claim_id)
    if claim.status != "approved" or not claim.second_look:
        raise wrong_status(
            claim,
            "只有抽中复核的已审批申请需要复核",
            "only an approved claim drawn for a second look can be confirmed",
        )
    _not_own(s, actor, claim)
    if actor.login == claim.reviewed_by:
        raise PermissionDenied(
            msg(
                "申请 {n} 由您审批，复核须由另一位审核人进行",
                "you approved claim {n}: another reviewer must take the second look",
                n=claim.claim_no,
            ),
            code="own_approval",
        )
    words = " ".join((note or "").split())[:MAX_REASON_TEXT] or None
    claim.second_look = False
    s.flush()
    audit.record(
        s,
        actor.login,
        "claim.second_look",
        target(claim.claim_no),
        detail={"approved_by": claim.reviewed_by, "note": words},
    )
    return Done(claim_view(s, claim), CHANGED)
