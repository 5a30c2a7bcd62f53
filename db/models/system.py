"""Users, the audit log, settings, counters, the sync outbox and what comes from the city."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from base.clock import now
from db.base import Base
from db.types import JSONText, UTCDateTime


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('clerk', 'reviewer', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """One audited event; each entry's hash covers the previous one's (a hash chain)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    login: Mapped[str | None] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    # Indexed: a claim's history (who entered it, for the four-eyes rule) is read by target.
    target: Mapped[str | None] = mapped_column(String(120), index=True)
    outcome: Mapped[str] = mapped_column(String(10))  # ok | denied | failed
    detail: Mapped[Any] = mapped_column(JSONText)
    desk: Mapped[str] = mapped_column(String(80))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The last entry's id and hash: deleting entries at the end of the chain is seen too."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class Setting(Base):
    """A desk setting's stored value (declared with its default in desk_app.system.settings)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONText)


class Counter(Base):
    """Named sequences for human numbers (claim numbers, approval numbers, batch numbers)."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class OutboxEntry(Base):
    """A committed change waiting to go to the city. ``seq`` is the desk's own monotonic
    sequence (AUTOINCREMENT: never reused, even after pruning)."""

    __tablename__ = "sync_outbox"
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(primary_key=True)
    op_id: Mapped[str] = mapped_column(String(32), unique=True)
    entity: Mapped[str] = mapped_column(String(30))
    entity_uid: Mapped[str] = mapped_column(String(32), index=True)
    op: Mapped[str] = mapped_column(String(10))  # upsert | delete
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class SyncRun(Base):
    """One sync attempt, for the history on the 同步 screen."""

    __tablename__ = "sync_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pushed: Mapped[int] = mapped_column(Integer, default=0)
    pulled: Mapped[int] = mapped_column(Integer, default=0)
    ok: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str | None] = mapped_column(Text)
    trigger: Mapped[str] = mapped_column(String(20), default="manual")  # manual|schedule|cli
    error_zh: Mapped[str | None] = mapped_column(Text)  # ``error`` is English; this is for clerks


class SyncFinding(Base):
    """A cross-county finding reported by the city (a receipt paid twice, a double enrollment)."""

    __tablename__ = "sync_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    server_seq: Mapped[int] = mapped_column(Integer, unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    detail: Mapped[Any] = mapped_column(JSONText)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    resolved: Mapped[bool] = mapped_column(default=False)


class SyncState(Base):
    """The desk's link to the city (one row, id 1): which site it is and its pull cursor.

    The token itself is not here: it is sealed in the key folder (``db.keys``,
    ``desk_app.sync.credentials``); ``token`` stays empty (a trigger refuses a value, migration
    0004). ``token_site`` is the site code the token was issued for; ``pushed_site`` the site
    code under which records last reached the city (changing it would orphan them at the city).
    """

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str | None] = mapped_column(Text)
    token_site: Mapped[str | None] = mapped_column(String(32))
    pushed_site: Mapped[str | None] = mapped_column(String(32))
    server_id: Mapped[str | None] = mapped_column(String(64))
    pull_cursor: Mapped[int] = mapped_column(Integer, default=0)
    # The highest outbox seq the city acknowledged: if the city later reports less, it lost data
    # (restored from an old backup) and the desk sends everything again.
    acked_seq: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The city's last sequence for this site when the desk found itself behind it (a restored
    # backup, a rebuilt PC): set, the desk sends nothing until it recovered from the city.
    behind_seq: Mapped[int | None] = mapped_column(Integer)
    # When ``desk-app restore`` put a backup back (cleared by a recovery or a sync that found
    # the desk level with the city), and when the desk last recovered from the city.
    restored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recovered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Hospital(Base):
    """The city's hospital list (for the completer); shipped, then updated by sync."""

    __tablename__ = "hospitals"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    code: Mapped[str | None] = mapped_column(String(30))
    level: Mapped[str | None] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(default=True)


class Disease(Base):
    """ICD-10 codes with Chinese names (for the completer); shipped, then updated by sync."""

    __tablename__ = "diseases"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    chapter: Mapped[str | None] = mapped_column(String(10))


class ImportLog(Base):
    """A file imported (roster or settlement), by content hash, with its summary."""

    __tablename__ = "import_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    scheme_id: Mapped[int | None] = mapped_column(ForeignKey("schemes.id"))
    summary: Mapped[Any] = mapped_column(JSONText)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    login: Mapped[str | None] = mapped_column(String(40))


class PaperSent(Base):
    """A claim paper the city holds whole (``desk_app.sync.papers``): sent once, not again.
    Kept at the desk only (not synced); a restored backup forgets some and the city answers
    that it holds them."""

    __tablename__ = "papers_sent"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
