"""Claim intake at the window (录入): check, preview, save a draft, submit, withdraw, delete.

Services take ``(uow, actor, plain args)``, authorize first, raise a ``DeskError`` in the
clerk's words (nothing changed), audit in the same transaction, return frozen dataclasses and
``Done(value, Changes)``, and never commit. Runs on the database worker thread, except
:func:`preview` and :func:`check_claim`, which only read and are fast enough for the GUI thread
on a read-only unit of work.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.changes import Changes, Done
from base.clock import now
from base.errors import Conflict, Message, msg
from db.engine import UnitOfWork
from db.models import Calculation, Claim, Receipt
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.claims import calc as desk_calc
from desk_app.claims import engine_input
from desk_app.claims.checks import covering, fitting, inspect
from desk_app.claims.inspection import Inspection
from desk_app.claims.model import (
    ZERO,
    ClaimInput,
    ClaimProblems,
    ClaimView,
    Preview,
    Problem,
)
from desk_app.claims.numbers import next_claim_no, next_submit_seq
from desk_app.claims.paper_state import write_seen
from desk_app.claims.views import claim_view, find_claim, target, wrong_status
from desk_app.people.members import EnrollmentRow

CHANGED = Changes(claims=True, audit=True)


def covering_enrollments(
    uow: UnitOfWork, member_id: int, on: date | None, *, discharge: date | None = None
) -> list[EnrollmentRow]:
    """The member's enrollments whose scheme period covers the claim's date, newest first.

    For a hospital stay pass the admission date as ``on`` and the discharge date as
    ``discharge``: each scheme's ``coverage_date`` picks which one must be covered. With no
    date at all, every enrollment of the member.
    """
    return covering(uow.session, member_id, on, discharge)


def fitting_enrollments(
    uow: UnitOfWork,
    member_id: int,
    kind: str,
    on: date | None,
    *,
    discharge: date | None = None,
    disease: str | None = None,
) -> list[EnrollmentRow]:
    """The enrollments the intake form offers for a claim of ``kind``: covering the date (as
    :func:`covering_enrollments`) and under a scheme that pays on such a claim; a
    critical-illness scheme (every benefit for the kind pays only on listed diagnoses) only when
    ``disease`` is listed by it."""
    return fitting(uow.session, member_id, kind, on, discharge, disease)


def check_claim(
    uow: UnitOfWork, data: ClaimInput, *, claim_id: int | None = None
) -> tuple[Problem, ...]:
    """Every problem of the input, each with its place and the clerk's words: receipts that
    do not add up (and by how much), negative amounts, missing or reversed dates, a date
    outside every enrollment, an invoice already used anywhere (重复报销, naming that claim) or
    twice in this claim. ``claim_id`` is the draft being edited (its own receipts are not
    duplicates)."""
    return tuple(inspect(uow.session, data, claim_id=claim_id).problems)


def _engine_claim(ins: Inspection, data: ClaimInput, ref: str | None) -> Any:
    receipts = [r.usable() for r in ins.receipts]
    return engine_input.engine_claim(
        data.kind,
        admission=data.admission,
        discharge=data.discharge,
        visit_date=data.visit_date,
        event_date=data.event_date,
        disease=ins.disease_code,
        receipts=receipts,
        ref=ref,
    )


def preview(uow: UnitOfWork, data: ClaimInput, *, claim_id: int | None = None) -> Preview:
    """The live check and calculation of the intake form: what the claim would get if it were
    submitted now, after the member's counted claims (the draft last). No writes; a few
    milliseconds."""
    s = uow.session
    ins = inspect(s, data, claim_id=claim_id)
    if not ins.engine_ready() or data.kind not in ("inpatient", "outpatient", "death"):
        return Preview(tuple(ins.problems), None)
    stored = s.get(Claim, claim_id) if claim_id is not None else None
    assert ins.member is not None and ins.enrollment is not None and ins.scheme_row is not None
    run = desk_calc.calculate(
        s,
        member=ins.member,
        enrollment=ins.enrollment,
        scheme_row=ins.scheme_row,
        claim=_engine_claim(ins, data, stored.claim_no if stored else None),
        stored=stored,
    )
    return Preview(tuple(ins.problems), desk_calc.view_of_result(run.result, run.scheme_sha256))


def _refusal(problems: list[Problem], zh: str, en: str) -> ClaimProblems:
    head = problems[:5]
    more = len(problems) - len(head)
    body_zh = "\n".join(p.message.zh for p in head) + (f"\n……另有 {more} 处" if more else "")
    body_en = "\n".join(p.message.en for p in head) + (f"\n... and {more} more" if more else "")
    return ClaimProblems(Message(f"{zh}：\n{body_zh}", f"{en}:\n{body_en}"), tuple(problems))


def _write_receipts(s: Session, claim: Claim, ins: Inspection) -> None:
    """Make the claim's receipts those of ``ins``: unchanged invoices are updated in place,
    the others deleted before the new ones are inserted (so the unique (hospital, invoice)
    constraint never sees a transient clash)."""
    wanted = {(r.hospital, r.invoice_no): (i, r) for i, r in enumerate(ins.receipts, start=1)}
    existing = (
        list(s.execute(select(Receipt).where(Receipt.claim_id == claim.id)).scalars())
        if claim.id is not None
        else []
    )
    keep: dict[tuple[str, str], Receipt] = {}
    for r in existing:
        key = (r.hospital, r.invoice_no)
        if key in wanted and key not in keep:
            keep[key] = r
        else:
            s.delete(r)
    s.flush()
    for key, (seq, clean) in wanted.items():
        amounts = {k: (v if v is not None else ZERO) for k, v in clean.amounts.items()}
        row = keep.get(key)
        if row is None:
            row = Receipt(claim_id=claim.id, invoice_no=clean.invoice_no, hospital=clean.hospital)
            s.add(row)
        row.seq = seq
        for k, v in amounts.items():
            setattr(row, k, v)
    s.flush()


def _apply(claim: Claim, data: ClaimInput, ins: Inspection) -> None:
    kind = data.kind
    claim.member_id = data.member_id
    claim.enrollment_id = data.enrollment_id
    assert ins.enrollment is not None
    claim.scheme_id = ins.enrollment.scheme_id
    claim.kind = kind
    claim.admission = data.admission if kind == "inpatient" else None
    claim.discharge = data.discharge if kind == "inpatient" else None
    claim.visit_date = data.visit_date if kind == "outpatient" else None
    claim.event_date = data.event_date if kind == "death" else None
    claim.hospital = ins.hospital
    claim.disease_code = ins.disease_code
    claim.disease_name = ins.disease_name
    note = (data.note or "").strip()
    claim.note = note or None
    claim.total_cost = sum(((r.amounts["total"] or ZERO) for r in ins.receipts), Decimal("0.00"))


def _detail(claim: Claim) -> dict[str, Any]:
    return {
        "kind": claim.kind,
        "member_id": claim.member_id,
        "scheme_id": claim.scheme_id,
        "dates": [
            str(d)
            for d in (claim.admission, claim.discharge, claim.visit_date, claim.event_date)
            if d is not None
        ],
        "total_cost": str(claim.total_cost),
    }


def save_draft(
    uow: UnitOfWork, actor: Actor, data: ClaimInput, *, claim_id: int | None = None
) -> Done[ClaimView]:
    """Store a claim as a draft (录入中), new or edited. A draft may still lack dates or
    receipts, but what it holds must be storable: a :class:`ClaimProblems` (a
    ``ValidationError``) lists every problem otherwise — a duplicate invoice, a receipt that
    does not add up, a negative amount, a date outside every enrollment."""
    authorize(uow, actor, Perm.CLAIMS, f"claim:{claim_id}" if claim_id else "claim:new")
    s = uow.session
    claim: Claim | None = None
    if claim_id is not None:
        claim = find_claim(s, claim_id)
        if claim.status != "draft":
            raise wrong_status(claim, "只有录入中的申请可以修改", "only a draft can be edited")
    ins = inspect(s, data, claim_id=claim_id)
    blocking = [p for p in ins.problems if p.blocks_saving]
    if blocking:
        raise _refusal(blocking, "申请不能保存", "the claim cannot be saved")
    created = claim is None
    if claim is None:
        claim = Claim(
            claim_no=next_claim_no(s),
            status="draft",
            created_by=actor.login,
            source="desk",
            payout=ZERO,
        )
        _apply(claim, data, ins)
        s.add(claim)
        s.flush()
    else:
        _apply(claim, data, ins)
    _write_receipts(s, claim, ins)
    if data.papers is not None and ins.scheme is not None:
        known = {d.code for d in ins.scheme.checklist(claim.kind)}
        write_seen(claim, (c for c in data.papers if c in known), actor.login)
    audit.record(
        s,
        actor.login,
        "claim.create" if created else "claim.update",
        target(claim.claim_no),
        detail={**_detail(claim), "receipts": len(ins.receipts)},
    )
    return Done(claim_view(s, claim), CHANGED)


def submit(uow: UnitOfWork, actor: Actor, claim_id: int) -> Done[ClaimView]:
    """录入完成，提交审核: check the draft again (now nothing may be missing), calculate it
    after the member's counted claims, store the calculation with its exact engine input and
    the scheme's sha256, and copy the verdict and payout onto the claim."""
    authorize(uow, actor, Perm.CLAIMS, f"claim:{claim_id}")
    s = uow.session
    claim = find_claim(s, claim_id)
    if claim.status != "draft":
        raise wrong_status(claim, "只有录入中的申请可以提交", "only a draft can be submitted")
    data = claim_view(s, claim).to_input()
    ins = inspect(s, data, claim_id=claim.id)
    blocking = [p for p in ins.problems if p.blocks_submit]
    if blocking:
        raise _refusal(blocking, "申请不能提交", "the claim cannot be submitted")
    submit_stored(s, claim, actor.login)
    audit.record(
        s,
        actor.login,
        "claim.submit",
        target(claim.claim_no),
        detail={
            "calc_status": claim.calc_status,
            "reason": claim.calc_reason,
            "payout": str(claim.payout),
        },
    )
    return Done(claim_view(s, claim), CHANGED)


