"""Human-readable running numbers (claim, approval and batch numbers), gap-free per name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Counter


def next_value(session: Session, name: str) -> int:
    """The next number of the named sequence, inside the caller's (writing) transaction."""
    row = session.execute(select(Counter).where(Counter.name == name)).scalar_one_or_none()
    if row is None:
        row = Counter(name=name, value=0)
        session.add(row)
    row.value += 1
    session.flush()
    return row.value
