"""The 计算过程 lines of the benefits whose explanation takes more than a line: a copay (the base,
the deductible, the brackets, the rounding) and a daily allowance (the days counted, the
period's limits). Called by :mod:`desk_app.schemes.engine` only when lines are asked for."""

from __future__ import annotations

from decimal import Decimal

from desk_app.schemes import explain as ex
from desk_app.schemes.model import BracketPart, Copay, DailyAllowance

# Figures are formatted inline (``{x:,.2f}``, what explain.money does): every line is made
# inside the engine's context, which rounds half up, so the format alone rounds to the fen.


def copay_lines(
    b: Copay,
    rounding: str,
    uplift: tuple[Decimal, str],
    rates: list[tuple[Decimal | None, Decimal]],
    by_component: list[tuple[str, Decimal]],
    raw: Decimal,
    base: Decimal,
    used_before: Decimal,
    used_now: Decimal,
    low: Decimal,
    high: Decimal,
    parts: tuple[BracketPart, ...],
    raw_amount: Decimal,
    amount: Decimal,
) -> list[str]:
    """计算过程 of a copay benefit: the base, the deductible, the brackets, the rounding."""
    nonzero = [(c, v) for c, v in by_component if v]
    breakdown = len(b.base) > 1 and len(nonzero) > 1
    if len(b.base) == 1:
        name = ex.component(b.base[0])
    else:
        name = "自付合计"
    if breakdown:
        lines = [
            f"{b.label}："
            + " + ".join(f"{ex.component(c)} {v:,.2f}" for c, v in nonzero)
            + f" = 自付合计 {raw:,.2f}"
        ]
    else:
        lines = [f"{b.label}：{name} {raw:,.2f}"]
    d = b.deductible
    if d > 0:
        if b.deductible_scope == "claim":
            lines.append(
                f"起付线 {d:,.2f}（每次申请），本次抵扣 {used_now:,.2f}，计算基数 {base:,.2f}"
            )
        else:
            lines.append(
                f"起付线 {d:,.2f}（本保障期累计），此前已抵扣 {used_before:,.2f}，"
                f"本次抵扣 {used_now:,.2f}，计算基数 {base:,.2f}"
            )
        name = "计算基数"
    up, who = uplift
    note = ""
    if up > 0:
        note = f"（已含{ex.category(who)}提高 {ex.pct(up)}"
        if any(br.rate + up > 1 for br in b.brackets):
            note += "，以 100% 为限"
        note += "）"
    step = ex.rounding_step(raw_amount, amount, rounding)
    total = f"{ex.shown(raw_amount, rounding)}{step}"
    if b.accumulate == "period":
        text = f"本保障期累计 {low:,.2f} → {high:,.2f}，本次 {base:,.2f}"
        if parts:
            text += f"，分段{note}：{ex.bracket_pieces(b.brackets, parts, rounding)}；"
            text += f"合计 {total}"
        else:
            text += f"，本项 {amount:,.2f}"
        lines.append(text)
        return lines
    if len(b.brackets) == 1:
        rate = rates[0][1]
        if up > 0:
            capped = "，以 100% 为限" if b.brackets[0].rate + up > 1 else ""
            note = f"（{ex.pct(b.brackets[0].rate)} + {ex.category(who)} {ex.pct(up)}{capped}）"
        calc = f" × {ex.pct(rate)}{note}{'= ' if note else ' = '}{total}"
    elif parts:
        calc = f" 分段{note}：{ex.bracket_pieces(b.brackets, parts, rounding)}；合计 {total}"
    else:
        calc = f"，本项 {amount:,.2f}"
    if d == 0 and not breakdown:
        lines[-1] += calc  # the base line itself carries the calculation
    else:
        lines.append(f"{name} {base:,.2f}{calc}")
    return lines


def allowance_lines(
    b: DailyAllowance,
    before_days: int,
    before_amount: Decimal,
    days: int,
    after_from: int,
    paid_days: int,
    full: Decimal,
    raw: Decimal,
    amount: Decimal,
    rounding: str,
) -> list[str]:
    """计算过程 of a daily allowance: the days counted, the period's limits, the rounding."""
    first = f"{b.label}：住院 {days} 天"
    if b.from_day > 1:
        first += f"，第 {b.from_day} 天起计 {after_from} 天"
    if b.max_days is not None:
        first += f"；本期最多 {b.max_days} 天，此前已计 {before_days} 天，本次计 {paid_days} 天"
    second = f"{paid_days} 天 × {b.rate:,.2f} = {full:,.2f}"
    if b.max_amount is not None:
        second += f"；本期最高 {b.max_amount:,.2f}，此前已付 {before_amount:,.2f}"
        if raw < full:
            second += f"，本次按 {raw:,.2f} 计"
    second += ex.rounding_step(raw, amount, rounding)
    if b.from_day == 1 and b.max_days is None:  # nothing to say about the days
        return [f"{b.label}：住院 {second}"]
    return [first, second]
