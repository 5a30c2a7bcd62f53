"""Backups with the SQLite online backup API (consistent while others write), checked restores.

A backup file is written under a temporary name, checked with ``PRAGMA integrity_check`` and only
then given its final name, so a half-written or damaged copy is never offered for restore.

An encrypted database's backups are encrypted with its key (the backup API copies the pages
through SQLCipher); ``key`` arguments default to the key of the database being copied or
replaced (``db.keys.database_key``). A backup opens only with that key — on another PC with the
recovery key (:func:`restore`'s ``source_key``).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from base import private
from base.clock import local, now
from db import keys
from db.connect import DatabaseErrors, connect, is_encrypted, key_pragma, open_plain_for_export

BACKUP_GLOB = "desk-*.sqlite3"
_NAME_RE = re.compile(r"^desk-(\d{8}-\d{6})(?:-\d+)?(?:-([\w.-]+))?\.sqlite3$")


class BackupError(RuntimeError):
    """A backup could not be made, or a file is not fit to restore."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime | None
    reason: str
    size: int
    ok: bool
    revision: str | None
    problem: str | None = None


def integrity_ok(path: Path, key: bytes | None = None) -> tuple[bool, str]:
    """``(True, "ok")`` when SQLite's full integrity check passes on the file (opened with
    ``key`` when it is encrypted)."""
    try:
        conn = connect(f"file:{path}?mode=ro", key, uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except DatabaseErrors as exc:
        if is_encrypted(path):
            return False, f"encrypted with another key, or damaged ({exc})"
        return False, str(exc)
    text = "; ".join(str(r[0]) for r in rows)
    return text == "ok", text


def revision_of(path: Path, key: bytes | None = None) -> str | None:
    try:
        conn = connect(f"file:{path}?mode=ro", key, uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except DatabaseErrors:
        return None
    return row[0] if row else None


def copy_database(
    src: Path,
    dest: Path,
    *,
    key: bytes | Literal["same"] | None = "same",
    source_key: bytes | Literal["auto"] | None = "auto",
) -> None:
    """A consistent copy of ``src`` at ``dest`` (online backup API), checked for integrity;
    the copy is the owner's only (0600). ``source_key`` opens ``src`` (default: the key of its
    data folder; ``None``: a plain file), ``key`` encrypts the copy (default: the same key as
    the source; ``None``: plain)."""
    if source_key == "auto":
        source_key = keys.database_key(src)
    if key == "same":
        key = source_key
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    if tmp.exists():
        tmp.unlink()
    if source_key is None and key is not None:
        export_encrypted(src, tmp, key)  # a plain file into an encrypted copy
        tmp.replace(dest)
        return
    private.private_file(tmp)  # the copy holds the same personal data: owner only
    # Not mode=ro: a read-only connection cannot open a WAL database whose -shm is missing.
    source = connect(src, source_key, timeout=30)
    target = connect(tmp, key)
    try:
        source.backup(target, pages=1024)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()
    ok, text = integrity_ok(tmp, key)
    if not ok:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {text}")
    tmp.replace(dest)


def export_encrypted(src: Path, dest: Path, key: bytes) -> None:
    """Write an encrypted copy of the plain database ``src`` at ``dest``, checked
    (``sqlcipher_export`` through the open connection, so what is still in the WAL goes along).
    Nothing else in this process may have ``src`` open (``db.connect``)."""
    dest.unlink(missing_ok=True)
    private.private_file(dest)
    conn = open_plain_for_export(src, timeout=30, isolation_level=None)
    try:
        conn.execute(f'ATTACH DATABASE ? AS enc KEY "{key_pragma(key)}"', (str(dest),))
        conn.execute("SELECT sqlcipher_export('enc')")
        conn.execute("DETACH DATABASE enc")
    finally:
        conn.close()
    ok, text = integrity_ok(dest, key)
    if not ok:
        dest.unlink(missing_ok=True)
        raise BackupError(f"the encrypted copy of {src.name} failed its check: {text}")


def backup_database(src: Path, backup_dir: Path, *, reason: str = "manual") -> Path:
    """Write a timestamped backup of ``src`` into ``backup_dir``; returns its path."""
    if not src.exists():
        raise BackupError(f"no database at {src}")
    stamp = local(now()).strftime("%Y%m%d-%H%M%S")
    safe = re.sub(r"[^\w.-]", "_", reason)
    dest = backup_dir / f"desk-{stamp}-{safe}.sqlite3"
    n = 1
    while dest.exists():
        n += 1
        dest = backup_dir / f"desk-{stamp}-{n}-{safe}.sqlite3"
    copy_database(src, dest)
    return dest


def inspect(
    path: Path, known_revisions: set[str] | None = None, key: bytes | None = None
) -> BackupInfo:
    """What a restore would need to know about a backup file (opened with ``key``)."""
    m = _NAME_RE.match(path.name)
    taken = datetime.strptime(m.group(1), "%Y%m%d-%H%M%S") if m else None
    reason = (m.group(2) or "") if m else ""
    ok, text = integrity_ok(path, key)
    rev = revision_of(path, key) if ok else None
    problem = None if ok else f"integrity check failed: {text}"
    if ok and rev is None:
        ok, problem = False, "not a desk database (no schema revision)"
    elif ok and known_revisions is not None and rev not in known_revisions:
        ok, problem = False, f"made by a newer release (schema {rev})"
    return BackupInfo(path, taken, reason, path.stat().st_size, ok, rev, problem)


def list_backups(
    backup_dir: Path, known_revisions: set[str] | None = None, key: bytes | None = None
) -> list[BackupInfo]:
    """Backups that pass the checks with ``key``, newest first (a damaged one, or one of
    another desk, is never offered)."""
    if not backup_dir.exists():
        return []
    infos = [inspect(p, known_revisions, key) for p in backup_dir.glob(BACKUP_GLOB)]
    return sorted((i for i in infos if i.ok), key=lambda i: _age_key(i.path), reverse=True)


def _age_key(p: Path) -> tuple[int, str]:
    # Several backups can share a second (and so a name stamp); the file time orders them.
    return (p.stat().st_mtime_ns, p.name)


def prune(backup_dir: Path, keep: int) -> list[Path]:
    """Delete the oldest automatic backups beyond ``keep``; returns what was deleted."""
    files = sorted(backup_dir.glob(BACKUP_GLOB), key=_age_key, reverse=True)
    auto = [p for p in files if "-auto" in p.name or "-exit" in p.name or "-daily" in p.name]
    doomed = auto[keep:]
    for p in doomed:
        p.unlink(missing_ok=True)
    return doomed


def restore(
    backup_file: Path,
    db_path: Path,
    known_revisions: set[str],
    *,
    source_key: bytes | None = None,
) -> Path:
    """Put ``backup_file`` in place of ``db_path`` after checking it; the replaced database is
    kept beside it as ``<name>.before-restore-<stamp>``, which is returned.

    The backup opens with the database's own key, or with ``source_key`` (the recovery key of
    the desk that made it, on another PC): it is then re-encrypted with this desk's key.
    The caller must have closed every connection to ``db_path``.
    """
    key = keys.database_key(db_path)
    opener: bytes | None
    if source_key is not None:
        opener = source_key
    else:  # this desk's own backup, or a plain one from before encryption
        opener = key if is_encrypted(backup_file) else None
    info = inspect(backup_file, known_revisions, opener)
    if not info.ok:
        raise BackupError(f"{backup_file.name} cannot be restored: {info.problem}")
    kept = db_path.with_name(f"{db_path.name}.before-restore-{local(now()):%Y%m%d-%H%M%S}")
    if db_path.exists():
        copy_database(db_path, kept)
    if key is None and source_key is not None:
        # A plain desk takes the backup's key: the data stays encrypted.
        keys.set_database_key(db_path, source_key)
        key = source_key
    tmp = db_path.with_name(db_path.name + ".restoring")
    if opener == key:
        shutil.copyfile(backup_file, private.private_file(tmp))
    else:
        tmp.unlink(missing_ok=True)
        copy_database(backup_file, tmp, key=key, source_key=opener)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        side.unlink(missing_ok=True)
    tmp.replace(db_path)
    return kept
