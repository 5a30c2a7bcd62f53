"""secrets out of the database: the sync token moves to the key folder

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 06:00:00.000000

An older release kept the city's sync token in ``sync_state.token``, so every backup carried
it. The token is sealed into the key folder beside the database (``db.keys``), the column is
emptied with ``secure_delete`` on (the old bytes are overwritten, not just freed), and a trigger
refuses a token there from now on. Backups made before the upgrade still hold the old token:
docs/operations.md says to have the city issue a new one.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import op

from db import keys

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TRIGGERS = [
    """CREATE TRIGGER sync_state_no_token_insert BEFORE INSERT ON sync_state
       WHEN NEW.token IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'the sync token is kept in the key folder, not here'); END""",
    """CREATE TRIGGER sync_state_no_token_update BEFORE UPDATE OF token ON sync_state
       WHEN NEW.token IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'the sync token is kept in the key folder, not here'); END""",
]


def upgrade() -> None:
    bind = op.get_bind()
    row = bind.execute(
        sa.text("SELECT token, token_site FROM sync_state WHERE token IS NOT NULL")
    ).first()
    if row is not None:
        path = bind.engine.url.database
        if path and path != ":memory:":
            keys.seal_sync_token(keys.key_dir(Path(path)), row.token_site, row.token)
        bind.exec_driver_sql("PRAGMA secure_delete=ON")
        bind.execute(sa.text("UPDATE sync_state SET token = NULL"))
    for t in TRIGGERS:
        op.execute(t)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS sync_state_no_token_update")
    op.execute("DROP TRIGGER IF EXISTS sync_state_no_token_insert")
