"""Desk records as the city receives them: plain JSON, other records named by uid.

Every column of a synced table goes out except the local integer ``id``; a foreign key becomes
the uid of the record it points to (``unit_id`` → ``unit_uid``, ``batch_id`` → ``batch_uid``,
``reverses_id`` → ``reverses_uid``), and a scheme is named by its code (``scheme_code``), since
schemes are the city's. Money is a decimal string with two decimals, dates and times ISO 8601
(times in UTC), bytes base64 (the monthly return's workbook). A calculation carries its
explanation lines (``lines``), which live in a table of their own at the desk.

The statements are built once from the models' metadata, so a column added to a synced model
travels without touching this module.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, Table, select
from sqlalchemy.orm import Session

from db.base import Base
from db.models import CalculationLine
from db.models._common import Synced

CHUNK = 500


@dataclass(frozen=True)
class EntitySpec:
    entity: str
    model: type
    table: Table
    stmt: Select[Any]


def _value(v: Any) -> Any:
    if v is None or isinstance(v, (str, int, float, bool, dict, list)):
        return v
    if isinstance(v, Decimal):
        return f"{v:.2f}" if v == v.quantize(Decimal("0.01")) else str(v)
    if isinstance(v, date):  # datetime too
        return v.isoformat()
    if isinstance(v, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(v)).decode("ascii")
    return str(v)


@functools.cache
def specs() -> dict[str, EntitySpec]:
    """One read statement per synced entity (``__sync_entity__`` → spec)."""
    out: dict[str, EntitySpec] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if not (isinstance(cls, type) and issubclass(cls, Synced) and cls.__sync_entity__):
            continue
        table = mapper.local_table
        assert isinstance(table, Table)
        cols: list[Any] = []
        joined: Any = table
        for c in table.columns:
            if c.name == "id":
                continue
            fks = list(c.foreign_keys)
            if not fks:
                cols.append(c)
                continue
            target = fks[0].column.table
            alias = target.alias(f"{c.name}_ref")  # type: ignore[attr-defined]
            joined = joined.outerjoin(alias, alias.c[fks[0].column.name] == c)
            base = c.name[:-3] if c.name.endswith("_id") else c.name
            if target.name == "schemes":
                cols.append(alias.c.code.label(f"{base}_code"))
            elif "uid" in alias.c:
                cols.append(alias.c.uid.label(f"{base}_uid"))
            else:
                cols.append(c)
        out[cls.__sync_entity__] = EntitySpec(
            cls.__sync_entity__, cls, table, select(*cols).select_from(joined)
        )
    return out


def _chunks(items: Sequence[str], size: int = CHUNK) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def read_records(session: Session, entity: str, uids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The current state of these records (absent ones — deleted since — are left out)."""
    spec = specs()[entity]
    out: dict[str, dict[str, Any]] = {}
    for part in _chunks(list(uids)):
        for row in session.execute(spec.stmt.where(spec.table.c.uid.in_(part))).mappings():
            out[row["uid"]] = {k: _value(v) for k, v in row.items()}
    if entity == "calculation" and out:
        _add_lines(session, spec.table, out)
    return out


def _add_lines(session: Session, calc: Table, records: dict[str, dict[str, Any]]) -> None:
    for rec in records.values():
        rec["lines"] = []
    lines = CalculationLine.__table__
    for part in _chunks(list(records)):
        stmt = (
            select(calc.c.uid, lines.c.text)  # type: ignore[attr-defined]
            .join(calc, calc.c.id == lines.c.calculation_id)  # type: ignore[attr-defined]
            .where(calc.c.uid.in_(part))
            .order_by(calc.c.uid, lines.c.seq)  # type: ignore[attr-defined]
        )
        for uid, text in session.execute(stmt):
            records[uid]["lines"].append(text)


def all_uids(session: Session, entity: str) -> list[str]:
    """Every uid of an entity (to send everything again when the city lost data)."""
    spec = specs()[entity]
    return list(session.execute(select(spec.table.c.uid).order_by(spec.table.c.id)).scalars())
