"""Before money leaves: every claim a batch pays is recalculated from its stored receipts and
scheme, in its place among its member's counted claims, and must come to what ``claims.payout``
says and what its one current calculation says. A claim that does not is held out of the batch
with a message naming it (``create_batch``), or stops the bank list and the confirmation
(``write_lists``, ``confirm_paid``): an edited payout, receipt or calculation is never paid.
``docs/month-end.md`` says what is checked and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from base.errors import Conflict, msg
from base.money import fmt
from db.models import Calculation, Claim, Scheme
from desk_app.claims import calc as desk_calc
from desk_app.payments.model import HeldClaim
from desk_app.payments.rows import chunks


def _held(claim: Claim, verified: Decimal | None, why_zh: str, why_en: str) -> HeldClaim:
    return HeldClaim(
        claim_id=claim.id,
        claim_no=claim.claim_no,
        payout=claim.payout,
        verified=verified,
        message=msg(
            "申请 {n} 暂不付款：{w_zh}（记录的给付金额 {p} 元）；请审核人回退后重新审批",
            "claim {n} is held out of payment: {w_en} (its recorded payout is {p}); a reviewer "
            "should take the approval back and approve it again",
            n=claim.claim_no,
            w_zh=why_zh,
            w_en=why_en,
            p=fmt(claim.payout),
        ),
    )


def _current_counts(session: Session, ids: Sequence[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for chunk in chunks(list(ids)):
        stmt = (
            select(Calculation.claim_id, func.count())
            .where(Calculation.claim_id.in_(chunk), Calculation.current.is_(True))
            .group_by(Calculation.claim_id)
        )
        out.update((claim_id, n) for claim_id, n in session.execute(stmt))
    return out


def check_claims(session: Session, claim_ids: Sequence[int]) -> dict[int, HeldClaim]:
    """The claims (by id) whose payout cannot be verified, each with its reason; empty when
    every one comes to what it says."""
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        return {}
    claims: list[Claim] = []
    for chunk in chunks(ids):
        claims.extend(
            session.execute(
                select(Claim).where(Claim.id.in_(chunk)).options(selectinload(Claim.receipts))
            ).scalars()
        )
    runs = desk_calc.calculate_many(session, claims)
    calcs = desk_calc.current_calculations(session, ids)
    counts = _current_counts(session, ids)
    schemes = select(Scheme.id, Scheme.source_sha256).where(
        Scheme.id.in_({c.scheme_id for c in claims})
    )
    texts = {scheme_id: sha for scheme_id, sha in session.execute(schemes)}
    out: dict[int, HeldClaim] = {}
    for claim in claims:
        run = runs.get(claim.id)
        calc = calcs.get(claim.id)
        verified = run.result.payout if run is not None else None
        problem = _problem(claim, run, calc, counts.get(claim.id, 0), texts)
        if problem is not None:
            out[claim.id] = _held(claim, verified, *problem)
    return out


def _problem(
    claim: Claim,
    run: desk_calc.Run | None,
    calc: Calculation | None,
    current: int,
    texts: dict[int, str],
) -> tuple[str, str] | None:
    """Why a claim's payout is not verified, in both languages; None when it is."""
    if run is None:
        return (
            "无法按其票据和方案重新计算",
            "it cannot be recalculated from its receipts and scheme",
        )
    verified = run.result.payout
    if current != 1 or calc is None:
        return (
            f"应有一条当前计算记录，实有 {current} 条",
            f"it has {current} current calculations instead of one",
        )
    if run.result.status != "payable" and claim.payout != 0:
        return "重新计算结果为不予给付", "recalculated, it is not payable"
    if verified != claim.payout:
        return (
            f"按票据和方案重新计算为 {fmt(verified)} 元",
            f"recalculated from its receipts and scheme it comes to {fmt(verified)}",
        )
    if calc.scheme_sha256 != texts.get(claim.scheme_id) or not desk_calc.same_money(
        calc, run.result
    ):
        return (
            f"计算记录（{fmt(calc.payout)} 元）与重新计算的结果不一致",
            f"its stored calculation ({fmt(calc.payout)}) is not what a recalculation gives",
        )
    return None


def refuse_unverified(session: Session, claim_ids: Sequence[int], batch_no: str) -> None:
    """Stop (nothing changed) when any claim of a batch no longer comes to its payout."""
    held = check_claims(session, claim_ids)
    if held:
        first = next(iter(held.values()))
        numbers = "、".join(h.claim_no for h in held.values())
        raise Conflict(
            msg(
                "批次 {b} 中有申请的给付金额未通过复算（{ns}）：{m}；请先从批次中移出",
                "batch {b} has claims whose payout does not verify ({ns_en}): {m_en}; take "
                "them out of the batch first",
                b=batch_no,
                ns=numbers,
                ns_en=", ".join(h.claim_no for h in held.values()),
                m=first.message.zh,
                m_en=first.message.en,
            ),
            code="unverified",
        )
