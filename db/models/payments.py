"""Payment batches (给付批次), payments and reversals, monthly returns (月报) and month locks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models._common import Synced
from db.types import JSONText, Money, UTCDateTime


class PaymentBatch(Synced, Base):
    """Approved claims paid together on one date; ``open`` until the bank confirms, then
    ``paid``."""

    __tablename__ = "payment_batches"
    __sync_entity__ = "payment_batch"
    __table_args__ = (CheckConstraint("status IN ('open', 'paid')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_no: Mapped[str] = mapped_column(String(40), unique=True)
    pay_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    total: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    count: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str | None] = mapped_column(String(40))
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_by: Mapped[str | None] = mapped_column(String(40))
    # When the bank and SMS lists were last written, and a digest of the rows they listed
    # (claim, name, ID, account, amount): the batch is confirmed only as it was listed.
    lists_written_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lists_digest: Mapped[str | None] = mapped_column(String(64))

    payments: Mapped[list[Payment]] = relationship(back_populates="batch")


class Payment(Synced, Base):
    """Money that left the fund (or came back by a reversal, 冲正, with a negative amount).

    Append-only: the database refuses any UPDATE or DELETE of a row (triggers in the initial
    migration). A mistake is corrected by a reversal row in a later batch.
    """

    __tablename__ = "payments"
    __sync_entity__ = "payment"
    __table_args__ = (
        CheckConstraint("kind IN ('payment', 'reversal')", name="kind"),
        # A claim is paid once; a correction is a reversal row of its own (migration 0003).
        Index(
            "uq_payments_one_payment_per_claim",
            "claim_id",
            unique=True,
            sqlite_where=text("kind = 'payment'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("payment_batches.id"), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="payment")
    amount: Mapped[Decimal] = mapped_column(Money)
    pay_date: Mapped[date] = mapped_column(Date, index=True)
    account: Mapped[str | None] = mapped_column(String(40))  # the account paid to, as it was
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(40))

    batch: Mapped[PaymentBatch] = relationship(back_populates="payments")


class PendingReversal(Base):
    """A reversal (冲正) asked for but not yet paid: it waits for the next batch.

    Payments are append-only, so a reversal cannot be a ``payments`` row before its batch is
    confirmed; it waits here (``batch_id`` set while it is in an open batch). At confirmation the
    reversal payment is appended and ``done_payment_id`` points at it; from then on the row is
    history and the database refuses to change or delete it (triggers in migration 0002).
    Local to the desk: the city receives the reversal as the payment it becomes.
    """

    __tablename__ = "pending_reversals"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"))  # the payment reversed
    amount: Mapped[Decimal] = mapped_column(Money)  # taken back, positive
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(40))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("payment_batches.id"), index=True)
    done_payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))


class MonthlyReturn(Synced, Base):
    """One exported monthly return workbook, kept byte for byte with its hash and figures."""

    __tablename__ = "monthly_returns"
    __sync_entity__ = "monthly_return"
    __table_args__ = (CheckConstraint("status IN ('exported', 'submitted')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # YYYY-MM
    revision: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(10), default="exported")
    file_name: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    figures: Mapped[Any] = mapped_column(JSONText)  # the 汇总 rows, for the city
    created_by: Mapped[str | None] = mapped_column(String(40))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(40))


class MonthLock(Base):
    """A month whose return was submitted: nothing may be dated into it any more."""

    __tablename__ = "month_locks"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("monthly_returns.id"))
    locked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_by: Mapped[str] = mapped_column(String(40))
