"""A desk restored from a backup, or rebuilt after a dead disk, loses nothing that was synced
(issue #20): the real CLI, a real city server process, a real PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import (
    AuditEntry,
    Claim,
    Member,
    MonthLock,
    MonthlyReturn,
    Payment,
    PaymentBatch,
    Setting,
    SyncFinding,
)
from desk_app.sync import list_runs, sync_status
from desk_app.system.months import is_locked
from tests.integration.sync.helpers import assert_city_holds_exactly
from tests.integration.sync.recovery import (
    add_admin,
    approve,
    assert_no_version_reused,
    backup,
    cli,
    findings,
    pay,
    recover,
    report_claim,
    restore,
    versions,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _synced(desk) -> None:
    r = cli(desk, "sync")
    assert r.code == 0, r.err


def test_a_restored_desk_is_told_it_is_behind_and_recovery_makes_it_equal_to_the_city(
    city, make_desk, tmp_path
):
    """The issue's sequence: synced, backup B1, changes synced, B1 restored, new changes;
    the desk says it is behind and sends nothing; after recovery desk and city agree record by
    record, no version means two contents, and the changes made since the restore went up."""
    desk = make_desk("REC", city)
    add_admin(desk)
    b = desk.build
    unit = b.unit()
    members = [b.member(unit) for _ in range(32)]
    for m in members:
        b.enroll(m)
    drafts = [b.claim(members[i]) for i in range(3)]
    draft = drafts[0]
    to_pay = b.claim(members[3])
    _synced(desk)
    b1 = tmp_path / "B1.sqlite3"
    backup(desk, b1)

    # After B1, synced, as in the issue: 21 new members with enrollments, 29 edits, 3 deleted
    # drafts; and a claim approved and paid, a return submitted.
    lost = [b.member(unit) for _ in range(21)]
    for m in lost:
        b.enroll(m)
    for m in members[:29]:
        b.edit_member(m)
    for d in drafts:
        assert b.delete_claim(d)
    approve(desk, to_pay)
    pay(desk, to_pay, "ZF2015-0001")
    ret = b.monthly_return("2015-04", 1, "submitted")
    report_claim(desk, to_pay, "2015-04")  # as submitting the return does
    _synced(desk)
    seen = versions(city, "REC")
    city_before = city.records("REC")

    r = restore(desk, b1, city)
    assert "sync first" in r.out.lower()  # told at the restore
    assert "a backup was restored" in cli(desk, "sync", "status").out
    # New work on the stale state: new members, and edits of members the city has newer.
    fresh = [b.member(unit) for _ in range(40)]
    for m in fresh[:20]:
        b.enroll(m)
    b.edit_member(members[2])  # also edited after B1: a conflict
    b.edit_member(members[3])  # also edited after B1: a conflict
    for m in members[29:]:
        b.edit_member(m)  # only edited here: goes up

    r = cli(desk, "sync")
    assert r.code == 7, (r.out, r.err)
    assert "behind the city" in r.err and "--recover" in r.err
    assert city.records("REC") == city_before  # nothing sent on top of the stale state
    with desk.db.reader() as uow:
        status = sync_status(uow)
        runs = list_runs(uow, 1)
    assert status.behind is not None and "落后于市里" in status.behind.zh
    assert not runs[0].ok and "落后于市里" in runs[0].error.zh
    assert "behind the city" in cli(desk, "sync", "status").out

    r = recover(desk)
    assert r.code == 0, (r.out, r.err)
    assert "recovered from the city" in r.out and "2 conflicts" in r.out
    assert "sync done" in r.out  # and the changes made since the restore went up
    # The restored chain was shorter than the city's: re-anchored to its head, and said so.
    assert "audit log was shorter than the one the city received" in r.out
    r = cli(desk, "audit", "verify", "--user", "admin", input="Recover-2026-ok\n")
    assert r.code == 0 and "audit log intact" in r.out, (r.out, r.err)
    assert "re-anchored after entry" in r.out and "are held at the city" in r.out

    assert_city_holds_exactly(city, desk)  # 0 differ, 0 only on one side
    assert_no_version_reused(seen, versions(city, "REC"))
    theirs = city.records("REC")
    assert all(uid in theirs for uid in fresh + lost)
    assert draft not in theirs
    with desk.db.reader() as uow:
        s = uow.session
        assert sync_status(uow).behind is None
        paid = s.execute(select(Claim).where(Claim.uid == to_pay)).scalar_one()
        assert paid.status == "reported" and paid.reported_month == "2015-04"
        assert (
            s.execute(
                select(func.count()).select_from(Payment).where(Payment.claim_id == paid.id)
            ).scalar_one()
            == 1
        )
        assert s.execute(select(PaymentBatch.status)).scalars().all() == ["paid"]
        r_ = s.execute(select(MonthlyReturn).where(MonthlyReturn.uid == ret)).scalar_one()
        assert r_.status == "submitted"
        assert s.get(MonthLock, "2015-04") is not None
        audited = s.execute(
            select(AuditEntry.login, AuditEntry.detail).where(AuditEntry.action == "sync.recover")
        ).all()
        kinds = Counter(s.execute(select(SyncFinding.kind)).scalars())
        names = {m.uid: m.name for m in s.execute(select(Member)).scalars()}
    assert kinds["recovery_conflict"] == 2
    assert [login for login, _ in audited] == ["admin"] and audited[0][1]["conflicts"] == 2
    assert audited[0][1]["audit_chain"]["state"] == "reanchored"
    assert "audit_chain" not in kinds  # a restore is not tampering: the city saw no rewrite
    assert names[members[2]] == theirs[members[2]][1]["name"]  # the city's version kept
    r = findings(desk)
    lines = [line for line in r.out.splitlines() if "conflict found while recovering" in line]
    assert len(lines) == 2 and all("was changed here after the restore" in x for x in lines)
    r = cli(desk, "sync")
    assert r.code == 0 and "0 waiting" in r.out  # level with the city: syncs as before


def _city_head(city, site: str) -> dict:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from city_server import heads
    from city_server.models import Site

    engine = create_engine(city.db_url)
    try:
        with Session(engine) as s:
            sid = s.execute(select(Site.id).where(Site.code == site)).scalar_one()
            head = heads.last_head(s, sid)
    finally:
        engine.dispose()
    assert head is not None
    return head


def test_a_desk_rebuilt_from_an_empty_data_folder_equals_the_citys_view_of_its_site(
    city, make_desk, tmp_path
):
    """A dead disk: a new PC, ``desk-app init``, the same site and token, then recovery."""
    from city_server.cli import main as city_cli
    from desk_app.data.schemes import FOLDER as SCHEME_FILES
    from tests.conftest import run_cli

    assert (
        city_cli(
            ["--db", city.db_url, "scheme", "publish", str(SCHEME_FILES / "shaoxing-2015.toml")]
        )
        == 0
    )
    old = make_desk("DISK", register=False)
    token = city.add_site("DISK")
    old.setup(city.url, token)
    b = old.build
    unit = b.unit()
    ms = [b.member(unit) for _ in range(5)]
    for m in ms:
        b.enroll(m)
    c = b.claim(ms[0])
    approve(old, c)
    pay(old, c, "ZF2015-0007")
    b.claim(ms[1])
    b.edit_member(ms[2])
    b.monthly_return("2015-04", 1, "submitted")
    _synced(old)
    old.close()

    new_root = tmp_path / "new-pc"
    r = run_cli("init", "--admin", "admin", input="Recover-2026-ok\n", data_dir=new_root)
    assert r.code == 0, r.err
    r = run_cli(
        "sync",
        "setup",
        "--server",
        city.url,
        "--site",
        "DISK",
        "--user",
        "admin",
        input="Recover-2026-ok\n" + token + "\n",
        data_dir=new_root,
    )
    assert r.code == 0, r.err
    r = run_cli("sync", data_dir=new_root)
    assert r.code == 7 and "behind the city" in r.err
    r = run_cli(
        "sync", "--recover", "--user", "admin", input="Recover-2026-ok\n", data_dir=new_root
    )
    assert r.code == 0, (r.out, r.err)
    assert "audit log was shorter than the one the city received" in r.out
    city_head = _city_head(city, "DISK")  # the old PC's last head the city holds
    r = run_cli("audit", "verify", "--user", "admin", input="Recover-2026-ok\n", data_dir=new_root)
    assert r.code == 0 and "re-anchored after entry" in r.out, (r.out, r.err)

    from tests.integration.sync.helpers import Desk

    rebuilt = Desk.__new__(Desk)
    rebuilt.root, rebuilt.site = new_root, "DISK"
    rebuilt.path = new_root / "desk.sqlite3"
    from db import Database

    rebuilt.db = Database(rebuilt.path)
    try:
        assert_city_holds_exactly(city, rebuilt)
        with rebuilt.db.reader() as uow:
            s = uow.session
            claim = s.execute(select(Claim).where(Claim.uid == c)).scalar_one()
            assert claim.status == "paid"
            assert s.execute(select(func.count()).select_from(Payment)).scalar_one() == 1
            assert s.get(MonthLock, "2015-04") is not None
            # The new PC holds the city's last head of the old PC's chain, as acknowledged.
            from desk_app.access import audit

            held = s.get(Setting, audit.CITY_HEAD).value
            assert held == city_head and audit.hash_at(s, held["seq"]) == held["hash"]
        # The month submitted on the old PC stays locked: nothing is paid into it.
        with rebuilt.db.reader() as uow:  # what every dated service asks before it writes
            assert is_locked(uow.session, date(2015, 4, 20))
    finally:
        rebuilt.db.dispose()
    # Recovering again writes nothing: no payment, batch or return twice.
    r = run_cli(
        "sync", "--recover", "--user", "admin", input="Recover-2026-ok\n", data_dir=new_root
    )
    assert r.code == 0 and "0 created, 0 updated, 0 deleted" in r.out, r.out
    r = run_cli("sync", "status", data_dir=new_root)
    assert "behind" not in r.out


def test_a_claim_paid_again_after_the_restore_stops_the_recovery_and_changes_nothing(
    city, make_desk, tmp_path
):
    """Paid after the backup (synced), then paid again on the restored desk in another batch:
    the recovery refuses to touch that money and says which claim."""
    desk = make_desk("TWICE", city)
    add_admin(desk)
    b = desk.build
    m = b.member(b.unit())
    b.enroll(m)
    c = b.claim(m)
    approve(desk, c)
    _synced(desk)
    b1 = tmp_path / "B1.sqlite3"
    backup(desk, b1)
    pay(desk, c, "ZF2015-0001")
    _synced(desk)
    restore(desk, b1, city)
    pay(desk, c, "ZF2015-0001")  # the same claim, paid again here
    before = desk.snapshot()
    r = recover(desk)
    assert r.code == 2 and "paid here after the restore" in r.err, (r.out, r.err)
    assert desk.snapshot() == before
    with desk.db.reader() as uow:
        assert uow.session.execute(select(func.count()).select_from(Payment)).scalar_one() == 1


def test_a_desk_behind_the_city_cannot_overwrite_newer_city_records(city, make_desk, tmp_path):
    """Neither a plain sync nor ``--resend-all`` undoes what the city holds newer; and the city
    itself refuses older versions from a desk that does not know it is behind."""
    desk = make_desk("OVER", city)
    add_admin(desk)
    b = desk.build
    ms = [b.member(b.unit()) for _ in range(4)]
    _synced(desk)
    b1 = tmp_path / "B1.sqlite3"
    backup(desk, b1)
    for m in ms:
        b.edit_member(m)
    _synced(desk)
    newer = city.records("OVER")

    restore(desk, b1, city)
    for args in (("sync",), ("sync", "--resend-all")):
        r = cli(desk, *args)
        assert r.code == 7, (args, r.out, r.err)
        assert city.records("OVER") == newer

    # A desk that lost its "behind" mark (an older program renumbered it) is refused by the
    # city itself: same numbers, other content, or older versions.
    from db.models import SyncState

    with desk.db.uow() as uow:
        st = uow.session.get(SyncState, 1)
        st.behind_seq, st.acked_seq = None, city.inbox_count("OVER")
        uow.commit()
    from sqlalchemy import text

    with desk.db.uow() as uow:  # the outbox as the old renumbering left it, above the city's
        uow.session.execute(text("DELETE FROM sync_outbox"))
        uow.commit()
    r = cli(desk, "sync", "--resend-all")
    assert r.code == 7, (r.out, r.err)
    assert "newer versions" in r.err
    assert city.records("OVER") == newer
    r = recover(desk)
    assert r.code == 0, (r.out, r.err)
    assert_city_holds_exactly(city, desk)


def _token(desk) -> str:
    from desk_app.sync import credentials

    with desk.db.reader() as uow:
        return credentials.stored_token(uow.session, desk.site)


def test_the_city_serves_a_site_only_its_own_records_and_only_with_its_token(city, make_desk):
    from desk_app.sync.client import CityClient, SyncError
    from tests.integration.sync.helpers import FAST

    a = make_desk("OWN-A", city)
    b = make_desk("OWN-B", city)
    mine = [a.build.member(a.build.unit()) for _ in range(2)]
    theirs = [b.build.member() for _ in range(2)]
    assert a.sync().ok and b.sync().ok
    with CityClient(city.url, "OWN-A", _token(a), policy=FAST) as client:
        served = {i["uid"] for i in client.recover("member", 0)["items"]}
        ops = client.recover("ops", 0)
    assert served == set(mine) and not set(theirs) & served
    assert [seq for seq, _op in ops["items"]] == list(range(1, ops["last_seq"] + 1))
    # Another site's valid token does not open this site's records.
    with (
        CityClient(city.url, "OWN-A", _token(b), policy=FAST) as client,
        pytest.raises(SyncError) as refused,
    ):
        client.recover("member", 0)
    assert refused.value.code == "auth"


def _number(desk, claim_uid: str, claim_no: str) -> None:
    with desk.db.uow() as uow:
        c = uow.session.execute(select(Claim).where(Claim.uid == claim_uid)).scalar_one()
        c.claim_no = claim_no
        uow.commit()


def test_what_was_typed_again_after_the_restore_is_merged_and_reused_numbers_move_on(
    city, make_desk, tmp_path
):
    """A member lost with the disk and typed again (same ID number, enrolled again) becomes the
    city's record, with no second person at the city; a claim number given again to another
    claim moves to the next free number; both are told as findings."""
    from db.models import Enrollment

    desk = make_desk("AGAIN", city)
    add_admin(desk)
    b = desk.build
    unit = b.unit()
    a = b.member(unit)
    b.enroll(a)
    _synced(desk)
    b1 = tmp_path / "B1.sqlite3"
    backup(desk, b1)
    lost = b.member(unit)
    lost_enrollment = b.enroll(lost)
    first = b.claim(a)
    _number(desk, first, "LP2015-000001")
    _synced(desk)
    with desk.db.reader() as uow:
        number = uow.session.execute(select(Member.id_number).where(Member.uid == lost)).scalar()

    restore(desk, b1, city)
    again = b.member(unit, id_number_=number)  # the same person typed again
    b.enroll(again)
    second = b.claim(a)  # another claim, given the number the city holds for the first
    _number(desk, second, "LP2015-000001")
    r = recover(desk)
    assert r.code == 0, (r.out, r.err)
    assert "2 records typed again" in r.out and "1 running numbers used twice" in r.out

    assert_city_holds_exactly(city, desk)
    people = [d for e, d in city.records("AGAIN").values() if e == "member"]
    assert [p["uid"] for p in people if p["id_number"] == number] == [lost]
    with desk.db.reader() as uow:
        s = uow.session
        member = s.execute(select(Member).where(Member.id_number == number)).scalar_one()
        enrolled = (
            s.execute(select(Enrollment.uid).where(Enrollment.member_id == member.id))
            .scalars()
            .all()
        )
        numbers = {u: n for u, n in s.execute(select(Claim.uid, Claim.claim_no))}
        kinds = Counter(s.execute(select(SyncFinding.kind)).scalars())
        member_uid = member.uid
    assert member_uid == lost and enrolled == [lost_enrollment]
    assert numbers == {first: "LP2015-000001", second: "LP2015-000002"}
    # The restored backup took the audit chain back below the head the city had received: the
    # recovery re-anchored it to the city's head, so the next push is no audit_chain finding.
    assert kinds == {"recovery_adopted": 2, "recovery_renumbered": 1}


def test_a_demo_county_rebuilt_on_a_new_pc_equals_the_city_record_by_record(city, tmp_path):
    """A county's year made by the real services (enrollments by batches, claims approved,
    paid and reported, payment batches, a submitted return) comes back whole on a new PC."""
    from city_server import feed
    from city_server.store import transaction
    from db import Database
    from db.models import Scheme
    from tests.conftest import run_cli
    from tests.integration.sync.helpers import Desk

    old, new, pw = tmp_path / "old", tmp_path / "new", "Recover-2026-ok\n"
    assert run_cli("init", "--admin", "admin", input=pw, data_dir=old).code == 0
    assert run_cli("demo", "--members", "300", data_dir=old).code == 0
    token = city.add_site("DEMO")
    setup = ("sync", "setup", "--server", city.url, "--site", "DEMO", "--user", "admin")
    assert run_cli(*setup, input=pw + token + "\n", data_dir=old).code == 0
    assert run_cli("sync", data_dir=old).code == 0
    odb = Database(old / "desk.sqlite3")
    with odb.reader() as uow:  # the city owns the schemes: it publishes the demo's
        texts = list(uow.session.execute(select(Scheme.source_text)).scalars())
    odb.dispose()
    with transaction(city.sessions) as cs:
        for text in texts:
            feed.publish_scheme(cs, text)

    assert run_cli("init", "--admin", "admin", input=pw, data_dir=new).code == 0
    assert run_cli(*setup, input=pw + token + "\n", data_dir=new).code == 0
    assert run_cli("sync", data_dir=new).code == 7
    r = run_cli("sync", "--recover", "--user", "admin", input=pw, data_dir=new)
    assert r.code == 0, (r.out, r.err)
    rebuilt = Desk.__new__(Desk)
    rebuilt.root, rebuilt.site, rebuilt.path = new, "DEMO", new / "desk.sqlite3"
    rebuilt.db = Database(rebuilt.path)
    try:
        assert_city_holds_exactly(city, rebuilt)
        with rebuilt.db.reader() as uow:
            s = uow.session
            statuses = Counter(s.execute(select(Claim.status)).scalars())
            payments = s.execute(
                select(func.count()).select_from(Payment).where(Payment.kind == "payment")
            ).scalar_one()
            returns = s.execute(select(MonthlyReturn.status)).scalars().all()
            locks = s.execute(select(func.count()).select_from(MonthLock)).scalar_one()
    finally:
        rebuilt.db.dispose()
    # Every claim paid (or paid and then reported) came back with its one payment, no more.
    paid = statuses["paid"] + statuses["reported"]
    assert statuses["paid"] and payments == paid and "submitted" in returns and locks


def test_a_recovery_that_cannot_be_done_says_why_and_changes_nothing(city, make_desk, tmp_path):
    """No admin named: refused. A scheme the new PC does not have (imported at the old desk,
    never published by the city): refused, nothing written, the desk still behind."""
    from tests.conftest import run_cli

    old = make_desk("NOSCH", register=False)
    token = city.add_site("NOSCH")
    old.setup(city.url, token)
    m = old.build.member(old.build.unit())
    old.build.enroll(m)
    _synced(old)
    new, pw = tmp_path / "new-pc", "Recover-2026-ok\n"
    assert run_cli("init", "--admin", "admin", input=pw, data_dir=new).code == 0
    setup = ("sync", "setup", "--server", city.url, "--site", "NOSCH", "--user", "admin")
    assert run_cli(*setup, input=pw + token + "\n", data_dir=new).code == 0
    r = run_cli("sync", "--recover", data_dir=new)
    assert r.code == 2 and "needs an admin" in r.err
    r = run_cli("sync", "--recover", "--user", "admin", input=pw, data_dir=new)
    assert r.code == 2 and "scheme SX-2015-ZY" in r.err and "nothing was changed" in r.err
    from db import Database

    db = Database(new / "desk.sqlite3")
    try:
        with db.reader() as uow:
            assert uow.session.execute(select(func.count()).select_from(Member)).scalar_one() == 0
    finally:
        db.dispose()
    assert run_cli("sync", data_dir=new).code == 7  # and it still sends nothing


def test_a_chain_that_differs_from_the_city_at_an_acknowledged_entry_is_a_finding_not_re_anchored(
    city, make_desk
):
    """The conflict path: the city holds another hash at an entry the desk's own chain had
    already had acknowledged (the desk's database or the city's copy was changed). Recovery
    does not paper over it: nothing is re-anchored, an audit_chain finding is kept, and the
    operator is told in words on the command line."""
    from city_server.models import AuditHeadSeen
    from city_server.store import transaction
    from desk_app.access.audit import ANCHORS, CITY_HEAD

    desk = make_desk("AUC", city)
    add_admin(desk)
    b = desk.build
    unit = b.unit()
    for _ in range(3):
        b.enroll(b.member(unit))
    _synced(desk)
    with desk.db.reader() as uow:
        acked = uow.session.get(Setting, CITY_HEAD).value
    seq = int(acked["seq"])
    assert seq > 0
    other = "e" * 64
    assert acked["hash"] != other
    with transaction(city.sessions) as s:
        s.add(AuditHeadSeen(site_id=city.site_id("AUC"), seq=seq, hash=other, ok=True))

    r = recover(desk)
    assert r.code == 0, (r.out, r.err)
    assert f"audit log: entry {seq} here is not the one the city received" in r.out, r.out
    assert "audit log was shorter" not in r.out
    with desk.db.reader() as uow:
        s = uow.session
        assert s.get(Setting, ANCHORS) is None  # not re-anchored
        chain = (
            s.execute(select(SyncFinding).where(SyncFinding.kind == "audit_chain")).scalars().all()
        )
        assert len(chain) == 1, [c.detail for c in chain]
        assert chain[0].detail["uid"] == str(seq) and chain[0].detail["city_hash"] == other
        assert chain[0].detail["desk_hash"] == acked["hash"]
        entry = s.execute(
            select(AuditEntry).where(AuditEntry.action == "sync.recover")
        ).scalar_one()
        assert "conflict" in str(entry.detail), entry.detail
    assert f"entry {seq} here is not the one the city received" in findings(desk).out
    r = cli(desk, "audit", "verify", "--user", "admin", input="Recover-2026-ok\n")
    assert "re-anchored" not in r.out, r.out
