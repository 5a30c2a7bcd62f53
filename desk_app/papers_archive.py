"""The electronic archive of claims (电子档案): a claim's scanned papers as the annex of its
approval form, and a month's paid claims written as one PDF per claim number — the approval
form followed by every paper — for the county's records.

Retention (docs/claims.md): the archive of a month is kept as long as the paper archive it
stands beside (the union's accounting records: 30 years for vouchers under the 会计档案管理办法);
the desk keeps the scans in its database for as long as the claim exists.
"""

from __future__ import annotations

import io
import os
import tempfile
import threading
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

import printing
from base.changes import Changes, Done
from base.errors import ValidationError, msg
from base.progress import Progress, check, report
from db import Database, UnitOfWork
from db.models import AttachmentBlob, Claim, ClaimAttachment
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.claims import forms
from desk_app.claims.calc import load_scheme_for
from printing.annex import AnnexPage

PAID = ("paid", "reported")


@dataclass(frozen=True)
class ArchiveReport:
    month: str
    folder: Path
    files: tuple[str, ...]
    claims_without_papers: tuple[str, ...]


def annex_pages(session: Session, claim_no: str) -> tuple[AnnexPage, ...]:
    """The claim's active attachments in checklist order, then the order they were added."""
    claim = session.execute(select(Claim).where(Claim.claim_no == claim_no)).scalar_one()
    names: dict[str, str] = {}
    order: dict[str, int] = {}
    scheme = load_scheme_for(session, claim.scheme)
    for i, item in enumerate(scheme.checklist(claim.kind)):
        names[item.code], order[item.code] = item.name, i
    rows = list(
        session.execute(
            select(ClaimAttachment, AttachmentBlob.content)
            .join(AttachmentBlob, AttachmentBlob.sha256 == ClaimAttachment.sha256)
            .where(ClaimAttachment.claim_id == claim.id, ClaimAttachment.removed_at.is_(None))
            .order_by(ClaimAttachment.id)
        ).all()
    )
    rows.sort(key=lambda r: order.get(r[0].item_code, len(order)))
    return tuple(
        AnnexPage(names.get(a.item_code, a.item_code), a.mime, bytes(content), a.source_name)
        for a, content in rows
    )


def _month_bounds(month: str) -> tuple[date, date]:
    try:
        year, mon = (int(x) for x in month.split("-"))
        start = date(year, mon, 1)
    except ValueError as exc:
        raise ValidationError(
            msg("月份应写成 年-月，如 2026-11", "the month is YYYY-MM, e.g. 2026-11")
        ) from exc
    end = date(year + (mon == 12), mon % 12 + 1, 1)
    return start, end


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def month_archive(
    db: Database,
    actor: Actor,
    month: str,
    folder: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ArchiveReport:
    """:func:`write_month_archive` in one unit of work of its own (the command line)."""
    with db.uow() as uow:
        done = write_month_archive(uow, actor, month, folder, progress=progress, cancel=cancel)
        uow.commit()
    return done.value


def write_month_archive(
    uow: UnitOfWork,
    actor: Actor,
    month: str,
    folder: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Done[ArchiveReport]:
    """Every claim paid in ``month``: ``<claim number>.pdf`` in ``folder`` (the approval form
    and its papers), ID numbers in full as on the paper archive. One audit entry
    (``print.archive``), committed with the unit of work: the command line and the window
    (:func:`ui.ops.run_long_op`) go through here. Cancelled or failed part way, the files
    written so far are removed again: no copy of members' data is left unaudited."""
    authorize(uow, actor, Perm.PRINT, f"archive:{month}")
    start, end = _month_bounds(month)
    numbers = list(
        uow.session.execute(
            select(Claim.claim_no)
            .where(Claim.status.in_(PAID), Claim.paid_on >= start, Claim.paid_on < end)
            .order_by(Claim.claim_no)
        ).scalars()
    )
    if not numbers:
        raise ValidationError(
            msg("{m} 没有已给付的申请", "no claim was paid in {m}", m=month), code="nothing"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError(
            msg("无法建立文件夹 {f}", "the folder {f} cannot be made", f=str(folder)),
            code="folder",
        ) from exc
    files, bare = _write_claims(uow, numbers, folder, progress, cancel)
    audit.record(
        uow.session,
        actor.login,
        "print.archive",
        f"month:{month}",
        detail={"claims": len(files), "full_id": True},
    )
    return Done(ArchiveReport(month, folder, tuple(files), tuple(bare)), Changes(audit=True))


def _write_claims(
    uow: UnitOfWork,
    numbers: list[str],
    folder: Path,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> tuple[list[str], list[str]]:
    """``<number>.pdf`` for each claim; the names written and the claims without papers."""
    files: list[str] = []
    bare: list[str] = []
    try:
        for i, number in enumerate(numbers, start=1):
            check(cancel)
            data = forms.approval_form(uow, number, mask_id=False)
            pages = annex_pages(uow.session, number)
            if not pages:
                bare.append(number)
            out = io.BytesIO()
            printing.render_approval(replace(data, annex=pages), out)
            name = f"{number}.pdf"
            _write(folder / name, out.getvalue())
            files.append(name)
            report(progress, i / len(numbers), f"已写出 {i}/{len(numbers)} 件")
    except BaseException:
        for name in files:
            (folder / name).unlink(missing_ok=True)
        raise
    return files, bare
