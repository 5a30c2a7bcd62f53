"""Members: one person per resident ID, checked fields, audited changes, moving units."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from base.errors import Conflict, ValidationError
from db.models import AuditEntry, Member, MemberSearchKey, OutboxEntry
from desk_app.people import members
from desk_app.people.members import MemberInput
from tests.fixtures_people import add_member, add_unit, make_id


def _refusal(db, actor, data: MemberInput) -> str:
    with db.uow() as uow, pytest.raises(ValidationError) as e:
        members.add_member(uow, actor, data)
    return e.value.text("zh")


def test_a_member_gets_gender_and_birth_date_from_the_id(db, actors):
    mid = add_member(db, actors["clerk"], "李娜", make_id(3, birth=date(1975, 6, 1), female=True))
    with db.reader() as uow:
        row = members.member_rows(uow, [mid])[0]
    assert (row.gender, row.birth_date) == ("F", date(1975, 6, 1))


def test_the_same_person_cannot_be_registered_twice(db, actors):
    number = make_id(1)
    add_member(db, actors["clerk"], "张伟", number)
    with db.uow() as uow, pytest.raises(Conflict) as e:
        members.add_member(uow, actors["clerk"], MemberInput(number.lower(), "张伟"))
    assert "已登记为职工 张伟" in e.value.text("zh")
    assert number not in e.value.text("zh")  # masked


def test_a_bad_id_number_is_refused_with_its_reason(db, actors):
    assert "校验位不对" in _refusal(db, actors["clerk"], MemberInput("110105194912310021", "张伟"))


def test_a_phone_must_be_a_mainland_mobile(db, actors):
    text = _refusal(db, actors["clerk"], MemberInput(make_id(1), "张伟", phone="0570-1234567"))
    assert "11 位手机号码" in text


def test_an_account_has_twelve_to_thirty_digits(db, actors):
    text = _refusal(db, actors["clerk"], MemberInput(make_id(1), "张伟", bank_account="12345"))
    assert "12–30 位数字" in text


def test_an_unknown_category_is_refused(db, actors):
    text = _refusal(db, actors["clerk"], MemberInput(make_id(1), "张伟", categories=("贵宾",)))
    assert "人员类别无法识别：贵宾" in text


def test_categories_are_stored_sorted_by_code(db, actors):
    mid = add_member(
        db, actors["clerk"], "王芳", make_id(2), categories=("女职工", "hardship", "劳模")
    )
    with db.reader() as uow:
        stored = uow.session.get(Member, mid).categories
    assert stored == "female,hardship,model_worker"


def test_a_category_named_by_a_scheme_uplift_is_accepted(db, actors):
    from tests.fixtures_people import SCHEMES_DIR, add_scheme

    text = (SCHEMES_DIR / "shaoxing-2015.toml").read_text("utf-8")
    text = text.replace('code = "SX-2015-ZY"', 'code = "SX-2015-VET"').replace(
        'brackets = [ { rate = "0.80" } ]',
        'brackets = [ { rate = "0.80" } ]\nuplift = { veteran = "0.05" }',
    )
    add_scheme(db, actors["admin"], "veteran.toml", text=text)
    mid = add_member(db, actors["clerk"], "赵军", make_id(4), categories=("veteran",))
    with db.reader() as uow:
        assert uow.session.get(Member, mid).categories == "veteran"


def test_medical_type_accepts_the_chinese_words(db, actors):
    mid = add_member(db, actors["clerk"], "孙丽", make_id(5), medical_type="城乡居民")
    with db.reader() as uow:
        assert members.get_member(uow, mid).medical_type == "resident"


def test_an_update_audits_changed_fields_without_the_phone_in_clear(db, actors):
    mid = add_member(db, actors["clerk"], "周强", make_id(6), phone="13800001111")
    with db.uow() as uow:
        members.update_member(
            uow, actors["clerk"], mid, MemberInput(make_id(6), "周强", phone="13900002222")
        )
        uow.commit()
    with db.reader() as uow:
        target, detail = uow.session.execute(
            select(AuditEntry.target, AuditEntry.detail).where(AuditEntry.action == "member.update")
        ).one()
        uid = uow.session.get(Member, mid).uid
    assert target == f"member:{uid}"
    assert detail == {"phone": {"before": "138****1111", "after": "139****2222"}}


def test_an_update_with_nothing_changed_writes_no_audit(db, actors):
    mid = add_member(db, actors["clerk"], "周强", make_id(6))
    with db.uow() as uow:
        done = members.update_member(uow, actors["clerk"], mid, MemberInput(make_id(6), "周强"))
        uow.commit()
    assert not done.changes.members


def test_a_member_moving_units_changes_the_current_unit(db, actors):
    a = add_unit(db, actors["clerk"], "A", "甲厂工会")
    b = add_unit(db, actors["clerk"], "B", "乙厂工会")
    mid = add_member(db, actors["clerk"], "钱进", make_id(7), unit_id=a)
    with db.uow() as uow:
        members.update_member(uow, actors["clerk"], mid, MemberInput(make_id(7), "钱进", unit_id=b))
        uow.commit()
    with db.reader() as uow:
        assert members.member_rows(uow, [mid])[0].unit_name == "乙厂工会"


def test_adding_a_member_writes_the_outbox_and_the_search_keys(db, actors):
    mid = add_member(db, actors["clerk"], "单伟", make_id(8))
    with db.reader() as uow:
        uid = uow.session.get(Member, mid).uid
        keys = set(
            uow.session.execute(
                select(MemberSearchKey.key).where(MemberSearchKey.member_id == mid)
            ).scalars()
        )
        outbox = (
            uow.session.execute(select(OutboxEntry.entity).where(OutboxEntry.entity_uid == uid))
            .scalars()
            .all()
        )
    assert keys == members.search_keys("单伟", make_id(8))
    assert outbox == ["member"]


def test_renaming_a_member_rewrites_the_search_keys(db, actors):
    mid = add_member(db, actors["clerk"], "张伟", make_id(9))
    with db.uow() as uow:
        members.update_member(uow, actors["clerk"], mid, MemberInput(make_id(9), "章伟"))
        uow.commit()
    with db.reader() as uow:
        assert members.search_member_ids(uow, "章") == [mid]
        assert members.search_member_ids(uow, "张") == []


def test_find_by_id_number_accepts_the_number_as_typed(db, actors):
    mid = add_member(db, actors["clerk"], "冯一", make_id(10))
    with db.reader() as uow:
        assert members.find_by_id_number(uow, " " + make_id(10).lower()).id == mid


def test_member_rows_come_in_the_order_asked(db, actors):
    ids = [add_member(db, actors["clerk"], n, make_id(i)) for i, n in enumerate(["甲一", "乙二"])]
    with db.reader() as uow:
        assert [r.id for r in members.member_rows(uow, ids[::-1])] == ids[::-1]
