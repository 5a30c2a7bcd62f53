"""Claim intake through the services on a real database: check, preview, draft, submit,
withdraw, delete; every refusal names its place and changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from base.errors import Conflict
from db.models import AuditEntry, Calculation, Receipt
from desk_app.claims import service
from desk_app.claims.model import ClaimInput, ClaimProblems
from desk_app.claims.views import target as done_target
from tests.integration.claims_support import (
    HOSPITAL,
    OTHER_HOSPITAL,
    act,
    counts,
    enter,
    inpatient,
    mark_paid,
    receipt,
    save,
    submit,
    view,
    world,
)

__all__ = ["world"]
D = Decimal


def _two_receipts(w, invoice_a: str = "ZY2015-0001", invoice_b: str = "ZY2015-0002"):
    return inpatient(
        w.zhang,
        w.zhang_qz,
        date(2015, 8, 1),
        date(2015, 8, 11),
        receipt(invoice_a, deductible="800.00", copay="1200.00", fund_paid="6000.00"),
        receipt(invoice_b, copay="1000.00", self_funded="250.50"),
    )


def _problems(excinfo) -> dict[str, str]:
    return {p.where: p.message.zh for p in excinfo.value.problems}


def test_a_two_receipt_inpatient_claim_is_saved_then_submitted_with_its_calculation(world):
    draft = save(world.db, world.clerk, _two_receipts(world))
    assert (draft.status, draft.claim_no, draft.calc) == ("draft", "LP2015-000001", None)
    assert [r.invoice_no for r in draft.receipts] == ["ZY2015-0001", "ZY2015-0002"]
    assert draft.total_cost == D("9250.50")
    done = submit(world.db, world.clerk, draft.id)
    # Quzhou 2015: 自负 800 + 1200 + 1000 = 3000, less the 500 deductible = 2500 × 40 % = 1000.
    assert (done.status, done.calc.status, done.calc.payout) == (
        "submitted",
        "payable",
        D("1000.00"),
    )
    assert done.calc.cap_left == D("19000.00") and done.calc.days == 10
    assert any("2,500.00" in line or "2500.00" in line for line in done.calc.lines)
    assert done.submitted_by == "clerk" and done.covered_date == date(2015, 8, 11)
    with world.db.reader() as uow:
        (calc,) = uow.session.execute(select(Calculation)).scalars()
        assert calc.input["claims"][-1]["ref"] == "LP2015-000001"
        assert len(calc.input["claims"][-1]["receipts"]) == 2
        assert calc.scheme_sha256 and calc.current


def test_a_receipt_that_does_not_add_up_is_refused_saying_by_how_much(world):
    bad = inpatient(
        world.zhang,
        world.zhang_qz,
        date(2015, 8, 1),
        date(2015, 8, 11),
        receipt("A1", total="1000.00", deductible="500.00", copay="490.00"),
    )
    before = counts(world.db)
    with world.db.uow() as uow, pytest.raises(ClaimProblems) as excinfo:
        service.save_draft(uow, world.clerk, bad)
    assert "总额多 10.00 元" in _problems(excinfo)["receipts[0].total"]
    assert counts(world.db) == before


def test_a_negative_amount_is_refused_at_its_place(world):
    bad = inpatient(
        world.zhang,
        world.zhang_qz,
        date(2015, 8, 1),
        date(2015, 8, 11),
        receipt("A1", copay="100.00"),
        receipt("A2", total="100.00", copay="150.00", other_paid="-50.00"),
    )
    with world.db.reader() as uow:
        problems = {p.where: p for p in service.check_claim(uow, bad)}
    assert "不能为负数（-50.00）" in problems["receipts[1].other_paid"].message.zh
    assert problems["receipts[1].other_paid"].blocks_saving


def test_an_invoice_used_by_another_claim_is_a_duplicate_naming_that_claim(world):
    first = enter(world.db, world.clerk, _two_receipts(world))
    # Same invoice as typed differently: full-width, lower case, spaces; same hospital.
    again = inpatient(
        world.li,
        world.li_qz,
        date(2015, 8, 20),
        date(2015, 8, 25),
        receipt(" zy２０１５-0002 ", copay="300.00"),
    )
    before = counts(world.db)
    with world.db.uow() as uow, pytest.raises(ClaimProblems) as excinfo:
        service.save_draft(uow, world.clerk, again)
    text = _problems(excinfo)["receipts[0].invoice_no"]
    assert "重复报销" in text and first.claim_no in text and "张建国" in text
    assert counts(world.db) == before


def test_the_same_invoice_at_another_hospital_is_not_a_duplicate(world):
    enter(world.db, world.clerk, _two_receipts(world))
    other = inpatient(
        world.li,
        world.li_qz,
        date(2015, 8, 20),
        date(2015, 8, 25),
        receipt("ZY2015-0001", OTHER_HOSPITAL, copay="300.00"),
        hospital=OTHER_HOSPITAL,
    )
    assert save(world.db, world.clerk, other).receipts[0].hospital == OTHER_HOSPITAL


def test_a_duplicate_invoice_is_refused_after_the_first_claim_is_paid(world, tmp_path):
    first = enter(world.db, world.clerk, _two_receipts(world))
    act(world.db, service.approve, world.reviewer, first.id)
    mark_paid(world.db, world.reviewer, first.id, tmp_path)
    again = _two_receipts(world, invoice_a="NEW-1")
    with world.db.uow() as uow, pytest.raises(ClaimProblems) as excinfo:
        service.save_draft(uow, world.clerk, again)
    assert "已给付" in _problems(excinfo)["receipts[1].invoice_no"]


def test_two_receipts_of_one_claim_with_the_same_invoice_are_refused(world):
    data = _two_receipts(world, invoice_a="X-7", invoice_b="x-7")
    with world.db.reader() as uow:
        problems = {p.where: p.message.zh for p in service.check_claim(uow, data)}
    assert "与第 1 张票据的票据号相同" in problems["receipts[1].invoice_no"]


def test_a_date_outside_every_enrollment_is_refused_listing_the_enrollments(world):
    data = inpatient(
        world.li, world.li_qz, date(2014, 12, 1), date(2014, 12, 10), receipt("B1", copay="9.00")
    )
    before = counts(world.db)
    with world.db.uow() as uow, pytest.raises(ClaimProblems) as excinfo:
        service.save_draft(uow, world.clerk, data)
    # Quzhou covers by the discharge date: the problem is on it, naming what the member holds.
    text = _problems(excinfo)["claim.discharge"]
    assert "2014-12-10 不在该职工任何参保方案的保障期内" in text and "衢州" in text
    assert counts(world.db) == before


def test_discharge_before_admission_is_an_error_on_the_discharge_date(world):
    data = inpatient(
        world.zhang, world.zhang_qz, date(2015, 8, 11), date(2015, 8, 1), receipt("C1", copay="1")
    )
    with world.db.reader() as uow:
        problems = {p.where: p.message.zh for p in service.check_claim(uow, data)}
    assert "早于入院日期" in problems["claim.discharge"]


def test_a_draft_may_lack_dates_and_receipts_but_cannot_be_submitted(world):
    data = ClaimInput(member_id=world.zhang, enrollment_id=world.zhang_qz, kind="inpatient")
    draft = save(world.db, world.clerk, data)
    with world.db.uow() as uow, pytest.raises(ClaimProblems) as excinfo:
        service.submit(uow, world.clerk, draft.id)
    assert {"claim.admission", "claim.discharge", "claim.receipts", "claim.hospital"} <= set(
        _problems(excinfo)
    )
    assert view(world.db, draft.id).status == "draft"


def test_covering_enrollments_follow_each_schemes_coverage_date(world, monkeypatch):
    from tests.fixtures_people import add_scheme
    from tests.integration.claims_support import enroll

    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2016-02-01T10:00:00")
    qz16 = add_scheme(world.db, world.actors["admin"], "quzhou-2016.toml")
    enroll(world.db, world.clerk, world.zhang, qz16, date(2016, 1, 1))
    with world.db.reader() as uow:
        # In 2015-12-28, out 2016-01-05: Quzhou counts the discharge (2016), Shaoxing the
        # admission (2015).
        rows = service.covering_enrollments(
            uow, world.zhang, date(2015, 12, 28), discharge=date(2016, 1, 5)
        )
        assert sorted(r.scheme_code for r in rows) == ["QZ-2016-ZY", "SX-2015-ZY"]
        assert len(service.covering_enrollments(uow, world.zhang, None)) == 3


def test_a_date_in_another_enrolled_scheme_points_the_clerk_to_it(world):
    # Li is not in Shaoxing; Zhang is in both: a Shaoxing claim dated in 2015 is fine, but a
    # Quzhou enrollment chosen for a stay discharged in 2016 is refused (Quzhou 2016 not held).
    data = inpatient(
        world.zhang, world.zhang_qz, date(2015, 12, 28), date(2016, 1, 5), receipt("D1", copay="1")
    )
    with world.db.reader() as uow:
        problems = {p.where: p.message.zh for p in service.check_claim(uow, data)}
    # The discharge is after today's 2015-09-01 too; both are said.
    assert "晚于今天" in problems["claim.discharge"]
    assert "绍兴" in problems["claim.enrollment_id"]


def test_preview_calculates_the_draft_after_the_members_counted_claims_and_writes_nothing(world):
    enter(world.db, world.clerk, _two_receipts(world))
    before = counts(world.db)
    nxt = inpatient(
        world.zhang,
        world.zhang_qz,
        date(2015, 8, 20),
        date(2015, 8, 22),
        receipt("E1", copay="1000.00"),
    )
    with world.db.reader() as uow:
        p = service.preview(uow, nxt)
    assert p.problems == () and p.calc.payout == D("400.00")  # deductible already used
    assert counts(world.db) == before


def test_preview_of_unusable_input_has_problems_and_no_calculation(world):
    data = ClaimInput(member_id=999, enrollment_id=1, kind="inpatient")
    with world.db.reader() as uow:
        p = service.preview(uow, data)
    assert p.calc is None and "claim.member_id" in {x.where for x in p.problems}


def test_editing_a_draft_can_swap_invoices_between_its_receipts(world):
    draft = save(world.db, world.clerk, _two_receipts(world, "S-1", "S-2"))
    swapped = _two_receipts(world, "S-2", "S-1")
    edited = save(world.db, world.clerk, swapped, claim_id=draft.id)
    assert [r.invoice_no for r in edited.receipts] == ["S-2", "S-1"]
    assert edited.receipts[0].deductible == D("800.00")
    with world.db.reader() as uow:
        assert len(uow.session.execute(select(Receipt)).all()) == 2


def test_a_submitted_claim_cannot_be_edited_but_can_be_withdrawn_then_deleted(world):
    done = enter(world.db, world.clerk, _two_receipts(world))
    with world.db.uow() as uow, pytest.raises(Conflict, match="only a draft"):
        service.save_draft(uow, world.clerk, _two_receipts(world), claim_id=done.id)
    back = act(world.db, service.withdraw, world.clerk, done.id)
    assert (back.status, back.calc, back.submitted_at) == ("draft", None, None)
    act(world.db, service.delete_draft, world.clerk, done.id)
    with world.db.reader() as uow:
        assert uow.session.execute(select(Receipt)).first() is None
        actions = list(
            uow.session.execute(
                select(AuditEntry.action)
                .where(AuditEntry.target == done_target(done.claim_no))
                .order_by(AuditEntry.id)
            ).scalars()
        )
    assert actions == ["claim.create", "claim.submit", "claim.withdraw", "claim.delete"]
    # The number is not reused.
    assert save(world.db, world.clerk, _two_receipts(world)).claim_no == "LP2015-000002"


def test_a_claim_is_found_by_its_number_typed_loosely(world):
    done = enter(world.db, world.clerk, _two_receipts(world))
    assert view(world.db, " lp2015-1 ").id == done.id


def test_hospital_names_are_stored_as_the_list_spells_them(world):
    data = _two_receipts(world)
    data = ClaimInput(**{**data.__dict__, "hospital": " 衢州市 人民医院 "})
    assert save(world.db, world.clerk, data).hospital == HOSPITAL


def test_completers_put_prefix_matches_first(world):
    with world.db.reader() as uow:
        names = service.hospitals(uow, "衢州", 5)
        assert names and all(n.startswith("衢州") for n in names)
        contains = service.hospitals(uow, "人民医院", 200)
        assert HOSPITAL in contains
        codes = service.diseases(uow, "c50", 10)
        assert codes and codes[0][0].startswith("C50")
        by_name = service.diseases(uow, "癌", 200)
        assert by_name and all("癌" in n for _c, n in by_name)


def test_a_death_claim_needs_no_receipt_and_pays_the_condolence(world):
    data = ClaimInput(
        member_id=world.zhang,
        enrollment_id=world.zhang_sx,
        kind="death",
        event_date=date(2015, 8, 20),
        visit_date=date(2015, 8, 1),  # left over from another kind: dropped
    )
    done = enter(world.db, world.clerk, data)
    assert (done.calc.status, done.calc.payout, done.visit_date) == ("payable", D("3000.00"), None)
    assert done.calc.benefits == (("身故慰问金", D("3000.00")),)
