"""Properties of the calculation over generated schemes, members and claims (hypothesis).

Example counts are kept modest so the suite stays fast; the strategies cover every benefit
kind, scope, accumulation, rounding mode, uplift, cap and minimum payout.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.schemes.case import input_from_json, input_to_json
from desk_app.schemes.dump import dump_scheme
from desk_app.schemes.engine import Ledger, calculate
from desk_app.schemes.model import (
    COMPONENTS,
    Bracket,
    Claim,
    Copay,
    DailyAllowance,
    Fixed,
    LivingAllowance,
    LumpSum,
    MemberFacts,
    ReceiptAmounts,
    Scheme,
)
from desk_app.schemes.parse import parse_scheme

SELF_PAID = ("deductible", "copay", "over_cap", "class_b", "self_funded")
DISEASES = ("C50", "N18.5", "I63")
CLAIM_DISEASES = (None, "C50.9", "N18.5", "K35.8", "I63.1")
START = date(2015, 1, 1)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def cents(lo: int = 0, hi: int = 3_000_000) -> st.SearchStrategy[Decimal]:
    return st.integers(lo, hi).map(lambda n: Decimal(n) / 100)


def yuan(lo: int = 0, hi: int = 30_000, unit: int = 1) -> st.SearchStrategy[Decimal]:
    return st.integers(lo // unit, hi // unit).map(
        lambda n: Decimal(n * unit).quantize(Decimal("0.01"))
    )


rates = st.integers(0, 100).map(lambda n: Decimal(n) / 100)


@st.composite
def brackets(draw: st.DrawFn, unit: int = 1) -> tuple[Bracket, ...]:
    n = draw(st.integers(1, 4))
    bounds = sorted(draw(st.sets(st.integers(1, 300), min_size=n - 1, max_size=n - 1)))
    uptos = [Decimal(b * 100 * unit) for b in bounds] + [None]
    return tuple(Bracket(u, draw(rates)) for u in uptos)


@st.composite
def copays(draw: st.DrawFn, label: str) -> Copay:
    base = draw(st.lists(st.sampled_from(SELF_PAID), min_size=1, max_size=3, unique=True))
    uplift = draw(
        st.lists(
            st.tuples(st.sampled_from(["hardship", "model_worker", "female"]), rates),
            max_size=2,
            unique_by=lambda t: t[0],
        )
    )
    return Copay(
        label=label,
        base=tuple(base),
        brackets=draw(brackets()),
        deductible=draw(yuan(0, 2000)),
        deductible_scope=draw(st.sampled_from(["claim", "period"])),
        accumulate=draw(st.sampled_from(["claim", "period"])),
        uplift=tuple(uplift),
        applies_to=tuple(
            draw(
                st.lists(
                    st.sampled_from(["inpatient", "outpatient"]),
                    min_size=1,
                    max_size=2,
                    unique=True,
                )
            )
        ),
    )


@st.composite
def benefits(draw: st.DrawFn, label: str):
    kind = draw(st.sampled_from(["copay", "copay", "daily", "lump", "living", "fixed"]))
    if kind == "copay":
        return draw(copays(label))
    if kind == "daily":
        return DailyAllowance(
            label=label,
            rate=draw(cents(100, 10_000)),
            from_day=draw(st.integers(1, 5)),
            max_days=draw(st.none() | st.integers(1, 60)),
            max_amount=draw(st.none() | cents(100, 500_000)),
        )
    if kind == "lump":
        return LumpSum(label=label, amount=draw(cents(100, 500_000)), diseases=DISEASES[:2])
    if kind == "living":
        return LivingAllowance(
            label=label,
            monthly=draw(cents(100, 200_000)),
            max_months=draw(st.integers(1, 6)),
            diseases=DISEASES,
        )
    return Fixed(label=label, amount=draw(cents(100, 500_000)))


@st.composite
def schemes(draw: st.DrawFn, *, cap: bool = True, min_payout: bool = True) -> Scheme:
    n = draw(st.integers(1, 3))
    return Scheme(
        code="P-2015",
        name="生成的方案",
        region="测试市",
        plan="P",
        period_start=START,
        period_end=date(2015, 12, 31),
        premium_per_share=Decimal("50.00"),
        max_shares=3,
        coverage_date=draw(st.sampled_from(["admission", "discharge"])),
        rounding=draw(st.sampled_from(["cent", "yuan", "yuan_floor"])),
        benefits=tuple(draw(benefits(f"项目{i + 1}")) for i in range(n)),
        waiting_days=draw(st.integers(0, 90)),
        annual_cap=draw(st.none() | cents(10_000, 5_000_000)) if cap else None,
        min_payout=draw(st.sampled_from([Decimal(0), Decimal("50.00")]))
        if min_payout
        else Decimal(0),
    )


@st.composite
def receipts(draw: st.DrawFn, hi: int = 2_000_000) -> ReceiptAmounts:
    parts = {c: draw(cents(0, hi)) for c in COMPONENTS}
    return ReceiptAmounts(total=sum(parts.values(), Decimal(0)), **parts)


@st.composite
def claims(draw: st.DrawFn) -> Claim:
    kind = draw(st.sampled_from(["inpatient", "inpatient", "outpatient", "death"]))
    day = START + timedelta(days=draw(st.integers(-20, 380)))
    rs = tuple(draw(st.lists(receipts(), min_size=0 if kind == "death" else 1, max_size=3)))
    if kind == "inpatient":
        end = day + timedelta(days=draw(st.integers(0, 90)))
        return Claim(
            kind, rs, admission=day, discharge=end, disease=draw(st.sampled_from(CLAIM_DISEASES))
        )
    if kind == "outpatient":
        return Claim(kind, rs, visit_date=day, disease=draw(st.sampled_from(CLAIM_DISEASES)))
    return Claim(kind, rs, event_date=day)


members = st.builds(
    MemberFacts,
    shares=st.integers(1, 3),
    enrolled_on=st.dates(date(2014, 6, 1), date(2015, 6, 1)),
    renewal=st.booleans(),
    categories=st.lists(st.sampled_from(["hardship", "model_worker", "female"]), unique=True).map(
        tuple
    ),
    lump_sum_paid_before=st.booleans(),
)


# --------------------------------------------------------------------------- the cap


@FAST
@given(schemes(), members, st.lists(claims(), min_size=1, max_size=6))
def test_payout_never_exceeds_the_cap_left(scheme, member, cs):
    left = scheme.annual_cap * member.shares if scheme.annual_cap is not None else None
    paid = Decimal(0)
    for r in calculate(scheme, member, cs):
        assert r.payout >= 0
        if left is not None:
            assert r.payout <= left
            assert r.cap_left == left - r.payout
            left = r.cap_left
        else:
            assert r.cap_left is None
        if r.status == "rejected":
            assert r.payout == 0 and r.benefits == ()
        paid += r.payout
    if scheme.annual_cap is not None:
        assert paid <= scheme.annual_cap * member.shares


# --------------------------------------------------------------------------- monotone


@FAST
@given(
    schemes(),
    members,
    st.lists(claims(), min_size=1, max_size=4),
    st.sampled_from(SELF_PAID),
    cents(1, 500_000),
    st.data(),
)
def test_raising_a_self_paid_amount_never_lowers_the_payout(
    scheme, member, cs, component, more, data
):
    last = cs[-1]
    if not last.receipts:
        return
    i = data.draw(st.integers(0, len(last.receipts) - 1))
    r = last.receipts[i]
    raised_receipt = replace(r, total=r.total + more, **{component: r.component(component) + more})
    raised = replace(last, receipts=(*last.receipts[:i], raised_receipt, *last.receipts[i + 1 :]))
    before = calculate(scheme, member, cs)[-1]
    after = calculate(scheme, member, [*cs[:-1], raised])[-1]
    assert after.payout >= before.payout


# --------------------------------------------------------------------------- receipts


def _split(draw: st.DrawFn, r: ReceiptAmounts) -> tuple[ReceiptAmounts, ReceiptAmounts]:
    a = {c: draw(st.integers(0, int(r.component(c) * 100))) for c in COMPONENTS}
    first = {c: Decimal(a[c]) / 100 for c in COMPONENTS}
    second = {c: r.component(c) - first[c] for c in COMPONENTS}
    return (
        ReceiptAmounts(total=sum(first.values(), Decimal(0)), **first),
        ReceiptAmounts(total=sum(second.values(), Decimal(0)), **second),
    )


@FAST
@given(schemes(), members, st.lists(claims(), min_size=1, max_size=4), st.data())
def test_splitting_a_receipt_changes_nothing(scheme, member, cs, data):
    split: list[Claim] = []
    for c in cs:
        if c.receipts:
            i = data.draw(st.integers(0, len(c.receipts) - 1))
            a, b = _split(data.draw, c.receipts[i])
            c = replace(c, receipts=(*c.receipts[:i], a, b, *c.receipts[i + 1 :]))
        split.append(c)
    assert calculate(scheme, member, split) == calculate(scheme, member, cs)


# --------------------------------------------------------------------------- period accumulation


UNITS = {"cent": 1, "yuan": 100, "yuan_floor": 100}


@st.composite
def period_case(draw: st.DrawFn, exact: bool):
    """A scheme with one copay benefit accumulated over the period (deductible per period), no
    cap, no minimum payout; two stays and their sum as one stay. With ``exact``, every amount is
    a whole multiple of what the rounding keeps (yuan, or 100 yuan for the yuan modes), so the
    rounded bracket amounts add up exactly."""
    rounding = draw(st.sampled_from(["cent", "yuan", "yuan_floor"]))
    unit = UNITS[rounding] if exact else 1
    benefit = replace(
        draw(copays("累计分段")),
        deductible_scope="period",
        accumulate="period",
        brackets=draw(brackets(unit=unit)),
        deductible=draw(yuan(0, 2000, unit=unit)) if exact else draw(cents(0, 200_000)),
        applies_to=("inpatient",),
    )
    scheme = Scheme(
        code="P-2015",
        name="累计",
        region="测试市",
        plan="P",
        period_start=START,
        period_end=date(2015, 12, 31),
        premium_per_share=Decimal("50"),
        max_shares=1,
        coverage_date="admission",
        rounding=rounding,
        benefits=(benefit,),
    )
    amount = yuan(0, 30_000, unit=unit) if exact else cents(0, 3_000_000)
    parts = [{c: draw(amount) for c in SELF_PAID} for _ in range(2)]

    def stay(p: dict[str, Decimal], day: int) -> Claim:
        r = ReceiptAmounts(total=sum(p.values(), Decimal(0)), **p)
        d = START + timedelta(days=day)
        return Claim("inpatient", (r,), admission=d, discharge=d + timedelta(days=3))

    together = {c: parts[0][c] + parts[1][c] for c in SELF_PAID}
    return scheme, [stay(parts[0], 10), stay(parts[1], 100)], stay(together, 10)


MEMBER = MemberFacts(1, date(2014, 1, 1), True, ("hardship",))


@FAST
@given(period_case(exact=True))
def test_period_accumulation_pays_two_claims_as_one(case):
    scheme, two, one = case
    apart = sum((r.payout for r in calculate(scheme, MEMBER, two)), Decimal(0))
    (together,) = calculate(scheme, MEMBER, [one])
    assert apart == together.payout


@FAST
@given(period_case(exact=False))
def test_period_accumulation_differs_by_at_most_the_rounding_of_each_claim(case):
    """SCHEMES.md rounds each claim's F(S_i) − F(S_i−1); split in two, the rounding can differ
    by less than one rounding unit per extra claim, never more."""
    scheme, two, one = case
    apart = sum((r.payout for r in calculate(scheme, MEMBER, two)), Decimal(0))
    (together,) = calculate(scheme, MEMBER, [one])
    unit = Decimal("0.01") if scheme.rounding == "cent" else Decimal(1)
    assert abs(apart - together.payout) <= unit


# --------------------------------------------------------------------------- round trips


@FAST
@given(schemes())
def test_a_generated_scheme_survives_its_file(scheme):
    assert parse_scheme(dump_scheme(scheme)) == scheme


@FAST
@given(members, st.lists(claims(), max_size=4))
def test_engine_input_survives_json(member, cs):
    data = json.loads(json.dumps(input_to_json(member, cs)))
    case = input_from_json(data)
    assert case.member == member and case.claims == tuple(cs)


@FAST
@given(schemes(), members, st.lists(claims(), min_size=1, max_size=5))
def test_the_fast_path_without_explanation_gives_the_same_amounts(scheme, member, cs):
    explained = calculate(scheme, member, cs)
    ledger = Ledger(scheme, member, explain=False)
    quiet = [ledger.add(c) for c in cs]
    assert [replace(r, lines=()) for r in explained] == quiet
    assert all(r.lines for r in explained)
