"""Real parts for the sync tests: a city server process on a real PostgreSQL database, desks
made from a migrated template database, and a builder that changes a desk the way its clerks
do (through the ORM, so the outbox hook records every change)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from base.clock import now
from city_server import sites as city_sites
from city_server.models import InboxOp, Record, ReturnVersion, Site
from city_server.store import init_db, make_engine, sessions, transaction
from db import Database
from db.models import (
    Claim,
    Enrollment,
    Member,
    MonthlyReturn,
    OutboxEntry,
    Payment,
    PaymentBatch,
    Receipt,
    Scheme,
    Unit,
)
from desk_app.access.auth import SYSTEM
from desk_app.data.schemes import FOLDER as SCHEME_FILES
from desk_app.sync import RetryPolicy, SyncReport, payload, protocol, run_sync, setup_sync
from desk_app.sync.push import pending_count
from tests.pgtemp import TempPostgres, free_port

ROOT = Path(__file__).resolve().parents[3]
# Short waits: a test must not sit in backoff; the faults are what is being tested.
FAST = RetryPolicy(attempts=4, base_delay=0.001, max_delay=0.01, connect_timeout=2, read_timeout=5)
TOKEN_PREFIX = "test-token-"


class CityServer:
    """``city-server serve`` as a real process on a fresh PostgreSQL database."""

    def __init__(self, pg: TempPostgres | None, name: str, log_dir: Path) -> None:
        # Without a cluster: the embedded default, a SQLite file.
        self.db_url = pg.create_database(name) if pg else str(log_dir / f"{name}.sqlite3")
        self.engine = make_engine(self.db_url, pool_size=2)
        init_db(self.engine)
        self.sessions = sessions(self.engine)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> CityServer:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "city_server.cli",
                    "--db",
                    self.db_url,
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=ROOT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"city server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("city server did not start")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup, like a power cut of the process."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.engine.dispose()

    def add_site(self, code: str, name: str | None = None) -> str:
        with transaction(self.sessions) as s:
            return city_sites.add_site(s, code, name or f"{code}区")

    def revoke(self, code: str) -> None:
        with transaction(self.sessions) as s:
            city_sites.revoke_site(s, code)

    def site_id(self, code: str) -> int:
        with self.sessions() as s:
            return int(s.execute(select(Site.id).where(Site.code == code)).scalar_one())

    def records(self, code: str) -> dict[str, tuple[str, Any]]:
        """The live (not deleted) records the city holds for a site: uid → (entity, data)."""
        with self.sessions() as s:
            rows = s.execute(
                select(Record.uid, Record.entity, Record.data)
                .join(Site, Site.id == Record.site_id)
                .where(Site.code == code, Record.deleted.is_(False))
            )
            return {uid: (entity, data) for uid, entity, data in rows}

    def inbox_count(self, code: str) -> int:
        with self.sessions() as s:
            return len(
                s.execute(
                    select(InboxOp.seq)
                    .join(Site, Site.id == InboxOp.site_id)
                    .where(Site.code == code)
                ).all()
            )

    def return_versions(self, code: str) -> list[tuple[str, int, str]]:
        with self.sessions() as s:
            return list(
                s.execute(
                    select(ReturnVersion.uid, ReturnVersion.revision, ReturnVersion.status)
                    .join(Site, Site.id == ReturnVersion.site_id)
                    .where(Site.code == code)
                )
            )


def make_template(root: Path) -> Path:
    """A migrated desk database with one scheme, checkpointed so it can be copied as a file."""
    from db.migrate import upgrade
    from desk_app.schemes.store import import_scheme
    from desk_app.system import bootstrap
    from desk_app.system.paths import DataDir

    dd = DataDir(root).ensure()
    upgrade(dd.database, dd.backups)
    db = Database(dd.database)
    with db.uow() as uow:
        bootstrap.seed_reference_data(uow)
        text = (SCHEME_FILES / "shaoxing-2015.toml").read_text("utf-8")
        import_scheme(uow, SYSTEM, text)
        uow.commit()
    db.dispose()
    checkpoint(dd.database)
    return dd.database


def checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


class Desk:
    """A county desk: its own data folder and database, copied from the template."""

    def __init__(self, root: Path, template: Path, site: str) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.path = root / "desk.sqlite3"
        shutil.copyfile(template, self.path)
        self.site = site
        self.db = Database(self.path)
        self.build = Builder(self.db, random.Random(hash(site) & 0xFFFF), site)

    def setup(self, server_url: str, token: str) -> None:
        with self.db.uow() as uow:
            setup_sync(uow, SYSTEM, server_url, self.site, token, force=True)
            uow.commit()

    def sync(self, **kw: Any) -> SyncReport:
        kw.setdefault("policy", FAST)
        return run_sync(self.db, trigger="test", **kw)

    def pending(self) -> int:
        with self.db.reader() as uow:
            return pending_count(uow.session)

    def snapshot(self) -> dict[str, tuple[str, Any]]:
        """Every synced record's current state, exactly as the desk would send it."""
        out: dict[str, tuple[str, Any]] = {}
        with self.db.reader() as uow:
            for entity in protocol.ENTITIES:
                uids = payload.all_uids(uow.session, entity)
                for uid, data in payload.read_records(uow.session, entity, uids).items():
                    out[uid] = (entity, data)
        return out

    def close(self) -> None:
        self.db.dispose()


