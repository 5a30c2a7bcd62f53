"""Backup and restore as the window does them: permission checked, audited. Plain Python, no
Qt (they run on the task runner's database thread); the command line's ``backup``/``restore``
do the same file work without a signed-in person.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db import Database, backup
from db.migrate import known_revisions, upgrade
from desk_app import audit, settings
from desk_app.auth import Actor, Perm, authorize
from desk_app.changes import Changes, Done
from desk_app.paths import DataDir


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
    return backup.list_backups(backup_folder(db, data), known_revisions())


@dataclass(frozen=True)
class Restored:
    db: Database
    kept: Path  # the database as it was before, kept beside it


def restore_from(db: Database, data: DataDir, actor: Actor, file: Path) -> Restored:
    """Close ``db``, put ``file`` in its place (the current file is kept aside), bring it to
    the current schema and reopen it; the restore is audited in the restored database.

    ``db`` must not be used afterwards; on failure before the swap the database is untouched
    and a fresh :class:`Database` on it is what the caller reopens.
    """
    with db.uow() as uow:
        authorize(uow, actor, Perm.BACKUP, "database")
    db.dispose()
    kept = backup.restore(file, data.database, known_revisions())
    upgrade(data.database, data.backups)
    new = Database(data.database)
    with new.uow() as uow:
        audit.record(
            uow.session,
            actor.login,
            "backup.restore",
            file.name,
            detail={"kept": kept.name},
        )
        uow.commit()
    return Restored(new, kept)


def stored_language(data: DataDir) -> str | None:
    """The ``ui.language`` setting read straight from the file, before any migration (the
    language of a migration error must be known before the database is opened properly)."""
    path = data.database
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute(
                "SELECT value FROM settings WHERE key = ?", (settings.LANGUAGE.key,)
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    if row is None:
        return None
    try:
        value = json.loads(row[0])
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, str) else None
