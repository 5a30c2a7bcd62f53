"""The schema comes only from migrations, and they match the models."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from db.base import metadata
from db.migrate import (
    DatabaseTooNew,
    MigrationFailed,
    alembic_config,
    current_revision,
    head_revision,
    upgrade,
)


def test_empty_folder_migrates_to_head(tmp_path: Path):
    report = upgrade(tmp_path / "d.sqlite3", tmp_path / "b")
    assert report.before is None and report.after == head_revision()
    assert report.backup_path is None
    assert current_revision(tmp_path / "d.sqlite3") == head_revision()


def test_migrations_have_a_single_head():
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, heads


def test_migrated_schema_matches_the_models(tmp_path: Path):
    path = tmp_path / "d.sqlite3"
    upgrade(path, tmp_path / "b")
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, metadata)
    engine.dispose()
    assert diff == [], diff


def test_paid_money_triggers_exist(tmp_path: Path):
    path = tmp_path / "d.sqlite3"
    upgrade(path, tmp_path / "b")
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    conn.close()
    assert {
        "payments_append_only_update",
        "payments_append_only_delete",
        "claims_paid_payout_frozen",
        "audit_log_append_only_update",
    } <= names


def test_upgrade_at_head_takes_no_backup(tmp_path: Path):
    path = tmp_path / "d.sqlite3"
    upgrade(path, tmp_path / "b")
    report = upgrade(path, tmp_path / "b")
    assert not report.changed and report.backup_path is None


def test_a_database_from_a_newer_release_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "d.sqlite3"
    upgrade(path, tmp_path / "b")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew):
        upgrade(path, tmp_path / "b")
    assert path.read_bytes() == before


def test_failed_migration_restores_the_backup(tmp_path: Path, monkeypatch):
    """An upgrade that breaks half-way leaves the database exactly as it was."""
    path = tmp_path / "d.sqlite3"
    upgrade(path, tmp_path / "b")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO counters (name, value) VALUES ('x', 41)")
    # Pretend the file is one revision behind so the upgrade must run again from scratch.
    conn.execute("DELETE FROM alembic_version")
    conn.execute("INSERT INTO alembic_version VALUES ('0001')")
    conn.commit()
    conn.close()

    import db.migrate as m

    monkeypatch.setattr(m, "head_revision", lambda: "9999")

    def boom(cfg, target):
        # A step that commits on its own (as some DDL does) and then a failure: without the
        # restore, the table would be gone.
        other = sqlite3.connect(path)
        other.execute("DROP TABLE counters")
        other.commit()
        other.close()
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(m.command, "upgrade", boom)
    with pytest.raises(MigrationFailed) as info:
        upgrade(path, tmp_path / "b")
    assert info.value.backup_path is not None and info.value.backup_path.exists()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM counters WHERE name='x'").fetchone() == (41,)
    conn.close()
