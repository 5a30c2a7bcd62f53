"""Migration 0002 (month end) goes up and down cleanly and brings its triggers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from db.migrate import alembic_config, current_revision, upgrade

MONTH_END_TRIGGERS = {
    "pending_reversals_done_frozen",
    "pending_reversals_done_no_delete",
    "payments_not_into_locked_month",
}


def _triggers(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    conn.close()
    return names


def test_month_end_migration_downgrades_and_upgrades_again(tmp_path: Path):
    path = tmp_path / "d.sqlite3"
    upgrade(path, tmp_path / "b")
    assert _triggers(path) >= MONTH_END_TRIGGERS
    cfg = alembic_config(f"sqlite:///{path}")
    command.downgrade(cfg, "0001")
    assert current_revision(path) == "0001"
    names = _triggers(path)
    assert not MONTH_END_TRIGGERS & names and "payments_append_only_update" in names
    conn = sqlite3.connect(path)
    columns = {r[1] for r in conn.execute("PRAGMA table_info(payment_batches)")}
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert "lists_digest" not in columns and "pending_reversals" not in tables
    upgrade(path, tmp_path / "b")
    assert _triggers(path) >= MONTH_END_TRIGGERS
