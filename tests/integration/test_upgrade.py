"""A database made by an earlier release migrates at start-up after an automatic backup, and
nothing in it is lost; a failed upgrade puts the backup back and says so.

``tests/fixtures/db/release-<version>.sqlite3`` holds one database per released schema, made by
that release's own code (``make_release_db.py`` says how).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db import Database, keys
from db.connect import connect, is_encrypted
from db.migrate import MigrationFailed, current_revision, head_revision, upgrade
from desk_app.access import audit, users
from tests.conftest import PASSWORDS, run_cli

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "db").glob("release-*.sqlite3"))


def _counts(path: Path) -> dict[str, object]:
    conn = connect(path, keys.database_key(path))  # encrypted once the program upgraded it
    try:
        return {
            "members": conn.execute("SELECT COUNT(*) FROM members").fetchone()[0],
            "enrollments": conn.execute("SELECT COUNT(*) FROM enrollments").fetchone()[0],
            "claims": dict(conn.execute("SELECT status, COUNT(*) FROM claims GROUP BY status")),
            "paid_out": conn.execute("SELECT COALESCE(SUM(payout), 0) FROM claims").fetchone()[0],
            "audit": conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0],
        }
    finally:
        conn.close()


@pytest.fixture(params=FIXTURES, ids=[p.stem for p in FIXTURES])
def old_desk(request: pytest.FixtureRequest, data_dir: Path) -> Path:
    shutil.copyfile(request.param, data_dir / "desk.sqlite3")
    return data_dir


def test_there_is_a_fixture_of_the_first_release():
    assert any(p.name == "release-0.1.0.sqlite3" for p in FIXTURES)


def test_an_old_database_upgrades_at_start_with_a_backup_and_keeps_everything(old_desk: Path):
    db_path = old_desk / "desk.sqlite3"
    before_rev = current_revision(db_path)
    assert before_rev != head_revision()
    before = _counts(db_path)
    r = run_cli("init", data_dir=old_desk)
    assert r.code == 0, r.err
    assert "upgraded" in r.out
    assert current_revision(db_path) == head_revision()
    backups = list((old_desk / "backups").glob(f"desk-*-pre-upgrade-{before_rev}.sqlite3"))
    # The backup is encrypted with the database's own key (the upgrade encrypts both).
    key = keys.database_key(db_path)
    assert key is not None and is_encrypted(db_path) and is_encrypted(backups[0])
    assert len(backups) == 1 and current_revision(backups[0], key) == before_rev
    after = _counts(db_path)
    assert after["members"] == before["members"]
    assert after["enrollments"] == before["enrollments"]
    assert after["claims"] == before["claims"]
    assert after["paid_out"] == before["paid_out"]
    assert after["audit"] >= before["audit"]  # the upgrade may add its own entries

    db = Database(db_path)
    try:
        with db.reader() as uow:
            assert audit.verify(uow.session).ok
        with db.uow() as uow:
            assert users.sign_in(uow, "reviewer", PASSWORDS["reviewer"]).login == "reviewer"
    finally:
        db.dispose()


def test_the_old_claims_go_on_through_todays_services(old_desk: Path):
    """A claim submitted under the old release is approved under this one."""
    from db.models import Claim
    from desk_app.claims import review

    upgrade(old_desk / "desk.sqlite3", old_desk / "backups")
    db = Database(old_desk / "desk.sqlite3")
    try:
        with db.uow() as uow:
            reviewer = users.sign_in(uow, "reviewer", PASSWORDS["reviewer"]).actor
        with db.uow() as uow:
            claim = uow.session.query(Claim).filter(Claim.status == "submitted").first()
            assert claim is not None
            done = review.approve(uow, reviewer, claim.id)
            uow.commit()
        assert done.value.status == "approved" and done.value.approval_no
    finally:
        db.dispose()


def test_a_failed_upgrade_restores_the_old_database(old_desk: Path, monkeypatch):
    db_path = old_desk / "desk.sqlite3"
    before = _counts(db_path)
    import db.migrate as m

    real = m.command.upgrade

    def half_then_fail(cfg, target):
        real(cfg, target)  # every step applied in the transaction...
        raise RuntimeError("power cut")  # ...then the end never comes

    monkeypatch.setattr(m.command, "upgrade", half_then_fail)
    with pytest.raises(MigrationFailed) as info:
        upgrade(db_path, old_desk / "backups")
    assert "restored" in str(info.value)
    assert current_revision(db_path) != head_revision()
    assert _counts(db_path) == before
