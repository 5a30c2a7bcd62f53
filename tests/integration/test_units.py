"""Units: registered once per code, changed with an audit trail, listed with their batches."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from base.errors import Conflict, ValidationError
from db.models import AuditEntry
from desk_app.people import units
from desk_app.people.units import UnitInput
from tests.fixtures_people import add_unit


def test_a_unit_is_added_and_listed_by_code(db, actors):
    add_unit(db, actors["clerk"], "DW002", "第二纺织厂工会", "纺织")
    add_unit(db, actors["clerk"], "DW001", "城关供电所工会", "电力")
    with db.reader() as uow:
        rows = units.list_units(uow)
    assert [r.code for r in rows] == ["DW001", "DW002"]
    assert rows[1].industry == "纺织" and rows[1].member_count == 0


def test_list_filters_by_code_or_name(db, actors):
    add_unit(db, actors["clerk"], "DW001", "城关供电所工会")
    add_unit(db, actors["clerk"], "DW002", "第二纺织厂工会")
    with db.reader() as uow:
        assert [r.code for r in units.list_units(uow, "纺织")] == ["DW002"]
        assert [r.code for r in units.list_units(uow, "001")] == ["DW001"]


def test_a_code_is_unique_whatever_its_case(db, actors):
    add_unit(db, actors["clerk"], "DW001", "城关供电所工会")
    with db.uow() as uow, pytest.raises(Conflict) as e:
        units.add_unit(uow, actors["clerk"], UnitInput(code="dw001", name="别的单位"))
    assert "已被「城关供电所工会」使用" in e.value.text("zh")


def test_an_empty_name_is_refused(db, actors):
    with db.uow() as uow, pytest.raises(ValidationError):
        units.add_unit(uow, actors["clerk"], UnitInput(code="DW9", name="  "))


def test_a_change_is_audited_before_and_after(db, actors):
    uid = add_unit(db, actors["clerk"], "DW001", "城关供电所工会", "电力")
    with db.uow() as uow:
        units.update_unit(
            uow,
            actors["clerk"],
            uid,
            UnitInput(code="DW001", name="城关供电所工会", industry="能源"),
        )
        uow.commit()
    with db.reader() as uow:
        target, detail = uow.session.execute(
            select(AuditEntry.target, AuditEntry.detail).where(AuditEntry.action == "unit.update")
        ).one()
    assert target == "unit:DW001"
    assert detail == {"industry": {"before": "电力", "after": "能源"}}
