"""A desk's changes reach the city once each, whatever the desk's clock says, after a restored
backup on either side, and pulling again is harmless."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from base.clock import now
from city_server.models import EnrollmentKey, InboxOp, MemberKey, ReceiptKey, Record, Site
from db import Database
from db.models import Claim, Hospital, SyncFinding, SyncState
from desk_app.sync import list_runs, sync_status
from tests.integration.sync.helpers import FAST, CityServer, assert_city_holds_exactly

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture(scope="module")
def city(module_city: CityServer) -> CityServer:
    return module_city  # each test has its own site code


def test_first_sync_sends_every_committed_record(city, make_desk):
    desk = make_desk("330702", city)
    b = desk.build
    unit = b.unit()
    members = [b.member(unit) for _ in range(5)]
    for m in members:
        b.enroll(m)
    claim = b.claim(members[0])
    b.advance(claim)
    b.edit_member(members[1])
    b.monthly_return("2015-04", 1, "submitted")
    waiting = desk.pending()
    report = desk.sync()
    assert report.ok, report.error
    assert (report.pending, report.pushed) == (0, waiting)
    assert_city_holds_exactly(city, desk)
    with desk.db.reader() as uow:
        status = sync_status(uow)
        runs = list_runs(uow, 5)
    assert status.configured and status.last_ok and status.pending == 0
    assert status.last_error is None
    assert runs[0].ok and runs[0].pushed == waiting


def test_a_deleted_draft_claim_takes_its_receipts_with_it_at_the_city(city, make_desk):
    desk = make_desk("DEL", city)
    b = desk.build
    m = b.member(b.unit())
    b.enroll(m)
    claim = b.claim(m)
    assert desk.sync().ok
    assert b.delete_claim(claim)
    assert desk.sync().ok
    assert_city_holds_exactly(city, desk)
    live = {e for e, _ in city.records("DEL").values()}
    assert "claim" not in live and "receipt" not in live


def test_desk_clock_a_year_ahead_or_behind_changes_nothing(city, make_desk, monkeypatch):
    desk = make_desk("CLOCK", city)
    b = desk.build
    real = now()
    monkeypatch.setenv("DESK_APP_FAKE_NOW", (real + timedelta(days=366)).isoformat())
    m = b.member(b.unit())
    b.enroll(m)
    assert desk.sync().ok
    monkeypatch.setenv("DESK_APP_FAKE_NOW", (real - timedelta(days=366)).isoformat())
    b.edit_member(m)  # made "a year earlier" by the clock, but it is the latest change
    b.member()
    assert desk.sync().ok
    assert_city_holds_exactly(city, desk)
    with desk.db.reader() as uow:
        runs = list_runs(uow, 5)
    assert all(r.ok for r in runs)


def test_a_restored_desk_backup_gets_its_new_changes_to_the_city_after_recovering(
    city, make_desk, tmp_path
):
    """After a restore the desk's change numbers go back: it says it is behind and sends
    nothing; once recovered, its new changes reach the city and nothing synced is lost."""
    from desk_app.access.auth import SYSTEM
    from desk_app.sync.recover import recover

    desk = make_desk("RESTORE", city)
    b = desk.build
    unit = b.unit()
    for _ in range(3):
        b.member(unit)
    assert desk.sync().ok
    backup = tmp_path / "backup.sqlite3"
    src, dst = sqlite3.connect(desk.path), sqlite3.connect(backup)
    src.backup(dst)
    src.close()
    dst.close()
    lost = [b.member(unit) for _ in range(3)]
    assert desk.sync().ok
    desk.db.dispose()
    for side in ("-wal", "-shm"):
        desk.path.with_name(desk.path.name + side).unlink(missing_ok=True)
    shutil.copyfile(backup, desk.path)
    desk.db = desk.build.db = Database(desk.path)
    new = [b.member(unit) for _ in range(4)]
    report = desk.sync()
    assert not report.ok and report.error_code == "behind" and report.exit_code == 7
    assert not any(uid in city.records("RESTORE") for uid in new)
    recovered = recover(desk.db, SYSTEM, policy=FAST)
    assert recovered.created == 3 and recovered.kept == 4 and recovered.conflicts == 0
    report = desk.sync()
    assert report.ok, report.error
    assert_city_holds_exactly(city, desk)
    assert all(uid in city.records("RESTORE") for uid in new + lost)


def test_a_city_that_lost_data_gets_everything_again(city, make_desk):
    desk = make_desk("LOST", city)
    b = desk.build
    m = b.member(b.unit())
    b.enroll(m)
    b.claim(m)
    assert desk.sync().ok
    site_id = city.site_id("LOST")
    with city.sessions() as s, s.begin():  # the city restored a backup from before the desk
        for table in (ReceiptKey, MemberKey, EnrollmentKey, Record, InboxOp):
            s.execute(delete(table).where(table.site_id == site_id))
        s.execute(update(Site).where(Site.id == site_id).values(last_seq=0))
    assert city.records("LOST") == {}
    report = desk.sync()
    assert report.ok, report.error
    assert_city_holds_exactly(city, desk)


def test_pulling_the_whole_feed_again_is_harmless(city, make_desk, tmp_path):
    from city_server.cli import main as city_cli

    csv = tmp_path / "hospitals.csv"
    csv.write_text(
        "name,code,level,region\n甲医院,H1,三级甲等,金华市\n乙医院,H2,二级,金华市\n", "utf-8"
    )
    assert city_cli(["--db", city.db_url, "reference", "publish", "hospitals", str(csv)]) == 0
    desk = make_desk("PULL2", city)
    assert desk.sync().ok
    with desk.db.uow() as uow:
        uow.session.get(SyncState, 1).pull_cursor = 0
        uow.commit()
    again = desk.sync()
    assert again.ok and again.pulled >= 2 and again.new_findings == 0
    with desk.db.reader() as uow:
        names = uow.session.execute(select(Hospital.name).where(Hospital.name.like("%医院"))).all()
        findings = uow.session.execute(select(SyncFinding)).all()
    assert sorted(n for (n,) in names if n in ("甲医院", "乙医院")) == ["乙医院", "甲医院"]
    assert findings == []


def test_changes_made_while_a_sync_runs_wait_for_the_next_one(city, make_desk):
    desk = make_desk("BUSY", city)
    b = desk.build
    m = b.member(b.unit())
    seen = []

    def progress(fraction: float, message: str) -> None:
        if "已上传" in message and not seen:
            seen.append(b.member())  # a clerk saves while the sync is sending

    b.enroll(m)
    report = desk.sync(progress=progress, batch_size=1)
    assert report.ok and seen
    assert desk.sync().ok
    assert_city_holds_exactly(city, desk)
    with desk.db.reader() as uow:
        assert uow.session.execute(select(Claim)).first() is None
