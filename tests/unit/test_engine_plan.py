"""The engine's fast result builders make the same frozen objects as the classes' own
``__init__``: every field, equality, hashing of the field values, immutability."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from desk_app.schemes import engine_plan
from desk_app.schemes.model import BenefitAmount, BracketPart, ClaimResult


def test_the_builders_fill_every_field_of_their_class() -> None:
    for cls, builder in (
        (ClaimResult, engine_plan.result),
        (BenefitAmount, engine_plan.benefit),
        (BracketPart, engine_plan.part),
    ):
        fields = [f.name for f in dataclasses.fields(cls)]
        params = list(builder.__code__.co_varnames[: builder.__code__.co_argcount])
        assert params == fields, f"{builder.__name__} no longer matches {cls.__name__}"


def test_a_built_result_equals_the_one_made_by_its_class_and_stays_frozen() -> None:
    p = engine_plan.part(0, Decimal("100.00"), Decimal("0.5"), Decimal("50.000"))
    b = engine_plan.benefit("自付分段", "copay", Decimal("50.00"), (p,))
    r = engine_plan.result("payable", None, (b,), b.amount, b.amount, None, 3, ("x",), "C1")
    same = ClaimResult(
        "payable",
        None,
        (
            BenefitAmount(
                "自付分段",
                "copay",
                Decimal("50.00"),
                (BracketPart(0, Decimal("100.00"), Decimal("0.5"), Decimal("50.000")),),
            ),
        ),
        Decimal("50.00"),
        Decimal("50.00"),
        None,
        3,
        ("x",),
        "C1",
    )
    assert r == same and repr(r) == repr(same)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.payout = Decimal(0)  # type: ignore[misc]


def test_a_callers_decimal_context_changes_no_result_and_is_given_back() -> None:
    from datetime import date
    from decimal import ROUND_DOWN, Context, getcontext, localcontext

    from benchmarks.bench_engine import SCHEME_TEXT
    from desk_app.schemes.engine import calculate
    from desk_app.schemes.model import Claim, MemberFacts, ReceiptAmounts
    from desk_app.schemes.parse import parse_scheme

    scheme = parse_scheme(SCHEME_TEXT)
    member = MemberFacts(1, date(2015, 1, 1), True)
    claim = Claim(
        "inpatient",
        (ReceiptAmounts(Decimal("12345.67"), Decimal("6000.00"), copay=Decimal("6345.67")),),
        admission=date(2015, 3, 1),
        discharge=date(2015, 3, 9),
    )
    expected = calculate(scheme, member, [claim, claim])
    odd = Context(prec=3, rounding=ROUND_DOWN)
    with localcontext(odd):
        inside = calculate(scheme, member, [claim, claim])
        assert getcontext() is not engine_plan.CONTEXT
        assert getcontext().prec == 3 and getcontext().rounding == ROUND_DOWN
    assert inside == expected
    assert [str(r.payout) for r in expected] == [
        "3182.00",
        "4202.00",
    ]  # by hand: 3007 + 175, 4027 + 175
