"""Worked cases for every rule of the calculation (SCHEMES.md), each figured by hand."""

from __future__ import annotations

import decimal
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from desk_app.schemes.engine import Ledger, calculate, calculate_last
from desk_app.schemes.model import Claim, ReceiptAmounts
from tests.unit.test_engine_builders import (
    amounts,
    copay,
    death,
    member,
    payouts,
    receipt,
    run,
    scheme,
    stay,
    visit,
)

ALLOWANCE = """
[[benefits]]
kind = "daily_allowance"
label = "住院津贴"
rate = "30.00"
"""
LUMP = """
[[benefits]]
kind = "lump_sum"
label = "重大疾病保障金"
amount = "3000.00"
diseases = ["C50", "N18.5"]
"""
LIVING = """
[[benefits]]
kind = "living_allowance"
label = "生活补助金"
monthly = "900.00"
max_months = 2
diseases = ["C50"]
"""
CONDOLENCE = """
[[benefits]]
kind = "fixed"
label = "身故慰问金"
amount = "3000.00"
"""


# --------------------------------------------------------------------------- copay


def test_receipts_of_one_claim_are_summed_over_the_base_components():
    s = scheme(copay("0.5", base='["copay", "class_b"]'))
    claim = Claim(
        kind="inpatient",
        admission=date(2015, 3, 1),
        discharge=date(2015, 3, 5),
        receipts=(receipt(copay="100", class_b="50", deductible="999"), receipt(copay="250")),
    )
    (r,) = run(s, claim)
    assert amounts(r) == ["200.00"]  # (100 + 50 + 250) × 50 %; the deductible is not in base


def test_second_claim_uses_the_rest_of_the_deductible():
    s = scheme(copay("0.5", deductible='"1000"'))  # scope "period" is the default
    results = run(
        s,
        stay("2015-02-01", "2015-02-03", "600"),
        stay("2015-05-01", "2015-05-03", "700"),
        stay("2015-09-01", "2015-09-03", "500"),
    )
    assert payouts(results) == ["0.00", "150.00", "250.00"]
    assert [r.status for r in results] == ["payable"] * 3
    assert amounts(results[0]) == ["0.00"]  # listed although 0


def test_deductible_scope_claim_is_borne_by_every_claim():
    s = scheme(copay("0.5", deductible='"1000"', deductible_scope='"claim"'))
    results = run(
        s,
        stay("2015-02-01", "2015-02-03", "600"),
        stay("2015-05-01", "2015-05-03", "700"),
        stay("2015-09-01", "2015-09-03", "1500"),
    )
    assert payouts(results) == ["0.00", "0.00", "250.00"]


def test_progressive_brackets_are_like_income_tax():
    brackets = (
        '[{ upto = "5000", rate = "0.5" }, { upto = "10000", rate = "0.6" }, { rate = "0.7" }]'
    )
    s = scheme(copay(brackets=brackets))
    (r,) = run(s, stay("2015-02-01", "2015-02-03", "12000"))
    # 5000×0.5 + 5000×0.6 + 2000×0.7 = 2500 + 3000 + 1400. SCHEMES.md prints "= 7900", a slip
    # in the addition: its formula, and the Jinhua worked case (F(12000) = 1500 + 5400), say 6900.
    assert amounts(r) == ["6900.00"]
    assert [(p.index, str(p.base), str(p.amount)) for p in r.benefits[0].brackets] == [
        (0, "5000.00", "2500.000"),
        (1, "5000.00", "3000.000"),
        (2, "2000.00", "1400.000"),
    ]


def test_accumulate_period_measures_brackets_on_the_cumulative_base():
    brackets = (
        '[{ upto = "1000", rate = "0.5" }, { upto = "3000", rate = "0.6" }, { rate = "0.8" }]'
    )
    s = scheme(copay(brackets=brackets, accumulate='"period"'))
    results = run(
        s,
        stay("2015-02-01", "2015-02-03", "800"),  # F(800) = 400
        stay("2015-05-01", "2015-05-03", "1500"),  # F(2300) − F(800) = 1280 − 400
        stay("2015-09-01", "2015-09-03", "2000"),  # F(4300) − F(2300) = 2740 − 1280
    )
    assert payouts(results) == ["400.00", "880.00", "1460.00"]


def test_accumulate_claim_measures_each_claim_alone():
    brackets = (
        '[{ upto = "1000", rate = "0.5" }, { upto = "3000", rate = "0.6" }, { rate = "0.8" }]'
    )
    s = scheme(copay(brackets=brackets))
    results = run(
        s,
        stay("2015-02-01", "2015-02-03", "800"),
        stay("2015-05-01", "2015-05-03", "1500"),
        stay("2015-09-01", "2015-09-03", "2000"),
    )
    assert payouts(results) == ["400.00", "800.00", "1100.00"]


