"""Shared column helpers for the models."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from base.clock import now
from db.base import new_uid
from db.types import UTCDateTime


class Synced:
    """A record the desk owns and sends to the city.

    ``uid`` is its global id, generated here; ``version`` counts its committed changes. Every
    insert, update or delete of such a record through the ORM writes an outbox row in the same
    transaction (see :mod:`db.outbox`). Subclasses set ``__sync_entity__``.
    """

    __sync_entity__: str = ""

    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)
