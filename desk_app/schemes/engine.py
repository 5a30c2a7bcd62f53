"""The reimbursement calculation (``SCHEMES.md``): a scheme, the member's facts and the member's
claims in the period, in order → one :class:`ClaimResult` per claim.

Pure Python: no database, no Qt, no I/O, no clock, no locale. Decimal throughout, in a private
decimal context, so a caller's context can never change a result. The same code serves the
trial calculation (``desk-app calc``), the desk's real claims and the simulation.

The desk passes a member's claims in a period in the order they were entered, the new one last::

    result = calculate(scheme, member, [*earlier_claims, new_claim])[-1]
    # or, the same thing:
    result = calculate_last(scheme, member, earlier_claims, new_claim)

A :class:`Ledger` holds one member's running totals for one period (deductible used, cumulative
bases, allowance days and amounts, once-only benefits, payouts); feed it claims with
:meth:`Ledger.add`. Runs on any thread; a ledger is not shared between threads.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)

from desk_app.schemes import explain as ex
from desk_app.schemes.model import (
    Benefit,
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
    Scheme,
)
from desk_app.schemes.rules import (
    covered_date,
    date_name,
    disease_listed,
    header,
    hospital_days,
    progressive,
    receipt_problems,
    round_amount,
)

# Stored with every calculation; raise it when a change could alter a past result.
ENGINE_VERSION = "1"

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
YUAN = Decimal("1")
_DAYS_PER_MONTH = 30
# Amounts up to 10^12 yuan with many decimals fit in 34 digits; anything odd raises at once.
_CONTEXT = Context(
    prec=34, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow]
)


@dataclass(frozen=True)
class _Copay:
    """Running totals of one copay benefit in the period."""

    raw: Decimal = ZERO  # R: the sum of the claims' bases before the deductible
    cumulative: Decimal = ZERO  # S: the sum of the claims' bases after the deductible


@dataclass(frozen=True)
class _Allowance:
    days: int = 0
    amount: Decimal = ZERO


@dataclass(frozen=True)
class _Once:
    used: bool = False


_State = _Copay | _Allowance | _Once


class Ledger:
    """One member's running totals in one scheme's period; :meth:`add` the claims in order."""

    def __init__(self, scheme: Scheme, member: MemberFacts, *, explain: bool = True) -> None:
        """``explain=False`` leaves the 计算过程 lines empty (the simulation's fast path); the
        amounts are the same."""
        self.explain = explain
        with localcontext(_CONTEXT):
            self._setup(scheme, member)

    def _setup(self, scheme: Scheme, member: MemberFacts) -> None:
        self.scheme = scheme
        self.member = member
        self.paid = ZERO  # payouts so far in the period, after the cap cut
        self.cap = scheme.annual_cap * member.shares if scheme.annual_cap is not None else None
        self._state: list[_State] = []
        self._uplift: list[tuple[Decimal, str]] = []
        self._brackets: list[list[tuple[Decimal | None, Decimal]]] = []
        for b in scheme.benefits:
            if isinstance(b, Copay):
                self._state.append(_Copay())
                up, who = Decimal(0), ""
                for cat, rate in b.uplift:
                    if cat in member.categories and rate > up:
                        up, who = rate, cat
                self._uplift.append((up, who))
                self._brackets.append(
                    [(br.upto, min(Decimal(1), br.rate + up)) for br in b.brackets]
                )
            else:
                self._state.append(_Allowance() if isinstance(b, DailyAllowance) else _Once())
                self._uplift.append((Decimal(0), ""))
                self._brackets.append([])

    @property
    def cap_left(self) -> Decimal | None:
        """What may still be paid in the period (``None`` without a cap)."""
        if self.cap is None:
            return None
        with localcontext(_CONTEXT):
            return self.cap - self.paid

    def copy(self) -> Ledger:
        """An independent copy (to try a claim without recording it). The running totals are
        frozen values replaced on each claim, so a new list of them is enough."""
        other = copy.copy(self)
        other._state = list(self._state)
        return other

    # ------------------------------------------------------------------------- one claim

    def add(self, claim: Claim) -> ClaimResult:
        """Calculate the next claim and, when payable, count it in the running totals."""
        with localcontext(_CONTEXT):
            return self._add(claim)

    def _reject(self, claim: Claim, reason: str, days: int, lines: list[str]) -> ClaimResult:
        return ClaimResult(
            status="rejected",
            reason=reason,
            benefits=(),
            total=ZERO,
            payout=ZERO,
            cap_left=None if self.cap is None else self.cap - self.paid,
            days=days,
            lines=tuple(lines),
            ref=claim.ref,
        )

    def _add(self, claim: Claim) -> ClaimResult:
        s = self.scheme
        explain = self.explain
        lines = [header(claim)] if explain else []
        problems = receipt_problems(claim)
        if problems:
            if explain:
                lines.append("票据或日期有误，不予给付：" + "；".join(problems))
            return self._reject(claim, "invalid_receipt", 0, lines)
        days = 0
        if claim.kind == "inpatient":
            assert claim.admission is not None and claim.discharge is not None
            days = hospital_days(claim.admission, claim.discharge)
        on = covered_date(s, claim)
        assert on is not None
        what = date_name(s, claim)
        if not s.covers(on):
            if explain:
                lines.append(
                    f"{what} {on} 不在保障期 {s.period_start} 至 {s.period_end} 内，不予给付"
                )
            return self._reject(claim, "outside_period", days, lines)
        m = self.member
        if m.enrolled_on > on:
            if explain:
                lines.append(f"参保日期 {m.enrolled_on} 晚于{what} {on}，不予给付")
            return self._reject(claim, "not_enrolled", days, lines)
        if not m.renewal and s.waiting_days > 0:
            end = date.fromordinal(m.enrolled_on.toordinal() + s.waiting_days)
            if on < end:
                if explain:
                    lines.append(
                        f"首次参保观察期 {s.waiting_days} 天，{what} {on} 早于 {end}，不予给付"
                    )
                return self._reject(claim, "waiting_period", days, lines)
        cap_left = None if self.cap is None else self.cap - self.paid
        if cap_left is not None and cap_left <= 0:
            if explain:
                lines.append(f"年度封顶 {ex.money(self.cap or ZERO)} 已全部给付，不予给付")
            return self._reject(claim, "cap_reached", days, lines)

        applicable, why_not = self._applicable(claim)
        if not applicable:
            if explain:
                lines.extend(why_not)
                lines.append(
                    f"本方案没有适用于此{ex.claim_kind(claim.kind)}申请的保障项目，不予给付"
                )
            return self._reject(claim, "not_covered", days, lines)

        amounts: list[BenefitAmount] = []
        commits: list[tuple[int, _State]] = []
        for i in applicable:
            amount, new_state, blines = self._benefit(i, claim, days)
            amounts.append(amount)
            commits.append((i, new_state))
            lines.extend(blines)
        total = sum((a.amount for a in amounts), ZERO)
        due = total
        if explain and len(amounts) > 1:
            lines.append(f"合计 {ex.money(total)}")
        if ZERO < total < s.min_payout:
            due = s.min_payout
            if explain:
                lines.append(
                    f"合计 {ex.money(total)} 不足最低给付 {ex.money(s.min_payout)}，"
                    f"按 {ex.money(due)} 给付"
                )
        payout = due
        if cap_left is not None and self.cap is not None:
            payout = min(due, cap_left)
            if explain:
                shares = f" × {m.shares} 份 = {ex.money(self.cap)}" if m.shares != 1 else ""
                cut = f"（超出封顶 {ex.money(due - payout)} 不付）" if payout < due else ""
                lines.append(
                    f"年度封顶 {ex.money(s.annual_cap or ZERO)}{shares}，已给付 "
                    f"{ex.money(self.paid)}，本次可付 {ex.money(payout)}{cut}，"
                    f"剩余 {ex.money(cap_left - payout)}"
                )
        if explain:
            lines.append(f"本次给付 {ex.money(payout)}")
        # Payable: now count it. Accumulations use the amounts before the cap cut.
        for i, new_state in commits:
            self._state[i] = new_state
        self.paid += payout
        return ClaimResult(
            status="payable",
            reason=None,
            benefits=tuple(amounts),
            total=total,
            payout=payout,
            cap_left=None if self.cap is None else self.cap - self.paid,
            days=days,
            lines=tuple(lines),
            ref=claim.ref,
        )

    # ------------------------------------------------------------------------- benefits

    def _applicable(self, claim: Claim) -> tuple[list[int], list[str]]:
        """Indexes of the benefits that apply to this claim, and (for a claim none applies to)
        the reasons the ones of its kind do not."""
        out: list[int] = []
        why: list[str] = []
        paid_before = self.member.lump_sum_paid_before
        for i, b in enumerate(self.scheme.benefits):
            if claim.kind not in b.applies_to:
                continue
            if isinstance(b, (LumpSum, LivingAllowance)):
                code = disease_listed(claim.disease, b.diseases)
                state = self._state[i]
                assert isinstance(state, _Once)
                if code is None:
                    if self.explain:
                        why.append(
                            f"{b.label}：疾病编码 {claim.disease or '（无）'} 不在病种目录内"
                        )
                    continue
                if paid_before:
                    why.append(f"{b.label}：以前的保障期已领取过，不再给付")
                    continue
                if state.used:
                    why.append(f"{b.label}：本保障期已给付过，不再给付")
                    continue
            elif isinstance(b, Fixed):
                state = self._state[i]
                assert isinstance(state, _Once)
                if state.used:
                    why.append(f"{b.label}：本保障期已给付过，不再给付")
                    continue
            out.append(i)
        return out, why

    def _benefit(self, i: int, claim: Claim, days: int) -> tuple[BenefitAmount, _State, list[str]]:
        """One applicable benefit: its amount, its running totals after this claim, its lines."""
        b: Benefit = self.scheme.benefits[i]
        rounding = self.scheme.rounding
        if isinstance(b, Copay):
            return self._copay(i, b, claim)
        if isinstance(b, DailyAllowance):
            state = self._state[i]
            assert isinstance(state, _Allowance)
            after_from = max(0, days - (b.from_day - 1))
            paid_days = after_from
            if b.max_days is not None:
                paid_days = min(paid_days, max(0, b.max_days - state.days))
            full = paid_days * b.rate
            raw = full
            if b.max_amount is not None:
                raw = min(raw, max(ZERO, b.max_amount - state.amount))
            amount = round_amount(raw, rounding)
            new = _Allowance(state.days + paid_days, state.amount + amount)
            lines: list[str] = []
            if self.explain:
                lines = _allowance_lines(
                    b, state, days, after_from, paid_days, full, raw, amount, rounding
                )
            return BenefitAmount(b.label, b.kind, amount), new, lines
        if isinstance(b, (LumpSum, Fixed)):
            amount = round_amount(b.amount, rounding)
            lines = []
            if self.explain:
                step = ex.rounding_step(b.amount, amount, rounding)
                if isinstance(b, LumpSum):
                    code = disease_listed(claim.disease, b.diseases)
                    lines = [
                        f"{b.label}：疾病 {claim.disease} 属病种目录（{code}），"
                        f"给付 {ex.money(b.amount)}{step}"
                    ]
                else:
                    lines = [f"{b.label}：给付 {ex.money(b.amount)}{step}"]
            return BenefitAmount(b.label, b.kind, amount), _Once(True), lines
        assert isinstance(b, LivingAllowance)
        limit = b.max_months * _DAYS_PER_MONTH
        counted = min(days, limit)
        raw = b.monthly * counted / _DAYS_PER_MONTH
        amount = round_amount(raw, rounding)
        lines = []
        if self.explain:
            code = disease_listed(claim.disease, b.diseases)
            first = f"{b.label}：疾病 {claim.disease} 属病种目录（{code}），本期首次住院 {days} 天"
            if days > limit:
                first += f"，最多计 {b.max_months} 个月即 {limit} 天"
            lines = [
                first,
                f"每月 {ex.money(b.monthly)} ÷ 30 × {counted} 天 = {ex.shown(raw, rounding)}"
                + ex.rounding_step(raw, amount, rounding),
            ]
        return BenefitAmount(b.label, b.kind, amount), _Once(True), lines

    def _copay(self, i: int, b: Copay, claim: Claim) -> tuple[BenefitAmount, _State, list[str]]:
        state = self._state[i]
        assert isinstance(state, _Copay)
        rounding = self.scheme.rounding
        by_component = [(c, sum((r.component(c) for r in claim.receipts), ZERO)) for c in b.base]
        raw = sum((v for _c, v in by_component), ZERO)
        d = b.deductible
        new_raw = state.raw + raw
        if b.deductible_scope == "claim":
            base = max(ZERO, raw - d)
            used_before, used_now = ZERO, min(d, raw)
        else:
            base = max(ZERO, new_raw - d) - max(ZERO, state.raw - d)
            used_before = min(d, state.raw)
            used_now = min(d, new_raw) - used_before
        if b.accumulate == "period":
            low, high = state.cumulative, state.cumulative + base
        else:
            low, high = ZERO, base
        pieces = progressive(self._brackets[i], low, high)
        parts = tuple(BracketPart(j, pb, pr, pb * pr) for j, pb, pr in pieces)
        raw_amount = sum((p.amount for p in parts), ZERO)
        amount = round_amount(raw_amount, rounding)
        new = _Copay(raw=new_raw, cumulative=state.cumulative + base)
        if not self.explain:
            return BenefitAmount(b.label, b.kind, amount, parts), new, []
        lines = self._copay_lines(
            i,
            b,
            by_component,
            raw,
            base,
            used_before,
            used_now,
            low,
            high,
            parts,
            raw_amount,
            amount,
        )
        return BenefitAmount(b.label, b.kind, amount, parts), new, lines

    def _copay_lines(
        self,
        i: int,
        b: Copay,
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
        rounding = self.scheme.rounding
        nonzero = [(c, v) for c, v in by_component if v]
        breakdown = len(b.base) > 1 and len(nonzero) > 1
        if len(b.base) == 1:
            name = ex.component(b.base[0])
        else:
            name = "自付合计"
        if breakdown:
            lines = [
                f"{b.label}："
                + " + ".join(f"{ex.component(c)} {ex.money(v)}" for c, v in nonzero)
                + f" = 自付合计 {ex.money(raw)}"
            ]
        else:
            lines = [f"{b.label}：{name} {ex.money(raw)}"]
        d = b.deductible
        if d > 0:
            if b.deductible_scope == "claim":
                lines.append(
                    f"起付线 {ex.money(d)}（每次申请），本次抵扣 {ex.money(used_now)}，"
                    f"计算基数 {ex.money(base)}"
                )
            else:
                lines.append(
                    f"起付线 {ex.money(d)}（本保障期累计），此前已抵扣 {ex.money(used_before)}，"
                    f"本次抵扣 {ex.money(used_now)}，计算基数 {ex.money(base)}"
                )
            name = "计算基数"
        up, who = self._uplift[i]
        note = ""
        if up > 0:
            note = f"（已含{ex.category(who)}提高 {ex.pct(up)}"
            if any(br.rate + up > 1 for br in b.brackets):
                note += "，以 100% 为限"
            note += "）"
        step = ex.rounding_step(raw_amount, amount, rounding)
        total = f"{ex.shown(raw_amount, rounding)}{step}"
        if b.accumulate == "period":
            text = f"本保障期累计 {ex.money(low)} → {ex.money(high)}，本次 {ex.money(base)}"
            if parts:
                text += f"，分段{note}：{ex.bracket_pieces(b.brackets, parts, rounding)}；"
                text += f"合计 {total}"
            else:
                text += f"，本项 {ex.money(amount)}"
            lines.append(text)
            return lines
        if len(b.brackets) == 1:
            rate = self._brackets[i][0][1]
            if up > 0:
                capped = "，以 100% 为限" if b.brackets[0].rate + up > 1 else ""
                note = f"（{ex.pct(b.brackets[0].rate)} + {ex.category(who)} {ex.pct(up)}{capped}）"
            calc = f" × {ex.pct(rate)}{note}{'= ' if note else ' = '}{total}"
        elif parts:
            calc = f" 分段{note}：{ex.bracket_pieces(b.brackets, parts, rounding)}；合计 {total}"
        else:
            calc = f"，本项 {ex.money(amount)}"
        if d == 0 and not breakdown:
            lines[-1] += calc  # the base line itself carries the calculation
        else:
            lines.append(f"{name} {ex.money(base)}{calc}")
        return lines


def _allowance_lines(
    b: DailyAllowance,
    state: _Allowance,
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
        first += f"；本期最多 {b.max_days} 天，此前已计 {state.days} 天，本次计 {paid_days} 天"
    second = f"{paid_days} 天 × {ex.money(b.rate)} = {ex.money(full)}"
    if b.max_amount is not None:
        second += f"；本期最高 {ex.money(b.max_amount)}，此前已付 {ex.money(state.amount)}"
        if raw < full:
            second += f"，本次按 {ex.money(raw)} 计"
    second += ex.rounding_step(raw, amount, rounding)
    if b.from_day == 1 and b.max_days is None:  # nothing to say about the days
        return [f"{b.label}：住院 {second}"]
    return [first, second]


def calculate(
    scheme: Scheme, member: MemberFacts, claims: Iterable[Claim]
) -> tuple[ClaimResult, ...]:
    """One result per claim, in order (the member's claims in the period, oldest first)."""
    ledger = Ledger(scheme, member)
    return tuple(ledger.add(c) for c in claims)


def calculate_last(
    scheme: Scheme, member: MemberFacts, earlier: Iterable[Claim], new: Claim
) -> ClaimResult:
    """The new claim's result after the member's earlier claims in the period (in the order
    they were entered): what the desk shows when a claim is entered or re-calculated."""
    ledger = Ledger(scheme, member)
    for c in earlier:
        ledger.add(c)
    return ledger.add(new)