def test_period_deductible_and_period_brackets_together():
    brackets = '[{ upto = "1000", rate = "0.5" }, { rate = "0.7" }]'
    s = scheme(copay(brackets=brackets, deductible='"500"', accumulate='"period"'))
    results = run(
        s,
        stay("2015-02-01", "2015-02-03", "400"),  # all deductible
        stay("2015-05-01", "2015-05-03", "1000"),  # b = 900: F(900) = 450
        stay("2015-09-01", "2015-09-03", "800"),  # b = 800: F(1700) − F(900) = 990 − 450
    )
    assert payouts(results) == ["0.00", "450.00", "540.00"]


def test_uplift_adds_the_largest_category_once():
    uplift = '{ hardship = "0.05", model_worker = "0.03" }'
    s = scheme(copay("0.5", uplift=uplift))
    claim = stay("2015-02-01", "2015-02-03", "1000")
    both = member(categories=("model_worker", "hardship"))
    assert payouts(run(s, claim, m=both)) == ["550.00"]
    assert payouts(run(s, claim, m=member(categories=("model_worker",)))) == ["530.00"]
    assert payouts(run(s, claim, m=member(categories=("female",)))) == ["500.00"]


def test_uplift_never_takes_a_rate_above_one():
    brackets = '[{ upto = "1000", rate = "0.5" }, { rate = "0.98" }]'
    s = scheme(copay(brackets=brackets, uplift='{ hardship = "0.05" }'))
    (r,) = run(s, stay("2015-02-01", "2015-02-03", "2000"), m=member(categories=("hardship",)))
    assert amounts(r) == ["1550.00"]  # 1000 × 0.55 + 1000 × 1 (not 1.03)


# --------------------------------------------------------------------------- allowances


def test_daily_allowance_pays_every_hospital_day():
    (r,) = run(scheme(ALLOWANCE), stay("2015-08-01", "2015-08-11"))
    assert r.days == 10 and amounts(r) == ["300.00"]


def test_same_day_discharge_is_one_hospital_day():
    (r,) = run(scheme(ALLOWANCE), stay("2015-08-01", "2015-08-01"))
    assert r.days == 1 and amounts(r) == ["30.00"]


def test_daily_allowance_from_the_fourth_day():
    s = scheme(ALLOWANCE + "from_day = 4\n")
    long, short = run(s, stay("2015-08-01", "2015-08-11"), stay("2015-09-01", "2015-09-04"))
    assert amounts(long) == ["210.00"]  # days 4..10
    assert amounts(short) == ["0.00"] and short.status == "payable"  # 3 days: listed, 0


def test_daily_allowance_max_days_counts_across_the_period():
    s = scheme(ALLOWANCE + "max_days = 20\n")
    results = run(
        s,
        stay("2015-02-01", "2015-02-16"),  # 15 days
        stay("2015-05-01", "2015-05-11"),  # 10 days, 5 left
        stay("2015-09-01", "2015-09-04"),  # nothing left
    )
    assert payouts(results) == ["450.00", "150.00", "0.00"]


def test_daily_allowance_max_amount_cuts_the_last_claim():
    s = scheme(ALLOWANCE + 'max_amount = "500.00"\n')
    results = run(
        s,
        stay("2015-02-01", "2015-02-11"),
        stay("2015-05-01", "2015-05-11"),
        stay("2015-09-01", "2015-09-06"),
    )
    assert payouts(results) == ["300.00", "200.00", "0.00"]


def test_living_allowance_is_counted_by_day_up_to_max_months():
    s = scheme(LIVING)
    (short,) = run(s, stay("2015-03-01", "2015-04-15", disease="C50.9"))  # 45 days
    (long,) = run(s, stay("2015-03-01", "2015-05-15", disease="C50.9"))  # 75 days, 60 paid
    (one,) = run(s, stay("2015-03-01", "2015-03-02", disease="C50"))
    assert (amounts(short), amounts(long), amounts(one)) == (["1350.00"], ["1800.00"], ["30.00"])


@pytest.mark.parametrize(
    ("rounding", "expected"), [("cent", "33.33"), ("yuan", "33.00"), ("yuan_floor", "33.00")]
)
def test_living_allowance_day_is_a_thirtieth_of_a_month_rounded(rounding, expected):
    s = scheme(LIVING.replace("900.00", "1000.00"), rounding=rounding)
    (r,) = run(s, stay("2015-03-01", "2015-03-02", disease="C50"))
    assert amounts(r) == [expected]


