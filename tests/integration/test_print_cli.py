"""``desk-app print``: a stored claim's approval form and rejection notice, and an enrollment
batch's voucher, as real PDFs whose text is read back with pypdf."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from db.models import AuditEntry
from desk_app.claims import service
from desk_app.people.enrollment import create_batch, enroll_member
from desk_app.system import settings
from printing import amount_in_capitals
from tests.conftest import PASSWORDS, run_cli
from tests.fixtures_people import add_member, make_id
from tests.integration.claims_support import act, enter, inpatient, receipt, world

__all__ = ["world"]
D = Decimal
MASKED_ZHANG = make_id(1)[:6] + "********" + make_id(1)[-4:]


def _print(*args: str, data_dir) -> object:
    """``desk-app print …`` as the clerk (a printed form carries personal data)."""
    return run_cli(*args, "--user", "clerk", input=PASSWORDS["clerk"] + "\n", data_dir=data_dir)


def _flat(path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return "".join(text.split()).replace("\u00a0", "")


@pytest.fixture
def approved(world):
    """Zhang's Shaoxing stay of SCHEMES.md (2287.99 self-paid, 10 days), approved."""
    with world.db.uow() as uow:
        settings.put(uow.session, settings.COUNTY_NAME, "越城区总工会")
        uow.commit()
    claim = enter(
        world.db,
        world.clerk,
        inpatient(
            world.zhang,
            world.zhang_sx,
            date(2015, 8, 1),
            date(2015, 8, 11),
            receipt(
                "SX-0001",
                "绍兴市人民医院",
                deductible="800.00",
                copay="1487.99",
                fund_paid="10712.01",
            ),
            hospital="绍兴市人民医院",
            disease="C92.0",
        ),
    )
    return act(world.db, service.approve, world.reviewer, claim.id)


@pytest.mark.parametrize("by", ["claim_no", "approval_no"])
def test_print_approval_writes_the_form_with_every_line_of_the_calculation(
    world, approved, data_dir, tmp_path, by
):
    out = tmp_path / "form.pdf"
    r = _print("print", "approval", getattr(approved, by), "--out", str(out), data_dir=data_dir)
    assert r.code == 0, r.err
    text = _flat(out)
    assert approved.calc.payout == D("2080.00")
    for expected in (
        "张建国",
        MASKED_ZHANG,
        approved.approval_no,
        approved.claim_no,
        "越城区总工会",
        amount_in_capitals(D("2080.00")),  # 贰仟零捌拾元整
        "王经办",  # the clerk who entered it
        "赵审核",  # the reviewer who approved it
    ):
        assert "".join(expected.split()) in text, expected
    assert make_id(1) not in text
    for line in approved.calc.lines:
        assert "".join(line.split()) in text, line
    with world.db.reader() as uow:
        logged = uow.session.execute(
            select(AuditEntry.action, AuditEntry.login)
            .where(AuditEntry.target == f"claim:{approved.claim_no}")
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).one()
    assert tuple(logged) == ("print.approval", "clerk")  # to the person who printed it


def test_print_approval_with_the_full_id_when_asked(world, approved, data_dir, tmp_path):
    out = tmp_path / "full.pdf"
    r = _print(
        "print", "approval", approved.claim_no, "--out", str(out), "--full-id", data_dir=data_dir
    )
    assert r.code == 0, r.err
    assert make_id(1) in _flat(out)


def test_an_unapproved_claim_has_no_approval_form(world, data_dir, tmp_path):
    c = enter(
        world.db,
        world.clerk,
        inpatient(
            world.li, world.li_qz, date(2015, 7, 1), date(2015, 7, 3), receipt("N-1", copay="9")
        ),
    )
    out = tmp_path / "x.pdf"
    r = _print(
        "--lang", "en", "print", "approval", c.claim_no, "--out", str(out), data_dir=data_dir
    )
    assert r.code == 2 and "only an approved claim" in r.err and not out.exists()
    r = _print(
        "--lang", "en", "print", "approval", "LP2099-000001", "--out", str(out), data_dir=data_dir
    )
    assert r.code == 2 and "no claim" in r.err


def test_print_rejection_gives_the_reviewers_reason_and_the_centers_phone(
    world, data_dir, tmp_path
):
    with world.db.uow() as uow:
        settings.put(uow.session, settings.CENTER_PHONE, "0575-88881234")
        uow.commit()
    c = enter(
        world.db,
        world.clerk,
        inpatient(
            world.li, world.li_qz, date(2015, 7, 1), date(2015, 7, 3), receipt("J-1", copay="9")
        ),
    )
    act(world.db, service.reject, world.reviewer, c.id, "incomplete_documents", "缺少出院小结")
    out = tmp_path / "notice.pdf"
    r = _print("print", "rejection", c.claim_no, "--out", str(out), data_dir=data_dir)
    assert r.code == 0, r.err
    text = _flat(out)
    for expected in ("李秀英", "材料不全", "缺少出院小结", "0575-88881234", c.claim_no):
        assert expected in text, expected


def test_print_voucher_of_an_enrollment_batch_with_its_members(world, data_dir, tmp_path):
    with world.db.uow() as uow:
        batch = create_batch(uow, world.clerk, world.unit, world.sx, receipt_no="PJ-77").value
        uow.commit()
    for n, name in ((11, "赵一"), (12, "钱二")):
        mid = add_member(world.db, world.clerk, name, make_id(n), unit_id=world.unit)
        with world.db.uow() as uow:
            enroll_member(
                uow, world.clerk, mid, world.sx, batch_id=batch.id, enrolled_on=date(2015, 3, 1)
            )
            uow.commit()
    with world.db.reader() as uow:
        data = service.enrollment_voucher(uow, batch.batch_no)
    assert (data.head_count, data.premium_total, data.clerk) == (2, D("120.00"), "王经办")
    out = tmp_path / "voucher.pdf"
    r = _print("print", "voucher", batch.batch_no, "--out", str(out), data_dir=data_dir)
    assert r.code == 0, r.err
    text = _flat(out)
    for expected in (batch.batch_no, "赵一", "钱二", "PJ-77", "城关供电所工会"):
        assert expected in text, expected
