"""Enrollment: once per member and scheme, shares and premium, renewal, batches."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from base.errors import Conflict, ValidationError
from db.models import Enrollment
from desk_app.people import enrollment, members, units
from desk_app.people.members import MemberInput
from tests.fixtures_people import add_member, add_scheme, add_unit, make_id


@pytest.fixture
def setup(db, actors):
    return {
        "qz15": add_scheme(db, actors["admin"], "quzhou-2015.toml"),
        "qz16": add_scheme(db, actors["admin"], "quzhou-2016.toml"),
        "qz19": add_scheme(db, actors["admin"], "quzhou-2019.toml"),
        "jh": add_scheme(db, actors["admin"], "jinhua-2015.toml"),
        "unit": add_unit(db, actors["clerk"], "DW001", "城关供电所工会"),
        "member": add_member(db, actors["clerk"], "张伟", make_id(1)),
    }


def _enroll(db, actor, member, scheme, **kw):
    with db.uow() as uow:
        row = enrollment.enroll_member(uow, actor, member, scheme, **kw).value
        uow.commit()
        return row


def test_premium_is_shares_times_the_premium_per_share(db, actors, setup):
    row = _enroll(
        db, actors["clerk"], setup["member"], setup["jh"], shares=2, enrolled_on=date(2015, 9, 1)
    )
    assert (row.shares, row.premium) == (2, Decimal("100.00"))


def test_more_shares_than_the_scheme_allows_is_refused(db, actors, setup):
    with db.uow() as uow, pytest.raises(ValidationError) as e:
        enrollment.enroll_member(uow, actors["clerk"], setup["member"], setup["jh"], shares=3)
    assert "超过本方案每人最多 2 份" in e.value.text("zh")


def test_zero_shares_is_refused(db, actors, setup):
    with db.uow() as uow, pytest.raises(ValidationError):
        enrollment.enroll_member(uow, actors["clerk"], setup["member"], setup["jh"], shares=0)


def test_a_member_is_enrolled_in_a_scheme_only_once(db, actors, setup):
    _enroll(db, actors["clerk"], setup["member"], setup["qz15"], enrolled_on=date(2015, 1, 1))
    with db.uow() as uow, pytest.raises(Conflict) as e:
        enrollment.enroll_member(uow, actors["clerk"], setup["member"], setup["qz15"])
    assert "同一方案不能重复参保" in e.value.text("zh")


def test_the_database_refuses_a_second_enrollment_too(db, actors, setup):
    from sqlalchemy.exc import IntegrityError

    _enroll(db, actors["clerk"], setup["member"], setup["qz15"], enrolled_on=date(2015, 1, 1))
    with db.uow() as uow, pytest.raises(IntegrityError):
        uow.session.add(
            Enrollment(
                member_id=setup["member"],
                scheme_id=setup["qz15"],
                shares=1,
                premium=Decimal("50.00"),
                enrolled_on=date(2015, 2, 1),
            )
        )
        uow.flush()


def test_enrolled_in_the_previous_period_of_the_plan_is_a_renewal(db, actors, setup):
    first = _enroll(
        db, actors["clerk"], setup["member"], setup["qz15"], enrolled_on=date(2015, 1, 1)
    )
    second = _enroll(
        db, actors["clerk"], setup["member"], setup["qz16"], enrolled_on=date(2016, 1, 1)
    )
    assert (first.renewal, second.renewal) == (False, True)


def test_a_gap_of_a_period_is_not_a_renewal(db, actors, setup):
    _enroll(db, actors["clerk"], setup["member"], setup["qz15"], enrolled_on=date(2015, 1, 1))
    row = _enroll(db, actors["clerk"], setup["member"], setup["qz19"], enrolled_on=date(2019, 1, 1))
    assert row.renewal is False  # 2016 is the period before 2019 in this plan, not 2015


def test_another_plan_does_not_make_a_renewal(db, actors, setup):
    _enroll(db, actors["clerk"], setup["member"], setup["jh"], enrolled_on=date(2015, 10, 1))
    with db.reader() as uow:
        assert not enrollment.is_renewal(uow, setup["member"], setup["qz16"])


def test_enrolled_on_defaults_to_today(db, actors, setup, monkeypatch):
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2015-12-20T09:30:00")
    row = _enroll(db, actors["clerk"], setup["member"], setup["qz16"])
    assert row.enrolled_on == date(2015, 12, 20)


def test_an_enrollment_date_after_the_period_is_refused(db, actors, setup):
    with db.uow() as uow, pytest.raises(ValidationError) as e:
        enrollment.enroll_member(
            uow, actors["clerk"], setup["member"], setup["qz15"], enrolled_on=date(2016, 1, 1)
        )
    assert "晚于保障期结束日" in e.value.text("zh")


def test_a_batch_counts_heads_and_premium_and_keeps_the_receipt(db, actors, setup):
    other = add_member(db, actors["clerk"], "李娜", make_id(2, female=True))
    with db.uow() as uow:
        batch = enrollment.create_batch(
            uow, actors["clerk"], setup["unit"], setup["jh"], receipt_no="ZJ0012345"
        ).value
        for m, shares in ((setup["member"], 1), (other, 2)):
            enrollment.enroll_member(
                uow,
                actors["clerk"],
                m,
                setup["jh"],
                shares=shares,
                batch_id=batch.id,
                enrolled_on=date(2015, 10, 1),
            )
        uow.commit()
    with db.reader() as uow:
        detail = units.get_unit(uow, setup["unit"])
    (b,) = detail.batches
    assert (b.batch_no, b.head_count, b.premium_total, b.receipt_no) == (
        batch.batch_no,
        2,
        Decimal("150.00"),
        "ZJ0012345",
    )
    assert b.batch_no.startswith("CB")


def test_batch_numbers_run_on(db, actors, setup):
    with db.uow() as uow:
        a = enrollment.create_batch(uow, actors["clerk"], setup["unit"], setup["jh"]).value
        b = enrollment.create_batch(uow, actors["clerk"], setup["unit"], setup["jh"]).value
        uow.commit()
    assert int(b.batch_no[-5:]) == int(a.batch_no[-5:]) + 1


def test_an_enrollment_keeps_its_unit_when_the_member_moves(db, actors, setup):
    new_unit = add_unit(db, actors["clerk"], "DW002", "第二纺织厂工会")
    with db.uow() as uow:
        members.update_member(
            uow,
            actors["clerk"],
            setup["member"],
            MemberInput(make_id(1), "张伟", unit_id=setup["unit"]),
        )
        uow.commit()
    _enroll(db, actors["clerk"], setup["member"], setup["qz15"], enrolled_on=date(2015, 1, 1))
    with db.uow() as uow:
        members.update_member(
            uow, actors["clerk"], setup["member"], MemberInput(make_id(1), "张伟", unit_id=new_unit)
        )
        uow.commit()
    _enroll(db, actors["clerk"], setup["member"], setup["qz16"], enrolled_on=date(2016, 1, 1))
    with db.reader() as uow:
        rows = enrollment.member_enrollments(uow, setup["member"])
        detail = members.get_member(uow, setup["member"])
    assert [(r.scheme_code, r.unit_name) for r in rows] == [
        ("QZ-2016-ZY", "第二纺织厂工会"),
        ("QZ-2015-ZY", "城关供电所工会"),
    ]
    assert detail.member.unit_name == "第二纺织厂工会"
    assert [c.cap for c in detail.caps] == [Decimal("20000.00")] * 2


def test_an_enrollment_is_audited_and_counted(db, actors, setup):
    _enroll(db, actors["clerk"], setup["member"], setup["qz15"], enrolled_on=date(2015, 1, 1))
    with db.reader() as uow:
        assert uow.session.execute(select(func.count(Enrollment.id))).scalar_one() == 1
        from db.models import AuditEntry

        detail = uow.session.execute(
            select(AuditEntry.detail).where(AuditEntry.action == "enrollment.add")
        ).scalar_one()
    assert detail["scheme"] == "QZ-2015-ZY" and detail["premium"] == "50.00"


def test_an_inactive_scheme_takes_no_enrollment_and_no_roster(db, actors, setup, tmp_path):
    from desk_app.people import roster
    from desk_app.schemes import store
    from tests.fixtures_xlsx import ROSTER_HEADER, write_workbook
    from tests.integration.roster_support import counts

    with db.uow() as uow:
        store.activate_scheme(uow, actors["admin"], "QZ-2015-ZY", False)
        uow.commit()
    before = counts(db)
    with db.uow() as uow, pytest.raises(ValidationError) as e:
        enrollment.enroll_member(
            uow, actors["clerk"], setup["member"], setup["qz15"], enrolled_on=date(2015, 1, 1)
        )
    assert "方案 QZ-2015-ZY 尚未启用，请管理员启用后再参保" in e.value.text("zh")
    assert "not active" in e.value.text("en")
    path = write_workbook(
        tmp_path / "r.xlsx", [ROSTER_HEADER, ["李娜", make_id(2), "", "DW001", "", "", "", ""]]
    )
    with db.uow() as uow, pytest.raises(ValidationError) as e:
        roster.import_roster(uow, actors["clerk"], path, "QZ-2015-ZY")
    assert "方案 QZ-2015-ZY 尚未启用，请管理员启用后再导入" in e.value.text("zh")
    assert counts(db) == before
