"""What the recovery tests share: an admin on a desk, the real CLI's backup and restore, a
claim paid the way the money screens leave it, and the city's versions over time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from base.clock import now
from db import Database
from db.models import Claim, Payment, PaymentBatch
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
    r = cli(desk, "backup", "--out", str(out))
    assert r.code == 0, r.err


def restore(desk: Desk, src: Path) -> CliResult:
    """``desk-app restore`` with the desk's own connections closed, as the clerk would."""
    desk.db.dispose()
    checkpoint(desk.path)
    r = cli(desk, "restore", str(src))
    assert r.code == 0, r.err
    desk.db = desk.build.db = Database(desk.path)
    return r


def recover(desk: Desk) -> CliResult:
    return cli(desk, "sync", "--recover", "--user", ADMIN, input=PASSWORD + "\n")


def pay(desk: Desk, claim_uid: str, batch_no: str, on: date = date(2015, 4, 1)) -> None:
    """Approved claim → an open batch with its payment row → the batch paid → the claim paid."""
    with desk.db.uow() as uow:
        s = uow.session
        c = s.execute(select(Claim).where(Claim.uid == claim_uid)).scalar_one()
        assert c.status == "approved"
        b = PaymentBatch(batch_no=batch_no, pay_date=on, total=c.payout, count=1)
        s.add(b)
        s.flush()
        s.add(
            Payment(
                batch_id=b.id, claim_id=c.id, member_id=c.member_id, amount=c.payout, pay_date=on
            )
        )
        s.flush()
        b.status, b.paid_at, b.paid_by = "paid", now(), "reviewer"
        s.flush()
        c.status, c.payment_batch_id, c.paid_on = "paid", b.id, on
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
