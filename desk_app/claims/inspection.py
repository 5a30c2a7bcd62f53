"""What the intake checks find and resolve on the way (:class:`Inspection`), a receipt in
stored form (:class:`CleanReceipt`), and the small readers the checks share: an exact amount,
a text on one line, money as the clerk reads it, the limits of the stored fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from base.errors import msg
from db.models import Enrollment, Member, Scheme
from desk_app.claims.engine_input import Amounts
from desk_app.claims.model import Problem
from desk_app.schemes import model as sm

CENT = Decimal("0.01")
MAX_INVOICE = 60
MAX_HOSPITAL = 100
MAX_DISEASE_CODE = 20
MAX_DISEASE_NAME = 100
MAX_NOTE = 1000
MAX_RECEIPTS = 200


def money_text(d: Decimal) -> str:
    return f"{d:,.2f}"


@dataclass
class CleanReceipt:
    """A receipt with its hospital and invoice number in stored form and exact amounts
    (``None`` where an amount could not be read)."""

    invoice_no: str
    hospital: str
    amounts: dict[str, Decimal | None]

    def usable(self) -> Amounts | None:
        if any(v is None for v in self.amounts.values()):
            return None
        return Amounts(**self.amounts)  # type: ignore[arg-type]


@dataclass
class Inspection:
    """What the checks found, and what they resolved on the way (for saving and calculating)."""

    problems: list[Problem] = field(default_factory=list)
    member: Member | None = None
    enrollment: Enrollment | None = None
    scheme_row: Scheme | None = None
    scheme: sm.Scheme | None = None
    receipts: list[CleanReceipt] = field(default_factory=list)
    hospital: str | None = None
    disease_code: str | None = None
    disease_name: str | None = None
    dates: dict[str, date | None] = field(default_factory=dict)

    def add(self, where: str, zh: str, en: str, severity: str = "error", **params: Any) -> None:
        self.problems.append(Problem(where, msg(zh, en, **params), severity))

    def engine_ready(self) -> bool:
        """Can the engine run on it (it rejects bad dates and receipts itself, in words)?"""
        return (
            self.member is not None
            and self.enrollment is not None
            and self.scheme is not None
            and all(r.usable() is not None for r in self.receipts)
        )


def exact_amount(value: object) -> Decimal | None:
    """An exact amount, or ``None`` when the value is not one (a float, text, NaN, 3 decimals)."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        return None
    d = Decimal(value)
    if not d.is_finite() or d != d.quantize(CENT):
        return None
    return d.quantize(CENT)


def one_line(value: str | None) -> str:
    """The text with its runs of white space folded to one space, trimmed."""
    return " ".join((value or "").split())
