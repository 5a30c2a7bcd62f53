"""Claims (理赔申请), their receipts (票据) and calculations (计算过程)."""

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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models._common import Synced
from db.models.people import Member
from db.models.schemes import Enrollment, Scheme
from db.types import JSONText, Money, UTCDateTime


class Claim(Synced, Base):
    """A request for the second reimbursement, with its life from draft to reported."""

    __tablename__ = "claims"
    __sync_entity__ = "claim"
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'submitted', 'approved', 'rejected', 'paid', 'reported')",
            name="status",
        ),
        CheckConstraint("kind IN ('inpatient', 'outpatient', 'death')", name="kind"),
        Index("ix_claims_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_no: Mapped[str] = mapped_column(String(40), unique=True)
    approval_no: Mapped[str | None] = mapped_column(String(40), unique=True)  # 审批编号
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    admission: Mapped[date | None] = mapped_column(Date)
    discharge: Mapped[date | None] = mapped_column(Date)
    visit_date: Mapped[date | None] = mapped_column(Date)
    event_date: Mapped[date | None] = mapped_column(Date)
    hospital: Mapped[str | None] = mapped_column(String(100))
    disease_code: Mapped[str | None] = mapped_column(String(20))
    disease_name: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    # The current calculation's verdict and amounts (copied from it for queues and returns).
    calc_status: Mapped[str | None] = mapped_column(String(12))  # payable | rejected
    calc_reason: Mapped[str | None] = mapped_column(String(30))
    payout: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    total_cost: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    reject_code: Mapped[str | None] = mapped_column(String(30))
    reject_text: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10), default="desk")  # desk | import
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(40), index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(40))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(40))
    payment_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("payment_batches.id"), index=True
    )
    paid_on: Mapped[date | None] = mapped_column(Date, index=True)
    reported_month: Mapped[str | None] = mapped_column(String(7))
    # The claim's place in the order its member's claims are counted (a running number given at
    # each submission, and again when a rejection is taken back): the engine's order, which
    # must not depend on a PC clock that can be set back.
    submit_seq: Mapped[int | None] = mapped_column(Integer)
    # Drawn for a second look after approval (setting review.sample_percent).
    second_look: Mapped[bool] = mapped_column(default=False, server_default="0")
    # The papers of the checklist (desk_app/claims/papers.py): {"seen": {code: {"by", "at"}},
    # "files": {code: [sha256, …]}}; None for a claim made before checklists (or imported).
    documents: Mapped[Any] = mapped_column(JSONText, nullable=True)

    member: Mapped[Member] = relationship()
    enrollment: Mapped[Enrollment] = relationship()
    scheme: Mapped[Scheme] = relationship()
    receipts: Mapped[list[Receipt]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="Receipt.seq"
    )


class Receipt(Synced, Base):
    """One settlement slip or invoice; (hospital, invoice_no) is unique across all claims ever."""

    __tablename__ = "receipts"
    __sync_entity__ = "receipt"
    __table_args__ = (
        UniqueConstraint("hospital", "invoice_no", name="uq_receipts_hospital_invoice"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=1)
    invoice_no: Mapped[str] = mapped_column(String(60), index=True)
    hospital: Mapped[str] = mapped_column(String(100))
    total: Mapped[Decimal] = mapped_column(Money)
    fund_paid: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    other_paid: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    deductible: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    copay: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    over_cap: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    class_b: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    self_funded: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))

    claim: Mapped[Claim] = relationship(back_populates="receipts")


class Calculation(Synced, Base):
    """One run of the engine for a claim: its verdict, amounts, explanation and exact input.

    ``input`` holds the member facts and the ordered claims the engine saw, and ``scheme_sha256``
    the scheme text it used, so the result can be reproduced later from the stored scheme.
    """

    __tablename__ = "calculations"
    __sync_entity__ = "calculation"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"))
    scheme_sha256: Mapped[str] = mapped_column(String(64))
    engine_version: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12))  # payable | rejected
    reason: Mapped[str | None] = mapped_column(String(30))
    payout: Mapped[Decimal] = mapped_column(Money)
    cap_left: Mapped[Decimal | None] = mapped_column(Money)
    benefits: Mapped[Any] = mapped_column(JSONText)  # [{"label", "kind", "amount"}]
    input: Mapped[Any] = mapped_column(JSONText)
    computed_by: Mapped[str | None] = mapped_column(String(40))
    current: Mapped[bool] = mapped_column(default=True)

    lines: Mapped[list[CalculationLine]] = relationship(
        cascade="all, delete-orphan", order_by="CalculationLine.seq"
    )


class CalculationLine(Base):
    """One line of 计算过程, in Chinese, as printed on the approval form."""

    __tablename__ = "calculation_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    calculation_id: Mapped[int] = mapped_column(
        ForeignKey("calculations.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class ClaimAttachment(Base):
    """A scanned or filed paper of a claim, tied to one checklist item. Never changed once the
    claim is approved (the database refuses it); a new scan is a new row, the old one kept
    (``removed_at`` set when a clerk takes a wrong scan back before approval). Stays at the
    county: its hash travels in ``claims.documents``, the bytes only on request."""

    __tablename__ = "claim_attachments"
    __table_args__ = (
        CheckConstraint("mime IN ('image/jpeg', 'image/png', 'application/pdf')", name="mime"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    item_code: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment_blobs.sha256"), index=True)
    mime: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    source_name: Mapped[str | None] = mapped_column(String(200))
    added_by: Mapped[str] = mapped_column(String(40))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    removed_by: Mapped[str | None] = mapped_column(String(40))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AttachmentBlob(Base):
    """The bytes of an attachment, stored once by their SHA-256 (content-addressed) in the
    desk's own database, so they are protected, backed up and restored with it."""

    __tablename__ = "attachment_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    mime: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
