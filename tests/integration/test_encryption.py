"""Encrypted at rest: the database, its WAL and every backup are SQLCipher files whose bytes
hold no member's ID number, phone or account; a backup restores on another PC with the
recovery key and not without it; a plain database from an older release is encrypted at its
upgrade with everything intact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db import Database, keys
from db.connect import connect, is_encrypted
from desk_app.demo.claims import DEMO_PASSWORD, DEMO_USERS
from tests.conftest import PASSWORDS, run_cli

ADMIN = PASSWORDS["admin"] + "\n"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "db" / "release-0.1.0.sqlite3"


def _desk(root: Path, members: int = 60) -> Path:
    r = run_cli("init", "--admin", "admin", input=ADMIN, data_dir=root)
    assert r.code == 0, r.err
    r = run_cli("demo", "--members", str(members), "--seed", "5", data_dir=root)
    assert r.code == 0, r.err
    return root


def _personal(root: Path) -> set[bytes]:
    """Every member's ID number, phone and bank account, read through the key."""
    db = Database(root / "desk.sqlite3")
    try:
        conn = db.raw_connection()
        rows = conn.execute("SELECT id_number, phone, bank_account FROM members").fetchall()
        conn.close()
    finally:
        db.dispose()
    return {v.encode() for row in rows for v in row if v}


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and "sqlite3" in p.name]


def test_no_id_phone_or_account_is_readable_in_the_database_wal_or_any_backup(tmp_path):
    root = _desk(tmp_path / "desk")
    for args in (("backup", "--user", "admin"), ("backup", "--auto")):
        r = run_cli(*args, input=ADMIN, data_dir=root)
        assert r.code == 0, r.err
    reviewer = DEMO_USERS[1][0]
    r = run_cli("return", "export", "--month", "2017-01", "--user", reviewer,
                input=DEMO_PASSWORD + "\n", data_dir=root)  # fmt: skip
    assert r.code == 0, r.err
    secrets = _personal(root)
    assert len(secrets) > 100
    files = _files(root)
    names = {p.name for p in files}
    assert "desk.sqlite3" in names and sum(n.startswith("desk-") for n in names) >= 2
    for path in files:
        data = path.read_bytes()
        if path.name.endswith(("-wal", "-shm")):
            assert not any(s in data for s in secrets), path
            continue
        assert is_encrypted(path), path
        hits = [s for s in secrets if s in data]
        assert hits == [], (path, hits[:3])


def test_a_backup_restores_on_another_pc_with_the_recovery_key_and_not_without(tmp_path):
    home = _desk(tmp_path / "home", members=30)
    r = run_cli("key", "recovery", "--user", "admin", input=ADMIN, data_dir=home)
    assert r.code == 0, r.err
    recovery = r.out.splitlines()[0]
    assert len(recovery.replace("-", "")) == 64
    again = run_cli("key", "recovery", "--user", "admin", input=ADMIN, data_dir=home)
    assert again.code == 2 and "only once" in again.err  # paper in the safe, not a second copy
    copy = tmp_path / "usb" / "desk-copy.sqlite3"
    r = run_cli("backup", "--out", str(copy), "--user", "admin", input=ADMIN, data_dir=home)
    assert r.code == 0, r.err
    other = tmp_path / "other-pc"
    assert run_cli("init", "--admin", "admin", input=ADMIN, data_dir=other).code == 0
    r = run_cli("restore", str(copy), "--user", "admin", input=ADMIN, data_dir=other)
    assert r.code == 2 and "another key" in r.err
    r = run_cli("restore", str(copy), "--user", "admin", "--recovery-key",
                input=ADMIN + "0" * 64 + "\n", data_dir=other)  # fmt: skip
    assert r.code == 2 and "another key" in r.err
    assert _personal(other) == set()  # nothing of it got in
    r = run_cli("restore", str(copy), "--user", "admin", "--recovery-key",
                input=ADMIN + recovery.lower() + "\n", data_dir=other)  # fmt: skip
    assert r.code == 0, r.err
    assert _personal(other) == _personal(home)
    assert is_encrypted(other / "desk.sqlite3")
    assert keys.database_key(other / "desk.sqlite3") != keys.database_key(home / "desk.sqlite3")


def test_a_plain_database_of_an_older_release_is_encrypted_at_its_upgrade(tmp_path):
    root = tmp_path / "old"
    (root / "backups").mkdir(parents=True)
    shutil.copyfile(FIXTURE, root / "desk.sqlite3")
    shutil.copyfile(FIXTURE, root / "backups" / "desk-20170101-120000-manual.sqlite3")
    plain = connect(FIXTURE)
    before = {
        t: plain.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("members", "enrollments", "claims", "users", "audit_log")
    }
    ids = {r[0].encode() for r in plain.execute("SELECT id_number FROM members")}
    plain.close()
    r = run_cli("init", data_dir=root)
    assert r.code == 0, r.err
    assert "upgraded" in r.out
    path = root / "desk.sqlite3"
    assert is_encrypted(path) and keys.database_key(path) is not None
    db = Database(path)
    try:
        conn = db.raw_connection()
        after = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
        conn.close()
    finally:
        db.dispose()
    assert {t: n for t, n in after.items() if t != "audit_log"} == {
        t: n for t, n in before.items() if t != "audit_log"
    }
    assert after["audit_log"] >= before["audit_log"]
    for p in _files(root):
        assert is_encrypted(p) or p.name.endswith(("-wal", "-shm")), p
        assert not any(i in p.read_bytes() for i in ids), p  # the old backups too
    assert len(list((root / "backups").glob("desk-*pre-upgrade*"))) == 1


def test_a_database_whose_key_folder_is_gone_says_what_to_do(tmp_path):
    root = _desk(tmp_path / "desk", members=10)
    (root / "keys" / keys.DATABASE_KEY).unlink()
    r = run_cli("--lang", "en", "scheme", "list", data_dir=root)
    assert r.code != 0 and "encrypted" in r.err and "recovery key" in r.err


@pytest.mark.parametrize("typed", ["ab" * 31, "xyz" * 22])
def test_a_mistyped_recovery_key_is_refused_in_words(tmp_path, typed):
    from desk_app.cli.commands.key import parse_key

    with pytest.raises(Exception, match="64 hexadecimal digits"):
        parse_key(typed)
