"""Demo enrollments: whole units enrolled in batches, last year's inpatient scheme, this
year's (renewals where the member was in last year's) and this year's critical-illness plan,
numbered as ``desk_app.people.enrollment`` numbers them. Each batch is recorded on the day it
was enrolled, at an office hour, by the demo's clerk — as a county's year looks: most units in
January and February, a few today (工作台's 今日参保登记 counts those, not the whole roster)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, cast

from sqlalchemy import Table, func, select

from base.clock import DESK_TZ, now, today
from db.base import new_uid
from db.models import Counter, Enrollment, EnrollmentBatch, Member, Scheme
from desk_app.demo import bulk_rows


def _batch_no(s: Any, day: date, numbers: dict[int, int]) -> str:
    """The next 参保批次号 of the day's year, as desk_app.people.enrollment numbers them, counted
    here and stored in the counter once at the end."""
    if day.year not in numbers:
        c = s.get(Counter, f"enrollment_batch:{day.year}")
        numbers[day.year] = c.value if c is not None else 0
    numbers[day.year] += 1
    return f"CB{day.year}-{numbers[day.year]:05d}"


@dataclass
class _Enrolled:
    """Enrollment batches and enrollments on their way in, written in chunks of 20 000 rows;
    ``numbers`` counts the 参保批次号 of each year (stored in the counter at the end)."""

    s: Any
    by: str  # the demo's clerk
    next_batch: int
    batches: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    numbers: dict[int, int] = field(default_factory=dict)
    stamps: dict[int, datetime] = field(default_factory=dict)  # each batch's time
    total: int = 0

    def add_batch(
        self, rng: random.Random, day: date, unit_id: int, scheme: Scheme, head_count: int
    ) -> int:
        batch_id = self.next_batch
        self.next_batch += 1
        stamp = _office_hour(rng, day)
        self.stamps[batch_id] = stamp
        self.batches.append(
            {
                "id": batch_id,
                "uid": new_uid(),
                "version": 1,
                "created_at": stamp,
                "updated_at": stamp,
                "batch_no": _batch_no(self.s, day, self.numbers),
                "unit_id": unit_id,
                "scheme_id": scheme.id,
                "head_count": head_count,
                "premium_total": scheme.premium_per_share * head_count,
                "receipt_no": f"ZS{day:%Y}{rng.randrange(100000, 999999)}",
                "source_file": "demo",
                "source_sha256": None,
                "created_by": self.by,
            }
        )
        return batch_id

    def add_enrollment(
        self, mid: int, scheme: Scheme, unit_id: int, batch_id: int, day: date, renewal: bool
    ) -> None:
        stamp = self.stamps[batch_id]
        self.rows.append(
            {
                "uid": new_uid(),
                "version": 1,
                "created_at": stamp,
                "updated_at": stamp,
                "member_id": mid,
                "scheme_id": scheme.id,
                "unit_id": unit_id,
                "batch_id": batch_id,
                "shares": 1,
                "premium": scheme.premium_per_share,
                "enrolled_on": day,
                "renewal": renewal,
                "created_by": self.by,
            }
        )

    def write_batches(self) -> None:
        bulk_rows.insert(self.s, cast(Table, EnrollmentBatch.__table__), self.batches)
        self.batches = []

    def write_enrollments(self) -> None:
        bulk_rows.insert(self.s, cast(Table, Enrollment.__table__), self.rows)
        self.total += len(self.rows)
        self.rows = []

    def write_counters(self) -> None:
        for year_, n in self.numbers.items():
            counter = self.s.get(Counter, f"enrollment_batch:{year_}")
            if counter is None:
                self.s.add(Counter(name=f"enrollment_batch:{year_}", value=n))
            else:
                counter.value = n


def _office_hour(rng: random.Random, day: date) -> datetime:
    """A time on ``day`` between 08:30 and 16:30 China time, in UTC; never later than now."""
    minutes = rng.randrange(8 * 60 + 30, 16 * 60 + 30)
    at = datetime.combine(day, time(minutes // 60, minutes % 60), DESK_TZ).astimezone(UTC)
    return min(at, now())


def _members_by_unit(s: Any, member_ids: list[int]) -> dict[int, list[int]]:
    unit_of = dict(s.execute(select(Member.id, Member.unit_id)).all())
    by_unit: dict[int, list[int]] = {}
    for mid in member_ids:
        by_unit.setdefault(unit_of[mid], []).append(mid)
    return by_unit


def _batch_day(rng: random.Random, year: int, t: date, last_year: bool) -> date:
    """When a unit's batch was enrolled: in January last year, early this year, or (a few
    units) today (``t``)."""
    if last_year:
        return date(year - 1, 1, rng.randrange(5, 28))
    if rng.random() < 0.03 and t.year == year:
        return t
    return min(t, date(year, rng.randrange(1, 3), rng.randrange(3, 28)))


def enroll_units(
    s: Any,
    rng: random.Random,
    year: int,
    member_ids: list[int],
    units: list[tuple[int, str]],
    scheme_ids: dict[str, int],
    by: str,
) -> int:
    """Whole-unit batches: last year's inpatient scheme, this year's (renewals where the member
    was in last year's), and this year's critical-illness plan; a few units enrolled today."""
    by_unit = _members_by_unit(s, member_ids)
    schemes = {code: s.get(Scheme, sid) for code, sid in scheme_ids.items()}
    prev, cur, crit = (
        schemes[f"SX-{year - 1}-ZY"],
        schemes[f"SX-{year}-ZY"],
        schemes[f"HZ-{year}-ZDJB"],
    )
    in_prev: set[int] = set()
    t = today()
    out = _Enrolled(s, by, (s.execute(select(func.max(EnrollmentBatch.id))).scalar() or 0) + 1)
    for scheme, share in ((prev, 0.85), (cur, 0.95), (crit, 0.55)):
        for unit_id, mids in by_unit.items():
            if rng.random() > share + 0.04:
                continue  # this unit did not join this plan
            chosen = [m for m in mids if rng.random() < 0.97]
            if not chosen:
                continue
            day = _batch_day(rng, year, t, last_year=scheme is prev)
            batch_id = out.add_batch(rng, day, unit_id, scheme, len(chosen))
            for mid in chosen:
                renewal = scheme is cur and mid in in_prev
                out.add_enrollment(mid, scheme, unit_id, batch_id, day, renewal)
            if scheme is prev:
                in_prev.update(chosen)
            if len(out.rows) >= 20_000:
                out.write_batches()
                out.write_enrollments()
    out.write_batches()
    out.write_counters()
    if out.rows:
        out.write_enrollments()
    return out.total
