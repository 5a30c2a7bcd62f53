"""Automatic backups: on schedule, at exit, pruned to the configured number."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from base.clock import now
from desk_app.system import backups, settings
from desk_app.system.paths import DataDir
from tests.conftest import run_cli


def _set(db, d, value):
    with db.uow() as uow:
        settings.put(uow.session, d, value)
        uow.commit()


def test_first_tick_backs_up_and_the_next_waits_for_the_interval(db, data_dir: Path, monkeypatch):
    dd = DataDir(data_dir)
    first = backups.backup_if_due(db, dd)
    assert first is not None and first.exists() and "-auto" in first.name
    assert backups.backup_if_due(db, dd) is None  # not due again within 24 h
    later = now() + timedelta(hours=25)
    monkeypatch.setenv("DESK_APP_FAKE_NOW", later.isoformat())
    assert backups.backup_if_due(db, dd) is not None


def test_interval_zero_means_only_at_exit(db, data_dir: Path):
    _set(db, settings.BACKUP_EVERY_HOURS, 0)
    dd = DataDir(data_dir)
    assert backups.backup_if_due(db, dd) is None
    exit_copy = backups.auto_backup(db, dd, reason="exit")
    assert "-exit" in exit_copy.name


def test_only_the_configured_number_of_automatic_backups_is_kept(db, data_dir: Path, tmp_path):
    folder = tmp_path / "usb-stick"
    _set(db, settings.BACKUP_DIR, str(folder))
    _set(db, settings.BACKUP_KEEP, 3)
    dd = DataDir(data_dir)
    made = [backups.auto_backup(db, dd) for _ in range(5)]
    left = sorted(folder.glob("desk-*.sqlite3"))
    # (names within one second get a counter, and a pruned name may be reused)
    assert len(left) == 3 and made[-1] in left and made[1] not in left


def test_scheduler_command_line_takes_a_daily_backup(db, data_dir: Path):
    db.dispose()
    r = run_cli("backup", "--auto", data_dir=data_dir)
    assert r.code == 0, r.err
    assert list((data_dir / "backups").glob("desk-*-daily.sqlite3"))
    from db import Database
    from db.models import AuditEntry

    again = Database(data_dir / "desk.sqlite3")
    try:
        with again.reader() as uow:
            entry = uow.session.query(AuditEntry).filter_by(action="backup.auto").one()
            assert entry.login == "scheduler"  # the service identity, not a person nor "system"
    finally:
        again.dispose()
