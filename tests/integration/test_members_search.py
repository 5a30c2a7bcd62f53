"""The search box: ID prefix, name prefix, full pinyin and initials, every reading."""

from __future__ import annotations

import pytest

from desk_app.people import members
from tests.fixtures_people import add_member, add_unit, make_id


@pytest.fixture
def people(db, actors):
    unit_b = add_unit(db, actors["clerk"], "B", "乙厂工会")
    unit_a = add_unit(db, actors["clerk"], "A", "甲厂工会")
    names = ["单伟", "曾红", "张伟", "张伟华", "解放", "李明", "梁山"]
    ids = {}
    for i, n in enumerate(names):
        ids[n] = add_member(
            db,
            actors["clerk"],
            n,
            make_id(i, area="330203" if i % 2 else "330702"),
            unit_id=unit_a if i % 2 else unit_b,
        )
    return ids


def _find(db, text, **kw):
    with db.reader() as uow:
        return members.search_member_ids(uow, text, **kw)


def test_shan_wei_is_found_by_sw_and_by_dw(db, people):
    assert people["单伟"] in _find(db, "sw")
    assert people["单伟"] in _find(db, "dw")


def test_zeng_is_found_by_z_and_by_c(db, people):
    assert people["曾红"] in _find(db, "z")
    assert people["曾红"] in _find(db, "c")


def test_initials_find_zhang_wei(db, people):
    assert set(_find(db, "zw")) == {people["张伟"], people["张伟华"]}
    assert _find(db, "zwh") == [people["张伟华"]]


def test_a_full_pinyin_prefix_finds_every_name_it_starts(db, people):
    assert set(_find(db, "zhangw")) == {people["张伟"], people["张伟华"]}


def test_a_name_prefix_finds_the_name(db, people):
    assert set(_find(db, "张伟")) == {people["张伟"], people["张伟华"]}


def test_an_id_prefix_finds_the_people_of_that_area(db, people):
    found = set(_find(db, "330702"))
    assert people["单伟"] in found and people["曾红"] not in found


def test_a_whole_id_with_a_lower_case_x_or_full_width_digits_finds_the_person(db, people):
    number = make_id(1, area="330203")
    assert _find(db, number.lower()) == [people["曾红"]]
    full_width = "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in number)
    assert _find(db, full_width) == [people["曾红"]]


def test_blank_finds_everyone_sorted_by_pinyin(db, people):
    names = {v: k for k, v in people.items()}
    assert [names[i] for i in _find(db, "")] == [
        "李明",
        "梁山",
        "单伟",
        "解放",
        "曾红",
        "张伟",
        "张伟华",
    ]


def test_sorting_descending_and_by_unit(db, people):
    by_unit = _find(db, "", sort="unit")
    # Units in the order of their codes (A 甲厂 before B 乙厂), then names by pinyin.
    assert by_unit[:3] == [people["李明"], people["曾红"], people["张伟华"]]
    assert _find(db, "", descending=True)[0] == people["张伟华"]


def test_sorting_by_id_number_and_birth_date_is_done_in_sql(db, people):
    ids = _find(db, "", sort="id_number")
    with db.reader() as uow:
        numbers = [r.id_number for r in members.member_rows(uow, ids)]
    assert numbers == sorted(numbers)
    assert len(_find(db, "", sort="birth_date", limit=3)) == 3


def test_nothing_matches_an_unknown_prefix(db, people):
    assert _find(db, "qqq") == []
