"""Builders shared by the engine tests (no tests here): a scheme from a few TOML lines, members,
claims."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desk_app.schemes.engine import calculate
from desk_app.schemes.model import Claim, ClaimResult, MemberFacts, ReceiptAmounts, Scheme
from desk_app.schemes.parse import parse_scheme

HEAD = """
code = "T-2015"
name = "测试方案"
region = "测试市"
plan = "T"
period_start = 2015-01-01
period_end = 2015-12-31
premium_per_share = "50.00"
max_shares = 3
coverage_date = "{coverage}"
rounding = "{rounding}"
{extra}
"""


def scheme(
    benefits: str, *, rounding: str = "cent", coverage: str = "admission", extra: str = ""
) -> Scheme:
    """A 2015 calendar-year scheme with these ``[[benefits]]`` (TOML text)."""
    return parse_scheme(HEAD.format(coverage=coverage, rounding=rounding, extra=extra) + benefits)


def copay(rate: str = "0.5", **keys: str) -> str:
    """One copay benefit; ``keys`` are extra TOML lines (key = raw TOML value)."""
    lines = ["[[benefits]]", 'kind = "copay"', 'label = "自付报销"']
    keys.setdefault("base", '["deductible", "copay"]')
    keys.setdefault("brackets", f'[{{ rate = "{rate}" }}]')
    lines += [f"{k} = {v}" for k, v in keys.items()]
    return "\n".join(lines) + "\n"


def member(
    *,
    shares: int = 1,
    enrolled_on: date = date(2014, 12, 1),
    renewal: bool = True,
    categories: tuple[str, ...] = (),
    lump_sum_paid_before: bool = False,
) -> MemberFacts:
    return MemberFacts(shares, enrolled_on, renewal, categories, lump_sum_paid_before)


def receipt(**amounts: str) -> ReceiptAmounts:
    """A receipt with these components; the total is their sum (plus fund_paid 100)."""
    values = {k: Decimal(v) for k, v in amounts.items()}
    values.setdefault("fund_paid", Decimal("100.00"))
    total = values.pop("total", None)
    r = ReceiptAmounts(total=Decimal(0), **values)
    return ReceiptAmounts(total=total if total is not None else r.components_sum(), **values)


def stay(
    admission: str,
    discharge: str,
    copay: str = "0",
    *,
    disease: str | None = None,
    **components: str,
) -> Claim:
    """An inpatient claim with one receipt whose ``copay`` component is given."""
    return Claim(
        kind="inpatient",
        admission=date.fromisoformat(admission),
        discharge=date.fromisoformat(discharge),
        disease=disease,
        receipts=(receipt(copay=copay, **components),),
    )


def visit(day: str, copay: str = "0", **components: str) -> Claim:
    return Claim(
        kind="outpatient",
        visit_date=date.fromisoformat(day),
        receipts=(receipt(copay=copay, **components),),
    )


def death(day: str) -> Claim:
    return Claim(kind="death", event_date=date.fromisoformat(day))


def run(s: Scheme, *claims: Claim, m: MemberFacts | None = None) -> tuple[ClaimResult, ...]:
    return calculate(s, m or member(), claims)


def amounts(result: ClaimResult) -> list[str]:
    return [str(b.amount) for b in result.benefits]


def payouts(results: tuple[ClaimResult, ...]) -> list[str]:
    return [str(r.payout) for r in results]
