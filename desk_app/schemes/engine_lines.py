"""The 计算过程 lines of the benefits whose explanation takes more than a line: a copay (the base,
the deductible, the brackets, the rounding) and a daily allowance (the days counted, the
period's limits). Called by :mod:`desk_app.schemes.engine` only when lines are asked for.

What a benefit's lines always say the same way (its label, the component names, the deductible,
each bracket's range and rate, the uplift note) is put into words once per benefit (and uplift)
by :func:`copay_words` / :func:`allowance_words` and kept in the scheme's plan; each claim then
formats only its own figures, each figure once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from desk_app.schemes import explain as ex
from desk_app.schemes.engine_plan import ZERO, Rates
from desk_app.schemes.model import (
    BracketPart,
    Copay,
    DailyAllowance,
    Fixed,
    LivingAllowance,
    LumpSum,
)
from desk_app.schemes.rules import disease_listed

# Figures are formatted inline (``{x:,.2f}``, what explain.money does): every line is made
# inside the engine's context, which rounds half up, so the format alone rounds to the fen.
# The engine's own zero (the running totals' start) is known by identity and not formatted.

CENT = Decimal("0.01")
_STEPS = {"cent": "", "yuan_floor": "，取整 ", "yuan": "，四舍五入到元 "}


@dataclass(frozen=True)
class CopayWords:
    """What a copay's lines say the same way on every claim, for one uplift."""

    label: str  # "自付分段："
    names: tuple[str, ...]  # each base component's name and a space, in the base's order
    several: bool  # the base has more than one component (a breakdown may be shown)
    base_line: str  # "自付分段：起付标准自付 " (the base line without a breakdown)
    name: str  # what the base is called after the deductible is taken ("计算基数")
    deductible: str  # the deductible line up to its first figure ("" without a deductible)
    per_claim: bool  # the deductible is borne by each claim
    no_deductible: bool  # the deductible is zero (the base line carries the calculation)
    period: bool  # the brackets measure the period's cumulative base
    single: str  # one bracket measured per claim: " × 80% = " (with the uplift note)
    note: str  # the uplift note after "分段"
    ranges: tuple[str, ...]  # each bracket's range and a space
    rates: tuple[str, ...]  # each bracket's " × 50% = "
    cut: bool  # yuan modes show unrounded figures cut to the fen (see explain.shown)
    step: str  # the rounding step's words ("" in cent mode)
    # The figures that come back claim after claim, formatted once: the deductible (d), what
    # the first claim takes of it (d − 0) and what is left to take once it is used (d − d),
    # each the same operation on the same figures as the claim's own.
    d: Decimal
    d_t: str
    d0_t: str
    dd_t: str
    # A whole bracket's part (the rates' own, see engine_plan.bracket_rates), its piece's text
    # and its amount's text as shown ("" for the open bracket).
    wholes: tuple[BracketPart | None, ...]
    whole_pieces: tuple[str, ...]
    whole_amounts: tuple[str, ...]


def copay_words(
    b: Copay,
    rounding: str,
    uplift: tuple[Decimal, str],
    rates: Rates,
) -> CopayWords:
    """A copay's fixed words for members with this uplift (and so these rates). Made inside the
    engine's context (the figures are formatted as the claims' are)."""
    up, who = uplift
    note = ""
    if up > 0:
        note = f"（已含{ex.category(who)}提高 {ex.pct(up)}"
        if any(br.rate + up > 1 for br in b.brackets):
            note += "，以 100% 为限"
        note += "）"
    single = note
    if up > 0:
        capped = "，以 100% 为限" if b.brackets[0].rate + up > 1 else ""
        single = f"（{ex.pct(b.brackets[0].rate)} + {ex.category(who)} {ex.pct(up)}{capped}）"
    d = b.deductible
    if d > 0 and b.deductible_scope == "claim":
        deductible = f"起付线 {d:,.2f}（每次申请），本次抵扣 "
    elif d > 0:
        deductible = f"起付线 {d:,.2f}（本保障期累计），此前已抵扣 "
    else:
        deductible = ""
    name = ex.component(b.base[0]) if len(b.base) == 1 else "自付合计"
    ranges = tuple(f"{ex.bracket_range(b.brackets, j)} " for j in range(len(b.brackets)))
    rates_t = tuple(f" × {ex.pct(rate)} = " for _, rate, _ in rates)
    cut = rounding != "cent"
    wholes = tuple(whole for _, _, whole in rates)
    whole_amounts = tuple("" if p is None else _shown(p.amount, cut) for p in wholes)
    return CopayWords(
        label=f"{b.label}：",
        names=tuple(f"{ex.component(c)} " for c in b.base),
        several=len(b.base) > 1,
        base_line=f"{b.label}：{name} ",
        name="计算基数" if d > 0 else name,
        deductible=deductible,
        per_claim=b.deductible_scope == "claim",
        no_deductible=d == 0,
        period=b.accumulate == "period",
        single=(
            f" × {ex.pct(rates[0][1])}{single}{'= ' if single else ' = '}"
            if len(b.brackets) == 1
            else ""
        ),
        note=note,
        ranges=ranges,
        rates=rates_t,
        cut=cut,
        step=_STEPS[rounding],
        d=d,
        d_t=f"{d:,.2f}",
        d0_t=f"{d - ZERO:,.2f}",
        dd_t=f"{d - d:,.2f}",
        wholes=wholes,
        whole_pieces=tuple(
            "" if p is None else f"{ranges[j]}{p.base:,.2f}{rates_t[j]}{whole_amounts[j]}"
            for j, p in enumerate(wholes)
        ),
        whole_amounts=whole_amounts,
    )


