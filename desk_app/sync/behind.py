"""Noticing that the desk is behind the city: a backup was restored, or the PC was rebuilt.

The city holds every change this site ever sent; ``hello`` tells its last sequence for the site
and the op_id of that change. A desk that acknowledged less, and does not hold that very change
in its outbox either (which would only mean an answer was lost), went back in time: whatever it
sends now could reuse version numbers the city holds with other content, or undo newer state.
Such a desk is marked behind (``sync_state.behind_seq``) and sends nothing until it has
recovered from the city (:mod:`desk_app.sync.recover`); the window and the command line say so.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.clock import now
from base.errors import Message, msg
from db import Database
from db.models import OutboxEntry
from desk_app.sync import push as push_mod
from desk_app.sync.client import SyncError

log = logging.getLogger(__name__)


def behind_message(city_seq: int, desk_seq: int) -> Message:
    """What the clerk reads when the desk is behind the city."""
    return msg(
        "本机数据落后于市里：市里已收到本服务点的第 {c} 号变更，本机只记得到第 {d} 号（可能恢复过"
        "备份，或换了电脑）。为免新录入的数据与市里冲突，同步已暂停：请管理员先从市里恢复数据"
        "（“同步”页的“从市里恢复”，或 desk-app sync --recover）",
        "this desk is behind the city: the city holds this site's changes up to number {c}, "
        "this desk knows only up to {d} (a backup was restored, or the PC was replaced). So that "
        "new work does not collide with the city's records, sync is paused: an admin must "
        "recover from the city first (同步 → 从市里恢复, or desk-app sync --recover)",
        c=city_seq,
        d=desk_seq,
    )


def restored_message() -> Message:
    """What the desk says after ``desk-app restore``, before it has checked with the city."""
    return msg(
        "已恢复备份：备份之后同步到市里的数据不在本机上。请先同步（desk-app sync）；若本机落后于"
        "市里，请先从市里恢复（desk-app sync --recover），再录入新数据",
        "a backup was restored: whatever reached the city after it is not on this desk. Sync "
        "first (desk-app sync); if the desk is behind the city, recover from it "
        "(desk-app sync --recover) before entering new work",
    )


def _holds(session: Session, seq: int, op_id: str | None) -> bool:
    """Whether the outbox still holds the city's last change (its answer was lost)."""
    row = session.execute(
        select(OutboxEntry.op_id).where(OutboxEntry.seq == seq)
    ).scalar_one_or_none()
    return row is not None and (op_id is None or row == op_id)


def check(db: Database, hello: dict[str, Any]) -> None:
    """After ``hello``: mark the desk behind and raise ``SyncError("behind")`` if it is, or
    clear a restore's mark when the desk turns out level with the city."""
    city_seq = int(hello.get("last_seq") or 0)
    op_id = hello.get("last_op_id")
    with db.uow() as uow:
        s = uow.session
        st = push_mod.state(s)
        acked = st.acked_seq or 0
        behind = bool(st.behind_seq) or (
            city_seq > acked and not _holds(s, city_seq, op_id if isinstance(op_id, str) else None)
        )
        if behind:
            st.behind_seq = max(st.behind_seq or 0, city_seq)
            st.updated_at = now()
        elif st.restored_at is not None:
            st.restored_at = None  # the restore lost nothing the city had
        uow.commit()
    if behind:
        log.warning("sync: the city holds changes up to %d, this desk up to %d", city_seq, acked)
        raise SyncError("behind", behind_message(city_seq, acked))


def mark(db: Database, body: Any) -> None:
    """The city refused a push as older than what it holds (``version_conflict``): whatever
    the desk believed it had acknowledged, it cannot say which of its records the city holds
    newer, so the recovery reads them all (``acked_seq`` 0)."""
    with db.uow() as uow:
        st = push_mod.state(uow.session)
        st.behind_seq = max(st.behind_seq or 0, st.acked_seq or 0, 1)
        st.acked_seq = 0
        st.updated_at = now()
        uow.commit()
    log.warning("sync: the city refused older versions: %s", body)
