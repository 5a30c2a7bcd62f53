"""Every command that reads personal data has a person behind it: ``--user`` and the password,
the role checked, the success audited to that person (PIPL: access control and a trace)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import AuditEntry
from tests.conftest import PASSWORDS, run_cli


def _last(db) -> tuple[str | None, str, str]:
    with db.reader() as uow:
        e = uow.session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
        row = e.scalar_one()
        return row.login, row.action, row.outcome


def _commands(tmp_path: Path) -> dict[str, tuple[str, ...]]:
    """What each command reads, as typed (without ``--user``)."""
    return {
        "backup": ("backup", "--out", str(tmp_path / "copy.sqlite3")),
        "restore": ("restore", str(tmp_path / "copy.sqlite3")),
        "return export": ("return", "export", "--month", "2015-08", "--force"),
        "return list": ("return", "list"),
        "print approval": ("print", "approval", "LP2015-000001", "--out", str(tmp_path / "a.pdf")),
        "print rejection": (
            "print",
            "rejection",
            "LP2015-000001",
            "--out",
            str(tmp_path / "r.pdf"),
        ),
        "print voucher": ("print", "voucher", "JF2015-0001", "--out", str(tmp_path / "v.pdf")),
        "audit verify": ("audit", "verify"),
        "sync findings": ("sync", "findings"),
    }


# Who may, and someone who may not.
ROLES = {
    "backup": ("admin", "reviewer"),
    "restore": ("admin", "clerk"),
    "return export": ("reviewer", "clerk"),
    "return list": ("reviewer", "clerk"),
    "print approval": ("clerk", "admin"),
    "print rejection": ("clerk", "admin"),
    "print voucher": ("clerk", "admin"),
    "audit verify": ("reviewer", "clerk"),
    "sync findings": ("clerk", None),  # every role may look; a person must be behind it
}


@pytest.mark.parametrize("command", sorted(ROLES))
def test_refused_without_a_user_and_without_the_password(db, actors, data_dir, tmp_path, command):
    args = _commands(tmp_path)[command]
    r = run_cli(*args, data_dir=data_dir)
    assert r.code == 2 and "--user" in r.err
    who = ROLES[command][0]
    r = run_cli(*args, "--user", who, input="", data_dir=data_dir)
    assert r.code == 2 and "password expected on standard input" in r.err
    r = run_cli(*args, "--user", who, input="Not-The-Password-1\n", data_dir=data_dir)
    assert r.code == 2 and "wrong login or password" in r.err
    assert _last(db) == (who, "sign_in", "failed")
    assert not (tmp_path / "a.pdf").exists() and not (tmp_path / "copy.sqlite3").exists()


@pytest.mark.parametrize("command", sorted(c for c, (_ok, no) in ROLES.items() if no))
def test_refused_for_the_wrong_role_and_the_refusal_audited(
    db, actors, data_dir, tmp_path, command
):
    args = _commands(tmp_path)[command]
    if command == "restore":
        run_cli(*_commands(tmp_path)["backup"], "--user", "admin",
                input=PASSWORDS["admin"] + "\n", data_dir=data_dir)  # fmt: skip
    wrong = ROLES[command][1]
    pw = PASSWORDS.get(wrong, PASSWORDS["clerk"]) + "\n"
    r = run_cli(*args, "--user", wrong, input=pw, data_dir=data_dir)
    assert r.code == 2 and "may not do this" in r.err, r.err
    login, action, outcome = _last(db)
    assert (login, outcome) == (wrong, "denied") and action.startswith("denied:")


@pytest.mark.parametrize(
    ("command", "action"),
    [
        ("backup", "backup"),
        ("return export", "return.export"),
        ("return list", "return.list"),
        ("audit verify", "audit.verify"),
        ("sync findings", "sync.findings"),
    ],
)
def test_a_success_is_audited_to_the_person(db, actors, data_dir, tmp_path, command, action):
    who = ROLES[command][0]
    r = run_cli(*_commands(tmp_path)[command], "--user", who, input=PASSWORDS[who] + "\n",
                data_dir=data_dir)  # fmt: skip
    assert r.code == 0, r.err
    with db.reader() as uow:
        logins = (
            uow.session.execute(select(AuditEntry.login).where(AuditEntry.action == action))
            .scalars()
            .all()
        )
    assert logins == [who]


def test_restore_is_the_admins_and_audited_in_the_restored_database(db, actors, data_dir, tmp_path):
    pw = PASSWORDS["admin"] + "\n"
    commands = _commands(tmp_path)
    assert run_cli(*commands["backup"], "--user", "admin", input=pw, data_dir=data_dir).code == 0
    db.dispose()
    r = run_cli(*commands["restore"], "--user", "admin", input=pw, data_dir=data_dir)
    assert r.code == 0, r.err
    assert _last(db)[:2] == ("admin", "backup.restore")


def test_the_scheduled_backup_runs_as_the_service_identity_that_can_do_nothing_else(
    db, actors, data_dir, tmp_path
):
    """``backup --auto`` without a user is the scheduler; the scheduler may not restore,
    print or export (it has no password and no account: only its two jobs)."""
    from desk_app.access.auth import SCHEDULER, Perm

    assert SCHEDULER.can(Perm.SCHEDULED_BACKUP) and SCHEDULER.can(Perm.SYNC)
    assert not any(SCHEDULER.can(p) for p in Perm if p not in (Perm.SCHEDULED_BACKUP, Perm.SYNC))
    r = run_cli("backup", "--auto", data_dir=data_dir)
    assert r.code == 0, r.err
    assert _last(db) == ("scheduler", "backup.auto", "ok")
    r = run_cli("restore", str(next((data_dir / "backups").glob("*daily*"))), data_dir=data_dir)
    assert r.code == 2  # a restore needs a person
    r = run_cli("--lang", "en", "backup", "--out", str(tmp_path / "x.sqlite3"), data_dir=data_dir)
    assert r.code == 2 and "--user" in r.err and not (tmp_path / "x.sqlite3").exists()
