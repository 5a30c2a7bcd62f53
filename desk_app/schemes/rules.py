"""The small rules of the calculation (``SCHEMES.md``): rounding, hospital days, listed
diseases, the covered date, progressive brackets, and what makes a claim ``invalid_receipt``.
Pure functions, used by :mod:`desk_app.schemes.engine` and the simulation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from desk_app.schemes import explain as ex
from desk_app.schemes.model import COMPONENTS, Claim, ReceiptAmounts, Scheme
from desk_app.terms import DATE_NAMES

CENT = Decimal("0.01")
YUAN = Decimal("1")
_NOTHING = Decimal(0)  # compared with a Decimal zero: cheaper than with the int 0


def round_amount(amount: Decimal, rounding: str) -> Decimal:
    """A benefit amount rounded per the scheme: ``cent`` half up to the fen, ``yuan`` half up
    to the yuan, ``yuan_floor`` dropping the jiao and fen. Always two decimals."""
    if rounding == "cent":
        return amount.quantize(CENT, ROUND_HALF_UP)
    if rounding == "yuan":
        return amount.quantize(YUAN, ROUND_HALF_UP).quantize(CENT)
    if rounding == "yuan_floor":
        return amount.quantize(YUAN, ROUND_DOWN).quantize(CENT)
    raise ValueError(f"unknown rounding {rounding!r}")


def hospital_days(admission: date, discharge: date) -> int:
    """住院天数: discharge minus admission, at least 1 (same-day discharge is one day)."""
    return max(1, (discharge - admission).days)


def disease_listed(disease: str | None, codes: tuple[str, ...]) -> str | None:
    """The listed code that covers ``disease`` (``C50`` covers ``C50.9``), or ``None``."""
    if not disease:
        return None
    d = disease.strip().upper()
    for code in codes:
        if d == code or d.startswith(code + "."):
            return code
    return None


def covered_date(scheme: Scheme, claim: Claim) -> date | None:
    """The date that must be covered: admission or discharge (per the scheme) for a hospital
    stay, the visit date for outpatient, the event date for death."""
    if claim.kind == "inpatient":
        return claim.admission if scheme.coverage_date == "admission" else claim.discharge
    if claim.kind == "outpatient":
        return claim.visit_date
    return claim.event_date


def progressive(
    brackets: Sequence[tuple[Decimal | None, Decimal]], low: Decimal, high: Decimal
) -> list[tuple[int, Decimal, Decimal]]:
    """The parts of the interval ``(low, high]`` in each bracket: ``(index, base, rate)``.

    ``sum(base × rate)`` is ``F(high) − F(low)`` for the progressive function ``F`` of the
    brackets (SCHEMES.md); with ``low = 0`` it is ``F(high)``.
    """
    out: list[tuple[int, Decimal, Decimal]] = []
    bottom = Decimal(0)
    for i, (upto, rate) in enumerate(brackets):
        a = low if low > bottom else bottom
        b = high if upto is None or high < upto else upto
        if b > a:
            out.append((i, b - a, rate))
        if upto is None or upto >= high:
            break
        bottom = upto
    return out


def _invalid_money(d: Decimal) -> bool:
    # The exact ratio, not a quantize (which refuses amounts beyond the precision).
    return not d.is_finite() or 100 % d.as_integer_ratio()[1] != 0


def plainly_valid(claim: Claim) -> bool:
    """The quick check that nearly every claim passes (the words come only when it fails):
    its dates, and receipts of exact, non-negative cents whose components add up to the total.
    A zero needs no exactness check; NaN or infinity from a careless caller fails."""
    kind = claim.kind
    if kind == "inpatient":
        if claim.admission is None or claim.discharge is None or claim.admission > claim.discharge:
            return False
    elif kind == "outpatient":
        if claim.visit_date is None:
            return False
    elif kind != "death" or claim.event_date is None:
        return False
    if not claim.receipts and kind != "death":
        return False
    try:
        return _whole_fen(claim.receipts, True)
    except (ArithmeticError, ValueError):
        # The remainder is refused when its quotient would not fit the precision (or on NaN or
        # infinity): decide by the exact ratios alone.
        try:
            return _whole_fen(claim.receipts, False)
        except (ArithmeticError, ValueError):  # NaN or infinity from a careless caller
            return False


def _whole_fen(receipts: Sequence[ReceiptAmounts], quick: bool) -> bool:
    """Receipts of whole, non-negative fen whose components add up to the total. ``quick``
    first asks the remainder by a fen (cheaper than the exact ratio, which then only decides a
    receipt with a negative or a remainder); it may raise where the exact ratio does not."""
    for r in receipts:
        a, b, c, d, e, f, g = (
            r.fund_paid,
            r.other_paid,
            r.deductible,
            r.copay,
            r.over_cap,
            r.class_b,
            r.self_funded,
        )
        # Components of whole non-negative fen add up (even rounded, in any precision) to
        # whole non-negative fen, so a total equal to their sum needs no check of its own;
        # a NaN or infinite total is never equal to it. (The order of the tests changes no
        # answer: a failed one is a failure whatever comes before it, and what raises in the
        # quick pass is asked again by the exact ratios.)
        if a + b + c + d + e + f + g != r.total:
            return False
        if quick:
            # A zero is whole; any other component is tested inline (one expression, not a
            # loop: this runs on every receipt of every claim).
            z = _NOTHING
            if not (
                (a and (a < z or a % CENT))
                or (b and (b < z or b % CENT))
                or (c and (c < z or c % CENT))
                or (d and (d < z or d % CENT))
                or (e and (e < z or e % CENT))
                or (f and (f < z or f % CENT))
                or (g and (g < z or g % CENT))
            ):
                continue
        for v in (a, b, c, d, e, f, g):
            # as_integer_ratio is exact: a whole number of fen has a denominator dividing 100.
            if v and (v < _NOTHING or 100 % v.as_integer_ratio()[1]):
                return False
    return True


def receipt_problems(claim: Claim) -> list[str]:
    """Why a claim is ``invalid_receipt`` (SCHEMES.md rule 1), in words; empty when it is not."""
    if plainly_valid(claim):
        return []
    problems: list[str] = []
    kind = ex.claim_kind(claim.kind)
    if claim.kind in ("inpatient", "outpatient") and not claim.receipts:
        problems.append(f"{kind}申请没有票据")
    for n, r in enumerate(claim.receipts, start=1):
        amounts = [("total", "医疗费总额", r.total)] + [
            (c, ex.component(c), r.component(c)) for c in COMPONENTS
        ]
        bad = False
        for _key, name, value in amounts:
            if _invalid_money(value):
                problems.append(f"第 {n} 张票据的{name} {value} 不是精确到分的金额")
                bad = True
            elif value < 0:
                problems.append(f"第 {n} 张票据的{name}为负数（{ex.money(value)}）")
                bad = True
        if not bad and r.components_sum() != r.total:
            problems.append(
                f"第 {n} 张票据的医疗费总额 {ex.money(r.total)} 与各分项之和 "
                f"{ex.money(r.components_sum())} 不符"
            )
    if claim.kind == "inpatient":
        if claim.admission is None:
            problems.append("缺少入院日期")
        if claim.discharge is None:
            problems.append("缺少出院日期")
        if (
            claim.admission is not None
            and claim.discharge is not None
            and claim.admission > claim.discharge
        ):
            problems.append(f"入院日期 {claim.admission} 晚于出院日期 {claim.discharge}")
    elif claim.kind == "outpatient":
        if claim.visit_date is None:
            problems.append("缺少就诊日期")
    elif claim.kind == "death":
        if claim.event_date is None:
            problems.append("缺少身故日期")
    else:
        problems.append(f"未知的申请类别 {claim.kind}")
    return problems


def date_name(scheme: Scheme, claim: Claim) -> str:
    if claim.kind == "inpatient":
        return DATE_NAMES[scheme.coverage_date][0]
    if claim.kind == "outpatient":
        return DATE_NAMES["visit_date"][0]
    return DATE_NAMES["event_date"][0]


# The text of a day (what ``f"{day}"`` gives), kept: formatting a date costs several times
# looking it up, and a period's claims fall on a few hundred days.
_DAYS: dict[date, str] = {}


def _day(d: date) -> str:
    if len(_DAYS) >= 4096:
        _DAYS.clear()
    text = _DAYS[d] = str(d)
    return text


# The words of a hospital stay (``住院 2015-03-22 至 2015-03-26，住院 4 天``) by its dates, kept
# the same way: a period's stays fall on a few thousand pairs of days.
_STAYS: dict[tuple[date, date], str] = {}


def _stay(admission: date, discharge: date) -> str:
    if len(_STAYS) >= 16384:
        _STAYS.clear()
    a = _DAYS.get(admission) or _day(admission)
    b = _DAYS.get(discharge) or _day(discharge)
    n = hospital_days(admission, discharge)
    text = _STAYS[admission, discharge] = f"住院 {a} 至 {b}，住院 {n} 天"
    return text


def header(claim: Claim) -> str:
    """The claim in one line: kind, dates, disease."""
    if claim.kind == "inpatient":
        admission, discharge = claim.admission, claim.discharge
        if admission is not None and discharge is not None and admission <= discharge:
            text = _STAYS.get((admission, discharge)) or _stay(admission, discharge)
            if claim.ref:
                text = f"{claim.ref} {text}"
            if claim.disease:
                text = f"{text}，疾病 {claim.disease}"
            return text
    ref = f"{claim.ref} " if claim.ref else ""
    disease = f"，疾病 {claim.disease}" if claim.disease else ""
    if claim.kind == "inpatient":
        return f"{ref}住院 {ex.day(claim.admission)} 至 {ex.day(claim.discharge)}{disease}"
    if claim.kind == "outpatient":
        return f"{ref}门诊 {ex.day(claim.visit_date)}{disease}"
    return f"{ref}{ex.claim_kind(claim.kind)} {ex.day(claim.event_date)}{disease}"
