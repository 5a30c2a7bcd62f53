"""recovery copies of the forms being typed (issue #12), never synced

Revision ID: 0005
Revises: 0006
Create Date: 2026-12-03 06:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0005"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_copies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=40), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("content", db.types.JSONText(), nullable=False),
        sa.Column("saved_at", db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_copies")),
        sa.UniqueConstraint("login", "form", name=op.f("uq_form_copies_login_form")),
    )


def downgrade() -> None:
    op.drop_table("form_copies")
