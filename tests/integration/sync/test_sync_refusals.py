"""What the city refuses, it refuses with a clear message, and nothing is written: a wrong token,
a revoked site, a site writing another site's record, a schema version it cannot serve."""

from __future__ import annotations

import pytest

import desk_app
from desk_app.sync import sync_status
from tests.integration.sync.helpers import CityServer, Desk, checkpoint

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture(scope="module")
def city(module_city: CityServer) -> CityServer:
    return module_city


def _some_records(desk: Desk) -> None:
    m = desk.build.member(desk.build.unit())
    desk.build.enroll(m)


def test_a_wrong_token_is_refused_and_nothing_is_written(city, make_desk):
    city.add_site("WRONG")
    desk = make_desk("WRONG")
    desk.setup(city.url, "not-the-token-the-city-issued")
    _some_records(desk)
    report = desk.sync()
    assert not report.ok and report.error_code == "auth" and report.exit_code == 4
    assert "令牌不正确" in report.error.zh and "token is wrong" in report.error.en
    assert city.records("WRONG") == {} and city.inbox_count("WRONG") == 0
    assert desk.pending() == 3
    with desk.db.reader() as uow:
        status = sync_status(uow)
    assert status.last_ok is False and status.last_error == report.error


def test_a_revoked_site_is_refused_and_nothing_is_written(city, make_desk):
    desk = make_desk("REVOKED", city)
    _some_records(desk)
    assert desk.sync().ok
    before = city.records("REVOKED")
    city.revoke("REVOKED")
    desk.build.member()
    report = desk.sync()
    assert not report.ok and report.error_code == "revoked"
    assert "已被市总工会停用" in report.error.zh
    assert city.records("REVOKED") == before
    assert desk.pending() == 1


def test_a_site_cannot_write_another_sites_record(city, make_desk, tmp_path):
    a = make_desk("OWNER-A", city)
    _some_records(a)
    assert a.sync().ok
    held_by_a = city.records("OWNER-A")
    member_uid = next(u for u, (e, _) in held_by_a.items() if e == "member")
    # A second PC set up with a copy of A's database and its own site code.
    checkpoint(a.path)
    b = Desk(tmp_path / "desk-b", a.path, "OWNER-B")
    b.setup(city.url, city.add_site("OWNER-B"))
    b.build.edit_member(member_uid)
    b.build.member()
    report = b.sync()
    b.close()
    assert not report.ok and report.error_code == "not_owner" and report.exit_code == 6
    assert "属于其他服务点" in report.error.zh and "another site" in report.error.en
    assert city.records("OWNER-A") == held_by_a
    assert city.records("OWNER-B") == {} and city.inbox_count("OWNER-B") == 0


@pytest.mark.parametrize(
    ("version", "zh", "en"),
    [
        ("0", "请升级到 0.1 版", "upgrade to version 0.1"),
        ("99", "请联系市总工会升级服务器", "ask the city office to upgrade it"),
    ],
)
def test_a_schema_version_the_city_cannot_serve_is_refused_in_words(
    city, make_desk, monkeypatch, version, zh, en
):
    desk = make_desk(f"SCHEMA-{version}", city)
    _some_records(desk)
    monkeypatch.setattr(desk_app, "SCHEMA_VERSION", version)
    report = desk.sync()
    assert not report.ok and report.error_code == "schema" and report.exit_code == 5
    assert zh in report.error.zh and en in report.error.en
    assert city.records(f"SCHEMA-{version}") == {}
    assert desk.pending() == 3
