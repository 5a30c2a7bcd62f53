"""Months of the monthly return and the month lock (月结).

A month is ``"YYYY-MM"``, in the desk's calendar (China Standard Time). Submitting a month's
return locks it: nothing more may be dated into it **or into any month before it** (a later
month's return carries the earlier months in its cumulative figures, so changing an earlier
month would make a submitted return wrong). Corrections go into the next open month. The
database enforces the lock for payments too (a trigger of migration 0002).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from base.clock import DESK_TZ
from base.errors import Conflict, ValidationError, msg
from db.models import MonthLock

_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?\s*$")


def parse_month(text: str) -> str:
    """``"2015-08"`` from ``2015-08``, ``2015-8``, ``201508``, ``2015年8月``; else a clear error."""
    m = _MONTH.match(text or "")
    if m is None or not 1 <= int(m[2]) <= 12 or not 1900 < int(m[1]) < 2200:
        raise ValidationError(
            msg(
                "月份「{t}」无效，请写成 YYYY-MM，例如 2015-08",
                "month {t!r} is not valid: write YYYY-MM, e.g. 2015-08",
                t=text,
            )
        )
    return f"{int(m[1]):04d}-{int(m[2]):02d}"


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def bounds(month: str) -> tuple[date, date]:
    """The first and the last day of the month."""
    y, m = int(month[:4]), int(month[5:7])
    first = date(y, m, 1)
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def instants(month: str) -> tuple[datetime, datetime]:
    """The month as UTC instants ``[start, end)`` of the desk's calendar (for ``created_at``)."""
    first, last = bounds(month)
    start = datetime.combine(first, time(0), DESK_TZ).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), DESK_TZ).astimezone(UTC)
    return start, end


def previous(month: str) -> str:
    first, _ = bounds(month)
    return month_of(first - timedelta(days=1))


def months_of_year(year: int) -> list[str]:
    return [f"{year:04d}-{m:02d}" for m in range(1, 13)]


def locked_through(session: Session) -> str | None:
    """The latest month whose return was submitted (every month up to it is locked)."""
    value = session.execute(select(func.max(MonthLock.month))).scalar()
    return str(value) if value is not None else None


def is_locked(session: Session, day_or_month: date | str) -> bool:
    month = day_or_month if isinstance(day_or_month, str) else month_of(day_or_month)
    last = locked_through(session)
    return last is not None and month <= last


def check_open(session: Session, day: date, what_zh: str, what_en: str) -> None:
    """Refuse (``Conflict``, code ``month_locked``) to date ``what`` on a day of a locked
    month."""
    last = locked_through(session)
    if last is not None:
        check_open_month(day, last, what_zh, what_en)


def check_open_month(day: date, last: str, what_zh: str, what_en: str) -> None:
    """``check_open`` when the last locked month is known already (many rows, one query)."""
    if month_of(day) <= last:
        raise Conflict(
            msg(
                "{m} 的月报已报送，该月及以前月份已结账：{w}不能记在 {d}，请改用 {n} 以后的日期",
                "the return of {m} was submitted, so that month and the months before it are "
                "closed: {w_en} cannot be dated {d}; use a date after {m}",
                m=last,
                w=what_zh,
                w_en=what_en,
                d=day.isoformat(),
                n=last,
            ),
            code="month_locked",
        )
