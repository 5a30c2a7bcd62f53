"""Engine throughput (claims/s), against the same arithmetic written as a plain ``Decimal`` loop.

The Decimal loop is the simplest exact thing that computes the same payouts for this scheme
(period deductible, the period's cumulative base split into the brackets it crosses, daily
allowance, yuan rounding, a cap per share, a claim refused at the cap counted in nothing): the
floor of exact money in Python, so the ratio says what the general rules, the checks and the
explanation lines cost on top of it (targets: 3× amounts only, 5× with 计算过程). Every run
checks that the engine and the loop pay the same to the fen. A float loop of the same
arithmetic is timed once at setup and shown in a note, to say what Decimal itself costs (and
floats cannot hold fen exactly, so the engine may never be one).
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from benchmarks.harness import Benchmark
from desk_app.schemes.engine import Ledger
from desk_app.schemes.model import Claim, MemberFacts, ReceiptAmounts, Scheme
from desk_app.schemes.parse import parse_scheme

SCHEME_TEXT = """
code = "BENCH-2015"
name = "基准方案"
region = "测试市"
plan = "BENCH"
period_start = 2015-01-01
period_end = 2015-12-31
premium_per_share = "50.00"
max_shares = 2
coverage_date = "admission"
rounding = "yuan"
annual_cap = "30000.00"

[[benefits]]
kind = "copay"
label = "自付分段"
base = ["deductible", "copay"]
deductible = "500"
accumulate = "period"
brackets = [ { upto = "5000", rate = "0.5" }, { upto = "10000", rate = "0.6" }, { rate = "0.7" } ]

