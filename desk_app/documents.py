"""Printed documents, made one way whoever asks for them — the window's preview, batch printing
or the command line: the approval form (审批表), the rejection notice (不予给付通知书), a day's
approval forms in one file, and enrollment batches' payment vouchers (缴费凭证).

Each function checks the permission (``Perm.PRINT``) when a person is named, fills the
document from the database (:mod:`desk_app.claims.forms`), renders it with :mod:`printing`
into memory (no copy of a member's data is left in a temporary folder) and records in the audit
log who made which document, from where (``via``), and whether ID numbers were printed in full.
A document holds personal data: making one is an access to it, whether it is then printed,
saved or only looked at. Reads and one audit entry; any worker thread.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

import printing
from base.clock import local
from base.errors import DeskError, msg
from base.progress import Progress, check, report
from db import Database
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.claims import forms
from desk_app.claims import service as claims
from desk_app.claims.model import ClaimView, QueueFilter
from desk_app.claims.views import find_claim
from desk_app.papers_archive import annex_pages
from desk_app.system import settings

Via = Literal["window", "cli"]
APPROVED = ("approved", "paid", "reported")


class PrintError(DeskError):
    code = "print_failed"


@dataclass(frozen=True)
class Document:
    """A rendered document: its bytes, a title for the preview and a file name to save it as."""

    data: bytes
    title: str
    file_name: str
    forms: int = 1


def _full_id(db: Database, mask_id: bool | None) -> bool:
    if mask_id is not None:
        return not mask_id
    with db.reader() as uow:
        return not settings.get(uow.session, settings.MASK_ID)


def _authorize(db: Database, actor: Actor | None, target: str) -> None:
    if actor is None:
        return
    with db.uow() as uow:  # a refusal is audited (committed)
        authorize(uow, actor, Perm.PRINT, target)


def _audited(
    db: Database, actor: Actor | None, action: str, targets: list[str], *, via: Via, full_id: bool
) -> None:
    """One audit entry per document made, in one transaction."""
    with db.uow() as uow:
        for target in targets:
            audit.record(
                uow.session,
                actor.login if actor else None,
                action,
                target,
                detail={"via": via, "full_id": full_id},
            )
        uow.commit()


def claim_document(
    db: Database,
    actor: Actor | None,
    claim: int | str,
    *,
    lang: str = "zh",
    mask_id: bool | None = None,
    via: Via = "window",
) -> Document:
    """The approval form of an approved claim, or the rejection notice of a rejected one."""
    with db.reader() as uow:
        status = find_claim(uow.session, claim).status
    if status == "rejected":
        return rejection_notice(db, actor, claim, lang=lang, mask_id=mask_id, via=via)
    return approval_form(db, actor, claim, lang=lang, mask_id=mask_id, via=via)


def approval_form(
    db: Database,
    actor: Actor | None,
    claim: int | str,
    *,
    lang: str = "zh",
    mask_id: bool | None = None,
    via: Via = "window",
    with_papers: bool = False,
) -> Document:
    """The approval form of an approved (paid, reported) claim; refuses any other, in words.
    ``with_papers``: the claim's scanned papers follow as an annex, one page each."""
    _authorize(db, actor, f"claim:{claim}")
    with db.reader() as uow:
        data = forms.approval_form(uow, claim, mask_id=mask_id)
        if with_papers:
            data = replace(data, annex=annex_pages(uow.session, data.claim_no))
    out = io.BytesIO()
    printing.render_approval(data, out)
    full = _full_id(db, mask_id)
    _audited(db, actor, "print.approval", [f"claim:{data.claim_no}"], via=via, full_id=full)
    title = ("审批表 " if lang == "zh" else "Approval form ") + data.approval_no
    return Document(out.getvalue(), title, f"审批表_{data.approval_no}.pdf")


def rejection_notice(
    db: Database,
    actor: Actor | None,
    claim: int | str,
    *,
    lang: str = "zh",
    mask_id: bool | None = None,
    via: Via = "window",
) -> Document:
    """The notice to the member of a rejected claim; refuses any other claim, in words."""
    _authorize(db, actor, f"claim:{claim}")
    with db.reader() as uow:
        data = forms.rejection_notice(uow, claim, mask_id=mask_id)
    out = io.BytesIO()
    printing.render_rejection(data, out)
    full = _full_id(db, mask_id)
    _audited(db, actor, "print.rejection", [f"claim:{data.claim_no}"], via=via, full_id=full)
    title = ("不予给付通知书 " if lang == "zh" else "Rejection notice ") + data.claim_no
    return Document(out.getvalue(), title, f"不予给付通知书_{data.claim_no}.pdf")


