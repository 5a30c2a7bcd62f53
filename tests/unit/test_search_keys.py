"""The search keys of a member: ID, name, pinyin in full and initials, every reading."""

from __future__ import annotations

from desk_app.people.search import (
    MAX_COMBINATIONS,
    keys_for,
    name_sort_key,
    normalise_text,
    prefix_bounds,
)

ID = "11010519491231002X"


def _starts(keys: set[str], prefix: str) -> bool:
    return any(k.startswith(prefix) for k in keys)


def test_initials_and_full_pinyin_are_keys():
    keys = keys_for("张伟", ID)
    assert {"zw", "zhangwei", "张伟", ID.lower()} <= keys


def test_a_surname_with_two_readings_is_found_by_both():
    keys = keys_for("单伟", ID)
    assert {"sw", "dw", "shanwei", "danwei"} <= keys


def test_zeng_and_ceng_both_index_the_surname():
    keys = keys_for("曾红", ID)
    assert _starts(keys, "z") and _starts(keys, "c") and "zenghong" in keys


def test_xie_and_jie_both_index_the_surname():
    assert {"xiefang", "jiefang"} <= keys_for("解放", ID)


def test_the_surname_reading_sorts_the_name():
    assert name_sort_key("单伟") == "shan wei"
    assert name_sort_key("曾红") == "zeng hong"


def test_sort_key_puts_li_ming_before_liang():
    assert name_sort_key("李明") < name_sort_key("梁山")


def test_lv_is_also_found_as_lu():
    assert {"lvbu", "lubu"} <= keys_for("吕布", ID)


def test_a_minority_name_drops_the_middle_dot_in_pinyin():
    keys = keys_for("买买提·艾力", ID)
    assert "买买提·艾力" in keys and "maimaitiaili" in keys


def test_a_long_name_full_of_heteronyms_has_a_bounded_number_of_keys():
    keys = keys_for("行长重还曾单解行长重还曾单解", ID)
    assert len(keys) <= 2 * MAX_COMBINATIONS + 2


def test_queries_fold_full_width_case_and_spaces():
    assert normalise_text(" ZHANG w ") == "zhangw"
    assert normalise_text("３３０２") == "3302"


def test_prefix_bounds_cover_exactly_the_prefix():
    lo, hi = prefix_bounds("zh")
    assert lo <= "zhangwei" < hi and not (lo <= "zi" < hi)
    lo, hi = prefix_bounds("张")
    assert lo <= "张\U00020000" < hi  # a rare character beyond U+FFFF is still inside
