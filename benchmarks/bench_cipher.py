"""What encryption at rest (SQLCipher, ``db.connect``) costs: the same work on an encrypted
desk database (ours) and on the same data in a plain SQLite file (the baseline), side by side:
member search on every keystroke, a roster-sized insert committed, a backup."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.harness import Benchmark, shared_setup
from benchmarks.people_data import people


def _desk(root: Path, n: int, *, encrypt: bool) -> Any:
    from db import Database
    from db.base import new_uid
    from db.migrate import upgrade
    from desk_app.people import search

    upgrade(root / "desk.sqlite3", root / "backups", encrypt=encrypt)
    db = Database(root / "desk.sqlite3")
    conn = db.raw_connection()
    stamp = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    members, keys = [], []
    for i, (name, number) in enumerate(people(n), start=1):
        gender = "M" if int(number[16]) % 2 else "F"
        birth = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
        members.append(
            (i, number, name, search.name_sort_key(name), gender, birth, "", new_uid(), 1,
             stamp, stamp)
        )  # fmt: skip
        keys.extend((k, i) for k in search.keys_for(name, number))
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO members (id, id_number, name, name_pinyin, gender, birth_date, categories,"
        " uid, version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        members,
    )
    conn.executemany("INSERT INTO member_search_keys (key, member_id) VALUES (?, ?)", keys)
    conn.execute("CREATE TABLE bench_rows (id_number TEXT, name TEXT, phone TEXT)")
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return db


def _setup(n: int) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-cipher-"))
    enc = _desk(tmp / "encrypted", n, encrypt=True)
    plain = _desk(tmp / "plain", n, encrypt=False)
    assert enc.key is not None and plain.key is None
    return {"tmp": tmp, "enc": enc, "plain": plain, "rows": list(people(20_000))}


def _teardown(ctx: dict[str, Any]) -> None:
    ctx["enc"].dispose()
    ctx["plain"].dispose()
    shutil.rmtree(ctx["tmp"], ignore_errors=True)


def _search(which: str) -> Any:
    from desk_app.people.members import search_member_ids

    def run(ctx: dict[str, Any]) -> None:
        for q in ("z", "zh", "zhang", "zhangw", "zw", "3308", "张伟"):
            with ctx[which].reader() as uow:
                search_member_ids(uow, q, limit=200)

    return run


def _insert(which: str) -> Any:
    def run(ctx: dict[str, Any]) -> None:
        conn = ctx[which].raw_connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                "INSERT INTO bench_rows VALUES (?, ?, '13800000000')",
                [(number, name) for name, number in ctx["rows"]],
            )
            conn.execute("COMMIT")
        finally:
            conn.close()

    return run


def _backup(which: str) -> Any:
    from db import backup

    def run(ctx: dict[str, Any]) -> None:
        db = ctx[which].path
        dest = ctx["tmp"] / f"{which}-copy.sqlite3"
        dest.unlink(missing_ok=True)
        backup.copy_database(db, dest)

    return run


def benchmarks(quick: bool) -> list[Benchmark]:
    n = 20_000 if quick else 200_000
    setup, done = shared_setup(lambda: _setup(n), _teardown)

    return [
        Benchmark(
            name=f"encrypted: 7 keystrokes of member search over {n:,} members (page of 200)",
            setup=setup,
            run=_search("enc"),
            baseline=_search("plain"),
            baseline_name="plain file",
            repeat=7,
            target="< 50 ms a keystroke",
        ),
        Benchmark(
            name="encrypted: 20 000 roster rows inserted and committed",
            setup=setup,
            run=_insert("enc"),
            baseline=_insert("plain"),
            baseline_name="plain file",
            items=20_000,
            unit="rows",
            repeat=5,
        ),
        Benchmark(
            name=f"encrypted: backup of the database ({n:,} members)",
            setup=setup,
            run=_backup("enc"),
            baseline=_backup("plain"),
            baseline_name="plain file",
            repeat=3,
            teardown=done,
        ),
    ]