def test_living_allowance_only_on_the_first_stay_for_a_listed_disease():
    s = scheme(LIVING)
    other, first, again = run(
        s,
        stay("2015-02-01", "2015-02-05", disease="K35.8"),
        stay("2015-03-01", "2015-03-11", disease="C50.1"),
        stay("2015-05-01", "2015-05-11", disease="C50.1"),
    )
    assert (other.status, other.reason) == ("rejected", "not_covered")
    assert amounts(first) == ["300.00"]
    assert (again.status, again.reason) == ("rejected", "not_covered")


def test_living_allowance_not_when_a_lump_sum_was_paid_in_an_earlier_period():
    (r,) = run(
        scheme(LIVING),
        stay("2015-03-01", "2015-03-11", disease="C50"),
        m=member(lump_sum_paid_before=True),
    )
    assert r.reason == "not_covered"


# --------------------------------------------------------------------------- once-only sums


def test_lump_sum_is_paid_once_in_the_period():
    first, second = run(
        scheme(LUMP),
        stay("2015-03-01", "2015-03-11", disease="N18.5"),
        visit("2015-06-01", "100"),
    )
    assert amounts(first) == ["3000.00"]
    assert second.reason == "not_covered"


def test_lump_sum_also_pays_on_an_outpatient_diagnosis():
    claim = Claim(
        kind="outpatient",
        visit_date=date(2015, 6, 1),
        disease="C50.2",
        receipts=(receipt(copay="10"),),
    )
    (r,) = run(scheme(LUMP), claim)
    assert amounts(r) == ["3000.00"]


def test_lump_sum_not_when_paid_in_an_earlier_period_of_the_plan():
    (r,) = run(
        scheme(LUMP),
        stay("2015-03-01", "2015-03-11", disease="C50.9"),
        m=member(lump_sum_paid_before=True),
    )
    assert r.reason == "not_covered"


@pytest.mark.parametrize(
    ("disease", "listed"),
    [
        ("C50", True),
        ("C50.9", True),
        ("c50.912", True),
        ("C500", False),
        ("C5", False),
        ("N18", False),
        ("N18.5", True),
        (None, False),
    ],
)
def test_a_listed_code_covers_itself_and_its_subcodes(disease, listed):
    (r,) = run(scheme(LUMP), stay("2015-03-01", "2015-03-11", disease=disease))
    assert r.payable is listed


def test_condolence_is_paid_once_per_period_and_needs_no_receipt():
    first, second = run(scheme(CONDOLENCE), death("2015-05-20"), death("2015-05-21"))
    assert amounts(first) == ["3000.00"] and first.days == 0
    assert second.reason == "not_covered"


# --------------------------------------------------------------------------- limits


def test_min_payout_raises_a_small_total():
    s = scheme(copay("0.4"), extra='min_payout = "50.00"')
    small, none, large = run(
        s,
        stay("2015-02-01", "2015-02-03", "100"),
        stay("2015-05-01", "2015-05-03", "0"),
        stay("2015-09-01", "2015-09-03", "200"),
    )
    assert (amounts(small), str(small.total), str(small.payout)) == (["40.00"], "40.00", "50.00")
    assert str(none.payout) == "0.00"  # nothing computed: nothing raised
    assert str(large.payout) == "80.00"


def test_min_payout_is_still_cut_to_the_cap_left():
    s = scheme(copay("0.4"), extra='min_payout = "50.00"\nannual_cap = "1000.00"')
    big, small = run(
        s, stay("2015-02-01", "2015-02-03", "2425"), stay("2015-05-01", "2015-05-03", "10")
    )
    assert str(big.payout) == "970.00"
    assert (str(small.payout), str(small.cap_left)) == ("30.00", "0.00")


def test_annual_cap_cuts_the_payout_and_then_rejects():
    s = scheme(copay("0.5"), extra='annual_cap = "1000.00"')
    results = run(
        s,
        stay("2015-02-01", "2015-02-03", "1500"),
        stay("2015-05-01", "2015-05-03", "1000"),
        stay("2015-09-01", "2015-09-03", "1000"),
    )
    assert payouts(results) == ["750.00", "250.00", "0.00"]
    assert [str(r.cap_left) for r in results] == ["250.00", "0.00", "0.00"]
    assert amounts(results[1]) == ["500.00"]  # the benefit before the cap cut
    assert (results[2].status, results[2].reason) == ("rejected", "cap_reached")


