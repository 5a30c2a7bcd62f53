"""Shared set-up for the claims tests: schemes, a unit, enrolled members, a clock in 2015, and
short ways to build receipts and claims and to run the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from base.clock import today
from db.models import AuditEntry, Calculation, Claim, Enrollment, OutboxEntry, Receipt
from desk_app.claims import service
from desk_app.claims.model import COMPONENTS, ClaimInput, ReceiptInput
from tests.fixtures_people import add_member, add_scheme, add_unit, make_id

D = Decimal
NOW = "2015-09-01T10:00:00"
HOSPITAL = "衢州市人民医院"
OTHER_HOSPITAL = "衢州市中医医院"


@dataclass
class World:
    db: Any
    actors: dict[str, Any]
    qz: int  # Quzhou 2015: deductible 500 per period, brackets, cap 20 000, by discharge date
    sx: int  # Shaoxing 2015: 80 % of deductible + copay, 25 a day, cut to yuan, by admission
    unit: int
    zhang: int  # member enrolled in both
    zhang_qz: int  # enrollment ids
    zhang_sx: int
    li: int  # member enrolled in Quzhou only
    li_qz: int

    @property
    def clerk(self) -> Any:
        return self.actors["clerk"]

    @property
    def reviewer(self) -> Any:
        return self.actors["reviewer"]


def enroll(db: Any, actor: Any, member_id: int, scheme_id: int, on: date, shares: int = 1) -> int:
    from desk_app.people.enrollment import enroll_member

    with db.uow() as uow:
        row = enroll_member(uow, actor, member_id, scheme_id, shares=shares, enrolled_on=on).value
        uow.commit()
    return row.id


@pytest.fixture
def world(db, actors, monkeypatch) -> World:
    monkeypatch.setenv("DESK_APP_FAKE_NOW", NOW)
    admin, clerk = actors["admin"], actors["clerk"]
    qz = add_scheme(db, admin, "quzhou-2015.toml")
    sx = add_scheme(db, admin, "shaoxing-2015.toml")
    unit = add_unit(db, clerk, "DW001", "城关供电所工会", "电力")
    zhang = add_member(
        db, clerk, "张建国", make_id(1), unit_id=unit, bank_account="6222000011112222"
    )
    li = add_member(db, clerk, "李秀英", make_id(2, female=True), unit_id=unit)
    return World(
        db=db,
        actors=actors,
        qz=qz,
        sx=sx,
        unit=unit,
        zhang=zhang,
        zhang_qz=enroll(db, clerk, zhang, qz, date(2015, 1, 1)),
        zhang_sx=enroll(db, clerk, zhang, sx, date(2015, 1, 1)),
        li=li,
        li_qz=enroll(db, clerk, li, qz, date(2015, 1, 1)),
    )


def receipt(invoice: str, hospital: str = HOSPITAL, *, total: str | None = None, **parts: str):
    """A receipt whose total is the sum of the given components (unless ``total`` is given)."""
    amounts = {c: D(parts.get(c, "0")) for c in COMPONENTS}
    t = D(total) if total is not None else sum(amounts.values(), D("0.00"))
    return ReceiptInput(invoice_no=invoice, hospital=hospital, total=t, **amounts)


def inpatient(
    member_id: int,
    enrollment_id: int,
    admission: date,
    discharge: date,
    *receipts: ReceiptInput,
    hospital: str = HOSPITAL,
    disease: str | None = "K80.2",
) -> ClaimInput:
    return ClaimInput(
        member_id=member_id,
        enrollment_id=enrollment_id,
        kind="inpatient",
        admission=admission,
        discharge=discharge,
        hospital=hospital,
        disease_code=disease,
        receipts=tuple(receipts),
    )


def save(db: Any, actor: Any, data: ClaimInput, claim_id: int | None = None):
    with db.uow() as uow:
        view = service.save_draft(uow, actor, data, claim_id=claim_id).value
        uow.commit()
    return view


def submit(db: Any, actor: Any, claim_id: int):
    with db.uow() as uow:
        view = service.submit(uow, actor, claim_id).value
        uow.commit()
    return view


def enter(db: Any, actor: Any, data: ClaimInput):
    """Save and submit a claim; the submitted view."""
    return submit(db, actor, save(db, actor, data).id)


def act(db: Any, fn: Any, *args: Any, **kw: Any):
    """Run a mutating service and commit; its value."""
    with db.uow() as uow:
        value = fn(uow, *args, **kw).value
        uow.commit()
    return value


def view(db: Any, claim_id_or_no: int | str):
    with db.reader() as uow:
        return service.get_claim(uow, claim_id_or_no)


def counts(db: Any) -> dict[str, int]:
    """Rows of what claims write (to show that nothing changed)."""
    tables = {
        "claims": Claim.id,
        "receipts": Receipt.id,
        "calculations": Calculation.id,
        "enrollments": Enrollment.id,
        "outbox": OutboxEntry.seq,
        "audit": AuditEntry.id,
    }
    with db.reader() as uow:
        return {
            k: uow.session.execute(select(func.count(c))).scalar_one() for k, c in tables.items()
        }


def mark_paid(db: Any, reviewer: Any, claim_id: int, tmp: Path, on: date | None = None) -> None:
    """Pay an approved claim (its member has an account) the way the desk does: a batch of its
    own on ``on`` (default: today), its lists written into ``tmp``, confirmed paid."""
    from desk_app.payments import service as payments

    with db.uow() as uow:
        batch = payments.create_batch(uow, reviewer, on or today(), [claim_id]).value
        payments.write_lists(uow, reviewer, batch.id, tmp / "lists")
        payments.confirm_paid(uow, reviewer, batch.id)
        uow.commit()