def submit_stored(s: Session, claim: Claim, login: str) -> Calculation:
    """Mark a checked claim submitted now and store its calculation (shared with the import)."""
    claim.status = "submitted"
    claim.submitted_at = now()
    claim.submitted_by = login
    claim.submit_seq = next_submit_seq(s)
    s.flush()
    run = desk_calc.calculate_stored(s, claim)
    return desk_calc.store(s, claim, run, login)


def withdraw(uow: UnitOfWork, actor: Actor, claim_id: int) -> Done[ClaimView]:
    """撤回: a submitted claim, not yet reviewed, goes back to draft to be corrected. Its
    calculation is kept in the history but no longer current; it stops counting for the
    member's later claims."""
    authorize(uow, actor, Perm.CLAIMS, f"claim:{claim_id}")
    s = uow.session
    claim = find_claim(s, claim_id)
    if claim.status != "submitted":
        raise wrong_status(
            claim,
            "只有待审核的申请可以撤回（已审核的请审核人先回退）",
            "only a submitted claim can be withdrawn (a reviewed one must be taken back by a "
            "reviewer first)",
        )
    claim.status = "draft"
    claim.submitted_at = None
    claim.submitted_by = None
    claim.submit_seq = None
    desk_calc.clear(s, claim)
    s.flush()
    audit.record(s, actor.login, "claim.withdraw", target(claim.claim_no))
    return Done(claim_view(s, claim), CHANGED)


