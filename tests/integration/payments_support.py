"""Shared set-up for the month-end tests (payments, returns, verification, analysis): a county
in August 2015 with three members of two units, claims entered by a clerk and approved by a
reviewer through the claims services, and short ways to pay and to read workbooks back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from base.clock import today
from desk_app.claims import service as claims
from desk_app.payments import service as payments
from desk_app.system import settings
from tests.fixtures_people import add_member, add_scheme, add_unit, make_id
from tests.integration.claims_support import act, enroll, enter, inpatient, receipt

D = Decimal
AUGUST = "2015-08-10T10:00:00"
COUNTY_CODE = "330802"
COUNTY_NAME = "衢州市柯城区总工会"


@dataclass
class County:
    db: Any
    actors: dict[str, Any]
    tmp: Path
    mp: pytest.MonkeyPatch
    qz: int
    sx: int
    power: int  # unit DW001 城关供电所工会, 电力
    school: int  # unit DW002 衢州第一中学, 教育
    zhang: int  # 张建国, M 1980, account and phone, 普通
    li: int  # 李秀英, F 1960, phone, no account, 困难职工
    wang: int  # 王强, M 1990, account, no phone, 劳模
    zhang_qz: int
    zhang_sx: int
    li_qz: int
    wang_qz: int

    @property
    def clerk(self) -> Any:
        return self.actors["clerk"]

    @property
    def reviewer(self) -> Any:
        return self.actors["reviewer"]


def at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """Move the desk's clock (China time)."""
    monkeypatch.setenv("DESK_APP_FAKE_NOW", when)


@pytest.fixture
def county(db, actors, monkeypatch, tmp_path) -> County:
    at(monkeypatch, AUGUST)
    admin, clerk = actors["admin"], actors["clerk"]
    with db.uow() as uow:
        settings.put(uow.session, settings.COUNTY_CODE, COUNTY_CODE)
        settings.put(uow.session, settings.COUNTY_NAME, COUNTY_NAME)
        uow.commit()
    qz = add_scheme(db, admin, "quzhou-2015.toml")
    sx = add_scheme(db, admin, "shaoxing-2015.toml")
    power = add_unit(db, clerk, "DW001", "城关供电所工会", "电力")
    school = add_unit(db, clerk, "DW002", "衢州第一中学", "教育")
    zhang = add_member(
        db, clerk, "张建国", make_id(1), unit_id=power, bank_account="6222000011112222",
        phone="13800000001",
    )  # fmt: skip
    li = add_member(
        db, clerk, "李秀英", make_id(2, birth=date(1960, 5, 1), female=True), unit_id=school,
        phone="13800000002", categories=("hardship",),
    )  # fmt: skip
    wang = add_member(
        db, clerk, "王强", make_id(3, birth=date(1990, 3, 1)), unit_id=school,
        bank_account="6222000033334444", categories=("model_worker",),
    )  # fmt: skip
    return County(
        db=db,
        actors=actors,
        tmp=tmp_path,
        mp=monkeypatch,
        qz=qz,
        sx=sx,
        power=power,
        school=school,
        zhang=zhang,
        li=li,
        wang=wang,
        zhang_qz=enroll(db, clerk, zhang, qz, date(2015, 1, 5)),
        zhang_sx=enroll(db, clerk, zhang, sx, date(2015, 8, 3)),
        li_qz=enroll(db, clerk, li, qz, date(2015, 1, 5)),
        wang_qz=enroll(db, clerk, wang, qz, date(2015, 8, 5)),
    )


def approved(c: County, member: int, enrollment: int, invoice: str, start: date, end: date,
             **parts: str) -> Any:  # fmt: skip
    """A stay entered by the clerk and approved by the reviewer; its view."""
    claim = enter(c.db, c.clerk, inpatient(member, enrollment, start, end,
                                           receipt(invoice, **parts)))  # fmt: skip
    return act(c.db, claims.approve, c.reviewer, claim.id)


def three_stays(c: County) -> dict[str, Any]:
    """Zhang 400.00, Li 600.00 (no account), Wang 200.00, all in Quzhou."""
    return {
        "zhang": approved(c, c.zhang, c.zhang_qz, "ZY-1", date(2015, 7, 1), date(2015, 7, 6),
                          copay="1500.00", fund_paid="3000.00"),
        "li": approved(c, c.li, c.li_qz, "ZY-2", date(2015, 7, 10), date(2015, 7, 20),
                       copay="2000.00", deductible="300.00", fund_paid="5000.00"),
        "wang": approved(c, c.wang, c.wang_qz, "ZY-3", date(2015, 8, 6), date(2015, 8, 6),
                         copay="1000.00", self_funded="80.00"),
    }  # fmt: skip


def pay(c: County, on: date, claim_ids: list[int] | None = None, *, confirm: bool = True,
        out: Path | None = None) -> tuple[Any, Any]:  # fmt: skip
    """Create a batch on ``on``, write its lists, confirm it (the clock moved on to the pay date
    when it is before it: the bank pays that day); (batch view, list files)."""
    out = out or c.tmp / "lists"
    if confirm and today() < on:
        at(c.mp, f"{on.isoformat()}T17:00:00")
    with c.db.uow() as uow:
        batch = payments.create_batch(uow, c.reviewer, on, claim_ids).value
        files = payments.write_lists(uow, c.reviewer, batch.id, out).value
        if confirm:
            batch = payments.confirm_paid(uow, c.reviewer, batch.id).value
        uow.commit()
    return batch, files


def load(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def rows(ws: Any, first: int = 1) -> list[list[Any]]:
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


DEMO_NOW = "2017-03-10T10:00:00"


def demo_with_claims(db: Any, actors: dict[str, Any], n: int = 8) -> dict[str, Any]:
    """A small demo county (``desk_app.demo.county.build_demo``, 2017 by the clock) and ``n``
    stays in March 2017 under SX-2017-ZY, entered by the clerk and approved by the reviewer —
    among them a member without a bank account and one without a phone."""
    from sqlalchemy import select

    from db.models import Enrollment, Member, Scheme
    from desk_app.demo.county import build_demo

    build_demo(db, members=240, seed=7)
    with db.reader() as uow:
        found = uow.session.execute(
            select(Enrollment.id, Member.id, Member.bank_account, Member.phone)
            .join(Scheme, Scheme.id == Enrollment.scheme_id)
            .join(Member, Member.id == Enrollment.member_id)
            .where(Scheme.code == "SX-2017-ZY", Enrollment.enrolled_on < date(2017, 3, 1))
            .order_by(Enrollment.id)
        ).all()
    no_account = next(r for r in found if not r[2])
    no_phone = next(r for r in found if not r[3] and r[2])
    others = [r for r in found if r[2] and r[3]]
    chosen = [no_account, no_phone, *others[: n - 2]]
    views = []
    for i, (enrollment_id, member_id, _acc, _phone) in enumerate(chosen):
        claim = enter(db, actors["clerk"], inpatient(
            member_id, enrollment_id, date(2017, 3, 1), date(2017, 3, 4),
            receipt(f"SX-{i:04d}", hospital="绍兴市人民医院", deductible="500.00",
                    copay="2000.00", fund_paid="6000.00"),
            hospital="绍兴市人民医院",
        ))  # fmt: skip
        views.append(act(db, claims.approve, actors["reviewer"], claim.id))
    return {"claims": views, "no_account": no_account[1], "no_phone": no_phone[1]}
