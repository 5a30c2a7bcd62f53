"""An audit log emptied is a failure of ``audit verify`` while the records it audited are
still in the file."""

from __future__ import annotations

import sqlite3

from desk_app.access import audit
from tests.conftest import PASSWORDS, run_cli
from tests.fixtures_people import add_member, add_unit, make_id


def _drop_guards(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TRIGGER audit_log_append_only_update")
    conn.execute("DROP TRIGGER audit_log_append_only_delete")


def _verify(db) -> audit.VerifyResult:
    with db.reader() as uow:
        return audit.verify(uow.session)


def test_an_emptied_log_is_not_intact_while_members_are_there(db, actors, data_dir, monkeypatch):
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2015-08-10T10:00:00")
    unit = add_unit(db, actors["clerk"], "DW001", "城关供电所工会")
    add_member(db, actors["clerk"], "张建国", make_id(1), unit_id=unit)
    assert _verify(db).ok
    conn = sqlite3.connect(db.path)
    _drop_guards(conn)
    conn.execute("DELETE FROM audit_log")
    conn.execute("DELETE FROM audit_head")
    conn.commit()
    conn.close()
    result = _verify(db)
    assert not result.ok and result.checked == 0
    assert "emptied" in result.problems[0] and "1 members" in result.problems[0]
    # Signing in to verify writes an entry again: the users' missing entries still tell.
    pw = PASSWORDS["admin"] + "\n"
    r = run_cli("audit", "verify", "--user", "admin", input=pw, data_dir=data_dir)
    assert r.code == 3 and "emptied" in r.out and "intact" not in r.out, r.out + r.err


def test_an_empty_log_of_an_empty_desk_is_intact(db):
    result = _verify(db)
    assert result.ok and result.checked == 0
