"""Schemes (方案), enrollment batches (参保批次) and enrollments (参保)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from base.clock import now
from db.base import Base
from db.models._common import Synced
from db.models.people import Member, Unit
from db.types import Money, UTCDateTime


class Scheme(Base):
    """One published scheme version: the original TOML text plus the fields the desk queries.

    The text is never changed once stored (a code that exists with other content is refused),
    so a past calculation can always be re-run from it. Owned by the city.
    """

    __tablename__ = "schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(50), default="")
    plan: Mapped[str] = mapped_column(String(40), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    premium_per_share: Mapped[Decimal] = mapped_column(Money)
    max_shares: Mapped[int] = mapped_column(Integer)
    annual_cap: Mapped[Decimal | None] = mapped_column(Money)
    source_text: Mapped[str] = mapped_column(Text)
    source_sha256: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(10), default="file")  # file | city
    # Activated schemes are offered at the desk; one arriving by sync waits for the admin.
    active: Mapped[bool] = mapped_column(default=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    imported_by: Mapped[str | None] = mapped_column(String(40))


def scheme_by_code(session: Session, code: str | None) -> Scheme | None:
    """The stored scheme with this code, as a file, a form or a command names it (spaces
    around it ignored): the one lookup by code for the scheme store and for enrolling and
    importing (which then require it to be active)."""
    return session.execute(
        select(Scheme).where(Scheme.code == (code or "").strip())
    ).scalar_one_or_none()


class EnrollmentBatch(Synced, Base):
    """One unit's submission for a scheme (参保申报表): roster, head count, premium, receipt."""

    __tablename__ = "enrollment_batches"
    __sync_entity__ = "enrollment_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_no: Mapped[str] = mapped_column(String(40), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"), index=True)
    head_count: Mapped[int] = mapped_column(Integer, default=0)
    premium_total: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    receipt_no: Mapped[str | None] = mapped_column(String(40))  # 缴费票据号
    source_file: Mapped[str | None] = mapped_column(String(255))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str | None] = mapped_column(String(40))

    unit: Mapped[Unit] = relationship()
    scheme: Mapped[Scheme] = relationship()


class Enrollment(Synced, Base):
    """A member holding shares of one scheme. At most one per member and scheme."""

    __tablename__ = "enrollments"
    __sync_entity__ = "enrollment"
    __table_args__ = (UniqueConstraint("member_id", "scheme_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("enrollment_batches.id"), index=True)
    shares: Mapped[int] = mapped_column(Integer, default=1)
    premium: Mapped[Decimal] = mapped_column(Money)  # shares × premium_per_share
    enrolled_on: Mapped[date] = mapped_column(Date, index=True)
    renewal: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str | None] = mapped_column(String(40))

    member: Mapped[Member] = relationship()
    scheme: Mapped[Scheme] = relationship()
    unit: Mapped[Unit | None] = relationship()
    batch: Mapped[EnrollmentBatch | None] = relationship()
