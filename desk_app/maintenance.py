"""Automatic backups: on a schedule while the desk runs, at exit, and from the system
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

from db import Database, backup
from desk_app import audit, settings
from desk_app.clock import now
from desk_app.paths import DataDir

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


def auto_backup(db: Database, data: DataDir, *, reason: str = "auto") -> Path:
    """Take an automatic backup now, prune the old ones, remember the time; returns the file.

    Runs on a worker thread in the window (the copy can take seconds on a large database).
    ``reason`` is ``auto`` (schedule), ``exit`` (closing the window) or ``daily`` (scheduler).
    """
    p = plan(db, data)
    path = backup.backup_database(db.path, p.folder, reason=reason)
    removed = backup.prune(p.folder, p.keep)
    with db.uow() as uow:
        settings.put(uow.session, LAST_AUTO_BACKUP, now().isoformat())
        audit.record(
            uow.session,
            "system",
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
