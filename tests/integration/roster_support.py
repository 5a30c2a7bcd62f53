"""Shared set-up for the roster tests: schemes, units, a clock inside 2015, and import helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.models import (
    AuditEntry,
    Enrollment,
    EnrollmentBatch,
    ImportLog,
    Member,
    MemberSearchKey,
    OutboxEntry,
)
from desk_app.people import roster
from tests.fixtures_people import add_scheme, add_unit


@pytest.fixture
def world(db, actors, monkeypatch) -> dict[str, Any]:
    """Quzhou 2015/2016 (one share), Jinhua (two shares), two units; today is 2015-06-01."""
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2015-06-01T10:00:00")
    return {
        "qz15": add_scheme(db, actors["admin"], "quzhou-2015.toml"),
        "qz16": add_scheme(db, actors["admin"], "quzhou-2016.toml"),
        "jh": add_scheme(db, actors["admin"], "jinhua-2015.toml"),
        "dw1": add_unit(db, actors["clerk"], "DW001", "城关供电所工会", "电力"),
        "dw2": add_unit(db, actors["clerk"], "DW002", "第二纺织厂工会", "纺织"),
    }


def import_file(db: Any, actor: Any, path: Path, scheme: str = "QZ-2015-ZY", **kw: Any):
    """Import and commit; the report."""
    with db.uow() as uow:
        done = roster.import_roster(uow, actor, path, scheme, **kw)
        uow.commit()
    return done.value


def counts(db: Any) -> dict[str, int]:
    """How many rows each table the import writes holds (to show that nothing changed)."""
    tables = {
        "members": Member.id,
        "enrollments": Enrollment.id,
        "batches": EnrollmentBatch.id,
        "keys": MemberSearchKey.member_id,
        "outbox": OutboxEntry.seq,
        "audit": AuditEntry.id,
        "import_log": ImportLog.id,
    }
    with db.reader() as uow:
        return {
            k: uow.session.execute(select(func.count(c))).scalar_one() for k, c in tables.items()
        }


def error_map(report: Any, lang: str = "zh") -> dict[int, str]:
    return {e.row: e.message.text(lang) for e in report.errors}