def test_annual_cap_is_per_share():
    s = scheme(copay("0.5"), extra='annual_cap = "1000.00"')
    results = run(
        s,
        stay("2015-02-01", "2015-02-03", "1500"),
        stay("2015-05-01", "2015-05-03", "1000"),
        m=member(shares=2),
    )
    assert payouts(results) == ["750.00", "500.00"]
    assert str(results[1].cap_left) == "750.00"


def test_no_cap_gives_no_cap_left():
    (r,) = run(scheme(copay()), stay("2015-02-01", "2015-02-03", "100"))
    assert r.cap_left is None


# --------------------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("rounding", "expected"), [("cent", "500.50"), ("yuan", "501.00"), ("yuan_floor", "500.00")]
)
def test_rounding_modes(rounding, expected):
    (r,) = run(scheme(copay("0.5"), rounding=rounding), stay("2015-02-01", "2015-02-03", "1001"))
    assert amounts(r) == [expected]


def test_cent_rounding_is_half_up():
    (r,) = run(scheme(copay("0.5")), stay("2015-02-01", "2015-02-03", "0.01"))
    assert amounts(r) == ["0.01"]


def test_yuan_rounding_keeps_below_half_down():
    (r,) = run(scheme(copay("0.5"), rounding="yuan"), stay("2015-02-01", "2015-02-03", "1000.98"))
    assert amounts(r) == ["500.00"]  # 500.49


def test_each_benefit_is_rounded_on_its_own():
    s = scheme(copay("0.5") + ALLOWANCE.replace("30.00", "10.50"), rounding="yuan_floor")
    (r,) = run(s, stay("2015-02-01", "2015-02-04", "1001"))  # 500.5 and 3 × 10.5 = 31.5
    assert amounts(r) == ["500.00", "31.00"] and str(r.payout) == "531.00"


# --------------------------------------------------------------------------- eligibility


def _rejected(result, reason):
    return (result.status, result.reason, str(result.payout), result.benefits) == (
        "rejected",
        reason,
        "0.00",
        (),
    )


@pytest.mark.parametrize(
    "claim",
    [
        Claim(kind="inpatient", admission=date(2015, 3, 1), discharge=date(2015, 3, 2)),
        stay("2015-03-01", "2015-03-02", "-5", total="95"),
        stay("2015-03-01", "2015-03-02", "100", total="200.01"),
        stay("2015-03-05", "2015-03-02", "100"),
        Claim(kind="inpatient", admission=date(2015, 3, 1), receipts=(receipt(copay="1"),)),
        Claim(kind="outpatient", receipts=(receipt(copay="1"),)),
        Claim(kind="death"),
        Claim(
            kind="inpatient",
            admission=date(2015, 3, 1),
            discharge=date(2015, 3, 2),
            receipts=(ReceiptAmounts(total=Decimal("1.001"), copay=Decimal("1.001")),),
        ),
    ],
    ids=[
        "no-receipt",
        "negative-component",
        "total-not-the-sum",
        "admission-after-discharge",
        "no-discharge",
        "no-visit-date",
        "no-event-date",
        "a-tenth-of-a-fen",
    ],
)
def test_invalid_receipt(claim):
    s = scheme(copay() + CONDOLENCE.replace("身故慰问金", "慰问金"))
    (r,) = run(s, claim)
    assert _rejected(r, "invalid_receipt")


def test_a_death_claim_needs_no_receipt():
    (r,) = run(scheme(CONDOLENCE), Claim(kind="death", event_date=date(2015, 5, 1)))
    assert r.payable


@pytest.mark.parametrize(
    ("admission", "reason"),
    [
        ("2014-12-31", "outside_period"),
        ("2015-01-01", None),
        ("2015-12-31", None),
        ("2016-01-01", "outside_period"),
    ],
)
def test_period_is_inclusive_at_both_ends(admission, reason):
    s = scheme(ALLOWANCE)
    d = date.fromisoformat(admission)
    (r,) = run(
        s,
        Claim(kind="inpatient", admission=d, discharge=d, receipts=(receipt(),)),
        m=member(enrolled_on=date(2014, 1, 1)),
    )
    assert r.reason == reason


def test_not_enrolled_when_enrolled_after_the_covered_date():
    (r,) = run(
        scheme(ALLOWANCE),
        stay("2015-05-31", "2015-06-03"),
        m=member(enrolled_on=date(2015, 6, 1), renewal=True),
    )
    assert _rejected(r, "not_enrolled")


def test_waiting_period_for_a_first_enrollment():
    s = scheme(ALLOWANCE, extra="waiting_days = 30")
    first_time = member(enrolled_on=date(2015, 3, 1), renewal=False)
    inside, first_day = run(
        s, stay("2015-03-30", "2015-04-02"), stay("2015-03-31", "2015-04-02"), m=first_time
    )
    assert _rejected(inside, "waiting_period")
    assert first_day.payable  # 2015-03-01 + 30 days = 2015-03-31, the first covered day


