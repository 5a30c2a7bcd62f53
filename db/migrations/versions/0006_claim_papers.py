"""claim papers: the checklist state on the claim, scanned attachments stored by hash

Revision ID: 0006
Revises: 0009
Create Date: 2026-12-03 06:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0006"
down_revision = "0009"
branch_labels = None
depends_on = None

# A claim's papers are evidence behind a payment: once the claim is approved (or rejected,
# paid, reported) its attachments cannot be added, changed or taken back, whatever program
# opens the file; an attachment row is never deleted; stored bytes never change.
_OPEN = "('draft', 'submitted')"
TRIGGERS = [
    f"""CREATE TRIGGER claim_attachments_closed_insert BEFORE INSERT ON claim_attachments
       WHEN (SELECT status FROM claims WHERE id = NEW.claim_id) NOT IN {_OPEN}
       BEGIN SELECT RAISE(ABORT, 'the claim is reviewed: its papers cannot change'); END""",
    f"""CREATE TRIGGER claim_attachments_closed_update BEFORE UPDATE ON claim_attachments
       WHEN (SELECT status FROM claims WHERE id = OLD.claim_id) NOT IN {_OPEN}
         OR NEW.sha256 != OLD.sha256 OR NEW.claim_id != OLD.claim_id
       BEGIN SELECT RAISE(ABORT, 'the claim is reviewed: its papers cannot change'); END""",
    """CREATE TRIGGER claim_attachments_no_delete BEFORE DELETE ON claim_attachments
       BEGIN SELECT RAISE(ABORT, 'an attachment is never deleted'); END""",
    """CREATE TRIGGER attachment_blobs_frozen BEFORE UPDATE ON attachment_blobs
       BEGIN SELECT RAISE(ABORT, 'stored attachment bytes never change'); END""",
    """CREATE TRIGGER attachment_blobs_kept BEFORE DELETE ON attachment_blobs
       WHEN EXISTS (SELECT 1 FROM claim_attachments WHERE sha256 = OLD.sha256)
       BEGIN SELECT RAISE(ABORT, 'an attachment in use cannot be deleted'); END""",
]
TRIGGER_NAMES = [t.split()[2] for t in TRIGGERS]


def upgrade() -> None:
    # Plain ADD COLUMN: recreating the claims table would drop its triggers.
    op.add_column("claims", sa.Column("documents", db.types.JSONText(), nullable=True))
    op.create_table(
        "attachment_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_attachment_blobs")),
    )
    op.create_table(
        "claim_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("item_code", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(length=200), nullable=True),
        sa.Column("added_by", sa.String(length=40), nullable=False),
        sa.Column("added_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("removed_by", sa.String(length=40), nullable=True),
        sa.Column("removed_at", db.types.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "mime IN ('image/jpeg', 'image/png', 'application/pdf')",
            name=op.f("ck_claim_attachments_mime"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_attachments_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["attachment_blobs.sha256"],
            name=op.f("fk_claim_attachments_sha256_attachment_blobs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_attachments")),
    )
    op.create_index(
        op.f("ix_claim_attachments_claim_id"), "claim_attachments", ["claim_id"], unique=False
    )
    op.create_index(
        op.f("ix_claim_attachments_sha256"), "claim_attachments", ["sha256"], unique=False
    )
    for sql in TRIGGERS:
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index(op.f("ix_claim_attachments_sha256"), table_name="claim_attachments")
    op.drop_index(op.f("ix_claim_attachments_claim_id"), table_name="claim_attachments")
    op.drop_table("claim_attachments")
    op.drop_table("attachment_blobs")
    op.drop_column("claims", "documents")