def vouchers(
    db: Database,
    actor: Actor | None,
    batch_nos: list[str],
    *,
    lang: str = "zh",
    with_members: bool = True,
    mask_id: bool | None = None,
    via: Via = "window",
) -> Document:
    """The payment vouchers of enrollment batches, with their member lists, one after the other
    in one document (a roster of several units makes several batches)."""
    from reportlab.platypus import PageBreak

    from printing.common import build_pdf
    from printing.voucher import VOUCHER_TITLE, voucher_story

    _authorize(db, actor, "batch:" + ",".join(batch_nos))
    with db.reader() as uow:
        datas = [
            forms.enrollment_voucher(uow, b, with_members=with_members, mask_id=mask_id)
            for b in batch_nos
        ]
    story: list[Any] = []
    for n, data in enumerate(datas):
        if n:
            story.append(PageBreak())
        story += voucher_story(data)
    out = io.BytesIO()
    first = datas[0].batch_no
    build_pdf(
        out,
        story,
        title=f"{VOUCHER_TITLE} {first}",
        author=datas[0].county_union,
        subject=VOUCHER_TITLE,
    )
    targets = [f"batch:{d.batch_no}" for d in datas]
    _audited(db, actor, "print.voucher", targets, via=via, full_id=_full_id(db, mask_id))
    title = ("缴费凭证 " if lang == "zh" else "Payment voucher ") + "、".join(batch_nos)
    return Document(out.getvalue(), title, f"缴费凭证_{first}.pdf", forms=len(datas))


def approved_on(db: Database, day: date, cancel: threading.Event | None = None) -> list[ClaimView]:
    """The claims approved on ``day`` (the desk's calendar day), by approval number. Reads the
    approved claims newest review first and stops at the day before."""
    out: list[ClaimView] = []
    with db.reader() as uow:
        ids = claims.queue_ids(
            uow, QueueFilter(status=APPROVED), sort="reviewed_at", descending=True
        )
        for claim_id in ids:
            check(cancel)
            v = claims.get_claim(uow, claim_id)
            if v.reviewed_at is None:
                continue
            reviewed = local(v.reviewed_at).date()
            if reviewed > day:
                continue
            if reviewed < day:
                break
            out.append(v)
    return sorted(out, key=lambda v: v.approval_no or "")


def day_forms(
    db: Database,
    actor: Actor | None,
    day: date,
    claim_ids: list[int] | None = None,
    *,
    via: Via = "window",
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Document:
    """Every approval form of the claims approved on ``day`` (or of ``claim_ids``) in one
    PDF, each form starting on a new page. Cancellable between forms."""
    _authorize(db, actor, f"day:{day.isoformat()}")
    report(progress, 0.0, "正在查找当天审批的申请")
    if claim_ids is None:
        claim_ids = [v.id for v in approved_on(db, day, cancel)]
    if not claim_ids:
        raise PrintError(
            msg("{d} 没有审批通过的申请", "no claim was approved on {d}", d=day.isoformat())
        )
    datas = []
    with db.reader() as uow:
        for i, claim_id in enumerate(claim_ids, start=1):
            check(cancel)
            datas.append(forms.approval_form(uow, claim_id))
            report(progress, 0.2 * i / len(claim_ids), f"正在读取第 {i}/{len(claim_ids)} 件")
    out = io.BytesIO()
    printing.render_approvals(
        datas,
        out,
        progress=lambda f, m: report(progress, 0.2 + 0.8 * f, m),
        cancel=cancel,
    )
    targets = [f"claim:{d.claim_no}" for d in datas]
    _audited(db, actor, "print.approval", targets, via=via, full_id=_full_id(db, None))
    return Document(
        out.getvalue(),
        f"{day.isoformat()} 审批表（{len(datas)} 份）",
        f"审批表_{day.isoformat()}.pdf",
        forms=len(datas),
    )
