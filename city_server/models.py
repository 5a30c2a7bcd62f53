"""The city server's tables (its own metadata: the city database is not a desk database).

Desk records are kept as JSON documents (``records``), one per desk uid, with the columns the
server needs to enforce its rules (owner site, last applied desk sequence, tombstone). Small
index tables hold the keys the cross-county checks search (receipts by hospital and invoice
number, enrollments by ID number and scheme). Monthly returns are kept in every version.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.base import NAMING_CONVENTION

# Bump when the tables change; ``serve`` refuses a database initialised for another version.
CITY_SCHEMA = "1"

# SQLite only makes an INTEGER PRIMARY KEY an auto-incrementing rowid; PostgreSQL gets BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")
Doc = JSON().with_variant(JSONB(), "postgresql")


# PostgreSQL ``timestamptz``; SQLite keeps the text of the UTC time.
TZ = DateTime(timezone=True)


def utcnow() -> datetime:
    """The server's own clock (never a desk's)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Meta(Base):
    """Key/value facts about this database: its schema version and its identity."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Site(Base):
    """A desk allowed to sync: its code, name and the SHA-256 of its token (never the token)."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(TZ, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(TZ)
    # The highest desk sequence applied from this site (anything at or below it is known).
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_seen_at: Mapped[datetime | None] = mapped_column(TZ)
    app_version: Mapped[str | None] = mapped_column(String(20))
    # The county the desk serves, as registered at the city (``site add --county``): its
    # returns are filed under it, never under a code written in their own figures.
    county_code: Mapped[str | None] = mapped_column(String(32))


class InboxOp(Base):
    """One desk change the city committed, by the desk's own sequence number (idempotency)."""

    __tablename__ = "inbox"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    op_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(TZ, default=utcnow)


class Record(Base):
    """The latest state of one desk record (or its tombstone), owned by one site."""

    __tablename__ = "records"
    __table_args__ = (
        Index("ix_records_site_entity", "site_id", "entity"),
        # The consolidated return's check for a claim with two current calculations reads
        # this index alone (PostgreSQL; the trial city on SQLite keeps the calculations').
        Index(
            "ix_records_current_calculation",
            "site_id",
            "parent_uid",
            postgresql_where=text(
                "entity = 'calculation' AND deleted IS false "
                "AND CAST((data ->> 'current') AS BOOLEAN) IS true"
            ),
            sqlite_where=text("entity = 'calculation'"),
        ),
    )

    uid: Mapped[str] = mapped_column(String(64), primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    last_seq: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[int | None] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # The claim a receipt or calculation belongs to: deleting a claim deletes them (as on the
    # desk, where the database cascades without telling the outbox).
    parent_uid: Mapped[str | None] = mapped_column(String(64), index=True)
    data: Mapped[Any] = mapped_column(Doc)
    updated_at: Mapped[datetime] = mapped_column(TZ, default=utcnow)


class ReceiptKey(Base):
    __tablename__ = "receipt_keys"
    # With the site: the findings sweep groups invoices by site from the index alone.
    __table_args__ = (Index("ix_receipt_keys_invoice_site", "invoice_no", "hospital", "site_id"),)

    uid: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    hospital: Mapped[str] = mapped_column(String(200))
    invoice_no: Mapped[str] = mapped_column(String(100))


class MemberKey(Base):
    __tablename__ = "member_keys"

    uid: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    id_number: Mapped[str] = mapped_column(String(18), index=True)


class EnrollmentKey(Base):
    __tablename__ = "enrollment_keys"
    # With the site: the findings sweep finds a member enrolled by two sites from the index.
    __table_args__ = (Index("ix_enrollment_keys_member_site", "member_uid", "site_id"),)

    uid: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    member_uid: Mapped[str] = mapped_column(String(64))
    scheme_code: Mapped[str] = mapped_column(String(40))


class ReturnVersion(Base):
    """Every version of every monthly return a desk sent (the city keeps them all)."""

    __tablename__ = "return_versions"
    __table_args__ = (UniqueConstraint("uid", "version"), Index("ix_return_month", "month"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    uid: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    desk_seq: Mapped[int] = mapped_column(BigInteger)
    month: Mapped[str] = mapped_column(String(7))
    revision: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    figures: Mapped[Any] = mapped_column(Doc)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(TZ, default=utcnow)


class FeedItem(Base):
    """What desks pull, in the server's own order: schemes, reference list items, findings.

    ``site_id`` is NULL for what every desk receives, else the one desk it is for.
    """

    __tablename__ = "feed"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(200))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)
    data: Mapped[Any] = mapped_column(Doc)
    created_at: Mapped[datetime] = mapped_column(TZ, default=utcnow)


class CityScheme(Base):
    """A scheme the city published (the exact TOML text; a code is never given other text)."""

    __tablename__ = "schemes"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(TZ, default=utcnow)


class ReferenceItem(Base):
    """The current city reference lists (hospitals by name, diseases by code)."""

    __tablename__ = "reference_items"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    data: Mapped[Any] = mapped_column(Doc)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Finding(Base):
    """A cross-county finding between two sites, reported once to each of them."""

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("kind", "key", "site_a", "site_b"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(300))
    site_a: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    site_b: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    detail: Mapped[Any] = mapped_column(Doc)
    created_at: Mapped[datetime] = mapped_column(TZ, default=utcnow)


class AuditHeadSeen(Base):
    """A desk's audit chain head (last entry's number and hash) as sent with a push: every one
    is kept, so a chain that went backwards or was rewritten is seen (``city_server.heads``)."""

    __tablename__ = "audit_heads"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    # The hash the desk's chain now has at the seq of the head received before this one.
    prior_hash: Mapped[str | None] = mapped_column(String(64))
    ok: Mapped[bool] = mapped_column(Boolean, default=True)
    received_at: Mapped[datetime] = mapped_column(TZ, default=utcnow)


class PaperWanted(Base):
    """A site whose claim papers (scans) the city wants sent up, not only their hashes
    (``city-server papers SITE --want``); the desk reads it in ``hello``."""

    __tablename__ = "papers_wanted"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    since: Mapped[datetime] = mapped_column(TZ, default=utcnow)


class Paper(Base):
    """One claim paper sent up by a site, stored by its SHA-256 (``city_server.papers``):
    ``received`` bytes so far, in parts; ``complete`` once the bytes hash to ``sha256``."""

    __tablename__ = "papers"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(TZ, default=utcnow)


class PaperPart(Base):
    """A part of a paper's bytes as it arrived (an upload resumes at ``Paper.received``)."""

    __tablename__ = "paper_parts"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


# The consolidated return's check reads a site's payments of one month by this index alone
# (``consolidate._month_paid``), not every payment document of the site.
payment_month = func.substr(Record.data["pay_date"].as_string(), 1, 7)
Index(
    "ix_records_payment_month",
    Record.site_id,
    payment_month,
    postgresql_where=text("entity = 'payment' AND deleted IS false"),
    sqlite_where=text("entity = 'payment'"),
)
