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
from datetime import date
from decimal import Decimal

from desk_app.schemes import explain as ex
from desk_app.schemes.engine_lines import (
    CopayWords,
    allowance_lines,
    allowance_words,
    copay_lines,
    copay_words,
    living_lines,
    sum_line,
)
from desk_app.schemes.engine_plan import (
    ALLOWANCE,
    COPAY,
    ZERO,
    AllowanceTotals,
    Allowed,
    CopayTotals,
    Once,
    Rates,
    State,
    benefit,
    enter,
    leave,
    once_applicable,
    plan,
    progressive_parts,
    result,
    uplifted,
)
from desk_app.schemes.model import (
    Benefit,
    BenefitAmount,
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
    header,
    plainly_valid,
    receipt_problems,
    round_amount,
)

# Stored with every calculation; raise it when a change could alter a past result.
ENGINE_VERSION = "1"

CENT = Decimal("0.01")
YUAN = Decimal("1")
_DAYS_PER_MONTH = 30

# Figures are formatted inline (``{x:,.2f}``, what explain.money does): every line is made
# inside the engine's context, which rounds half up, so the format alone rounds to the fen.


class Ledger:
    """One member's running totals in one scheme's period; :meth:`add` the claims in order."""

    def __init__(self, scheme: Scheme, member: MemberFacts, *, explain: bool = True) -> None:
        """``explain=False`` leaves the 计算过程 lines empty (the simulation's fast path); the
        amounts are the same."""
        self.explain = explain
        self.scheme = scheme
        self.member = member
        p = self._plan = plan(scheme)
        self.paid = ZERO  # payouts so far in the period, after the cap cut
        self._cap_t = ""  # the cap line's words (made when first needed)
        self._state: list[State] = list(p.initial)
        self._uplift: tuple[tuple[Decimal, str], ...] = p.no_uplift
        self._brackets: tuple[Rates, ...] = p.rates
        # Each copay's fixed words (made when first needed): shared by the members without an
        # uplift, the ledger's own otherwise.
        self._words: list[CopayWords | None] = p.plain_words
        if scheme.annual_cap is None:
            self.cap = None
        else:
            cap = p.caps.get(member.shares)
            self.cap = cap if cap is not None else self._cap(scheme.annual_cap, member.shares)
        if member.categories:
            saved = enter()
            try:
                self._uplift, self._brackets = uplifted(scheme, member, p.rates, p.uplift_rates)
            finally:
                leave(saved)
            self._words = [None] * len(scheme.benefits)

    def _cap(self, annual_cap: Decimal, shares: int) -> Decimal:
        """The member's cap for the period: the scheme's cap per share times the shares, worked
        out once per number of shares in the scheme's plan."""
        caps = self._plan.caps
        cap = caps.get(shares)
        if cap is None:
            saved = enter()
            try:
                cap = annual_cap * shares
            finally:
                leave(saved)
            if len(caps) < 64:
                caps[shares] = cap
        return cap

    @property
    def cap_left(self) -> Decimal | None:
        """What may still be paid in the period (``None`` without a cap)."""
        if self.cap is None:
            return None
        saved = enter()
        try:
            return self.cap - self.paid
        finally:
            leave(saved)

    def copy(self) -> Ledger:
        """An independent copy (to try a claim without recording it). The running totals are
        frozen values replaced on each claim, so a new list of them is enough."""
        other = copy.copy(self)
        other._state = list(self._state)
        return other

    # ------------------------------------------------------------------------- one claim

    def add(self, claim: Claim) -> ClaimResult:
        """Calculate the next claim and, when payable, count it in the running totals."""
        saved = enter()
        try:
            return self._add(claim)
        finally:
            leave(saved)

    def add_all(self, claims: Iterable[Claim]) -> list[ClaimResult]:
        """:meth:`add` each claim in order, in one entry into the engine's context."""
        saved = enter()
        try:
            return [self._add(c) for c in claims]
        finally:
            leave(saved)

    def _reject(self, claim: Claim, reason: str, days: int, lines: list[str]) -> ClaimResult:
        return result(
            "rejected",
            reason,
            (),
            ZERO,
            ZERO,
            None if self.cap is None else self.cap - self.paid,
            days,
            tuple(lines),
            claim.ref,
        )

    def _refusal(self, claim: Claim, lines: list[str]) -> tuple[ClaimResult | None, int]:
        """The rejection of a claim that nothing can be paid on (its receipts, its date, the
        member's enrolment, the cap), or ``None``; and the claim's hospital days."""
        s = self.scheme
        explain = self.explain
        if not plainly_valid(claim):
            problems = receipt_problems(claim)
            if problems:
                if explain:
                    lines.append("票据或日期有误，不予给付：" + "；".join(problems))
                return self._reject(claim, "invalid_receipt", 0, lines), 0
        days = 0
        if claim.kind == "inpatient":  # dates checked by plainly_valid; hospital_days inline
            admission, discharge = claim.admission, claim.discharge
            days = (discharge - admission).days  # type: ignore[operator]
            if days < 1:
                days = 1
            on = admission if self._plan.by_admission else discharge
        else:
            on = covered_date(s, claim)
        assert on is not None
        if not s.period_start <= on <= s.period_end:
            if explain:
                lines.append(
                    f"{date_name(s, claim)} {on} 不在保障期 {s.period_start} 至 {s.period_end} "
                    "内，不予给付"
                )
            return self._reject(claim, "outside_period", days, lines), days
        m = self.member
        if m.enrolled_on > on:
            if explain:
                lines.append(f"参保日期 {m.enrolled_on} 晚于{date_name(s, claim)} {on}，不予给付")
            return self._reject(claim, "not_enrolled", days, lines), days
        if not m.renewal and s.waiting_days > 0:
            end = date.fromordinal(m.enrolled_on.toordinal() + s.waiting_days)
            if on < end:
                if explain:
                    lines.append(
                        f"首次参保观察期 {s.waiting_days} 天，{date_name(s, claim)} {on} "
                        f"早于 {end}，不予给付"
                    )
                return self._reject(claim, "waiting_period", days, lines), days
        if self.cap is not None and self.cap - self.paid <= ZERO:
            if explain:
                lines.append(f"年度封顶 {self.cap:,.2f} 已全部给付，不予给付")
            return self._reject(claim, "cap_reached", days, lines), days
        return None, days

    def _add(self, claim: Claim) -> ClaimResult:
        s = self.scheme
        explain = self.explain
        lines = [header(claim)] if explain else []
        refused, days = self._refusal(claim, lines)
        if refused is not None:
            return refused
        why: list[str] = []
        p = self._plan
        if claim.kind in p.kinds_with_once:
            applicable = once_applicable(
                p, self.scheme, self._state, self.member, claim, why, explain
            )
        else:
            applicable = p.by_kind.get(claim.kind, ())
        if not applicable:
            if explain:
                lines.extend(why)
                lines.append(
                    f"本方案没有适用于此{ex.claim_kind(claim.kind)}申请的保障项目，不予给付"
                )
            return self._reject(claim, "not_covered", days, lines)
        amounts: list[BenefitAmount] = []
        commits: list[tuple[int, State]] = []
        total = ZERO
        kinds = p.kinds
        for i in applicable:
            k = kinds[i]
            if k == COPAY:
                amount, new_state = self._copay(i, claim, lines)
            elif k == ALLOWANCE:
                amount, new_state = self._allowance(i, days, lines)
            else:
                amount, new_state = self._benefit(i, claim, days, lines)
            amounts.append(amount)
            commits.append((i, new_state))
            total += amount.amount
        total_t = ""  # the total's text, when a line shows it (the payout's, uncut)
        if explain and len(amounts) > 1:
            total_t = f"{total:,.2f}"
            lines.append(f"合计 {total_t}")
        due = total
        if ZERO < total < s.min_payout:
            due = s.min_payout
            total_t = ""
            if explain:
                lines.append(
                    f"合计 {total:,.2f} 不足最低给付 {s.min_payout:,.2f}，按 {due:,.2f} 给付"
                )
        payout = self._capped(due, total_t, lines)
        # Payable: now count it. Accumulations use the amounts before the cap cut.
        for i, new_state in commits:
            self._state[i] = new_state
        self.paid += payout
        return result(
            "payable",
            None,
            tuple(amounts),
            total,
            payout,
            None if self.cap is None else self.cap - self.paid,
            days,
            tuple(lines),
            claim.ref,
        )

    def _capped(self, due: Decimal, due_t: str, lines: list[str]) -> Decimal:
        """What is paid of ``due`` under the period's cap (with its line); ``due_t`` is its
        text when it was already formatted ("" otherwise)."""
        cap = self.cap
        if cap is None:
            if self.explain:
                lines.append(f"本次给付 {due_t or f'{due:,.2f}'}")
            return due
        cap_left = cap - self.paid
        payout = cap_left if cap_left < due else due  # min(due, cap_left), the same operand
        if self.explain:
            payout_t = due_t if due_t and payout is due else f"{payout:,.2f}"
            cut = f"（超出封顶 {due - payout:,.2f} 不付）" if payout < due else ""
            paid = self.paid
            paid_t = "0.00" if paid is ZERO else f"{paid:,.2f}"  # nothing paid yet: the start
            lines.append(
                f"{self._cap_t or self._cap_words()}{paid_t}，本次可付 {payout_t}{cut}，"
                f"剩余 {cap_left - payout:,.2f}"
            )
            lines.append(f"本次给付 {payout_t}")
        return payout

    def _cap_words(self) -> str:
        """The cap line up to its first figure, kept in the plan by the member's shares (and
        in the ledger)."""
        assert self.cap is not None
        shares = self.member.shares
        words = self._plan.cap_words.get(shares)
        if words is None:
            times = f" × {shares} 份 = {self.cap:,.2f}" if shares != 1 else ""
            words = f"年度封顶 {self.scheme.annual_cap or ZERO:,.2f}{times}，已给付 "
            if len(self._plan.cap_words) < 64:
                self._plan.cap_words[shares] = words
        self._cap_t = words
        return words

    # ------------------------------------------------------------------------- benefits

    def _benefit(
        self, i: int, claim: Claim, days: int, lines: list[str]
    ) -> tuple[BenefitAmount, State]:
        """A once-only benefit (lump sum, fixed sum, living allowance): its amount and its
        running totals after this claim; its lines go into ``lines`` when asked for."""
        b: Benefit = self.scheme.benefits[i]
        rounding = self.scheme.rounding
        if isinstance(b, (LumpSum, Fixed)):
            amount = self._round(b.amount)
            if self.explain:
                lines.append(sum_line(b, claim.disease, amount, rounding))
            return benefit(b.label, b.kind, amount), Once(True)
        assert isinstance(b, LivingAllowance)
        limit = b.max_months * _DAYS_PER_MONTH
        counted = min(days, limit)
        raw = b.monthly * counted / _DAYS_PER_MONTH
        amount = self._round(raw)
        if self.explain:
            lines.extend(living_lines(b, claim.disease, days, counted, raw, amount, rounding))
        return benefit(b.label, b.kind, amount), Once(True)

    def _round(self, raw: Decimal) -> Decimal:
        """``round_amount(raw, scheme.rounding)``, from the plan's quantum and mode."""
        p = self._plan
        if p.quantum is None:
            return round_amount(raw, self.scheme.rounding)
        amount = raw.quantize(p.quantum, p.mode)
        return amount.quantize(CENT) if p.to_fen else amount

    def _allowance(self, i: int, days: int, lines: list[str]) -> tuple[BenefitAmount, State]:
        """A daily allowance's amount and its totals after this claim. Without a limit of days
        or of amount, its amount and its lines depend on the stay's days alone: kept in the
        plan by the days."""
        state: AllowanceTotals = self._state[i]  # type: ignore[assignment]
        kept = self._plan.by_days[i]
        hit = kept.get(days) if kept is not None else None
        if hit is None or (self.explain and hit[2] is None):
            hit = self._allowance_made(i, days, state, kept)
        paid_days, made, said = hit
        if said is not None and self.explain:
            lines.extend(said)
        new = _tuple_new(AllowanceTotals, (state.days + paid_days, state.amount + made.amount))
        return made, new

    def _allowance_made(
        self, i: int, days: int, state: AllowanceTotals, kept: dict[int, Allowed] | None
    ) -> Allowed:
        b: DailyAllowance = self.scheme.benefits[i]  # type: ignore[assignment]
        after_from = days - b.from_day + 1
        if after_from < 0:
            after_from = 0
        paid_days = after_from
        if b.max_days is not None:
            paid_days = min(paid_days, max(0, b.max_days - state.days))
        full = paid_days * b.rate
        raw = full
        if b.max_amount is not None:
            raw = min(raw, max(ZERO, b.max_amount - state.amount))
        amount = self._round(raw)
        said = None
        if self.explain:
            p = self._plan
            w = p.allowance_words.get(i)
            if w is None:
                w = p.allowance_words[i] = allowance_words(b, self.scheme.rounding)
            said = allowance_lines(
                w, state.days, state.amount, days, after_from, paid_days, full, raw, amount
            )
        hit = (paid_days, benefit(b.label, b.kind, amount), said)
        if kept is not None and len(kept) < 1024:
            kept[days] = hit
        return hit

    def _copay(self, i: int, claim: Claim, lines: list[str]) -> tuple[BenefitAmount, State]:
        b: Copay = self.scheme.benefits[i]  # type: ignore[assignment]
        state: CopayTotals = self._state[i]  # type: ignore[assignment]
        receipts = claim.receipts
        explain = self.explain
        raw = ZERO
        values: list[Decimal] = []  # the base's components, for the lines
        for _c, get in self._plan.getters[i]:
            part = ZERO
            for r in receipts:
                part += get(r)
            raw += part
            if explain:
                values.append(part)
        d = b.deductible
        old_raw = state.raw
        new_raw = old_raw + raw
        # Conditionals rather than max()/min(): the same values (ties keep the same operand).
        if b.deductible_scope == "claim":
            base = raw - d
            if not base > ZERO:
                base = ZERO
        else:
            after, before = new_raw - d, old_raw - d
            base = (after if after > ZERO else ZERO) - (before if before > ZERO else ZERO)
        if b.accumulate == "period":
            low = state.cumulative
            high = cumulative = low + base
        else:
            low, high = ZERO, base
            cumulative = state.cumulative + base
        parts, raw_amount = progressive_parts(self._brackets[i], low, high)
        p = self._plan
        if p.quantum is None:  # self._round, inline: this runs on every claim
            amount = round_amount(raw_amount, self.scheme.rounding)
        else:
            amount = raw_amount.quantize(p.quantum, p.mode)
            if p.to_fen:
                amount = amount.quantize(CENT)
        shown = ""
        if explain:
            w = self._words[i] or self._copay_words(i)
            shown = copay_lines(
                lines, w, values, raw, base, old_raw, new_raw, low, state.shown, high, parts,
                raw_amount, amount,
            )  # fmt: skip
        new = _tuple_new(CopayTotals, (new_raw, cumulative, shown))
        return benefit(b.label, b.kind, amount, parts), new

    def _copay_words(self, i: int) -> CopayWords:
        """The copay's fixed words for this member's rates, made when first needed: in the
        plan's list for the members without a category, else in the plan by the uplift (the
        rates of a member with a category are the plan's by who has the uplift); kept in the
        ledger's list."""
        p = self._plan
        up, who = self._uplift[i]
        w = None if self._words is p.plain_words else p.copay_words.get((i, up, who))
        if w is None:
            b: Copay = self.scheme.benefits[i]  # type: ignore[assignment]
            w = copay_words(b, self.scheme.rounding, self._uplift[i], self._brackets[i])
            if self._words is not p.plain_words:
                p.copay_words[i, up, who] = w
        self._words[i] = w
        return w


_tuple_new = tuple.__new__


def calculate(
    scheme: Scheme, member: MemberFacts, claims: Iterable[Claim]
) -> tuple[ClaimResult, ...]:
    """One result per claim, in order (the member's claims in the period, oldest first)."""
    return tuple(Ledger(scheme, member).add_all(claims))


def calculate_last(
    scheme: Scheme, member: MemberFacts, earlier: Iterable[Claim], new: Claim
) -> ClaimResult:
    """The new claim's result after the member's earlier claims in the period (in the order
    they were entered): what the desk shows when a claim is entered or re-calculated."""
    return Ledger(scheme, member).add_all([*earlier, new])[-1]
