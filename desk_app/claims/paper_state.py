"""What a claim's papers stand at: its scheme's checklist for the claim's kind, merged with what
the clerk ticked as seen (``claims.documents``) and the scans attached (``claim_attachments``).

Read by the claim view (intake, review, the printed form) and by the intake checks; the
services that change the papers are in :mod:`desk_app.claims.papers`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.clock import now
from base.errors import msg
from db.models import Claim, ClaimAttachment
from desk_app.claims.model import Problem
from desk_app.schemes import model as sm


@dataclass(frozen=True)
class AttachmentView:
    id: int
    item_code: str
    sha256: str
    mime: str
    size: int
    source_name: str | None
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class PaperView:
    """One checklist item of a claim and where it stands."""

    code: str
    name: str
    required: bool
    original: bool
    seen_by: str | None = None
    seen_at: str | None = None
    attachments: tuple[AttachmentView, ...] = ()

    @property
    def state(self) -> str:
        """``attached`` (a scan is kept), ``seen`` (only ticked as seen), ``missing``."""
        if self.attachments:
            return "attached"
        return "seen" if self.seen_by else "missing"

    @property
    def done(self) -> bool:
        return self.state != "missing"


def _active(session: Session, claim_id: int) -> list[ClaimAttachment]:
    return list(
        session.execute(
            select(ClaimAttachment)
            .where(ClaimAttachment.claim_id == claim_id, ClaimAttachment.removed_at.is_(None))
            .order_by(ClaimAttachment.id)
        ).scalars()
    )


def attachment_view(a: ClaimAttachment) -> AttachmentView:
    return AttachmentView(
        a.id, a.item_code, a.sha256, a.mime, a.size, a.source_name, a.added_by, a.added_at
    )


def paper_views(session: Session, claim: Claim, scheme: sm.Scheme) -> tuple[PaperView, ...]:
    """The claim's checklist with its state; () when the scheme keeps none."""
    items = scheme.checklist(claim.kind)
    if not items:
        return ()
    seen: dict[str, Any] = (claim.documents or {}).get("seen", {})
    files: dict[str, list[AttachmentView]] = {}
    if claim.id is not None:
        for a in _active(session, claim.id):
            files.setdefault(a.item_code, []).append(attachment_view(a))
    return tuple(
        PaperView(
            code=i.code,
            name=i.name,
            required=i.required,
            original=i.original,
            seen_by=(seen.get(i.code) or {}).get("by"),
            seen_at=(seen.get(i.code) or {}).get("at"),
            attachments=tuple(files.get(i.code, ())),
        )
        for i in items
    )


def write_seen(claim: Claim, codes: Iterable[str], login: str) -> None:
    """Record the ticks of the intake form: a code ticked keeps who first ticked it and when; a
    code no longer ticked is dropped. Files are kept as they are."""
    docs = dict(claim.documents or {})
    before: dict[str, Any] = docs.get("seen", {})
    stamp = now().isoformat(timespec="seconds")
    docs["seen"] = {c: before.get(c) or {"by": login, "at": stamp} for c in sorted(set(codes))}
    docs.setdefault("files", {})
    claim.documents = docs


def write_files(session: Session, claim: Claim) -> None:
    """Mirror the active attachments' hashes onto the claim (they sync with it)."""
    docs = dict(claim.documents or {"seen": {}})
    files: dict[str, list[str]] = {}
    for a in _active(session, claim.id):
        files.setdefault(a.item_code, []).append(a.sha256)
    docs["files"] = files
    claim.documents = docs


def paper_problems(
    session: Session, scheme: sm.Scheme, kind: str, seen: tuple[str, ...], claim_id: int | None
) -> list[Problem]:
    """A claim may be submitted only when every required paper is ticked as seen or attached."""
    attached = {a.item_code for a in _active(session, claim_id)} if claim_id is not None else set()
    out: list[Problem] = []
    for item in scheme.checklist(kind):
        if item.required and item.code not in seen and item.code not in attached:
            what = "原件" if item.original else "复印件或扫描件"
            out.append(
                Problem(
                    f"papers.{item.code}",
                    msg(
                        "缺少材料：{n}（{w}），请核对后勾选或附上扫描件",
                        "paper missing: {n} ({we}); tick it when seen or attach a scan",
                        n=item.name,
                        w=what,
                        we="original" if item.original else "copy or scan",
                    ),
                    severity="incomplete",
                )
            )
    return out
