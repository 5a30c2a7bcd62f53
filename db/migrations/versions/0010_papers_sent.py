"""claim papers the city holds whole (issue #19: papers sent where the city wants them), never
synced

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-03 13:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0010"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "papers_sent",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sent_at", db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_papers_sent")),
    )


def downgrade() -> None:
    op.drop_table("papers_sent")
