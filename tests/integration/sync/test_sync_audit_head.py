"""The desk's audit chain head goes to the city with each sync; the city keeps every head and
reports a chain that went backwards or was rewritten (a finding at the city and on the desk);
``audit verify`` at the desk compares the log with the last head the city acknowledged."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import select

from city_server.models import AuditHeadSeen, Finding, Site
from db.models import Setting
from desk_app.access import audit
from desk_app.sync import list_findings
from tests.integration.sync.helpers import CityServer

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture(scope="module")
def city(module_city: CityServer) -> CityServer:
    return module_city


def _work(desk: Any, n: int = 3) -> None:
    """Some audited work (and a change, so the sync has something to push)."""
    with desk.db.uow() as uow:
        for i in range(n):
            audit.record(uow.session, "clerk", "member.update", f"member:{i}")
        uow.commit()
    desk.build.unit()


def _verify(desk: Any) -> audit.VerifyResult:
    with desk.db.reader() as uow:
        return audit.verify(uow.session)


def _cut(desk: Any, keep: int) -> None:
    """Cut the log after entry ``keep`` and rewrite its head to match, with ``sqlite3``."""
    conn = sqlite3.connect(desk.path)
    conn.execute("DROP TRIGGER audit_log_append_only_update")
    conn.execute("DROP TRIGGER audit_log_append_only_delete")
    conn.execute(f"DELETE FROM audit_log WHERE id > {keep}")
    conn.execute(
        f"UPDATE audit_head SET last_id = {keep},"
        f" last_hash = (SELECT hash FROM audit_log WHERE id = {keep})"
    )
    conn.execute(f"DELETE FROM settings WHERE key = '{audit.CITY_HEAD}'")  # hide it locally
    conn.commit()
    conn.close()


def _city_findings(city: CityServer, code: str) -> list[dict[str, Any]]:
    with city.sessions() as s:
        return [
            f.detail
            for f in s.execute(
                select(Finding)
                .join(Site, Site.id == Finding.site_a)
                .where(Site.code == code, Finding.kind == "audit_chain")
            ).scalars()
        ]


def _desk_findings(desk: Any) -> list[Any]:
    with desk.db.reader() as uow:
        return [f for f in list_findings(uow) if f.kind == "audit_chain"]


def test_the_city_keeps_each_head_and_the_desk_verifies_against_the_acknowledged_one(
    city, make_desk
):
    desk = make_desk("HEAD-1", city)
    _work(desk)
    assert desk.sync().ok
    _work(desk)
    assert desk.sync().ok
    with city.sessions() as s:
        seen = list(
            s.execute(
                select(AuditHeadSeen.seq, AuditHeadSeen.ok)
                .join(Site, Site.id == AuditHeadSeen.site_id)
                .where(Site.code == "HEAD-1")
                .order_by(AuditHeadSeen.id)
            )
        )
    assert [ok for _seq, ok in seen] == [True, True] and seen[0][0] < seen[1][0]
    assert _verify(desk).ok and _city_findings(city, "HEAD-1") == []
    # Cut short and the head rewritten: alone, the chain looks whole; the city's ack does not.
    with desk.db.reader() as uow:
        acked = uow.session.get(Setting, audit.CITY_HEAD).value["seq"]
    conn = sqlite3.connect(desk.path)
    conn.execute("DROP TRIGGER audit_log_append_only_update")
    conn.execute("DROP TRIGGER audit_log_append_only_delete")
    conn.execute(f"DELETE FROM audit_log WHERE id > {acked - 2}")
    conn.execute(
        f"UPDATE audit_head SET last_id = {acked - 2},"
        f" last_hash = (SELECT hash FROM audit_log WHERE id = {acked - 2})"
    )
    conn.commit()
    conn.close()
    result = _verify(desk)
    assert not result.ok
    assert any(f"up to entry {acked}" in p and "removed" in p for p in result.problems)


def test_a_chain_cut_short_after_a_sync_is_reported_on_both_sides(city, make_desk):
    desk = make_desk("HEAD-2", city)
    _work(desk, 5)
    assert desk.sync().ok
    _cut(desk, 2)
    assert _verify(desk).ok  # nothing left at the desk to tell
    desk.build.unit()
    assert desk.sync().ok
    (found,) = _city_findings(city, "HEAD-2")
    assert found["seq"] == 2 and found["seen_seq"] > 2
    (mine,) = _desk_findings(desk)
    assert "被截短" in mine.summary.zh and "cut short" in mine.summary.en


def test_a_chain_rewritten_and_continued_is_reported_as_well(city, make_desk):
    desk = make_desk("HEAD-3", city)
    _work(desk, 3)
    assert desk.sync().ok
    _cut(desk, 1)
    _work(desk, 10)  # new entries past the number the city saw: a forked chain
    assert desk.sync().ok
    (found,) = _city_findings(city, "HEAD-3")
    assert found["seq"] > found["seen_seq"]
    (mine,) = _desk_findings(desk)
    assert "改写" in mine.summary.zh and "rewritten" in mine.summary.en
