"""Schemes, units and valid resident IDs for the enrollment tests."""

from __future__ import annotations

import hashlib
import tomllib
from datetime import date
from decimal import Decimal
from typing import Any

from tests.conftest import SPEC

SCHEMES_DIR = SPEC / "schemes"


def make_id(
    n: int, *, birth: date = date(1980, 1, 1), area: str = "330203", female: bool = False
) -> str:
    """The n-th distinct valid ID number (n < 500) born on ``birth``."""
    from desk_app.people.idcard import make_id_number

    seq = 2 * n + (0 if female else 1)
    return make_id_number(area, birth, seq)


def add_scheme(db: Any, actor: Any, file_name: str, *, text: str | None = None) -> int:
    """Store a scheme file of the spec (or ``text``); its id. Uses the scheme store when it
    exists, else inserts the row as the store would."""
    source = text if text is not None else (SCHEMES_DIR / file_name).read_text("utf-8")
    try:
        from desk_app.schemes.store import import_scheme  # type: ignore[import-not-found]
    except ImportError:
        import_scheme = None
    with db.uow() as uow:
        if import_scheme is not None:
            row = import_scheme(uow, actor, source, source_name=file_name).value
            uow.commit()
            return int(row.id)
        from db.models import Scheme

        d = tomllib.loads(source)
        cap = d.get("annual_cap")
        s = Scheme(
            code=d["code"],
            name=d["name"],
            region=d.get("region", ""),
            plan=d["plan"],
            period_start=d["period_start"],
            period_end=d["period_end"],
            premium_per_share=Decimal(d["premium_per_share"]),
            max_shares=int(d["max_shares"]),
            annual_cap=Decimal(cap) if cap is not None else None,
            source_text=source,
            source_sha256=hashlib.sha256(source.encode()).hexdigest(),
            origin="file",
            active=True,
        )
        uow.session.add(s)
        uow.session.flush()
        sid = s.id
        uow.commit()
        return sid


def add_unit(db: Any, actor: Any, code: str, name: str, industry: str | None = None) -> int:
    from desk_app.people.units import UnitInput
    from desk_app.people.units import add_unit as add

    with db.uow() as uow:
        row = add(uow, actor, UnitInput(code=code, name=name, industry=industry)).value
        uow.commit()
        return row.id


def add_member(db: Any, actor: Any, name: str, id_number: str, **kw: Any) -> int:
    from desk_app.people.members import MemberInput
    from desk_app.people.members import add_member as add

    with db.uow() as uow:
        row = add(uow, actor, MemberInput(id_number=id_number, name=name, **kw)).value
        uow.commit()
        return row.id
