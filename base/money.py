"""Money: ``Decimal`` yuan in Python, integer fen in the database, text only at the edges.

A float near money is a bug: every function here refuses one.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
YUAN = Decimal("1")
ZERO = Decimal("0.00")
# The largest amount the desk takes (ten billion yuan less a fen): far above any medical bill,
# and far below what integer fen in SQLite can hold (2**63), so that a typo such as "1e400"
# or twenty nines is refused as an amount, never carried into sums and the database.
MAX_AMOUNT = Decimal("9999999999.99")

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")


class MoneyError(ValueError):
    """A text or number that is not an amount of money with at most two decimals."""


def parse_money(value: object, *, allow_negative: bool = False) -> Decimal:
    """Parse a money amount given as ``str``/``int``/``Decimal`` (never ``float``).

    Accepts surrounding spaces, full-width digits and thousands separators ("1,830.39").
    Refuses more than two decimals: an amount is exact or it is wrong.
    """
    if isinstance(value, (bool, float)):
        raise MoneyError(f"not an exact amount: {value!r} (money is never a float)")
    if isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, Decimal):
        d = value
    elif isinstance(value, str):
        text = value.strip().translate(_FULLWIDTH).replace(",", "").replace("¥", "")
        if not text:
            raise MoneyError("empty amount")
        try:
            d = Decimal(text)
        except InvalidOperation as exc:
            raise MoneyError(f"not an amount: {value!r}") from exc
    else:
        raise MoneyError(f"not an amount: {value!r}")
    if not d.is_finite():
        raise MoneyError(f"not an amount: {value!r}")
    if d.copy_abs() > MAX_AMOUNT:  # copy_abs: no context, so no Overflow for 1E+999999999
        raise MoneyError(f"too large to be an amount: {_short(value)}")
    exponent = d.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent < -2 and d != d.quantize(CENT):
        raise MoneyError(f"more than two decimals: {value!r}")
    if d < 0 and not allow_negative:
        raise MoneyError(f"negative amount: {value!r}")
    return d.quantize(CENT) + ZERO  # + 0 makes "-0" plain 0.00


def _short(value: object) -> str:
    text = value if isinstance(value, str) else type(value).__name__
    return repr(text[:40] + "…" if len(text) > 40 else text)


def to_fen(amount: Decimal) -> int:
    """Yuan (``Decimal``, at most two decimals) to integer fen; refuses anything inexact."""
    if not isinstance(amount, Decimal) or isinstance(amount, bool):
        raise MoneyError(f"not a Decimal: {amount!r}")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise MoneyError(f"more than two decimals: {amount}")
    return int(fen)


def from_fen(fen: int) -> Decimal:
    """Integer fen to ``Decimal`` yuan with exactly two decimals."""
    return (Decimal(fen) / 100).quantize(CENT)


def fmt(amount: Decimal | None, *, grouped: bool = True) -> str:
    """Format for people: ``1,830.39`` (or ``1830.39`` ungrouped); empty for ``None``."""
    if amount is None:
        return ""
    q = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{q:,.2f}" if grouped else f"{q:.2f}"


def round_cent(amount: Decimal) -> Decimal:
    """Half up to the fen."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def round_yuan(amount: Decimal) -> Decimal:
    """Half up to the yuan, kept with two decimals."""
    return amount.quantize(YUAN, rounding=ROUND_HALF_UP).quantize(CENT)


def floor_yuan(amount: Decimal) -> Decimal:
    """Drop jiao and fen (toward zero), kept with two decimals."""
    return amount.quantize(YUAN, rounding=ROUND_DOWN).quantize(CENT)
