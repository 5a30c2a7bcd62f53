"""month end: pending reversals, the lists of a payment batch, the month lock in the database

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# A reversal once paid is history; and nothing is paid into a month whose return was submitted
# (or any month before it), whatever the code does.
TRIGGERS = [
    """CREATE TRIGGER pending_reversals_done_frozen BEFORE UPDATE ON pending_reversals
       WHEN OLD.done_payment_id IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'a paid reversal cannot change'); END""",
    """CREATE TRIGGER pending_reversals_done_no_delete BEFORE DELETE ON pending_reversals
       WHEN OLD.done_payment_id IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'a paid reversal cannot be deleted'); END""",
    """CREATE TRIGGER payments_not_into_locked_month BEFORE INSERT ON payments
       WHEN substr(NEW.pay_date, 1, 7) <= (SELECT max(month) FROM month_locks)
       BEGIN SELECT RAISE(ABORT, 'the month of this payment is locked: its return was submitted');
       END""",
]
TRIGGER_NAMES = [t.split()[2] for t in TRIGGERS]


def upgrade() -> None:
    with op.batch_alter_table("payment_batches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lists_written_at", db.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("lists_digest", sa.String(length=64), nullable=True))

    op.create_table(
        "pending_reversals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("amount", db.types.Money(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=40), nullable=False),
        sa.Column("requested_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("done_payment_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("amount > 0", name=op.f("ck_pending_reversals_amount_positive")),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["payment_batches.id"],
            name=op.f("fk_pending_reversals_batch_id_payment_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_pending_reversals_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["done_payment_id"],
            ["payments.id"],
            name=op.f("fk_pending_reversals_done_payment_id_payments"),
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_pending_reversals_payment_id_payments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_reversals")),
    )
    with op.batch_alter_table("pending_reversals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pending_reversals_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pending_reversals_claim_id"), ["claim_id"], unique=False
        )

    for sql in TRIGGERS:
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("pending_reversals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_reversals_claim_id"))
        batch_op.drop_index(batch_op.f("ix_pending_reversals_batch_id"))

    op.drop_table("pending_reversals")
    with op.batch_alter_table("payment_batches", schema=None) as batch_op:
        batch_op.drop_column("lists_digest")
        batch_op.drop_column("lists_written_at")
