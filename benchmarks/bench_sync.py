"""Sync speed against PostgreSQL on loopback: a county's first full sync (200,000 members and
50,000 claims) and an incremental sync of 1,000 changes, each beside the simplest way to move the
same records end to end: read them from the desk's SQLite file (raw ``sqlite3``, the same
statements the sync uses, references resolved to uids), serialise each to JSON and ``COPY`` them
into a plain PostgreSQL table (``uid, entity, data jsonb``) in one transaction.

The county is generated with bulk inserts, queued by the outbox triggers (as a roster import is).
The server runs as a real ``city-server serve`` process; PostgreSQL is durable and configured
as a city would (``CITY_PG``).
``--quick`` uses 2,000 members and 500 claims.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import func, insert, select, update

from benchmarks.harness import Benchmark
from city_server import sites
from city_server.store import init_db, make_engine, sessions, transaction
from db import Database
from db.base import new_uid
from db.models import Claim, Enrollment, Member, OutboxEntry, Receipt, Scheme, Unit
from desk_app.access.auth import SYSTEM
from desk_app.data.schemes import FOLDER as SCHEME_FILES
from desk_app.sync import payload, protocol, run_sync, setup_sync
from tests.pgtemp import CITY_SERVER_SETTINGS, TempPostgres, free_port

ROOT = Path(__file__).resolve().parents[1]
SCHEME = SCHEME_FILES / "shaoxing-2015.toml"
# PostgreSQL as a city's server runs it, durability as shipped (fsync, synchronous_commit,
# full_page_writes on); the baseline runs on the same server.
CITY_PG = CITY_SERVER_SETTINGS


def _id_number(n: int) -> str:
    body = f"330702{1960 + n % 40:04d}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    body = f"{body[:6]}{int(body[6:]) + n // 1000:011d}"[:17]
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def make_county(path: Path, members: int, claims: int) -> int:
    """A migrated desk with a county's data and its outbox; returns the outbox size."""
    from db.migrate import upgrade
    from desk_app.schemes.store import import_scheme

    upgrade(path, path.parent / "backups")
    db = Database(path)
    with db.uow() as uow:
        s = uow.session
        import_scheme(uow, SYSTEM, SCHEME.read_text("utf-8"))
        scheme_id = s.execute(select(Scheme.id)).scalar_one()
        units = [
            {"uid": new_uid(), "code": f"U{i:05d}", "name": f"单位{i}", "industry": "制造业"}
            for i in range(max(1, members // 1000))
        ]
        s.execute(insert(Unit), units)
        unit_ids = list(s.execute(select(Unit.id).order_by(Unit.id)).scalars())
        rows = []
        for n in range(members):
            number = _id_number(n)
            rows.append(
                {
                    "uid": new_uid(),
                    "id_number": number,
                    "name": f"职工{n}",
                    "gender": "M" if int(number[16]) % 2 else "F",
                    "birth_date": date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                    "unit_id": unit_ids[n % len(unit_ids)],
                    "categories": "",
                    "phone": f"139{n:08d}",
                }
            )
        s.execute(insert(Member), rows)
        member_ids = list(s.execute(select(Member.id).order_by(Member.id)).scalars())
        enr = [
            {
                "uid": new_uid(),
                "member_id": mid,
                "scheme_id": scheme_id,
                "unit_id": unit_ids[i % len(unit_ids)],
                "shares": 1,
                "premium": Decimal("60.00"),
                "enrolled_on": date(2015, 1, 1),
            }
            for i, mid in enumerate(member_ids)
        ]
        s.execute(insert(Enrollment), enr)
        enr_ids = dict(s.execute(select(Enrollment.member_id, Enrollment.id)).all())
        cl = [
            {
                "uid": new_uid(),
                "claim_no": f"C{i:07d}",
                "member_id": member_ids[i * 3 % members],
                "enrollment_id": enr_ids[member_ids[i * 3 % members]],
                "scheme_id": scheme_id,
                "kind": "inpatient",
                "admission": date(2015, 3, 1),
                "discharge": date(2015, 3, 9),
                "hospital": "绍兴市人民医院",
                "status": "approved",
                "payout": Decimal("1830.00"),
                "total_cost": Decimal("13000.00"),
                "created_by": "clerk",
            }
            for i in range(claims)
        ]
        s.execute(insert(Claim), cl)
        claim_ids = list(s.execute(select(Claim.id).order_by(Claim.id)).scalars())
        rc = [
            {
                "uid": new_uid(),
                "claim_id": cid,
                "seq": 1,
                "invoice_no": f"FP{cid:09d}",
                "hospital": "绍兴市人民医院",
                "total": Decimal("13000.00"),
                "fund_paid": Decimal("10712.01"),
                "deductible": Decimal("800.00"),
                "copay": Decimal("1487.99"),
            }
            for cid in claim_ids
        ]
        s.execute(insert(Receipt), rc)
        uow.commit()
        # the triggers (migration 0003) queued every insert, as for a roster import
        total = s.execute(select(func.count()).select_from(OutboxEntry)).scalar_one()
    db.dispose()
    return int(total)


@dataclass
class Env:
    pg: TempPostgres
    work: Path
    pristine: Path
    ops: int
    servers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    runs: int = 0
    desk: Database | None = None
    ready: list[Database] = field(default_factory=list)


def _serve(env: Env, name: str) -> tuple[str, str]:
    """A fresh city database with one site, served by a real process; (url, token)."""
    db_url = env.pg.create_database(name)
    engine = make_engine(db_url)
    init_db(engine)
    with transaction(sessions(engine)) as s:
        token = sites.add_site(s, "330702", "婺城区")
    engine.dispose()
    port = free_port()
    p = subprocess.Popen(
        [sys.executable, "-m", "city_server.cli", "--db", db_url, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    env.servers.append(p)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(f"{url}/healthz", timeout=1)
            return url, token
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the city server did not start")


def _fresh_desk(env: Env, url: str, token: str) -> Database:
    env.runs += 1
    path = env.work / f"desk-{env.runs}" / "desk.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(env.pristine, path)
    db = Database(path)
    with db.uow() as uow:
        setup_sync(uow, SYSTEM, url, "330702", token)
        uow.commit()
    return db


def _setup(members: int, claims: int) -> Env:
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    pg = TempPostgres(durable=True, settings=CITY_PG).start()
    pristine = work / "county" / "desk.sqlite3"
    pristine.parent.mkdir()
    ops = make_county(pristine, members, claims)
    return Env(pg, work, pristine, ops)


def _teardown(env: Env) -> None:
    for d in [*env.ready, *([env.desk] if env.desk is not None else [])]:
        d.dispose()
    for p in env.servers:
        p.terminate()
        p.wait(30)
    env.pg.stop()
    shutil.rmtree(env.work, ignore_errors=True)


def _read_statements() -> list[tuple[str, str]]:
    """(entity, SQL) for every synced entity: the sync's own read statements, compiled once."""
    from sqlalchemy.dialects import sqlite

    out = []
    for entity in protocol.ENTITIES:
        spec = payload.specs()[entity]
        out.append((entity, str(spec.stmt.compile(dialect=sqlite.dialect()))))
    return out


def _end_to_end(env: Env, limit: int | None = None) -> None:
    """The same records read from the desk's file, serialised and COPYed: the floor of a sync.
    ``limit`` takes that many members only (the incremental row's 1,000 changes)."""
    import sqlite3

    src = sqlite3.connect(env.pristine)
    try:
        with psycopg.connect(env.pg.dsn("postgres")) as conn:
            conn.execute("DROP TABLE IF EXISTS baseline")
            conn.execute("CREATE TABLE baseline (uid text PRIMARY KEY, entity text, data jsonb)")
            with conn.cursor().copy("COPY baseline (uid, entity, data) FROM STDIN") as cp:
                for entity, sql in _read_statements():
                    if limit is not None:
                        if entity != "member":
                            continue
                        sql += f" LIMIT {int(limit)}"
                    cur = src.execute(sql)
                    names = [d[0] for d in cur.description]
                    at = names.index("uid")
                    for row in cur:
                        data = json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False)
                        cp.write_row((row[at], entity, data))
            conn.commit()
    finally:
        src.close()


def _full(members: int, claims: int, quick: bool) -> Benchmark:
    repeat = 2 if quick else 1

    def setup() -> Env:
        env = _setup(members, claims)
        # Fresh cities and desk copies for every run, made here so no run times a start-up.
        for i in range(repeat):
            url, token = _serve(env, f"full_{i}")
            env.ready.append(_fresh_desk(env, url, token))
        return env

    def run(env: Env) -> None:
        if not env.ready:  # more runs asked for (--repeat) than prepared: this one is slower
            url, token = _serve(env, f"full_{env.runs}")
            env.ready.append(_fresh_desk(env, url, token))
        desk = env.ready.pop(0)
        report = run_sync(desk, trigger="bench")
        desk.dispose()
        assert report.ok and report.pending == 0, report.error

    return Benchmark(
        name=f"sync: first full sync, {members:,} members + {claims:,} claims",
        setup=setup,
        run=run,
        baseline=_end_to_end,
        baseline_name="read from SQLite, to JSON, COPY (end to end)",
        unit="changes",
        repeat=repeat,
        teardown=_teardown,
        target="≤ 5× the end-to-end baseline",
    )


def _incremental(members: int, claims: int, quick: bool) -> Benchmark:
    def setup() -> Env:
        env = _setup(members, claims)
        url, token = _serve(env, "incremental")
        env.desk = _fresh_desk(env, url, token)
        assert run_sync(env.desk, trigger="bench").ok  # the first full sync, not timed
        return env

    def run(env: Env) -> None:
        assert env.desk is not None
        with env.desk.uow() as uow:  # 1,000 edits, as a roster re-import would make
            s = uow.session
            ids = list(s.execute(select(Member.id, Member.uid).limit(1000)).all())
            s.execute(
                update(Member)
                .where(Member.id.in_([i for i, _ in ids]))
                .values(version=Member.version + 1, phone=f"137{env.runs:08d}")
            )
            uow.commit()
        env.runs += 1
        report = run_sync(env.desk, trigger="bench")
        assert report.ok and report.pushed == 1000, (report.error, report.pushed)

    return Benchmark(
        name="sync: incremental, 1,000 changes",
        setup=setup,
        run=run,
        baseline=lambda env: _end_to_end(env, limit=1000),
        baseline_name="1,000 read from SQLite, to JSON, COPY",
        items=1000,
        unit="changes",
        repeat=5,
        teardown=_teardown,
    )


def benchmarks(quick: bool) -> list[Benchmark]:
    members, claims = (2_000, 500) if quick else (200_000, 50_000)
    if os.environ.get("BENCH_SYNC_MEMBERS"):
        members = int(os.environ["BENCH_SYNC_MEMBERS"])
        claims = members // 4
    full = _full(members, claims, quick)
    full.items = members * 2 + claims * 2 + max(1, members // 1000)
    return [full, _incremental(members, claims, quick)]
