"""Small rules of the claims service, no database: numbers as typed, invoice and hospital
normal forms, amounts read from spreadsheet cells, what a problem blocks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from base.errors import Message
from base.money import MoneyError
from desk_app.claims.model import ApproveAllReport, Problem
from desk_app.claims.numbers import clean_number, hospital_key, invoice_key
from desk_app.claims.settlement_rows import cell_money

D = Decimal


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("LP2015-000123", "LP2015-000123"),
        (" lp2015-123 ", "LP2015-000123"),
        ("ＬＰ２０１５－１２３", "LP2015-000123"),
        ("sp2015 45", "SP2015-000045"),
        ("SP2015000045", "SP2015-000045"),
        ("张三", "张三"),
    ],
)
def test_claim_and_approval_numbers_are_found_as_clerks_type_them(typed, stored):
    assert clean_number(typed) == stored


def test_invoice_numbers_compare_without_width_case_or_spaces():
    assert invoice_key(" zy２０１５ - 0001\u3000") == "ZY2015-0001"
    assert invoice_key(None) == ""


def test_hospital_names_compare_without_width_or_spaces():
    assert hospital_key("衢州市 人民医院（院本部）") == hospital_key("衢州市人民医院(院本部)")


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        (1830, D("1830.00")),
        (1830.39, D("1830.39")),
        (0.1 + 0.2, D("0.30")),  # a formula's binary float, shown as 0.30
        ("1,830.39", D("1830.39")),
        ("１８３０．３９", D("1830.39")),
        (None, None),
        ("  ", None),
    ],
)
def test_amounts_from_spreadsheet_cells(cell, amount):
    assert cell_money(cell) == amount


@pytest.mark.parametrize("cell", [1830.391, "12.345", "abc", True])
def test_cells_that_are_not_exact_amounts_are_refused(cell):
    with pytest.raises(MoneyError):
        cell_money(cell)


def test_what_each_kind_of_problem_blocks():
    m = Message("x", "x")
    assert Problem("a", m).blocks_saving and Problem("a", m).blocks_submit
    incomplete = Problem("a", m, "incomplete")
    assert not incomplete.blocks_saving and incomplete.blocks_submit
    warning = Problem("a", m, "warning")
    assert not warning.blocks_saving and not warning.blocks_submit


def test_batch_approval_summary_in_one_line():
    r = ApproveAllReport(3, 1, 2, 0, D("12345.60"), second_look=1)
    assert r.summary("en") == (
        "approved 3 (payout 12,345.60), rejected 1, left 2 entered by you, 0 recalculated "
        "(look again), 1 drawn for a second look"
    )
    assert "\n" not in r.summary("zh") and "12,345.60" in r.summary("zh")
