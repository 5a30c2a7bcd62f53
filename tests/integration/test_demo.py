"""The demo county is realistic enough to try every screen on."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from base.errors import Conflict
from db.models import Claim, Member, MemberSearchKey, OutboxEntry, PaymentBatch, Unit
from desk_app.access import audit, users
from desk_app.demo import county as demo
from desk_app.people import idcard, members

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from db import Database
    from db.migrate import upgrade

    d = tmp_path_factory.mktemp("demo")
    upgrade(d / "desk.sqlite3", d / "b")
    db = Database(d / "desk.sqlite3")
    summary = demo.build_demo(db, members=1500, seed=5)
    yield db, summary
    db.dispose()


def test_claims_exist_in_every_state_of_their_life(demo_db):
    db, summary = demo_db
    assert set(summary.claims) >= {"draft", "submitted", "approved", "rejected", "paid", "reported"}
    with db.reader() as uow:
        paid = uow.session.execute(select(func.count(PaymentBatch.id))).scalar_one()
    assert paid >= 1


def test_members_have_valid_ids_consistent_with_gender_and_birth(demo_db):
    db, _ = demo_db
    with db.reader() as uow:
        rows = uow.session.execute(select(Member.id_number, Member.gender, Member.birth_date)).all()
    assert len(rows) == 1500
    for number, gender, birth in rows:
        info = idcard.check_id_number(number)
        assert (info.gender, info.birth_date) == (gender, birth)


def test_every_member_is_searchable_by_pinyin_initials(demo_db):
    db, _ = demo_db
    with db.reader() as uow:
        name = uow.session.execute(select(Member.name).limit(1)).scalar_one()
        keys = uow.session.execute(select(func.count()).select_from(MemberSearchKey)).scalar_one()
        keys_of_name = members.search_keys(name, "")
        initials = min((k for k in keys_of_name if k.isascii()), key=len)
        by_name = members.search_member_ids(uow, name)
        by_initials = members.search_member_ids(uow, initials)
    assert keys > 1500 * 3
    assert by_name and set(by_name) <= set(by_initials)


def test_units_have_industries_and_the_changes_wait_for_the_city(demo_db):
    db, _ = demo_db
    with db.reader() as uow:
        industries = set(uow.session.execute(select(Unit.industry)).scalars())
        outbox = uow.session.execute(select(func.count(OutboxEntry.seq))).scalar_one()
        claims = uow.session.execute(select(func.count(Claim.id))).scalar_one()
    assert len(industries) >= 5
    assert outbox > 1500 + claims  # members, enrollments, claims… all queued for sync


def test_the_audit_chain_of_a_demo_holds(demo_db):
    db, _ = demo_db
    with db.reader() as uow:
        assert audit.verify(uow.session).ok


def test_demo_data_goes_only_into_an_empty_database(demo_db):
    db, _ = demo_db
    with pytest.raises(Conflict):
        demo.build_demo(db, members=10)


def test_enrollments_are_dated_like_a_countys_year(demo_db):
    """Each batch on the day it was enrolled (most in January and February, a few today) by
    the demo's clerk: 工作台's 今日参保登记 is not the whole roster, and who made a batch is a
    person with a name."""
    from db.models import Enrollment, EnrollmentBatch
    from desk_app.system import dashboard

    db, _summary = demo_db
    with db.reader() as uow:
        s = uow.session
        total = s.execute(select(func.count(Enrollment.id))).scalar_one()
        today_count = dashboard.overview(s).enrollments_today
        months = {b.created_at.month for b in s.execute(select(EnrollmentBatch)).scalars()}
        makers = set(s.execute(select(EnrollmentBatch.created_by).distinct()).scalars())
        names = users.names_by_login(uow)
    assert total > 1500 and today_count < total * 0.15
    assert len(months) >= 2
    assert makers == {"jingban"} and names["jingban"] == "王经办"