def test_renewal_has_no_waiting_period():
    s = scheme(ALLOWANCE, extra="waiting_days = 30")
    (r,) = run(s, stay("2015-03-02", "2015-03-05"), m=member(enrolled_on=date(2015, 3, 1)))
    assert r.payable


def test_not_covered_when_no_benefit_applies_to_the_kind():
    (r,) = run(scheme(copay()), visit("2015-03-02", "100"))
    assert _rejected(r, "not_covered")


def test_reasons_are_checked_in_order():
    s = scheme(copay(), extra="waiting_days = 90")
    late = member(enrolled_on=date(2015, 6, 1), renewal=False)
    bad_and_outside = stay("2016-02-01", "2016-02-03", "100", total="1")
    outside_and_late = stay("2016-02-01", "2016-02-03", "100")
    late_and_waiting = stay("2015-05-01", "2015-05-03", "100")
    results = run(s, bad_and_outside, outside_and_late, late_and_waiting, m=late)
    assert [r.reason for r in results] == ["invalid_receipt", "outside_period", "not_enrolled"]


def test_rejected_claims_count_in_no_accumulation():
    s = scheme(copay("0.5", deductible='"1000"'), extra="waiting_days = 60")
    new = member(enrolled_on=date(2015, 1, 1), renewal=False)
    waiting, paid = run(
        s, stay("2015-02-01", "2015-02-03", "5000"), stay("2015-04-01", "2015-04-03", "1500"), m=new
    )
    assert waiting.reason == "waiting_period"
    assert str(paid.payout) == "250.00"  # the whole deductible still applies


@pytest.mark.parametrize(
    ("coverage", "period_year", "reason"),
    [
        ("admission", 2015, None),
        ("discharge", 2015, "outside_period"),
        ("admission", 2016, "outside_period"),
        ("discharge", 2016, None),
    ],
)
def test_coverage_date_admission_or_discharge(coverage, period_year, reason):
    s = scheme(ALLOWANCE, coverage=coverage)
    if period_year == 2016:
        s = replace(s, period_start=date(2016, 1, 1), period_end=date(2016, 12, 31))
    (r,) = run(s, stay("2015-12-20", "2016-01-05"))
    assert r.reason == reason


def test_waiting_period_is_measured_on_the_covered_date():
    claim = stay("2015-03-25", "2015-04-02")
    new = member(enrolled_on=date(2015, 1, 1), renewal=False)
    by_admission = scheme(ALLOWANCE, coverage="admission", extra="waiting_days = 90")
    by_discharge = scheme(ALLOWANCE, coverage="discharge", extra="waiting_days = 90")
    assert run(by_admission, claim, m=new)[0].reason == "waiting_period"
    assert run(by_discharge, claim, m=new)[0].payable  # 2015-04-02 >= 2015-04-01


# --------------------------------------------------------------------------- the API


def test_claims_are_taken_in_the_order_given_not_by_date():
    s = scheme(copay("0.5", deductible='"1000"'))
    results = run(
        s, stay("2015-09-01", "2015-09-03", "1000"), stay("2015-02-01", "2015-02-03", "600")
    )
    assert payouts(results) == ["0.00", "300.00"]


def test_calculate_last_is_the_last_of_calculate():
    s = scheme(copay("0.5", deductible='"1000"'), extra='annual_cap = "500.00"')
    claims = [stay("2015-02-01", "2015-02-03", "700"), stay("2015-05-01", "2015-05-03", "900")]
    new = stay("2015-09-01", "2015-09-03", "800")
    assert calculate_last(s, member(), claims, new) == calculate(s, member(), [*claims, new])[-1]


def test_a_ledger_copy_tries_a_claim_without_counting_it():
    s = scheme(copay("0.5", deductible='"1000"'))
    ledger = Ledger(s, member())
    ledger.add(stay("2015-02-01", "2015-02-03", "700"))
    trial = ledger.copy().add(stay("2015-05-01", "2015-05-03", "900"))
    real = ledger.add(stay("2015-05-01", "2015-05-03", "900"))
    assert trial == real and str(real.payout) == "300.00"


def test_the_callers_decimal_context_changes_nothing():
    s = scheme(copay("0.8"), rounding="yuan_floor")
    claim = stay("2015-08-01", "2015-08-11", "1487.99", deductible="800")
    expected = run(s, claim)
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_FLOOR
        assert run(s, claim) == expected
    assert str(expected[0].payout) == "1830.00"