def _shown(amount: Decimal, cut: bool) -> str:
    """A bracket's amount as the form shows it: cut to the fen in the yuan modes."""
    return f"{amount.quantize(CENT, ROUND_DOWN):,.2f}" if cut else f"{amount:,.2f}"


def copay_lines(
    lines: list[str],
    w: CopayWords,
    values: list[Decimal],
    raw: Decimal,
    base: Decimal,
    old_raw: Decimal,
    new_raw: Decimal,
    low: Decimal,
    low_t: str,
    high: Decimal,
    parts: tuple[BracketPart, ...],
    raw_amount: Decimal,
    amount: Decimal,
) -> str:
    """计算过程 of a copay (base, deductible, brackets, rounding), added to ``lines``; ``values``
    are the base's components, ``low_t`` is ``low`` as the last claim showed it ("" if not).
    Returns ``high`` as shown (the period's cumulative base, for the next claim) or ""."""
    raw_t = f"{raw:,.2f}"
    breakdown = False
    if w.several:  # two components said without a list (the usual base)
        if len(values) == 2:
            v0, v1 = values
            if v0 and v1:
                n0, n1 = w.names
                lines.append(f"{w.label}{n0}{v0:,.2f} + {n1}{v1:,.2f} = 自付合计 {raw_t}")
                breakdown = True
        else:
            breakdown = _breakdown(lines, w, values, raw_t)
    if not breakdown:
        lines.append(f"{w.base_line}{raw_t}")
    base_t = f"{base:,.2f}"
    if w.deductible:
        d = w.d
        if w.per_claim:  # this claim takes raw if raw < d else d
            lines.append(f"{w.deductible}{raw_t if raw < d else w.d_t}，计算基数 {base_t}")
        else:  # taken before: old_raw if old_raw < d else d; now: the rest up to new_raw
            if old_raw < d:
                before_t = "0.00" if old_raw is ZERO else f"{old_raw:,.2f}"
                if new_raw < d:
                    now_t = f"{new_raw - old_raw:,.2f}"
                else:
                    now_t = w.d0_t if old_raw is ZERO else f"{d - old_raw:,.2f}"
            else:
                before_t = w.d_t
                now_t = f"{new_raw - d:,.2f}" if new_raw < d else w.dd_t
            lines.append(f"{w.deductible}{before_t}，本次抵扣 {now_t}，计算基数 {base_t}")
    # The amount before rounding as the form shows it (when a line shows it), then the step.
    pieces = total = ""
    cut = w.cut
    if parts and not (w.single and not w.period):  # one bracket per claim: no pieces shown
        pieces, total = _pieces(w, parts)  # one part's sum (from zero) is its amount: shown
    if len(parts) > 1 or (w.single and not w.period):
        total = f"{raw_amount.quantize(CENT, ROUND_DOWN):,.2f}" if cut else f"{raw_amount:,.2f}"
    if total and cut and raw_amount != amount:
        total = f"{total}{w.step}{amount:,.2f}"
    if w.period:
        if low is ZERO:  # the first claim's: nothing yet, and the cumulative is this base
            low_t, high_t = "0.00", base_t
        else:
            low_t = low_t or f"{low:,.2f}"
            high_t = f"{high:,.2f}"
        calc = f"分段{w.note}：{pieces}；合计 {total}" if parts else f"本项 {amount:,.2f}"
        lines.append(f"本保障期累计 {low_t} → {high_t}，本次 {base_t}，{calc}")
        return high_t
    if w.single:
        calc = f"{w.single}{total}"
    elif parts:
        calc = f" 分段{w.note}：{pieces}；合计 {total}"
    else:
        calc = f"，本项 {amount:,.2f}"
    if w.no_deductible and not breakdown:
        lines[-1] += calc  # the base line itself carries the calculation
    else:
        lines.append(f"{w.name} {base_t}{calc}")
    return ""


