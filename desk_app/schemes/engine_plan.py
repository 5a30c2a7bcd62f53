"""What the engine works out once and builds often: a scheme's plan (made once per scheme, not
per member or per claim), a member's running totals, the engine's private decimal context, and
the results built without the frozen dataclasses' slow ``__init__``.

A frozen dataclass's generated ``__init__`` sets each field through ``object.__setattr__``
(the price the dataclasses documentation names for ``frozen=True``); for a :class:`ClaimResult`
that is most of the cost of a claim's bookkeeping. :func:`result`, :func:`benefit` and
:func:`part` fill the instance's ``__dict__`` directly, item by item: the same frozen object
(equal, hashed and shown the same; still immutable afterwards), several times faster to make.
``tests/unit/test_engine_plan.py`` holds them to the classes' fields.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import (
    ROUND_DOWN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    getcontext,
    setcontext,
)
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from desk_app.schemes.model import (
    BenefitAmount,
    BracketPart,
    Claim,
    ClaimResult,
    Copay,
    DailyAllowance,
    Fixed,
    LivingAllowance,
    LumpSum,
    MemberFacts,
    ReceiptAmounts,
    Scheme,
)
from desk_app.schemes.rules import disease_listed

if TYPE_CHECKING:  # engine_lines uses this module's ZERO
    from desk_app.schemes.engine_lines import AllowanceWords, CopayWords

ZERO = Decimal("0.00")
# Amounts up to 10^12 yuan with many decimals fit in 34 digits; anything odd raises at once.
CONTEXT = Context(
    prec=34, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow]
)


class CopayTotals(NamedTuple):
    """Running totals of one copay benefit in the period."""

    raw: Decimal = ZERO  # R: the sum of the claims' bases before the deductible
    cumulative: Decimal = ZERO  # S: the sum of the claims' bases after the deductible
    shown: str = ""  # S as the last claim's lines showed it ("" when they did not)


class AllowanceTotals(NamedTuple):
    days: int = 0
    amount: Decimal = ZERO


class Once(NamedTuple):
    used: bool = False


State = CopayTotals | AllowanceTotals | Once
# A daily allowance's days paid, its amount and its lines ("None" when not asked for).
Allowed = tuple[int, BenefitAmount, tuple[str, ...] | None]
# Each bracket's upper bound, rate and its part when a claim's base covers the whole bracket
# (``None`` for the open bracket): that part is the same arithmetic on the same figures every
# time, so it is worked out once (see :func:`bracket_rates`).
Rates = list[tuple[Decimal | None, Decimal, "BracketPart | None"]]

COPAY, ALLOWANCE, OTHER = 0, 1, 2


@dataclass(frozen=True)
class Plan:
    """What a scheme's benefits need on every claim: the benefits of each claim kind, which
    are once-only, each benefit's kind as a small number, the getters of each copay's base
    components, the brackets as pairs, the starting totals."""

    by_kind: dict[str, tuple[int, ...]]
    once: frozenset[int]
    kinds_with_once: frozenset[str]  # the claim kinds that a once-only benefit applies to
    kinds: tuple[int, ...]
    getters: tuple[tuple[tuple[str, Callable[[ReceiptAmounts], Decimal]], ...], ...]
    rates: tuple[Rates, ...]
    no_uplift: tuple[tuple[Decimal, str], ...]
    initial: tuple[State, ...]
    caps: dict[int, Decimal]  # the period's cap by the member's shares, filled as met
    by_admission: bool  # a hospital stay is covered by its admission date (else its discharge)
    # The 计算过程's fixed words, made when first needed: a copay's by (index, uplift), a daily
    # allowance's by index.
    copay_words: dict[tuple[int, Decimal, str], CopayWords]
    allowance_words: dict[int, AllowanceWords]
    plain_words: list[CopayWords | None]  # each copay's words without an uplift, by index
    uplift_rates: dict[tuple[int, str], Rates]  # a copay's rates by who has an uplift ("": none)
    # A daily allowance's without a limit of days or of amount, by the stay's days (None for
    # the other benefits).
    by_days: tuple[dict[int, Allowed] | None, ...]
    cap_words: dict[int, str]  # the cap line's words by the member's shares
    # The scheme's rounding as round_amount does it: the quantum, its mode, and whether the
    # result is then written to the fen (the yuan modes); no quantum for an unknown mode (left
    # to round_amount, which refuses it).
    quantum: Decimal | None
    mode: str
    to_fen: bool


_PLANS: dict[int, tuple[Scheme, Plan]] = {}
_ROUNDINGS: dict[str, dict[str, Any]] = {
    "cent": {"quantum": Decimal("0.01"), "mode": ROUND_HALF_UP, "to_fen": False},
    "yuan": {"quantum": Decimal("1"), "mode": ROUND_HALF_UP, "to_fen": True},
    "yuan_floor": {"quantum": Decimal("1"), "mode": ROUND_DOWN, "to_fen": True},
}


def plan(scheme: Scheme) -> Plan:
    """The scheme's plan, from a small cache keyed by the scheme object (kept alive with it,
    so an id is never reused while its entry stands)."""
    hit = _PLANS.get(id(scheme))
    if hit is not None and hit[0] is scheme:
        return hit[1]
    benefits = scheme.benefits
    by_kind: dict[str, list[int]] = {}
    for i, b in enumerate(benefits):
        for kind in b.applies_to:
            by_kind.setdefault(kind, []).append(i)
    once = frozenset(
        i for i, b in enumerate(benefits) if isinstance(b, (LumpSum, LivingAllowance, Fixed))
    )
    made = Plan(
        by_kind={k: tuple(v) for k, v in by_kind.items()},
        once=once,
        kinds_with_once=frozenset(k for k, v in by_kind.items() if once.intersection(v)),
        kinds=tuple(
            COPAY if isinstance(b, Copay) else ALLOWANCE if isinstance(b, DailyAllowance) else OTHER
            for b in benefits
        ),
        getters=tuple(
            tuple((c, attrgetter(c)) for c in b.base) if isinstance(b, Copay) else ()
            for b in benefits
        ),
        rates=tuple(
            bracket_rates([(br.upto, min(Decimal(1), br.rate)) for br in b.brackets])
            if isinstance(b, Copay)
            else []
            for b in benefits
        ),
        no_uplift=tuple((Decimal(0), "") for _ in benefits),
        initial=tuple(
            CopayTotals()
            if isinstance(b, Copay)
            else AllowanceTotals()
            if isinstance(b, DailyAllowance)
            else Once()
            for b in benefits
        ),
        caps={},
        by_admission=scheme.coverage_date == "admission",
        copay_words={},
        allowance_words={},
        plain_words=[None] * len(benefits),
        uplift_rates={},
        by_days=tuple(
            {}
            if isinstance(b, DailyAllowance) and b.max_days is None and b.max_amount is None
            else None
            for b in benefits
        ),
        cap_words={},
        **_ROUNDINGS.get(scheme.rounding, {"quantum": None, "mode": "", "to_fen": False}),
    )
    if len(_PLANS) >= 64:
        _PLANS.clear()
    _PLANS[id(scheme)] = (scheme, made)
    return made


def once_applicable(
    p: Plan,
    scheme: Scheme,
    states: list[State],
    member: MemberFacts,
    claim: Claim,
    why: list[str],
    explain: bool,
) -> Sequence[int]:
    """Indexes of the benefits that apply to a claim of a kind that a once-only benefit
    applies to; for those that do not (a once-only benefit already paid, a disease not
    listed), the reasons go into ``why`` when lines are asked for."""
    once = p.once
    out: list[int] = []
    paid_before = member.lump_sum_paid_before
    for i in p.by_kind.get(claim.kind, ()):
        b = scheme.benefits[i]
        if i in once:
            state = states[i]
            assert isinstance(state, Once)
            if isinstance(b, (LumpSum, LivingAllowance)):
                if disease_listed(claim.disease, b.diseases) is None:
                    if explain:
                        why.append(
                            f"{b.label}：疾病编码 {claim.disease or '（无）'} 不在病种目录内"
                        )
                    continue
                if paid_before:
                    if explain:
                        why.append(f"{b.label}：以前的保障期已领取过，不再给付")
                    continue
            if state.used:
                if explain:
                    why.append(f"{b.label}：本保障期已给付过，不再给付")
                continue
        out.append(i)
    return out


def uplifted(
    scheme: Scheme,
    member: MemberFacts,
    rates: tuple[Rates, ...],
    made: dict[tuple[int, str], Rates],
) -> tuple[tuple[tuple[Decimal, str], ...], tuple[Rates, ...]]:
    """The member's categories raise the copay rates (the highest uplift, up to 100 %): each
    benefit's uplift and who has it, and its rates; the rates kept in ``made`` (the plan's) by
    the benefit and who has the uplift (which names the uplift itself)."""
    uplift: list[tuple[Decimal, str]] = []
    brackets: list[Rates] = []
    for i, (b, own) in enumerate(zip(scheme.benefits, rates, strict=True)):
        if not isinstance(b, Copay):
            uplift.append((Decimal(0), ""))
            brackets.append(own)
            continue
        up, who = Decimal(0), ""
        for cat, rate in b.uplift:
            if cat in member.categories and rate > up:
                up, who = rate, cat
        uplift.append((up, who))
        hit = made.get((i, who))
        if hit is None:
            pairs = [(br.upto, min(Decimal(1), br.rate + up)) for br in b.brackets]
            hit = bracket_rates(pairs)
            if len(made) < 256:
                made[i, who] = hit
        brackets.append(hit)
    return tuple(uplift), tuple(brackets)


def bracket_rates(pairs: list[tuple[Decimal | None, Decimal]]) -> Rates:
    """The brackets' bounds and rates with each closed bracket's whole part: what
    :func:`progressive_parts` would compute for it (the same operations on the same figures,
    in the engine's context), made once."""
    out: Rates = []
    saved = enter()
    try:
        bottom = _NOUGHT
        for j, (upto, rate) in enumerate(pairs):
            whole = None
            if upto is not None and upto > bottom:
                piece = upto - bottom
                whole = part(j, piece, rate, piece * rate)
            out.append((upto, rate, whole))
            if upto is None:
                break
            bottom = upto
    finally:
        leave(saved)
    return out


# ------------------------------------------------------------------------- the context

_local = threading.local()


def enter() -> Any:
    """Make this thread's copy of the engine's context current; returns the caller's context
    for :func:`leave`. Cheaper than ``localcontext`` (which copies a context on every entry):
    each thread keeps one copy (the flags it gathers change no result; the traps do not
    change)."""
    ctx = getattr(_local, "context", None)
    if ctx is None:
        ctx = _local.context = CONTEXT.copy()
    saved = getcontext()
    setcontext(ctx)
    return saved


def leave(saved: Any) -> None:
    setcontext(saved)


# ------------------------------------------------------------------------- the results

_new = object.__new__


def result(
    status: str,
    reason: str | None,
    benefits: tuple[BenefitAmount, ...],
    total: Decimal,
    payout: Decimal,
    cap_left: Decimal | None,
    days: int,
    lines: tuple[str, ...],
    ref: str | None,
) -> ClaimResult:
    r = _new(ClaimResult)
    d = r.__dict__  # each item set in turn: cheaper than update() with keywords
    d["status"] = status
    d["reason"] = reason
    d["benefits"] = benefits
    d["total"] = total
    d["payout"] = payout
    d["cap_left"] = cap_left
    d["days"] = days
    d["lines"] = lines
    d["ref"] = ref
    return r  # type: ignore[no-any-return]


def benefit(
    label: str, kind: str, amount: Decimal, brackets: tuple[BracketPart, ...] = ()
) -> BenefitAmount:
    b = _new(BenefitAmount)
    d = b.__dict__
    d["label"] = label
    d["kind"] = kind
    d["amount"] = amount
    d["brackets"] = brackets
    return b  # type: ignore[no-any-return]


def part(index: int, base: Decimal, rate: Decimal, amount: Decimal) -> BracketPart:
    p = _new(BracketPart)
    d = p.__dict__
    d["index"] = index
    d["base"] = base
    d["rate"] = rate
    d["amount"] = amount
    return p  # type: ignore[no-any-return]


_NOUGHT = Decimal(0)


def progressive_parts(
    brackets: Rates, low: Decimal, high: Decimal
) -> tuple[tuple[BracketPart, ...], Decimal]:
    """The parts of ``(low, high]`` in each bracket and the sum of their amounts: the same
    arithmetic as :func:`desk_app.schemes.rules.progressive`, without the intermediate list."""
    parts: list[BracketPart] = []
    total = ZERO
    bottom = _NOUGHT
    for j, (upto, rate, whole) in enumerate(brackets):
        if whole is not None and not low > bottom and not high < upto:  # type: ignore[operator]
            # The whole bracket (from its bottom to its upper bound): its part made once.
            parts.append(whole)
            total += whole.amount
        else:
            a = low if low > bottom else bottom
            top = high if upto is None or high < upto else upto
            if top > a:
                piece = top - a
                amount = piece * rate
                made = _new(BracketPart)  # part(), inline
                d = made.__dict__
                d["index"] = j
                d["base"] = piece
                d["rate"] = rate
                d["amount"] = amount
                parts.append(made)
                total += amount
        if upto is None or upto >= high:
            break
        bottom = upto
    return tuple(parts), total
