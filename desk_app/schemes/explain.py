"""Words and number formats for the 计算过程 (the calculation's explanation lines, in Chinese).

The lines are printed on the approval form and read by a reviewer with a calculator, so every
figure is shown in the usual grouped form (``1,830.39``) and every step says which rule it is.
Nothing here depends on the locale: grouping and decimals are fixed.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, getcontext
from functools import lru_cache

from desk_app.schemes.model import Bracket, BracketPart
from desk_app.terms import CATEGORY_NAMES, CLAIM_KIND_NAMES, COMPONENT_NAMES

CENT = Decimal("0.01")
YUAN = Decimal("1")


def money(amount: Decimal) -> str:
    """``1,830.39``: an exact amount, grouped, two decimals (half up).

    Formatting rounds in the current context's rounding mode; the engine's context rounds half
    up, so there (where nearly every call comes from) the format alone does it, without a
    ``quantize`` that costs twice the format. (No cache of the texts: hashing each fresh
    amount and keeping tens of thousands of them cost more than the format itself.)"""
    if getcontext().rounding != ROUND_HALF_UP:
        return f"{amount.quantize(CENT, ROUND_HALF_UP):,.2f}"
    return f"{amount:,.2f}"


def shown(raw: Decimal, rounding: str) -> str:
    """An unrounded amount as the form shows it before the rounding step.

    Yuan modes show it cut to the fen (``1,830.392`` → ``1,830.39``, then ``取整 1,830.00``):
    cutting keeps it on the same side of half a yuan, so the rounding that follows reads right.
    Cent mode shows the amount rounded to the fen, which is the amount itself.
    """
    if rounding == "cent":
        return money(raw)
    return f"{raw.quantize(CENT, ROUND_DOWN):,.2f}"


@lru_cache(maxsize=1024)
def pct(rate: Decimal) -> str:
    """``80%``, ``12.5%``."""
    value = (rate * 100).normalize()
    text = f"{value:f}"
    return f"{text}%"


def day(d: date | None) -> str:
    return d.isoformat() if d is not None else "（无）"


def rounding_step(raw: Decimal, amount: Decimal, rounding: str) -> str:
    """The suffix that shows the scheme's rounding, when it changed the amount."""
    if rounding == "cent" or raw == amount:
        return ""
    if rounding == "yuan_floor":
        return f"，取整 {money(amount)}"
    return f"，四舍五入到元 {money(amount)}"


def category(name: str) -> str:
    names = CATEGORY_NAMES.get(name)
    return names[0] if names else name


def component(name: str) -> str:
    return COMPONENT_NAMES[name][0]


def claim_kind(kind: str) -> str:
    names = CLAIM_KIND_NAMES.get(kind)
    return names[0] if names else kind


_RANGES: dict[tuple[int, int], tuple[tuple[Bracket, ...], str]] = {}


def bracket_range(brackets: tuple[Bracket, ...], index: int) -> str:
    """``0～5,000.00 段``, ``5,000.00～10,000.00 段``, ``10,000.00 以上段``; a scheme's labels
    are made once (kept by the brackets' identity, the brackets kept alive with them)."""
    hit = _RANGES.get((id(brackets), index))
    if hit is not None and hit[0] is brackets:
        return hit[1]
    if len(_RANGES) >= 1024:
        _RANGES.clear()
    text = _bracket_range(brackets, index)
    _RANGES[(id(brackets), index)] = (brackets, text)
    return text


def _bracket_range(brackets: tuple[Bracket, ...], index: int) -> str:
    low = brackets[index - 1].upto if index > 0 else Decimal(0)
    high = brackets[index].upto
    if high is None:
        return f"{money(low or Decimal(0))} 以上段"
    return f"{money(low or Decimal(0))}～{money(high)} 段"


def bracket_pieces(
    brackets: tuple[Bracket, ...], parts: tuple[BracketPart, ...], rounding: str
) -> str:
    """``0～5,000.00 段 5,000.00 × 40% = 2,000.00；…`` for a progressive calculation."""
    cut = rounding != "cent"  # yuan modes show each piece cut to the fen (see shown)
    pieces = []
    for p in parts:
        amount = p.amount
        if cut:
            amount = amount.quantize(CENT, ROUND_DOWN)
        pieces.append(
            f"{bracket_range(brackets, p.index)} {money(p.base)} × {pct(p.rate)} = {money(amount)}"
        )
    return "；".join(pieces)
