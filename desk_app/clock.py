"""The one place that reads the wall clock, so tests can move it (``DESK_APP_FAKE_NOW``)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, timezone

# The desks are in China; "today" at the desk is China's calendar day whatever the PC says.
# China Standard Time has no daylight saving, so a fixed offset is exact and needs no tz database
# (Windows Python ships none).
DESK_TZ = timezone(timedelta(hours=8), "CST")


def now() -> datetime:
    """Aware UTC now (or the ISO instant in ``DESK_APP_FAKE_NOW``)."""
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
