"""Cross-county findings from the city (and schemes the desk could not take): listed for the
window and the command line, and marked dealt with at this desk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from base.changes import Changes, Done
from base.errors import Message, NotFound, msg
from db.engine import UnitOfWork
from db.models import SyncFinding
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize

FINDING_NAMES = {
    "duplicate_receipt": Message("重复票据", "duplicate receipt"),
    "double_enrollment": Message("重复参保", "double enrollment"),
    "scheme_refused": Message("方案未能导入", "scheme not stored"),
    "recovery_conflict": Message("恢复时的冲突", "conflict found while recovering"),
    "recovery_adopted": Message("恢复时合并的重复录入", "typed again, merged while recovering"),
    "recovery_renumbered": Message("恢复时改了编号", "renumbered while recovering"),
}


@dataclass(frozen=True)
class FindingRow:
    id: int
    server_seq: int
    kind: str
    kind_name: Message
    summary: Message
    detail: dict[str, Any]
    received_at: datetime
    resolved: bool


def _finding_row(f: SyncFinding) -> FindingRow:
    detail = f.detail if isinstance(f.detail, dict) else {}
    summary = detail.get("summary") or {}
    return FindingRow(
        id=f.id,
        server_seq=f.server_seq,
        kind=f.kind,
        kind_name=FINDING_NAMES.get(f.kind, Message(f.kind, f.kind)),
        summary=Message(str(summary.get("zh", f.kind)), str(summary.get("en", f.kind))),
        detail=detail,
        received_at=f.received_at,
        resolved=f.resolved,
    )


def list_findings(uow: UnitOfWork, *, include_resolved: bool = True) -> list[FindingRow]:
    """Cross-county findings from the city (and schemes the desk could not take), newest first;
    open ones before resolved ones."""
    stmt = select(SyncFinding).order_by(SyncFinding.resolved, SyncFinding.server_seq.desc())
    if not include_resolved:
        stmt = stmt.where(SyncFinding.resolved.is_(False))
    return [_finding_row(f) for f in uow.session.execute(stmt).scalars()]


def resolve_finding(
    uow: UnitOfWork, actor: Actor, finding_id: int, resolved: bool = True
) -> Done[FindingRow]:
    """Mark a finding dealt with (or open again) at this desk. Needs :attr:`Perm.REVIEW`."""
    authorize(uow, actor, Perm.REVIEW, f"finding:{finding_id}")
    f = uow.session.get(SyncFinding, finding_id)
    if f is None:
        raise NotFound(msg("没有编号为 {i} 的同步提示", "no finding {i}", i=finding_id))
    f.resolved = resolved
    audit.record(
        uow.session,
        actor.login,
        "sync.finding.resolve" if resolved else "sync.finding.reopen",
        f"finding:{finding_id}",
        detail={"kind": f.kind},
    )
    return Done(_finding_row(f), Changes(sync=True))
