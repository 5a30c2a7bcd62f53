"""The audit log is a hash chain: an edited or a deleted entry is detected."""

from __future__ import annotations

import sqlite3

import pytest

from desk_app.access import audit
from tests.conftest import PASSWORDS, run_cli


def _fill(db, n=6):
    with db.uow() as uow:
        for i in range(n):
            audit.record(uow.session, "clerk", "member.update", f"member:{i}", detail={"i": i})
        uow.commit()


def _tamper(db, sql: str) -> None:
    """What someone with the file and an SQLite tool could do: drop the guards, edit."""
    conn = sqlite3.connect(db.path)
    conn.execute("DROP TRIGGER audit_log_append_only_update")
    conn.execute("DROP TRIGGER audit_log_append_only_delete")
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_intact_chain_verifies(db, actors):
    _fill(db)
    with db.reader() as uow:
        result = audit.verify(uow.session)
    assert result.ok and result.checked >= 6


def test_the_table_refuses_edits_outright(db, actors):
    _fill(db)
    conn = sqlite3.connect(db.path)
    try:
        conn.execute("UPDATE audit_log SET login = 'x' WHERE id = 2")
        raise AssertionError("update was allowed")
    except sqlite3.DatabaseError as exc:
        assert "append-only" in str(exc)
    finally:
        conn.close()


def test_an_edited_entry_is_detected(db, actors):
    _fill(db)
    _tamper(db, "UPDATE audit_log SET target = 'member:999' WHERE id = 3")
    with db.reader() as uow:
        result = audit.verify(uow.session)
    assert not result.ok
    assert any("entry 3" in p and "changed" in p for p in result.problems)


def test_a_deleted_entry_is_detected(db, actors):
    _fill(db)
    _tamper(db, "DELETE FROM audit_log WHERE id = 4")
    with db.reader() as uow:
        result = audit.verify(uow.session)
    assert not result.ok and any("missing" in p for p in result.problems)


def test_entries_cut_off_the_end_are_detected(db, actors):
    _fill(db)
    _tamper(db, "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)")
    with db.reader() as uow:
        result = audit.verify(uow.session)
    assert not result.ok and any("end" in p for p in result.problems)


def test_cli_audit_verify_exit_codes(db, actors, data_dir):
    _fill(db)
    pw = PASSWORDS["admin"] + "\n"
    r = run_cli("audit", "verify", "--user", "admin", input=pw, data_dir=data_dir)
    assert r.code == 0 and "intact" in r.out
    _tamper(db, "UPDATE audit_log SET outcome = 'denied' WHERE id = 2")
    r = run_cli("audit", "verify", "--user", "admin", input=pw, data_dir=data_dir)
    assert r.code == 3 and "entry 2" in r.out


def test_sign_ins_are_audited_with_their_outcome(db, actors):
    from desk_app.access import users

    with db.uow() as uow, pytest.raises(users.SignInFailed):
        users.sign_in(uow, "clerk", "wrong-pass-1")
    with db.reader() as uow:
        rows, total = audit.search(uow.session, action_prefix="sign_in")
    assert total >= 1 and rows[0].outcome == "failed" and rows[0].login == "clerk"
