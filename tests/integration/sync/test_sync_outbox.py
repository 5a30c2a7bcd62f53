"""Changes the ORM hook never saw reach the city: a claim withdrawn and submitted again switches
its old calculation off with a bulk UPDATE, and the city (real PostgreSQL) ends with exactly one
current calculation for the claim; a bulk edit made with ``sqlite3`` arrives too."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import select

from db.models import Claim
from desk_app.access.auth import Actor, Role
from desk_app.claims import service as claims
from tests.integration.sync.helpers import CityServer, assert_city_holds_exactly

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

CLERK = Actor("clerk", "王经办", Role.CLERK)


@pytest.fixture(scope="module")
def city(module_city: CityServer) -> CityServer:
    return module_city


def _claim_id(desk: Any, uid: str) -> int:
    with desk.db.reader() as uow:
        return int(uow.session.execute(select(Claim.id).where(Claim.uid == uid)).scalar_one())


def _act(desk: Any, fn: Any, claim_id: int) -> None:
    with desk.db.uow() as uow:
        fn(uow, CLERK, claim_id)
        uow.commit()


def _current_at_city(city: CityServer, site: str, claim_uid: str) -> list[str]:
    return [
        uid
        for uid, (entity, data) in city.records(site).items()
        if entity == "calculation" and data["claim_uid"] == claim_uid and data["current"]
    ]


def test_withdraw_and_resubmit_leave_one_current_calculation_at_the_city(city, make_desk):
    desk = make_desk("CALC-1", city)
    member = desk.build.member(desk.build.unit())
    desk.build.enroll(member)
    uid = desk.build.claim(member)
    assert uid is not None
    cid = _claim_id(desk, uid)
    _act(desk, claims.submit, cid)
    assert desk.sync().ok
    first = _current_at_city(city, desk.site, uid)
    assert len(first) == 1
    _act(desk, claims.withdraw, cid)
    assert desk.sync().ok
    assert _current_at_city(city, desk.site, uid) == []  # switched off at the city too
    _act(desk, claims.submit, cid)
    assert desk.sync().ok
    now_current = _current_at_city(city, desk.site, uid)
    assert len(now_current) == 1 and now_current != first
    assert_city_holds_exactly(city, desk)


def test_a_bulk_edit_with_sqlite3_reaches_the_city(city, make_desk):
    desk = make_desk("BULK-1", city)
    unit = desk.build.unit()
    for _ in range(3):
        desk.build.member(unit)
    assert desk.sync().ok
    conn = sqlite3.connect(desk.path)
    # (counting the version, as any change must: at the city a version means one content)
    conn.execute("UPDATE members SET phone = '13900000000', version = version + 1")
    conn.execute("DELETE FROM members WHERE id = (SELECT max(id) FROM members)")
    conn.commit()
    conn.close()
    assert desk.sync().ok
    members = [d for e, d in city.records(desk.site).values() if e == "member"]
    assert len(members) == 2 and {m["phone"] for m in members} == {"13900000000"}
    assert_city_holds_exactly(city, desk)
