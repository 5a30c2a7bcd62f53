"""Reading cells the way units fill them in: header names, dates, numbers, lost digits."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desk_app.xlsx import read as xlsxio
from desk_app.xlsx.read import CellError, Header, SheetRows, find_header


def test_header_names_ignore_padding_marks_and_notes():
    assert xlsxio.header_key("姓  名") == "姓名"
    assert xlsxio.header_key("*身份证号") == "身份证号"
    assert xlsxio.header_key("份数（最多2份）") == "份数"


def test_the_header_is_the_first_row_naming_the_required_columns():
    sheet = SheetRows(
        "s",
        (
            (1, ("某某单位参保名册",)),
            (3, ("序号", "身份证号码", "姓 名", "备注")),
            (4, (1, "x", "y", None)),
        ),
    )
    h = find_header(sheet, {"name": ["姓名"], "id": ["身份证号", "身份证号码"]}, ["name", "id"])
    assert h == Header(3, {"name": 2, "id": 1}, 1)


def test_no_header_in_the_first_ten_rows_is_none():
    rows = [(n, ("x",)) for n in range(1, 11)] + [(11, ("姓名", "身份证号"))]
    sheet = SheetRows("s", tuple(rows))
    assert find_header(sheet, {"n": ["姓名"], "i": ["身份证号"]}, ["n", "i"]) is None


@pytest.mark.parametrize(
    "value",
    [
        "2015-03-04",
        "2015/3/4",
        "2015.3.4",
        "2015年3月4日",
        "20150304",
        20150304,
        datetime(2015, 3, 4, 0, 0),
        42067,
    ],
)
def test_dates_in_the_forms_people_type(value):
    assert xlsxio.cell_date(value, what_zh="日期", what_en="date") == date(2015, 3, 4)


def test_an_impossible_date_is_a_cell_error():
    with pytest.raises(CellError) as e:
        xlsxio.cell_date("2015-02-30", what_zh="参保日期", what_en="date")
    assert "参保日期不是有效日期" in e.value.message.zh


def test_a_long_number_that_excel_rounded_is_refused():
    with pytest.raises(CellError) as e:
        xlsxio.digits_text(6.222021234567891e18, what_zh="银行账号", what_en="account")
    assert "被 Excel 转成了数字" in e.value.message.zh


def test_a_short_whole_number_is_its_digits():
    assert xlsxio.digits_text(13800001111, what_zh="手机号", what_en="phone") == "13800001111"
    assert xlsxio.digits_text(13800001111.0, what_zh="手机号", what_en="phone") == "13800001111"


def test_whole_numbers_from_text_and_numbers():
    assert xlsxio.whole_number("２", what_zh="份数", what_en="shares") == 2
    assert xlsxio.whole_number(2.0, what_zh="份数", what_en="shares") == 2
    with pytest.raises(CellError):
        xlsxio.whole_number("两份", what_zh="份数", what_en="shares")


def test_text_folds_full_width_digits_and_strips():
    assert xlsxio.text(" １３８ ") == "138"
    assert xlsxio.text(5.0) == "5"