def assert_city_holds_exactly(city: CityServer, desk: Desk) -> None:
    """The city holds the desk's committed records, once each, in their latest state, and
    the desk's outbox is empty."""
    assert desk.pending() == 0, "the outbox did not drain"
    mine = desk.snapshot()
    theirs = city.records(desk.site)
    missing = sorted(set(mine) - set(theirs))
    extra = sorted(set(theirs) - set(mine))
    assert not missing, f"{len(missing)} records never reached the city, e.g. {mine[missing[0]]}"
    assert not extra, f"{len(extra)} records at the city the desk does not have: {theirs[extra[0]]}"
    stale = [u for u in mine if mine[u] != theirs[u]]
    assert not stale, (
        f"{len(stale)} records differ, e.g. desk {mine[stale[0]]} city {theirs[stale[0]]}"
    )


def id_number(rng: random.Random, used: set[str]) -> str:
    """A valid 18-digit resident ID number (GB 11643 check character), unique in ``used``."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    while True:
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 40))
        body = f"330702{born:%Y%m%d}{rng.randrange(1000):03d}"
        check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
        number = body + check
        if number not in used:
            used.add(number)
            return number


class Builder:
    """Changes a desk the way its clerks do, each action its own committed transaction."""

    def __init__(self, db: Database, rng: random.Random, site: str) -> None:
        self.db = db
        self.rng = rng
        self.site = site
        self.ids: set[str] = set()
        self.n = 0
        with db.reader() as uow:
            self.scheme_id = uow.session.execute(select(Scheme.id)).scalars().first()

    def _next(self) -> int:
        self.n += 1
        return self.n

    def unit(self) -> str:
        with self.db.uow() as uow:
            u = Unit(
                code=f"{self.site}-U{self._next()}-{self.rng.randrange(10**6)}",
                name=f"单位{self.n}",
                industry="制造业",
            )
            uow.session.add(u)
            uow.commit()
            return u.uid

    def member(self, unit_uid: str | None = None, id_number_: str | None = None) -> str:
        with self.db.uow() as uow:
            s = uow.session
            unit = (
                s.execute(select(Unit).where(Unit.uid == unit_uid)).scalar_one_or_none()
                if unit_uid
                else None
            )
            number = id_number_ or id_number(self.rng, self.ids)
            m = Member(
                id_number=number,
                name=f"职工{self._next()}",
                gender="M" if int(number[16]) % 2 else "F",
                birth_date=date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                unit_id=unit.id if unit else None,
                categories="",
            )
            s.add(m)
            uow.commit()
            return m.uid

    def enroll(self, member_uid: str) -> str | None:
        with self.db.uow() as uow:
            s = uow.session
            m = s.execute(select(Member).where(Member.uid == member_uid)).scalar_one()
            if s.execute(select(Enrollment).where(Enrollment.member_id == m.id)).first():
                return None
            e = Enrollment(
                member_id=m.id,
                scheme_id=self.scheme_id,
                unit_id=m.unit_id,
                shares=1,
                premium=Decimal("60.00"),
                enrolled_on=date(2015, 1, 1),
            )
            s.add(e)
            uow.commit()
            return e.uid

    def edit_member(self, member_uid: str) -> None:
        with self.db.uow() as uow:
            m = uow.session.execute(select(Member).where(Member.uid == member_uid)).scalar_one()
            m.phone = f"13{self.rng.randrange(10**9):09d}"
            m.name = f"职工{self._next()}"
            uow.commit()

    def claim(self, member_uid: str, invoices: list[tuple[str, str]] | None = None) -> str | None:
        """A draft claim with its receipts (needs the member enrolled)."""
        with self.db.uow() as uow:
            s = uow.session
            m = s.execute(select(Member).where(Member.uid == member_uid)).scalar_one()
            e = s.execute(select(Enrollment).where(Enrollment.member_id == m.id)).scalars().first()
            if e is None:
                return None
            n = self._next()
            c = Claim(
                claim_no=f"{self.site}-C{n}-{self.rng.randrange(10**6)}",
                member_id=m.id,
                enrollment_id=e.id,
                scheme_id=e.scheme_id,
                kind="inpatient",
                admission=date(2015, 3, 1),
                discharge=date(2015, 3, 11),
                hospital="金华市中心医院",
                status="draft",
                created_by="clerk",
            )
            invoices = invoices or [
                ("金华市中心医院", f"{self.site}{n}{self.rng.randrange(10**6)}")
                for _ in range(self.rng.randint(1, 2))
            ]
            for i, (hospital, invoice) in enumerate(invoices, start=1):
                c.receipts.append(
                    Receipt(
                        seq=i,
                        hospital=hospital,
                        invoice_no=invoice,
                        total=Decimal("1000.00"),
                        copay=Decimal("1000.00"),
                    )
                )
            s.add(c)
            uow.commit()
            return c.uid

    def advance(self, claim_uid: str) -> None:
        with self.db.uow() as uow:
            c = uow.session.execute(select(Claim).where(Claim.uid == claim_uid)).scalar_one()
            nxt = {"draft": "submitted", "submitted": "approved"}.get(c.status)
            if nxt:
                c.status = nxt
                c.payout = Decimal("800.00")
                uow.commit()

    def delete_claim(self, claim_uid: str) -> bool:
        with self.db.uow() as uow:
            c = uow.session.execute(select(Claim).where(Claim.uid == claim_uid)).scalar_one()
            if c.status != "draft":
                return False
            uow.session.delete(c)
            uow.commit()
            return True

    def pay(self, claim_uid: str) -> None:
        with self.db.uow() as uow:
            s = uow.session
            c = s.execute(select(Claim).where(Claim.uid == claim_uid)).scalar_one()
            if c.status != "approved":
                return
            b = PaymentBatch(
                batch_no=f"{self.site}-B{self._next()}",
                pay_date=date(2015, 4, 1),
                total=c.payout,
                count=1,
            )
            s.add(b)
            s.flush()
            # In the order the database's money rules ask (migration 0003): the claim in the
            # open batch, its payment, the batch paid, then the claim paid.
            c.payment_batch_id = b.id
            s.flush()
            s.add(
                Payment(
                    batch_id=b.id,
                    claim_id=c.id,
                    member_id=c.member_id,
                    amount=c.payout,
                    pay_date=b.pay_date,
                )
            )
            s.flush()
            b.status, b.paid_at = "paid", now()
            s.flush()
            c.status, c.paid_on = "paid", b.pay_date
            uow.commit()

    def monthly_return(
        self, month: str, revision: int, status: str, paid: str = "800.00", county: str = ""
    ) -> str:
        figures = {
            "month": month,
            "county_code": county or self.site,
            "county_name": f"{self.site}县",
            "summary": [
                summary_row("SX-2015-ZY", "绍兴方案", paid),
                summary_row("合计", "", paid),
            ],
        }
        with self.db.uow() as uow:
            r = MonthlyReturn(
                month=month,
                revision=revision,
                status=status,
                file_name=f"月报_{self.site}_{month}.xlsx",
                content=b"PK\x03\x04 not really a workbook",
                sha256=f"{revision:064d}",
                figures=figures,
                submitted_at=now() if status == "submitted" else None,
            )
            uow.session.add(r)
            uow.commit()
            return r.uid

    def outbox_seqs(self) -> list[int]:
        with self.db.reader() as uow:
            return list(uow.session.execute(select(OutboxEntry.seq)).scalars())


def summary_row(code: str, name: str, paid: str) -> dict[str, Any]:
    return {
        "方案编码": code,
        "方案名称": name,
        "本月新增参保人数": 10,
        "期内累计参保人数": 100,
        "本月互助金收入": "600.00",
        "期内累计互助金收入": "6000.00",
        "本月受理件数": 3,
        "本月给付人数": 2,
        "本月给付人次": 2,
        "本月医疗费总额": "2000.00",
        "本月给付金额": paid,
        "期内累计给付金额": paid,
        "资金使用率": str((Decimal(paid) / Decimal("6000.00")).quantize(Decimal("0.0001"))),
    }
