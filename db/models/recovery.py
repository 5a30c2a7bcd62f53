"""Recovery copies of forms being typed (issue #12): what was on screen, one per user and form,
so that a crash, a kill or a power cut loses nothing typed. Not a synced record (no ``uid``, no
outbox row): it never leaves the desk, and it lives in the database file, under the same
protection as the rest of the personal data there."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from base.clock import now
from db.base import Base
from db.types import JSONText, UTCDateTime


class FormCopy(Base):
    """The last state of one form of one user (``form``: claim | enrollment | member)."""

    __tablename__ = "form_copies"
    __table_args__ = (UniqueConstraint("login", "form"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40))
    form: Mapped[str] = mapped_column(String(20))
    content: Mapped[Any] = mapped_column(JSONText)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
