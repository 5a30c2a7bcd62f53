"""The one place that reads the wall clock, so tests can move it (``DESK_APP_FAKE_NOW``)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone

# The desks are in China; "today" at the desk is China's calendar day whatever the PC says.
# China Standard Time has no daylight saving, so a fixed offset is exact and needs no tz database
# (Windows Python ships none).
DESK_TZ = timezone(timedelta(hours=8), "CST")


_local = threading.local()


@contextmanager
def frozen(at: datetime) -> Iterator[None]:
    """Within the block, on this thread only, the clock reads ``at`` (the demo generator walks
    through a year this way while the window's own thread keeps the real time)."""
    previous = getattr(_local, "at", None)
    _local.at = at if at.tzinfo else at.replace(tzinfo=DESK_TZ)
    try:
        yield
    finally:
        _local.at = previous


def now() -> datetime:
    """Aware UTC now (or the ISO instant in ``DESK_APP_FAKE_NOW``, or a :func:`frozen` one)."""
    held = getattr(_local, "at", None)
    if held is not None:
        return held.astimezone(UTC)
    fake = os.environ.get("DESK_APP_FAKE_NOW")
    if fake:
        dt = datetime.fromisoformat(fake)
        return dt if dt.tzinfo else dt.replace(tzinfo=DESK_TZ).astimezone(UTC)
    return datetime.now(UTC)


def today() -> date:
    """The calendar day at the desk."""
    return now().astimezone(DESK_TZ).date()


def local(dt: datetime) -> datetime:
    """A stored UTC instant in desk time, for display."""
    return dt.astimezone(DESK_TZ)
