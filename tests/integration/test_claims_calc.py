"""The engine at the desk: what a stored claim is calculated against (the member's counted
claims in submission order), and that every stored calculation can be re-run to the same
result, by the desk and by ``desk-app calc``."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from db.models import Calculation, Scheme
from desk_app.claims import calc as desk_calc
from desk_app.claims import service
from tests.conftest import run_cli_process
from tests.fixtures_people import SCHEMES_DIR, add_scheme, make_id
from tests.integration.claims_support import (
    act,
    enroll,
    enter,
    inpatient,
    receipt,
    view,
    world,
)

__all__ = ["world"]
D = Decimal


def _stay(w, invoice: str, day: int, copay: str, member=None, enrollment=None, **extra):
    return inpatient(
        member or w.zhang,
        enrollment or w.zhang_qz,
        date(2015, 7, day),
        date(2015, 7, day + 3),
        receipt(invoice, copay=copay, fund_paid="1000.00", **extra),
    )


def test_the_stored_calculation_equals_desk_app_calc_on_the_same_data(world, tmp_path):
    first = enter(world.db, world.clerk, _stay(world, "R-1", 1, "300.00"))
    two = inpatient(
        world.zhang,
        world.zhang_qz,
        date(2015, 8, 1),
        date(2015, 8, 11),
        receipt("R-2", deductible="800.00", copay="1200.00", fund_paid="6000.00"),
        receipt("R-3", copay="4000.00", over_cap="1500.00"),
    )
    second = enter(world.db, world.clerk, two)
    with world.db.reader() as uow:
        calc = uow.session.execute(
            select(Calculation).where(Calculation.claim_id == second.id)
        ).scalar_one()
        scheme = uow.session.get(Scheme, calc.scheme_id)
        stored_input, text = calc.input, scheme.source_text
    assert [c["ref"] for c in stored_input["claims"]] == [first.claim_no, second.claim_no]
    (tmp_path / "scheme.toml").write_text(text, encoding="utf-8")
    (tmp_path / "case.json").write_text(json.dumps(stored_input, ensure_ascii=False), "utf-8")
    r = run_cli_process(
        "calc",
        "--scheme",
        str(tmp_path / "scheme.toml"),
        "--case",
        str(tmp_path / "case.json"),
        "--explain",
    )
    assert r.code == 0, r.err
    last = json.loads(r.out)["results"][-1]
    shown = view(world.db, second.id).calc
    assert last["status"] == shown.status == "payable"
    assert D(last["payout"]) == shown.payout
    assert D(last["cap_left"]) == shown.cap_left
    assert [(b["label"], D(b["amount"])) for b in last["benefits"]] == list(shown.benefits)
    assert tuple(last["lines"]) == shown.lines


def test_every_stored_calculation_re_runs_to_the_same_result(world):
    enter(world.db, world.clerk, _stay(world, "P-1", 1, "300.00"))
    enter(world.db, world.clerk, _stay(world, "P-2", 10, "6000.00"))
    enter(world.db, world.clerk, _stay(world, "P-3", 1, "700.00", world.li, world.li_qz))
    with world.db.reader() as uow:
        calcs = list(uow.session.execute(select(Calculation)).scalars())
        assert len(calcs) == 3
        for c in calcs:
            assert desk_calc.matches_stored(c, desk_calc.rerun(uow.session, c))


def test_second_claim_uses_the_rest_of_the_deductible(world):
    first = enter(world.db, world.clerk, _stay(world, "Q-1", 1, "300.00"))
    second = enter(world.db, world.clerk, _stay(world, "Q-2", 10, "1000.00"))
    # Quzhou: 500 per period. 300 of it on the first claim (nothing paid), 200 on the second:
    # (1000 − 200) × 40 % = 320.
    assert first.calc.payout == D("0.00") and first.calc.status == "payable"
    assert second.calc.payout == D("320.00")
    assert any("此前已抵扣 300.00" in line for line in second.calc.lines)


def test_second_claim_gets_only_what_is_left_of_the_cap(world):
    big = enter(world.db, world.clerk, _stay(world, "C-1", 1, "40000.00"))
    rest = enter(world.db, world.clerk, _stay(world, "C-2", 10, "5500.00"))
    # 39 500 after the deductible: 2000 + 2250 + 14 750 = 19 000 of the 20 000 cap.
    assert big.calc.payout == D("19000.00")
    assert (rest.calc.payout, rest.calc.cap_left) == (D("1000.00"), D("0.00"))


def test_a_claim_rejected_by_the_reviewer_no_longer_counts(world):
    first = enter(world.db, world.clerk, _stay(world, "J-1", 1, "2000.00"))
    act(world.db, service.reject, world.reviewer, first.id, "incomplete_documents", "缺出院小结")
    second = enter(world.db, world.clerk, _stay(world, "J-2", 10, "1000.00"))
    # The whole deductible falls on the second claim: (1000 − 500) × 40 %.
    assert second.calc.payout == D("200.00")
    with world.db.reader() as uow:
        calc = uow.session.execute(
            select(Calculation).where(Calculation.claim_id == second.id)
        ).scalar_one()
        assert [c["ref"] for c in calc.input["claims"]] == [second.claim_no]


def test_drafts_do_not_count_for_other_claims(world):
    from tests.integration.claims_support import save

    save(world.db, world.clerk, _stay(world, "K-1", 1, "2000.00"))
    second = enter(world.db, world.clerk, _stay(world, "K-2", 10, "1000.00"))
    assert second.calc.payout == D("200.00")


def test_member_facts_come_from_the_enrollment_and_the_member(world):
    with world.db.uow() as uow:
        from desk_app.people.members import MemberInput, update_member

        update_member(
            uow,
            world.clerk,
            world.zhang,
            MemberInput(
                id_number=make_id(1), name="张建国", unit_id=world.unit, categories=("hardship",)
            ),
        )
        uow.commit()
    done = enter(world.db, world.clerk, _stay(world, "M-1", 1, "600.00"))
    with world.db.reader() as uow:
        stored = uow.session.execute(
            select(Calculation.input).where(Calculation.claim_id == done.id)
        ).scalar_one()
    assert stored["member"] == {
        "categories": ["hardship"],
        "shares": 1,
        "enrolled_on": "2015-01-01",
        "renewal": False,
        "lump_sum_paid_before": False,
    }


def test_a_lump_sum_paid_in_an_earlier_period_of_the_plan_is_not_paid_again(world, monkeypatch):
    text13 = (SCHEMES_DIR / "huzhou-critical-2013.toml").read_text("utf-8")
    text14 = (
        text13.replace('code = "HZ-2013-ZDJB"', 'code = "HZ-2014-ZDJB"')
        .replace("（2013年度）", "（2014年度）")
        .replace("period_start = 2013-01-01", "period_start = 2014-01-01")
        .replace("period_end = 2013-12-31", "period_end = 2014-12-31")
    )
    admin = world.actors["admin"]
    s13 = add_scheme(world.db, admin, "huzhou-critical-2013.toml")
    s14 = add_scheme(world.db, admin, "", text=text14)
    e13 = enroll(world.db, world.clerk, world.li, s13, date(2013, 1, 1))
    e14 = enroll(world.db, world.clerk, world.li, s14, date(2014, 1, 1))
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2013-12-20T10:00:00")
    c13 = enter(
        world.db,
        world.clerk,
        inpatient(
            world.li,
            e13,
            date(2013, 6, 1),
            date(2013, 6, 21),
            receipt("H-1", copay="9"),
            disease="C50.9",
        ),
    )
    assert c13.calc.benefits[0] == ("重大疾病保障金", D("3000.00"))
    act(world.db, service.approve, world.reviewer, c13.id)
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2014-12-20T10:00:00")
    c14 = enter(
        world.db,
        world.clerk,
        inpatient(
            world.li,
            e14,
            date(2014, 6, 1),
            date(2014, 6, 21),
            receipt("H-2", copay="9"),
            disease="C50.9",
        ),
    )
    assert (c14.calc.status, c14.calc.reason) == ("rejected", "not_covered")
    assert any("以前的保障期已领取过" in line for line in c14.calc.lines)


def test_a_calculation_no_longer_current_is_a_new_version_that_goes_to_the_city(world):
    """Withdrawing a claim retires its calculation: the city must hear of it under a new
    version number, never the same number with other content (#20)."""
    from db.models import OutboxEntry

    done = enter(world.db, world.clerk, _stay(world, "R-V", 1, "300.00"))
    with world.db.reader() as uow:
        calc = uow.session.execute(
            select(Calculation).where(Calculation.claim_id == done.id)
        ).scalar_one()
        before, uid = calc.version, calc.uid
        queued = uow.session.execute(
            select(OutboxEntry.seq).where(OutboxEntry.entity_uid == uid)
        ).all()
    act(world.db, service.withdraw, world.clerk, done.id)
    with world.db.reader() as uow:
        calc = uow.session.execute(select(Calculation).where(Calculation.uid == uid)).scalar_one()
        current, version = calc.current, calc.version
        after = uow.session.execute(
            select(OutboxEntry.seq).where(OutboxEntry.entity_uid == uid)
        ).all()
    assert current is False and version == before + 1
    assert len(after) == len(queued) + 1
