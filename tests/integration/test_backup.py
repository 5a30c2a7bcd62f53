"""Backups are consistent while the desk writes, and restores are checked."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from db import backup
from db.migrate import known_revisions
from db.models import Unit


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [line for line in conn.iterdump() if not line.startswith("PRAGMA")]
    finally:
        conn.close()


def test_backup_while_another_connection_writes_restores_identically(db, data_dir: Path):
    stop = threading.Event()
    written = []

    def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            with db.uow() as uow:
                uow.session.add(Unit(code=f"U{n:06d}", name=f"单位{n}"))
                uow.commit()
            written.append(n)

    t = threading.Thread(target=writer)
    t.start()
    try:
        while len(written) < 50:
            pass
        copies = [backup.backup_database(db.path, data_dir / "backups") for _ in range(3)]
    finally:
        stop.set()
        t.join()
    for copy in copies:
        ok, text = backup.integrity_ok(copy)
        assert ok, text
        conn = sqlite3.connect(copy)
        codes = [r[0] for r in conn.execute("SELECT code FROM units ORDER BY code")]
        conn.close()
        # A consistent snapshot: units 1..N with no gap, whatever N was at that instant.
        assert codes == [f"U{i:06d}" for i in range(1, len(codes) + 1)]
        assert len(codes) >= 50

    snapshot = _dump(copies[-1])
    db.dispose()
    kept = backup.restore(copies[-1], db.path, known_revisions())
    assert _dump(db.path) == snapshot
    assert backup.integrity_ok(db.path)[0]
    assert kept.exists() and len(_dump(kept)) > len(snapshot) - 1


def test_a_damaged_backup_is_never_offered_nor_restored(db, data_dir: Path):
    good = backup.backup_database(db.path, data_dir / "backups", reason="manual")
    bad = data_dir / "backups" / "desk-20260101-000000-manual.sqlite3"
    raw = bytearray(good.read_bytes())
    raw[4096:8192] = b"\xff" * 4096  # trash a page
    bad.write_bytes(bytes(raw))
    offered = [i.path for i in backup.list_backups(data_dir / "backups", known_revisions())]
    assert good in offered and bad not in offered
    db.dispose()  # closing checkpoints the WAL into the file: read it after that
    before = db.path.read_bytes()
    with pytest.raises(backup.BackupError):
        backup.restore(bad, db.path, known_revisions())
    assert db.path.read_bytes() == before


def test_a_file_that_is_not_a_desk_database_is_refused(db, data_dir: Path, tmp_path: Path):
    other = tmp_path / "desk-20260101-000000-x.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    info = backup.inspect(other, known_revisions())
    assert not info.ok and "not a desk database" in (info.problem or "")


def test_prune_keeps_the_newest_automatic_backups(tmp_path: Path, db):
    d = tmp_path / "b"
    made = [backup.backup_database(db.path, d, reason="auto") for _ in range(5)]
    manual = backup.backup_database(db.path, d, reason="manual")
    doomed = backup.prune(d, keep=2)
    assert len(doomed) == 3
    left = set(d.glob("*.sqlite3"))
    assert manual in left and made[-1] in left and made[0] not in left


def test_cli_backup_and_restore(db, actors, data_dir: Path, tmp_path: Path):
    from tests.conftest import PASSWORDS, run_cli

    db.dispose()
    out = tmp_path / "copy.sqlite3"
    pw = PASSWORDS["admin"] + "\n"
    r = run_cli("backup", "--out", str(out), "--user", "admin", input=pw, data_dir=data_dir)
    assert r.code == 0, r.err
    assert backup.integrity_ok(out)[0]
    r = run_cli("restore", str(out), "--user", "admin", input=pw, data_dir=data_dir)
    assert r.code == 0, r.err
    assert "restored" in r.out
    r = run_cli(
        "restore", str(tmp_path / "missing.sqlite3"), "--user", "admin", input=pw,
        data_dir=data_dir,
    )  # fmt: skip
    assert r.code != 0 and "no such file" in r.err
