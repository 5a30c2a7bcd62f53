"""The scheme (给付方案) as data, and the engine's input and output, all frozen dataclasses.

A :class:`Scheme` is what a scheme file says (``SCHEMES.md``), parsed and checked by
:mod:`desk_app.schemes.parse`. :class:`MemberFacts` and :class:`Claim` are what the engine needs
to know about a member and the member's claims in the scheme's period; :class:`ClaimResult` is
what it answers for each claim. Nothing here touches a database, a file or Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from base.errors import Message, ValidationError

# The receipt components, claim kinds and rejection reasons are the domain's words, declared
# once in desk_app.terms; the engine's model speaks them.
from desk_app.terms import CLAIM_KINDS as CLAIM_KINDS
from desk_app.terms import COMPONENTS as COMPONENTS
from desk_app.terms import REASON_NAMES, zh
from desk_app.terms import REASONS as REASONS

BENEFIT_KINDS: tuple[str, ...] = (
    "copay",
    "daily_allowance",
    "lump_sum",
    "living_allowance",
    "fixed",
)
ROUNDING_MODES: tuple[str, ...] = ("cent", "yuan", "yuan_floor")
COVERAGE_DATES: tuple[str, ...] = ("admission", "discharge")
SCOPES: tuple[str, ...] = ("claim", "period")
# The rejection reasons in Chinese (the trial screen and the simulation's summary).
REASON_NAMES_ZH: dict[str, str] = zh(REASON_NAMES)

Rounding = Literal["cent", "yuan", "yuan_floor"]
Scope = Literal["claim", "period"]


class SchemeError(ValidationError):
    """A scheme file that is refused; the message names each key (with its path) and its
    problem. ``problems`` holds them one by one."""

    code = "invalid_scheme"

    def __init__(self, message: Message, *, problems: Sequence[Message] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[Message, ...] = tuple(problems) or (message,)


class CaseError(ValidationError):
    """Engine input (a case file, a stored calculation input) that is refused, naming the key."""

    code = "invalid_case"


# --------------------------------------------------------------------------- scheme


@dataclass(frozen=True)
class Bracket:
    """One progressive bracket: ``rate`` applies to the part of the base up to ``upto``
    (``None`` for the last, open bracket)."""

    upto: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class Copay:
    """A share of self-paid costs (``kind = "copay"``)."""

    label: str
    base: tuple[str, ...]
    brackets: tuple[Bracket, ...]
    deductible: Decimal = Decimal("0.00")
    deductible_scope: Scope = "period"
    accumulate: Scope = "claim"
    uplift: tuple[tuple[str, Decimal], ...] = ()  # (category, added rate), in file order
    applies_to: tuple[str, ...] = ("inpatient",)
    kind: str = field(default="copay", init=False)


@dataclass(frozen=True)
class DailyAllowance:
    """住院津贴: so much per hospital day (``kind = "daily_allowance"``)."""

    label: str
    rate: Decimal
    from_day: int = 1
    max_days: int | None = None
    max_amount: Decimal | None = None
    applies_to: tuple[str, ...] = ("inpatient",)
    kind: str = field(default="daily_allowance", init=False)


@dataclass(frozen=True)
class LumpSum:
    """重大疾病保障金: a fixed sum on a listed diagnosis, once per member per plan."""

    label: str
    amount: Decimal
    diseases: tuple[str, ...]
    applies_to: tuple[str, ...] = ("inpatient", "outpatient")
    kind: str = field(default="lump_sum", init=False)


@dataclass(frozen=True)
class LivingAllowance:
    """生活补助金: by month, counted by day, on the first hospital stay for a listed disease."""

    label: str
    monthly: Decimal
    max_months: int
    diseases: tuple[str, ...]
    applies_to: tuple[str, ...] = ("inpatient",)
    kind: str = field(default="living_allowance", init=False)


@dataclass(frozen=True)
class Fixed:
    """A fixed sum for an event (身故慰问金), once per member per period."""

    label: str
    amount: Decimal
    applies_to: tuple[str, ...] = ("death",)
    kind: str = field(default="fixed", init=False)


Benefit = Copay | DailyAllowance | LumpSum | LivingAllowance | Fixed


@dataclass(frozen=True)
class DocumentItem:
    """One paper the claim needs (a ``[[documents]]`` table): 出院记录, 住院收费票据 …"""

    code: str
    name: str
    applies_to: tuple[str, ...]  # claim kinds
    required: bool = True
    original: bool = False  # the original must be seen (not a copy)


@dataclass(frozen=True)
class Scheme:
    """One scheme version for one coverage period, as its file says."""

    code: str
    name: str
    region: str
    plan: str
    period_start: date
    period_end: date
    premium_per_share: Decimal
    max_shares: int
    coverage_date: Literal["admission", "discharge"]
    rounding: Rounding
    benefits: tuple[Benefit, ...]
    waiting_days: int = 0
    annual_cap: Decimal | None = None
    min_payout: Decimal = Decimal("0.00")
    # The papers each claim kind needs; empty: the scheme keeps no checklist.
    documents: tuple[DocumentItem, ...] = ()

    def covers(self, day: date) -> bool:
        return self.period_start <= day <= self.period_end

    def checklist(self, kind: str) -> tuple[DocumentItem, ...]:
        """The papers a claim of ``kind`` needs under this scheme, in the file's order."""
        return tuple(d for d in self.documents if kind in d.applies_to)


