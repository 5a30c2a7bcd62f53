"""What the recovery tests share: an admin on a desk, the real CLI's backup and restore, a
claim paid the way the money screens leave it, and the city's versions over time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from base.clock import now
from city_server.sites import rotate_token
from city_server.store import transaction
from db import Database
from db.models import Claim, MonthLock, MonthlyReturn, Payment, PaymentBatch
from desk_app.access import users
from tests.conftest import CliResult, run_cli
from tests.integration.sync.helpers import CityServer, Desk, checkpoint

ADMIN, PASSWORD = "admin", "Recover-2026-ok"


def add_admin(desk: Desk) -> None:
    with desk.db.uow() as uow:
        users.create_first_admin(uow, ADMIN, "管理员", PASSWORD)
        uow.commit()


def cli(desk: Desk, *args: str, input: str = "") -> CliResult:
    return run_cli(*args, input=input, data_dir=desk.root)


def backup(desk: Desk, out: Path) -> None:
    r = cli(desk, "backup", "--out", str(out), "--user", ADMIN, input=PASSWORD + "\n")
    assert r.code == 0, r.err


def restore(desk: Desk, src: Path, city: CityServer) -> CliResult:
    """``desk-app restore`` with the desk's own connections closed, as the admin would; a
    restore forgets the sync token, so the city issues a new one and the admin enters it."""
    desk.db.dispose()
    checkpoint(desk.path)
    r = cli(desk, "restore", str(src), "--user", ADMIN, input=PASSWORD + "\n")
    assert r.code == 0, r.err
    desk.db = desk.build.db = Database(desk.path)
    with transaction(city.sessions) as s:
        token = rotate_token(s, desk.site)
    desk.setup(city.url, token)
    return r


def findings(desk: Desk) -> CliResult:
    return cli(desk, "sync", "findings", "--user", ADMIN, input=PASSWORD + "\n")


def recover(desk: Desk) -> CliResult:
    return cli(desk, "sync", "--recover", "--user", ADMIN, input=PASSWORD + "\n")


def pay(desk: Desk, claim_uid: str, batch_no: str, on: date = date(2015, 4, 1)) -> None:
    """Approved claim → in an open batch → its payment row → the batch paid → the claim paid
    (the order the database's money rules ask)."""
    with desk.db.uow() as uow:
        s = uow.session
        c = s.execute(select(Claim).where(Claim.uid == claim_uid)).scalar_one()
        assert c.status == "approved"
        b = PaymentBatch(batch_no=batch_no, pay_date=on, total=c.payout, count=1)
        s.add(b)
        s.flush()
        c.payment_batch_id = b.id
        s.flush()
        s.add(
            Payment(
                batch_id=b.id, claim_id=c.id, member_id=c.member_id, amount=c.payout, pay_date=on
            )
        )
        s.flush()
        b.status, b.paid_at, b.paid_by = "paid", now(), "reviewer"
        s.flush()
        c.status, c.paid_on = "paid", on
        uow.commit()


def report_claim(desk: Desk, claim_uid: str, month: str) -> None:
    """A paid claim counted in a submitted return, its month locked (what submitting the
    return does)."""
    with desk.db.uow() as uow:
        s = uow.session
        ret = s.execute(select(MonthlyReturn).where(MonthlyReturn.month == month)).scalar_one()
        if s.get(MonthLock, month) is None:
            s.add(MonthLock(month=month, return_id=ret.id, locked_at=now(), locked_by=ADMIN))
            s.flush()
        c = s.execute(select(Claim).where(Claim.uid == claim_uid)).scalar_one()
        assert c.status == "paid"
        c.status, c.reported_month = "reported", month
        uow.commit()


def approve(desk: Desk, claim_uid: str) -> None:
    desk.build.advance(claim_uid)
    desk.build.advance(claim_uid)
    with desk.db.reader() as uow:
        c = uow.session.execute(select(Claim).where(Claim.uid == claim_uid)).scalar_one()
        assert c.status == "approved" and c.payout == Decimal("800.00")


def versions(city: CityServer, site: str) -> dict[tuple[str, int], Any]:
    """(uid, version) → content, for every live record the city holds now."""
    return {
        (uid, data["version"]): data
        for uid, (_entity, data) in city.records(site).items()
        if isinstance(data.get("version"), int)
    }


def assert_no_version_reused(seen: dict[tuple[str, int], Any], now_: dict[tuple[str, int], Any]):
    """A version number once seen at the city still means the same content."""
    reused = [k for k in now_ if k in seen and seen[k] != now_[k]]
    assert not reused, f"{len(reused)} versions reused with other content, e.g. {reused[0]}"
