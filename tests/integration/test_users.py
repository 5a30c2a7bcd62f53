"""Sign-in, lock-out, password rules and roles, enforced in the services."""

from __future__ import annotations

from datetime import timedelta

import pytest

from base.errors import Conflict, PermissionDenied, ValidationError
from desk_app.access import users
from desk_app.access.auth import Perm, Role
from tests.conftest import PASSWORDS


def _sign_in(db, login, password):
    with db.uow() as uow:
        return users.sign_in(uow, login, password)


def test_right_password_signs_in(db, actors):
    assert _sign_in(db, "clerk", PASSWORDS["clerk"]).role == Role.CLERK


def test_wrong_password_says_so_without_telling_whether_the_login_exists(db, actors):
    with pytest.raises(users.SignInFailed) as wrong:
        _sign_in(db, "clerk", "nope-nope-1")
    with pytest.raises(users.SignInFailed) as unknown:
        _sign_in(db, "ghost", "nope-nope-1")
    assert wrong.value.text("zh") == unknown.value.text("zh") == "用户名或密码错误"


def test_fifth_wrong_password_locks_the_account_for_ten_minutes(db, actors, monkeypatch):
    for _ in range(4):
        with pytest.raises(users.SignInFailed) as e:
            _sign_in(db, "clerk", "wrong-pass-1")
        assert e.value.code == "sign_in_failed"
    with pytest.raises(users.SignInFailed) as e:
        _sign_in(db, "clerk", "wrong-pass-1")
    assert e.value.code == "locked" and "10" in e.value.text("zh")
    # Even the right password is refused while locked...
    with pytest.raises(users.SignInFailed) as e:
        _sign_in(db, "clerk", PASSWORDS["clerk"])
    assert e.value.code == "locked" and "锁定" in e.value.text("zh")
    # ...and accepted once the ten minutes are over.
    from base import clock

    later = (clock.now() + timedelta(minutes=11)).isoformat()
    monkeypatch.setenv("DESK_APP_FAKE_NOW", later)
    assert _sign_in(db, "clerk", PASSWORDS["clerk"]).login == "clerk"


def test_admin_can_unlock_a_locked_account(db, actors):
    for _ in range(5):
        with pytest.raises(users.SignInFailed):
            _sign_in(db, "clerk", "wrong-pass-1")
    with db.uow() as uow:
        users.unlock(uow, actors["admin"], "clerk")
        uow.commit()
    assert _sign_in(db, "clerk", PASSWORDS["clerk"]).login == "clerk"


@pytest.mark.parametrize(
    ("password", "words"),
    [
        ("short1", "至少"),
        ("onlyletters", "字母和数字"),
        ("1234567890", "字母和数字"),
        ("newbie-clerk9", "登录名"),
        ("aaaa1111", "简单"),
    ],
)
def test_password_rules(db, actors, password, words):
    with db.uow() as uow, pytest.raises(ValidationError) as e:
        users.add_user(uow, actors["admin"], "newbie", "新人", "clerk", password)
    assert words in e.value.text("zh")


def test_passwords_are_stored_as_a_slow_salted_hash(db, actors):
    from sqlalchemy import select

    from db.models import User

    with db.reader() as uow:
        stored = uow.session.execute(select(User.password_hash)).scalars().all()
    assert all(h.startswith("scrypt$") for h in stored)
    assert not any(pw in h for h in stored for pw in PASSWORDS.values())
    assert len(set(stored)) == len(stored)


def test_a_clerk_cannot_add_users_and_the_refusal_is_audited(db, actors):
    from desk_app.access import audit

    with db.uow() as uow, pytest.raises(PermissionDenied) as e:
        users.add_user(uow, actors["clerk"], "sneaky", "偷偷", "admin", "Sneaky-pass-1")
    assert "经办人" in e.value.text("zh")
    with db.reader() as uow:
        rows, _ = audit.search(uow.session, outcome="denied")
        assert rows and rows[0].login == "clerk"
        assert not [u for u in users.list_users(uow, actors["admin"]) if u.login == "sneaky"]


def test_roles_have_the_rights_of_the_domain():
    from desk_app.access.auth import PERMISSIONS

    assert Perm.REVIEW in PERMISSIONS[Role.REVIEWER]
    assert Perm.REVIEW not in PERMISSIONS[Role.CLERK]
    assert Perm.CLAIMS not in PERMISSIONS[Role.ADMIN]  # admins handle no claims
    assert Perm.USERS not in PERMISSIONS[Role.REVIEWER]


def test_the_last_admin_cannot_be_demoted(db, actors):
    with db.uow() as uow, pytest.raises(Conflict):
        users.update_user(uow, actors["admin"], "admin", role="clerk")


def test_change_own_password(db, actors):
    with db.uow() as uow:
        users.change_password(uow, actors["clerk"], PASSWORDS["clerk"], "Brand-new-2")
        uow.commit()
    assert _sign_in(db, "clerk", "Brand-new-2").login == "clerk"
    with pytest.raises(users.SignInFailed):
        _sign_in(db, "clerk", PASSWORDS["clerk"])


def test_first_admin_only_once(db, actors):
    with db.uow() as uow, pytest.raises(Conflict):
        users.create_first_admin(uow, "root2", "x", "Another-pass-1")


def test_cli_user_add_reads_both_passwords_from_stdin(db, actors, data_dir):
    from tests.conftest import run_cli

    r = run_cli(
        "user",
        "add",
        "liu",
        "--role",
        "reviewer",
        "--name",
        "刘审核",
        "--user",
        "admin",
        input=f"{PASSWORDS['admin']}\nShen-2026-ab\n",
        data_dir=data_dir,
    )
    assert r.code == 0, r.err
    assert _sign_in(db, "liu", "Shen-2026-ab").role == Role.REVIEWER
    r = run_cli(
        "user",
        "add",
        "x2",
        "--role",
        "clerk",
        "--name",
        "x",
        "--user",
        "admin",
        input="bad-admin-pw1\nXx-pass-1234\n",
        data_dir=data_dir,
    )
    assert r.code != 0 and "wrong login or password" in r.err and "Traceback" not in r.err


def test_a_failed_sign_in_keeps_a_fingerprint_of_the_typed_login_never_the_text(db, actors):
    """A password typed into the login field must not land in the audit log (nor its backups);
    the same text gives the same fingerprint, so repeated tries still show."""
    from db.models import AuditEntry

    typed = "Mima-Secret-2026"
    for _ in range(2):
        with pytest.raises(users.SignInFailed):
            _sign_in(db, typed, "whatever-1")
    with pytest.raises(users.SignInFailed):
        _sign_in(db, "someone-else", "whatever-1")
    with db.reader() as uow:
        rows = uow.session.query(AuditEntry).filter(AuditEntry.outcome == "failed").all()
        for r in rows:
            uow.session.expunge(r)
    stored = " ".join(f"{r.login} {r.target} {r.detail}" for r in rows)
    assert typed.lower() not in stored.lower() and "someone-else" not in stored
    prints = [r.detail["login_fingerprint"] for r in rows]
    assert len(prints) == 3 and prints[0] == prints[1] != prints[2]
    assert all(r.login is None and r.target == f"login:{r.detail['login_fingerprint']}"
               for r in rows)  # fmt: skip
    wal = db.path.with_name(db.path.name + "-wal")
    assert typed.encode() not in db.path.read_bytes() + wal.read_bytes()
    key = db.path.parent / "keys" / users.FINGERPRINT_KEY
    assert key.stat().st_size == 32
