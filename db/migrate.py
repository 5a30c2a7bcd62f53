"""Bring a database file to the current schema, safely.

An existing database that is behind is first copied with the SQLite backup API; if a migration
fails, the copy is put back and :class:`MigrationFailed` says so. A database newer than this
program (made by a later release) is refused rather than touched.
"""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL

from base import private
from db import backup, cipher, connect, keys

MIGRATIONS = Path(__file__).with_name("migrations")


class MigrationFailed(RuntimeError):
    """The upgrade failed; the database was restored from ``backup_path``."""

    def __init__(self, message: str, backup_path: Path | None) -> None:
        super().__init__(message)
        self.backup_path = backup_path


class DatabaseTooNew(RuntimeError):
    """The file was written by a newer release of the program."""


@dataclass(frozen=True)
class MigrationReport:
    before: str | None
    after: str
    backup_path: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(path: Path, key: bytes | None = None) -> str | None:
    """The revision stamped in the file, or ``None`` for an empty or missing database."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    engine = create_engine(connect.engine_url(path, key or keys.database_key(path)))
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def upgrade(path: Path, backup_dir: Path, *, encrypt: bool = False) -> MigrationReport:
    """Create or upgrade the database at ``path`` to head (backing it up first if it exists).

    The upgrade runs in one transaction; if it fails anyway, the backup is put back. With
    ``encrypt`` (the program's own start: the command line, the window) a new database is
    created encrypted (SQLCipher, ``db.connect``), and a plain one that needed migrating is
    encrypted in place after its migration (``db.cipher.encrypt_in_place``: its backups too).
    A plain database already at head (made by tools and tests) is left as it is.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not path.exists() or path.stat().st_size == 0
    if not path.exists():
        private.private_file(path)  # before SQLite creates it (its WAL takes the same mode)
    key = keys.database_key(path)
    if fresh and encrypt and key is None:
        key = secrets.token_bytes(connect.KEY_BYTES)
        keys.set_database_key(path, key)
    if key is None and connect.is_encrypted(path):
        raise connect.KeyMissing(
            f"the database {path} is encrypted and its key folder has no key: put the key "
            "folder back, or restore a backup with the recovery key"
        )
    if key is not None and not fresh and not connect.is_encrypted(path):
        cipher.encrypt_in_place(path, backup_dir, key)  # a change of key file interrupted
    report = _migrate(path, backup_dir, key)
    if encrypt and key is None and report.changed and report.before is not None:
        cipher.encrypt_in_place(path, backup_dir, secrets.token_bytes(connect.KEY_BYTES))
    return report


def _migrate(path: Path, backup_dir: Path, key: bytes | None) -> MigrationReport:
    before = current_revision(path, key)
    head = head_revision()
    if before is not None and before not in known_revisions():
        raise DatabaseTooNew(
            f"the database {path} has schema revision {before}, which this program does not "
            "know: it was made by a newer release"
        )
    if before == head:
        return MigrationReport(before, head, None)
    backup_path: Path | None = None
    if before is not None:
        backup_path = backup.backup_database(path, backup_dir, reason=f"pre-upgrade-{before}")
    engine = _transactional_engine(connect.engine_url(path, key))
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:
        engine.dispose()
        if backup_path is not None:
            _restore_file(backup_path, path)
        raise MigrationFailed(
            f"upgrading the database from {before} failed ({exc}); "
            + (f"it was restored from {backup_path}" if backup_path else "nothing was kept"),
            backup_path,
        ) from exc
    finally:
        engine.dispose()
    return MigrationReport(before, head, backup_path)


def _transactional_engine(url: str | URL) -> Engine:
    """An engine whose transactions really begin with BEGIN, so SQLite's transactional DDL
    makes a whole upgrade atomic (the pysqlite driver would otherwise autocommit DDL)."""
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _rec: Any) -> None:
        dbapi_conn.isolation_level = None
        # Pragmas outside any transaction (SQLite ignores or refuses them inside one). Batch
        # migrations copy tables, which enforced foreign keys would block.
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA foreign_keys=OFF")

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _restore_file(src: Path, dest: Path) -> None:
    for suffix in ("-wal", "-shm"):
        side = dest.with_name(dest.name + suffix)
        if side.exists():
            side.unlink()
    tmp = private.private_file(dest.with_name(dest.name + ".restoring"))
    shutil.copyfile(src, tmp)
    tmp.replace(dest)