def delete_draft(uow: UnitOfWork, actor: Actor, claim_id: int) -> Done[None]:
    """Delete a draft and its receipts (the claim number is not reused). A claim that once had
    an approval number is never deleted: that number must stay accounted for."""
    authorize(uow, actor, Perm.CLAIMS, f"claim:{claim_id}")
    s = uow.session
    claim = find_claim(s, claim_id)
    if claim.status != "draft":
        raise wrong_status(claim, "只有录入中的申请可以删除", "only a draft can be deleted")
    if claim.approval_no:
        raise Conflict(
            msg(
                "申请 {n} 曾经审批（审批编号 {a}），不能删除；请提交后由审核人作不予给付处理",
                "claim {n} was approved once (approval number {a}) and cannot be deleted: "
                "submit it and have a reviewer reject it",
                n=claim.claim_no,
                a=claim.approval_no,
            ),
            code="has_approval_no",
        )
    number = claim.claim_no
    detail = _detail(claim)
    for calc in s.execute(select(Calculation).where(Calculation.claim_id == claim.id)).scalars():
        s.delete(calc)
    s.delete(claim)  # its receipts go with it (through the ORM, so the outbox hears of them)
    s.flush()
    audit.record(s, actor.login, "claim.delete", target(number), detail=detail)
    return Done(None, CHANGED)