[[benefits]]
kind = "daily_allowance"
label = "住院津贴"
rate = "25.00"
from_day = 2
"""
BRACKETS = [(5000.0, 0.5), (10000.0, 0.6), (math.inf, 0.7)]


@dataclass
class Work:
    scheme: Scheme
    persons: list[tuple[MemberFacts, list[Claim]]]
    floats: list[tuple[int, list[tuple[float, int]]]]  # shares, [(base, days)]
    claims: int


def _setup(persons: int) -> Work:
    rng = random.Random(5)
    scheme = parse_scheme(SCHEME_TEXT)
    out: list[tuple[MemberFacts, list[Claim]]] = []
    floats: list[tuple[int, list[tuple[float, int]]]] = []
    n = 0
    for _ in range(persons):
        member = MemberFacts(rng.choice((1, 2)), date(2014, 12, 1), True, ())
        claims: list[Claim] = []
        fl: list[tuple[float, int]] = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            day = date(2015, 1, 1) + timedelta(days=rng.randrange(350))
            stay = rng.randrange(1, 30)
            receipts = []
            base = 0
            for _ in range(rng.choice((1, 2))):
                d, c, f = (
                    rng.randrange(0, 80000),
                    rng.randrange(0, 1500000),
                    rng.randrange(0, 9000000),
                )
                base += d + c
                receipts.append(
                    ReceiptAmounts(
                        total=Decimal(d + c + f) / 100,
                        fund_paid=Decimal(f) / 100,
                        deductible=Decimal(d) / 100,
                        copay=Decimal(c) / 100,
                    )
                )
            claims.append(
                Claim("inpatient", tuple(receipts), admission=day, discharge=day + timedelta(stay))
            )
            fl.append((base / 100, stay))
            n += 1
        out.append((member, claims))
        floats.append((member.shares, fl))
    return Work(scheme, out, floats, n)


def _engine(work: Work, explain: bool) -> Decimal:
    total = Decimal(0)
    for member, claims in work.persons:
        for r in Ledger(work.scheme, member, explain=explain).add_all(claims):
            total += r.payout
    return total


def _float_loop(work: Work) -> float:
    """The same calculation in floats, the same steps as the Decimal loop: what a spreadsheet
    formula would do."""
    total = 0.0
    for shares, claims in work.floats:
        cap_left = 30000.0 * shares
        raw = cumulative = 0.0
        for base, days in claims:
            if cap_left <= 0:
                continue
            b = max(0.0, raw + base - 500.0) - max(0.0, raw - 500.0)
            raw += base
            low, high = cumulative, cumulative + b
            amount = bottom = 0.0
            for upto, rate in BRACKETS:
                a = max(low, bottom)
                top = min(high, upto)
                if top > a:
                    amount += (top - a) * rate
                if upto >= high:
                    break
                bottom = upto
            copay = math.floor(amount + 0.5)
            cumulative = high
            allowance = math.floor(max(0, days - 1) * 25.0 + 0.5)
            pay = min(copay + allowance, cap_left)
            cap_left -= pay
            total += pay
    return total


D_BRACKETS = [
    (Decimal(5000), Decimal("0.5")),
    (Decimal(10000), Decimal("0.6")),
    (None, Decimal("0.7")),
]
D0 = Decimal(0)
D500 = Decimal(500)
YUAN = Decimal(1)


def _decimal_loop(work: Work) -> Decimal:
    """The same calculation with exact decimals, written straight for this one scheme, from the
    same input objects: each claim's receipts summed, its days from its dates (at least 1), a
    claim refused once the cap is used up (and then counted in no total), the period's
    deductible, the period's cumulative base split into the brackets it crosses (each piece
    times its rate), each benefit rounded half up to the yuan, the cap per share. The floor of
    exact money in Python. It checks nothing (the engine checks every receipt and date)."""
    total = D0
    cap = Decimal(30000)
    allowance_rate = Decimal(25)
    for member, claims in work.persons:
        cap_left = cap * member.shares
        raw = cumulative = D0
        for claim in claims:
            if cap_left <= D0:
                continue  # cap_reached: rejected, counted in nothing
            base = D0
            for r in claim.receipts:
                base += r.deductible + r.copay
            days = max(1, (claim.discharge - claim.admission).days)  # type: ignore[operator]
            b = max(D0, raw + base - D500) - max(D0, raw - D500)
            raw += base
            low, high = cumulative, cumulative + b
            amount = D0
            bottom = D0
            for upto, rate in D_BRACKETS:  # the part of (low, high] in each bracket
                a = low if low > bottom else bottom
                top = high if upto is None or high < upto else upto
                if top > a:
                    amount += (top - a) * rate
                if upto is None or upto >= high:
                    break
                bottom = upto
            copay = amount.quantize(YUAN, rounding=ROUND_HALF_UP)
            cumulative = high
            allowance = (max(0, days - 1) * allowance_rate).quantize(YUAN, rounding=ROUND_HALF_UP)
            pay = min(copay + allowance, cap_left)
            cap_left -= pay
            total += pay
    return total


def _checked(work: Work, explain: bool, expected: Decimal) -> None:
    """Ours, checked against the loop's total to the fen (a wrong engine's speed is no figure)."""
    ours = _engine(work, explain)
    assert ours == expected, f"engine paid {ours}, the Decimal loop {expected}"


def benchmarks(quick: bool) -> list[Benchmark]:
    work = _setup(2_000 if quick else 20_000)
    t0 = time.perf_counter()
    _float_loop(work)
    floats = time.perf_counter() - t0
    t0 = time.perf_counter()
    expected = _decimal_loop(work)
    decimals = time.perf_counter() - t0
    note = (
        f"a float loop of the same arithmetic took {floats * 1e3:.1f} ms, the Decimal loop "
        f"{decimals * 1e3:.1f} ms ({decimals / floats:.1f}×): what exact decimals cost alone"
    )
    return [
        Benchmark(
            name="engine: claims with 计算过程" if explain else "engine: claims, amounts only",
            setup=lambda: work,
            run=(lambda w, e=explain: _checked(w, e, expected)),  # type: ignore[misc]
            baseline=_decimal_loop,
            baseline_name="plain Decimal loop, same arithmetic",
            items=work.claims,
            unit="claims",
            repeat=3 if quick else 5,
            target="≤ 5× the Decimal loop" if explain else "≤ 3× the Decimal loop",
            notes=[] if explain else [note],
        )
        for explain in (True, False)
    ]
