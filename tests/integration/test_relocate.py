"""The data folder can be moved, and the program finds it at its new place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from base.errors import ValidationError
from desk_app.system import relocate
from desk_app.system.paths import DataDir, resolve_data_dir


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_APP_CONFIG", str(tmp_path / "config"))
    monkeypatch.delenv("DESK_APP_DATA", raising=False)


def test_moving_copies_the_database_and_is_remembered(db, actors, data_dir: Path, tmp_path):
    from db.models import User

    db.dispose()
    (data_dir / "backups" / "desk-20260101-000000-auto.sqlite3").write_bytes(db.path.read_bytes())
    target = tmp_path / "usb" / "desk-data"
    new = relocate.move_data_dir(DataDir(data_dir), target)
    assert new.root == target.resolve()
    assert resolve_data_dir().root == target.resolve()  # next start finds it
    conn = sqlite3.connect(new.database)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    logins = {r[0] for r in conn.execute(f"SELECT login FROM {User.__tablename__}")}
    conn.close()
    assert {"admin", "clerk", "reviewer"} <= logins
    assert (target / "backups" / "desk-20260101-000000-auto.sqlite3").exists()
    assert db.path.exists()  # the old folder is left alone


def test_an_explicit_data_dir_still_wins(tmp_path: Path, data_dir: Path):
    relocate.move_data_dir(DataDir(data_dir), tmp_path / "elsewhere")
    assert resolve_data_dir(tmp_path / "x").root == (tmp_path / "x").resolve()


def test_a_folder_holding_a_database_is_refused(db, data_dir: Path, tmp_path: Path):
    db.dispose()
    other = tmp_path / "other"
    other.mkdir()
    (other / "desk.sqlite3").write_bytes(b"")
    with pytest.raises(ValidationError) as e:
        relocate.move_data_dir(DataDir(data_dir), other)
    assert "已经有数据库" in e.value.text("zh")


def test_a_folder_inside_the_current_one_is_refused(db, data_dir: Path):
    db.dispose()
    with pytest.raises(ValidationError):
        relocate.move_data_dir(DataDir(data_dir), data_dir / "sub")


def test_the_key_folder_moves_with_the_data_so_sync_keeps_its_token(db, actors, data_dir, tmp_path):
    from desk_app.access.auth import SYSTEM
    from desk_app.sync import setup_sync, sync_status

    with db.uow() as uow:
        setup_sync(uow, SYSTEM, "https://city.example", "330602", "t" * 32, force=True)
        uow.commit()
    db.dispose()
    new = relocate.move_data_dir(DataDir(data_dir), tmp_path / "usb" / "desk-data")
    from db import Database

    moved = Database(new.database)
    try:
        with moved.reader() as uow:
            assert sync_status(uow).configured
    finally:
        moved.dispose()
    assert (new.keys.stat().st_mode & 0o077) == 0
