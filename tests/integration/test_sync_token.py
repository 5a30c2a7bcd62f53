"""The sync token is a credential, not data: it is never in the database file, its WAL or a
backup; it is sealed in the key folder; a restored backup asks for it again; an older
release's token is moved out at the upgrade."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from db import Database, backup, keys
from db.migrate import upgrade
from desk_app.access.auth import SYSTEM
from desk_app.sync import credentials, setup_sync, sync_status
from desk_app.system import backups
from desk_app.system.paths import DataDir

TOKEN = "Zq7-city-issued-token-4f9a1c2e8b"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "db" / "release-0.1.0.sqlite3"


def _set_up(db) -> None:
    with db.uow() as uow:
        setup_sync(uow, SYSTEM, "https://city.example", "330602", TOKEN, force=True)
        uow.commit()


def _bytes(path: Path) -> bytes:
    """The file and its WAL, as they lie on the disk."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_the_token_is_in_no_database_wal_or_backup_byte(db, data_dir):
    _set_up(db)
    with db.reader() as uow:
        assert credentials.stored_token(uow.session, "330602") == TOKEN
        assert sync_status(uow).configured
    copy = backup.backup_database(db.path, data_dir / "backups")
    assert TOKEN.encode() not in _bytes(db.path)
    assert TOKEN.encode() not in copy.read_bytes()
    sealed = data_dir / "keys" / keys.SYNC_TOKEN
    assert sealed.exists() and TOKEN.encode() not in sealed.read_bytes()
    assert (sealed.stat().st_mode & 0o077) == 0


def test_a_token_in_the_table_is_refused(db):
    with db.uow() as uow, pytest.raises(Exception, match="key folder"):
        uow.session.connection().exec_driver_sql(
            "INSERT INTO sync_state (id, token, pull_cursor, acked_seq) VALUES (1, 'x', 0, 0)"
        )


def test_a_restored_backup_asks_for_the_token_again(db, actors, data_dir):
    _set_up(db)
    copy = backup.backup_database(db.path, data_dir / "backups")
    restored = backups.restore_from(db, DataDir(data_dir), actors["admin"], copy)
    try:
        with restored.db.reader() as uow:
            status = sync_status(uow)
            assert status.server == "https://city.example" and not status.configured
            assert credentials.stored_token(uow.session, "330602") is None
        from desk_app.sync import run_sync

        report = run_sync(restored.db, trigger="test")
        assert not report.ok and report.error is not None and "token" in report.error.en
    finally:
        restored.db.dispose()


def test_the_key_folder_of_another_pc_opens_nothing(db, data_dir, tmp_path):
    """A copied data folder without its key folder (or with another PC's) has no token."""
    _set_up(db)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copyfile(db.path, other / "desk.sqlite3")
    (other / "keys").mkdir()
    shutil.copyfile(data_dir / "keys" / keys.SYNC_TOKEN, other / "keys" / keys.SYNC_TOKEN)
    assert keys.unseal_sync_token(other / "keys") is None  # no sealing key there
    keys.secret(other / "keys", keys.SEALING_KEY)  # another PC's own key
    assert keys.unseal_sync_token(other / "keys") is None


def test_the_upgrade_moves_an_older_releases_token_out_of_the_database(data_dir):
    path = data_dir / "desk.sqlite3"
    shutil.copyfile(FIXTURE, path)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM sync_state")
    conn.execute(
        "INSERT INTO sync_state (id, token, token_site, pull_cursor, acked_seq) "
        "VALUES (1, ?, '330602', 0, 0)",
        (TOKEN,),
    )
    conn.commit()
    conn.close()
    dd = DataDir(data_dir).ensure()
    report = upgrade(path, dd.backups)
    assert report.backup_path is not None and TOKEN.encode() in report.backup_path.read_bytes()
    db = Database(path)
    try:
        with db.reader() as uow:
            assert credentials.stored_token(uow.session, "330602") == TOKEN
        raw = db.raw_connection()
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.close()
        assert TOKEN.encode() not in _bytes(path)
    finally:
        db.dispose()