# --------------------------------------------------------------------------- engine input


@dataclass(frozen=True)
class MemberFacts:
    """What the engine needs to know about the member in this scheme.

    ``renewal`` is true when the member was enrolled in the previous period of the same plan
    (no observation period); ``lump_sum_paid_before`` when a lump sum (and so the living
    allowance) was already paid in an earlier period of the same plan.
    """

    shares: int
    enrolled_on: date
    renewal: bool
    categories: tuple[str, ...] = ()
    lump_sum_paid_before: bool = False


@dataclass(frozen=True)
class ReceiptAmounts:
    """One receipt (票据 / 结算单): its total and its seven components, in yuan.

    Amounts are kept as given, even negative or not adding up: the engine rejects such a claim
    with ``invalid_receipt`` and says why, rather than the input being refused.
    """

    total: Decimal
    fund_paid: Decimal = Decimal("0.00")
    other_paid: Decimal = Decimal("0.00")
    deductible: Decimal = Decimal("0.00")
    copay: Decimal = Decimal("0.00")
    over_cap: Decimal = Decimal("0.00")
    class_b: Decimal = Decimal("0.00")
    self_funded: Decimal = Decimal("0.00")

    def component(self, name: str) -> Decimal:
        value: Decimal = getattr(self, name)
        return value

    def components_sum(self) -> Decimal:
        return (
            self.fund_paid
            + self.other_paid
            + self.deductible
            + self.copay
            + self.over_cap
            + self.class_b
            + self.self_funded
        )


@dataclass(frozen=True)
class Claim:
    """One claim as the engine sees it. Which dates matter depends on ``kind``: inpatient
    ``admission``/``discharge``, outpatient ``visit_date``, death ``event_date``; a missing one
    makes the claim ``invalid_receipt``. ``ref`` is the desk's claim number, kept for tracing."""

    kind: str
    receipts: tuple[ReceiptAmounts, ...] = ()
    admission: date | None = None
    discharge: date | None = None
    visit_date: date | None = None
    event_date: date | None = None
    disease: str | None = None
    ref: str | None = None


# --------------------------------------------------------------------------- engine output


@dataclass(frozen=True)
class BracketPart:
    """The part of one claim's base that fell in one bracket (for 计算过程 and simulation).

    ``amount`` is ``base × rate`` before rounding; ``index`` is the bracket's position (0-based).
    """

    index: int
    base: Decimal
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class BenefitAmount:
    """One applicable benefit's rounded amount, before the min-payout and cap adjustments."""

    label: str
    kind: str
    amount: Decimal
    brackets: tuple[BracketPart, ...] = ()


@dataclass(frozen=True)
class ClaimResult:
    """The engine's answer for one claim.

    ``total`` is the sum of the benefit amounts; ``payout`` what is paid after the minimum
    payout and the cap; ``cap_left`` the member's remaining cap after this claim (``None`` with
    no cap). ``lines`` is the 计算过程 in Chinese, as printed on the approval form.
    """

    status: Literal["payable", "rejected"]
    reason: str | None
    benefits: tuple[BenefitAmount, ...]
    total: Decimal
    payout: Decimal
    cap_left: Decimal | None
    days: int
    lines: tuple[str, ...]
    ref: str | None = None

    @property
    def payable(self) -> bool:
        return self.status == "payable"
