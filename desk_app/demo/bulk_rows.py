"""Rows written at driver speed: Core inserts that keep what the ORM would keep (the values
converted as the column types would; the sync outbox is filled by the database's triggers).
The demo's bulk rows are ours, already checked; the ORM's per-value processing is most of the
cost at 200 000 rows."""

from __future__ import annotations

from datetime import UTC
from functools import lru_cache
from typing import Any

from sqlalchemy import Boolean, Date, Table

from base.money import to_fen
from db.types import Money, UTCDateTime


def insert(s: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows through the driver's executemany, converting values the way the column
    types would (fen for money, UTC text for instants): the ORM's per-value processing is most
    of the cost at 200 000 rows, and these values are ours, already checked."""
    if not rows:
        return
    cols = list(rows[0])
    sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    conv = [converter(table.c[c].type) for c in cols]
    special = [(i, c, f) for i, (c, f) in enumerate(zip(cols, conv, strict=True)) if f]
    data = []
    for r in rows:
        values = [r[c] for c in cols]
        for i, c, f in special:
            values[i] = f(r[c])
        data.append(tuple(values))
    s.connection().exec_driver_sql(sql, data)


def converter(t: Any) -> Any:
    """How a value of this column type goes to the driver (None: as it is)."""
    if isinstance(t, Money):
        return lambda v: None if v is None else to_fen(v)
    if isinstance(t, UTCDateTime):
        return utc_text
    if isinstance(t, Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(t, Boolean):
        return lambda v: None if v is None else int(v)
    return None


@lru_cache(maxsize=64)
def utc_text(v: Any) -> str | None:
    # The demo stamps every row with the same instant: convert it once.
    return None if v is None else v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