def _breakdown(lines: list[str], w: CopayWords, values: list[Decimal], raw_t: str) -> bool:
    """The base line with its components, when more than one is not zero (added to
    ``lines``); whether it was."""
    shown = [f"{n}{v:,.2f}" for n, v in zip(w.names, values, strict=True) if v]
    if len(shown) > 1:
        lines.append(f"{w.label}{' + '.join(shown)} = 自付合计 {raw_t}")
        return True
    return False


def _pieces(w: CopayWords, parts: tuple[BracketPart, ...]) -> tuple[str, str]:
    """``0～5,000.00 段 5,000.00 × 40% = 2,000.00；…`` (what explain.bracket_pieces says), and
    the last piece's amount as shown. A whole bracket's piece is said the same every time."""
    wholes, cut = w.wholes, w.cut
    text = last = ""
    for p in parts:
        j = p.index
        if p is wholes[j]:
            piece = w.whole_pieces[j]
            last = w.whole_amounts[j]
        else:
            last = f"{p.amount.quantize(CENT, ROUND_DOWN):,.2f}" if cut else f"{p.amount:,.2f}"
            piece = f"{w.ranges[j]}{p.base:,.2f}{w.rates[j]}{last}"
        text = f"{text}；{piece}" if text else piece
    return text, last


@dataclass(frozen=True)
class AllowanceWords:
    """What a daily allowance's lines say the same way on every claim."""

    first: str  # "住院津贴：住院 "
    from_day: str  # "，第 2 天起计 " ("" from the first day)
    max_days: str  # "；本期最多 60 天，此前已计 " ("" without a limit of days)
    rate: str  # " 天 × 25.00 = "
    max_amount: str  # "；本期最高 7,200.00，此前已付 " ("" without a limit of amount)
    plain: bool  # nothing to say about the days: one line
    step: str  # the rounding step's words ("" in cent mode)


def allowance_words(b: DailyAllowance, rounding: str) -> AllowanceWords:
    return AllowanceWords(
        first=f"{b.label}：住院 ",
        from_day=f"，第 {b.from_day} 天起计 " if b.from_day > 1 else "",
        max_days=f"；本期最多 {b.max_days} 天，此前已计 " if b.max_days is not None else "",
        rate=f" 天 × {b.rate:,.2f} = ",
        max_amount=(
            f"；本期最高 {b.max_amount:,.2f}，此前已付 " if b.max_amount is not None else ""
        ),
        plain=b.from_day == 1 and b.max_days is None,
        step=_STEPS[rounding],
    )


def allowance_lines(
    w: AllowanceWords,
    before_days: int,
    before_amount: Decimal,
    days: int,
    after_from: int,
    paid_days: int,
    full: Decimal,
    raw: Decimal,
    amount: Decimal,
) -> tuple[str, ...]:
    """计算过程 of a daily allowance: the days counted, the period's limits, the rounding."""
    second = f"{paid_days}{w.rate}{full:,.2f}"
    if w.max_amount:
        second += f"{w.max_amount}{before_amount:,.2f}"
        if raw < full:
            second += f"，本次按 {raw:,.2f} 计"
    if w.step and raw != amount:
        second += f"{w.step}{amount:,.2f}"
    if w.plain:  # nothing to say about the days
        return (f"{w.first}{second}",)
    first = f"{w.first}{days} 天"
    if w.from_day:
        first += f"{w.from_day}{after_from} 天"
    if w.max_days:
        first += f"{w.max_days}{before_days} 天，本次计 {paid_days} 天"
    return (first, second)


def sum_line(b: LumpSum | Fixed, disease: str | None, amount: Decimal, rounding: str) -> str:
    """计算过程 of a fixed sum: a lump sum on a listed disease, or a fixed sum for an event."""
    step = ex.rounding_step(b.amount, amount, rounding)
    if isinstance(b, LumpSum):
        code = disease_listed(disease, b.diseases)
        return f"{b.label}：疾病 {disease} 属病种目录（{code}），给付 {b.amount:,.2f}{step}"
    return f"{b.label}：给付 {b.amount:,.2f}{step}"


def living_lines(
    b: LivingAllowance,
    disease: str | None,
    days: int,
    counted: int,
    raw: Decimal,
    amount: Decimal,
    rounding: str,
) -> list[str]:
    """计算过程 of a living allowance: the stay, the days counted, the rounding."""
    limit = b.max_months * 30
    code = disease_listed(disease, b.diseases)
    first = f"{b.label}：疾病 {disease} 属病种目录（{code}），本期首次住院 {days} 天"
    if days > limit:
        first += f"，最多计 {b.max_months} 个月即 {limit} 天"
    return [
        first,
        f"每月 {b.monthly:,.2f} ÷ 30 × {counted} 天 = {ex.shown(raw, rounding)}"
        + ex.rounding_step(raw, amount, rounding),
    ]
