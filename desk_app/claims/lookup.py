"""The intake form's completers: hospitals and diseases (ICD-10) as the clerk types, matches
that start with the text first, then those that contain it. Reads only; fast enough for each
keystroke on the GUI thread (the lists hold hundreds to a few tens of thousands of rows)."""

from __future__ import annotations

import unicodedata

from sqlalchemy import case, or_, select

from db.engine import UnitOfWork
from db.models import Disease, Hospital


def _clean(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def hospitals(uow: UnitOfWork, text: str = "", limit: int = 50) -> list[str]:
    """Active hospital names matching ``text`` by name or code: prefix matches first, then
    names containing it; each group by name. Every active hospital when ``text`` is blank."""
    t = _clean(text)
    stmt = select(Hospital.name).where(Hospital.active.is_(True))
    if t:
        prefix = or_(
            Hospital.name.startswith(t, autoescape=True),
            Hospital.code.istartswith(t, autoescape=True),
        )
        stmt = stmt.where(or_(prefix, Hospital.name.contains(t, autoescape=True)))
        stmt = stmt.order_by(case((prefix, 0), else_=1), Hospital.name)
    else:
        stmt = stmt.order_by(Hospital.name)
    return list(uow.session.execute(stmt.limit(max(1, limit))).scalars())


def diseases(uow: UnitOfWork, text: str = "", limit: int = 50) -> list[tuple[str, str]]:
    """``(code, name)`` of the diseases matching ``text`` by code (``c50``, ``C50.9``) or
    Chinese name: code or name prefix first (by code), then names containing it."""
    t = _clean(text)
    stmt = select(Disease.code, Disease.name)
    if t:
        prefix = or_(
            Disease.code.startswith(t.upper(), autoescape=True),
            Disease.name.startswith(t, autoescape=True),
        )
        stmt = stmt.where(or_(prefix, Disease.name.contains(t, autoescape=True)))
        stmt = stmt.order_by(case((prefix, 0), else_=1), Disease.code)
    else:
        stmt = stmt.order_by(Disease.code)
    return [(c, n) for c, n in uow.session.execute(stmt.limit(max(1, limit)))]
