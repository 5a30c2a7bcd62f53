"""recovery: the desk remembers that it is behind the city (restored backup, rebuilt PC)

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-03 06:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("behind_seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("restored_at", db.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("recovered_at", db.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_column("recovered_at")
        batch_op.drop_column("restored_at")
        batch_op.drop_column("behind_seq")
