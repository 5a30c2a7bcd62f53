"""The engine's quick receipt check (``rules.plainly_valid``) says what the rule says: every
amount of a receipt (its total and its seven components) is finite, whole fen and not negative,
and the components add up to the total. The check skips the total's own test when the sum
matches; these tests hold it to the rule written out in full, on totals and components chosen
to break it (NaN, infinities, fractions of a fen, negatives, near misses)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.schemes.engine_plan import CONTEXT
from desk_app.schemes.model import Claim, ReceiptAmounts
from desk_app.schemes.rules import plainly_valid, receipt_problems

AMOUNTS = st.sampled_from(
    [
        "0",
        "-0.00",
        "0.01",
        "1.230",
        "1.005",
        "-0.01",
        "100.00",
        "99.99",
        "100.001",
        "1E+3",
        "NaN",
        "sNaN",
        "Infinity",
        "-Infinity",
        "12345678901234567890123456789012.34",
        "1E+40",
        "1.0E+40",
        "1E-40",
    ]
).map(Decimal)


def _by_the_rule(r: ReceiptAmounts) -> bool:
    values = [
        r.total,
        r.fund_paid,
        r.other_paid,
        r.deductible,
        r.copay,
        r.over_cap,
        r.class_b,
        r.self_funded,
    ]
    for v in values:
        if not v.is_finite() or v < 0 or 100 % v.as_integer_ratio()[1] != 0:
            return False
    return sum(values[1:], Decimal(0)) == values[0]


def _claim(r: ReceiptAmounts) -> Claim:
    return Claim("inpatient", (r,), admission=date(2015, 3, 1), discharge=date(2015, 3, 5))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(AMOUNTS, min_size=7, max_size=7),
    st.one_of(AMOUNTS, st.just(None)),
)
def test_the_quick_check_agrees_with_the_rule(
    components: list[Decimal], total: Decimal | None
) -> None:
    with localcontext(CONTEXT):
        if total is None:  # the total that matches: only the components decide
            try:
                total = sum(components, Decimal(0))
            except ArithmeticError:
                total = Decimal("NaN")
        r = ReceiptAmounts(total, *components)
        try:
            expected = _by_the_rule(r)
        except ArithmeticError:  # a signalling NaN: never valid
            expected = False
        assert plainly_valid(_claim(r)) is expected
        assert (receipt_problems(_claim(r)) == []) is expected


def test_a_total_off_by_a_fraction_of_a_fen_is_refused_even_when_its_components_are_whole() -> None:
    r = ReceiptAmounts(Decimal("100.005"), fund_paid=Decimal("60.00"), copay=Decimal("40.00"))
    assert not plainly_valid(_claim(r))
    assert receipt_problems(_claim(r))
