"""Money is exact: Decimal yuan, integer fen, never a float."""

from decimal import Decimal

import pytest

from base.money import MoneyError, floor_yuan, fmt, from_fen, parse_money, round_cent, to_fen


def test_parse_accepts_the_ways_clerks_type_amounts():
    assert parse_money(" 1,830.39 ") == Decimal("1830.39")
    assert parse_money("１８３０．３９") == Decimal("1830.39")
    assert parse_money("1830") == Decimal("1830.00")
    assert parse_money(1830) == Decimal("1830.00")


@pytest.mark.parametrize("bad", [1830.39, "1830.391", "abc", "", "NaN", "-5"])
def test_parse_refuses_inexact_or_wrong_amounts(bad):
    with pytest.raises(MoneyError):
        parse_money(bad)


def test_negative_only_when_allowed():
    assert parse_money("-250.00", allow_negative=True) == Decimal("-250.00")


def test_fen_round_trip_is_exact():
    for text in ["0.01", "1830.39", "200653.00", "99999999.99"]:
        d = Decimal(text)
        assert from_fen(to_fen(d)) == d


def test_to_fen_refuses_a_third_decimal():
    with pytest.raises(MoneyError):
        to_fen(Decimal("1.005"))


def test_rounding_modes_of_the_schemes():
    assert round_cent(Decimal("1830.395")) == Decimal("1830.40")
    assert floor_yuan(Decimal("1830.392")) == Decimal("1830.00")
    assert fmt(Decimal("1830")) == "1,830.00"
    assert fmt(None) == ""
