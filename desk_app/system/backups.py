"""Backups: made by a person (the window's 备份 page: permission checked, audited), listed,
restored; and automatic ones, on a schedule while the desk runs, at exit, and from the system
scheduler (``desk-app backup --auto``). Uses the SQLite backup API (db.backup), keeps the newest
``backup.keep`` automatic copies, and records when the last one was taken.

The schedule is a plain function of "now" and "the last automatic backup", so the window's timer
and the command line share it; nothing here knows about Qt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from base.changes import Changes, Done
from base.clock import now
from db import Database, backup, keys
from db.migrate import known_revisions, upgrade
from db.models import SyncState
from desk_app.access import audit
from desk_app.access.auth import SCHEDULER, Actor, Perm, authorize
from desk_app.system import settings
from desk_app.system.paths import DataDir

log = logging.getLogger(__name__)

LAST_AUTO_BACKUP = settings.SettingDef(
    "backup.last_auto",
    "",
    str,
    "When the last automatic backup was taken (UTC, ISO)",
    "上次自动备份时间",
    admin_only=True,
)  # bookkeeping, not in REGISTRY: nobody edits it


@dataclass(frozen=True)
class BackupPlan:
    folder: Path
    keep: int
    every: timedelta | None  # None: only at exit
    last: datetime | None

    def due(self, at: datetime) -> bool:
        if self.every is None:
            return False
        return self.last is None or at - self.last >= self.every


def plan(db: Database, data: DataDir) -> BackupPlan:
    """The automatic backup settings as they stand."""
    with db.reader() as uow:
        s = uow.session
        folder_text = settings.get(s, settings.BACKUP_DIR)
        keep = settings.get(s, settings.BACKUP_KEEP)
        hours = settings.get(s, settings.BACKUP_EVERY_HOURS)
        last_text = settings.get(s, LAST_AUTO_BACKUP)
    folder = Path(folder_text).expanduser() if folder_text else data.backups
    try:
        last = datetime.fromisoformat(last_text) if last_text else None
    except ValueError:
        last = None
    return BackupPlan(folder, keep, timedelta(hours=hours) if hours else None, last)


def auto_backup(
    db: Database, data: DataDir, *, reason: str = "auto", actor: Actor = SCHEDULER
) -> Path:
    """Take an automatic backup now, prune the old ones, remember the time; returns the file.

    Runs on a worker thread in the window (the copy can take seconds on a large database).
    ``reason`` is ``auto`` (schedule), ``exit`` (closing the window) or ``daily`` (scheduler).
    Audited as ``actor``: the service identity unless an admin ran it by hand.
    """
    p = plan(db, data)
    path = backup.backup_database(db.path, p.folder, reason=reason)
    removed = backup.prune(p.folder, p.keep)
    with db.uow() as uow:
        settings.put(uow.session, LAST_AUTO_BACKUP, now().isoformat())
        audit.record(
            uow.session,
            actor.login,
            "backup.auto",
            path.name,
            detail={"reason": reason, "pruned": len(removed)},
        )
        uow.commit()
    log.info("automatic backup %s taken (%s), %d old ones pruned", path.name, reason, len(removed))
    return path


def backup_if_due(db: Database, data: DataDir) -> Path | None:
    """The scheduled tick: a backup when the interval has passed since the last one."""
    if plan(db, data).due(now()):
        return auto_backup(db, data)
    return None


def backup_folder(db: Database, data: DataDir) -> Path:
    """The ``backup.dir`` setting, or the data folder's ``backups``."""
    with db.reader() as uow:
        configured = settings.get(uow.session, settings.BACKUP_DIR)
    return Path(configured).expanduser() if configured else data.backups


def backup_now(db: Database, data: DataDir, actor: Actor) -> Done[Path]:
    """A consistent copy of the database in the backup folder, made while the desk works."""
    with db.uow() as uow:
        authorize(uow, actor, Perm.BACKUP, "database")
    folder = backup_folder(db, data)
    path = backup.backup_database(db.path, folder, reason="manual")
    with db.uow() as uow:
        audit.record(uow.session, actor.login, "backup", path.name, detail={"folder": str(folder)})
        uow.commit()
    return Done(path, Changes(audit=True))


def list_backups(db: Database, data: DataDir) -> list[backup.BackupInfo]:
    """Backups fit to restore (integrity checked, a known schema), newest first."""
    return backup.list_backups(backup_folder(db, data), known_revisions(), db.key)


@dataclass(frozen=True)
class Restored:
    db: Database
    kept: Path  # the database as it was before, kept beside it


def restore_from(
    db: Database, data: DataDir, actor: Actor, file: Path, *, recovery_key: bytes | None = None
) -> Restored:
    """Close ``db``, put ``file`` in its place (the current file is kept aside), bring it to
    the current schema and reopen it; the restore is audited in the restored database. The
    stored sync token is forgotten: sync asks for it again. ``recovery_key`` opens a backup
    of another desk (or of this one before its key folder was lost).

    ``db`` must not be used afterwards; on failure before the swap the database is untouched
    and a fresh :class:`Database` on it is what the caller reopens.
    """
    with db.uow() as uow:
        authorize(uow, actor, Perm.BACKUP, "database")
    db.dispose()
    kept = backup.restore(file, data.database, known_revisions(), source_key=recovery_key)
    # The sync token is no part of any backup: after a restore the admin enters it again (or
    # the city issues a new one), whichever desk the copy came from.
    forgot = keys.forget(keys.key_dir(data.database), keys.SYNC_TOKEN)
    upgrade(data.database, data.backups, encrypt=True)
    new = Database(data.database)
    with new.uow() as uow:
        audit.record(
            uow.session,
            actor.login,
            "backup.restore",
            file.name,
            detail={"kept": kept.name, "sync_token_forgotten": forgot},
        )
        mark_restored(uow.session)
        uow.commit()
    return Restored(new, kept)


def mark_restored(session: Session) -> None:
    """A backup was put back: the restored database remembers it until a sync finds it level
    with the city, or it recovered from the city (desk_app.sync.behind; docs/operations.md)."""
    st = session.get(SyncState, 1)
    if st is None:
        st = SyncState(id=1, pull_cursor=0, acked_seq=0)
        session.add(st)
    st.restored_at = now()
