"""Resident ID numbers: what is tolerated, what is refused, and in which words."""

from __future__ import annotations

from datetime import date

import pytest

from base.errors import ValidationError
from desk_app.people.idcard import check_id_number, make_id_number, mask_id

VALID = "11010519491231002X"  # GB 11643's own example: a woman born 1949-12-31


def _refusal(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as e:
        check_id_number(text)
    return e.value


def test_a_valid_number_gives_gender_and_birth_date():
    info = check_id_number(VALID)
    assert (info.number, info.gender, info.birth_date) == (VALID, "F", date(1949, 12, 31))
    assert info.warnings == ()


def test_an_odd_sequence_digit_is_a_man():
    assert check_id_number(make_id_number("330203", date(1980, 1, 1), 13)).gender == "M"


def test_surrounding_and_inner_spaces_are_tolerated():
    assert check_id_number(" 110105 19491231 002X\u3000").number == VALID


def test_full_width_digits_and_a_lower_case_x_are_stored_plain_and_upper_case():
    assert check_id_number("１１０１０５１９４９１２３１００２ｘ").number == VALID
    assert check_id_number("11010519491231002x").number == VALID


def test_a_wrong_check_character_names_the_right_one():
    e = _refusal("110105194912310021")
    assert e.text("zh") == "身份证号校验位不对（应为 X），请核对号码"
    assert "should be X" in e.text("en")


def test_an_impossible_birth_date_is_refused():
    first17 = "11010519490230002"  # 30 February
    from desk_app.people.idcard import check_digit

    e = _refusal(first17 + check_digit(first17))
    assert e.text("zh") == "身份证号中的出生日期 1949-02-30 不存在"


def test_a_birth_date_in_the_future_is_refused(monkeypatch):
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2020-06-01T10:00:00")
    e = _refusal(make_id_number("330203", date(2021, 1, 1), 11))
    assert "晚于今天" in e.text("zh")


def test_a_wrong_length_says_how_long_it_is():
    assert _refusal("1101051949123").text("zh") == "身份证号应为 18 位，现为 13 位"


def test_an_old_fifteen_digit_number_asks_for_the_new_one():
    assert "15 位的旧身份证号" in _refusal("110105491231002").text("zh")


def test_letters_inside_the_number_are_refused():
    assert "只能由数字组成" in _refusal("1101051949A231002X").text("zh")


def test_an_empty_number_is_refused():
    assert _refusal("  ").text("zh") == "请填写身份证号"


def test_an_unknown_area_code_is_only_a_warning():
    info = check_id_number(make_id_number("990101", date(1990, 5, 6), 21))
    assert info.number.startswith("990101")
    assert len(info.warnings) == 1 and "990101" in info.warnings[0].zh


def test_a_county_is_known_whatever_the_birth_year():
    """越城区 (330602) has had its code since 1983; people born before then carry it too (the
    code is where the number was given, not where the person was born)."""
    for year in (1950, 1965, 1982, 1990):
        assert check_id_number(make_id_number("330602", date(year, 3, 4), 11)).warnings == ()


def test_counties_added_since_the_librarys_table_are_known():
    """临平区 and 钱塘区 (Hangzhou, 2021) are not in python-stdnum's table: shipped here."""
    for area in ("330113", "330114"):
        assert check_id_number(make_id_number(area, date(2001, 3, 4), 11)).warnings == ()


def test_the_desks_own_county_is_never_warned_about():
    number = make_id_number("330699", date(1970, 3, 4), 11)
    assert len(check_id_number(number).warnings) == 1
    assert check_id_number(number, home="330699").warnings == ()


def test_a_wrong_check_character_says_so():
    wrong = VALID[:17] + ("0" if VALID[17] != "0" else "1")
    assert _refusal(wrong).text("zh").startswith("身份证号校验位不对")


def test_mask_keeps_the_area_and_the_last_four():
    assert mask_id(VALID) == "110105********002X"
