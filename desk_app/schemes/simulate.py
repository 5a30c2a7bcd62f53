"""方案测算: run a scheme over a year of the bureau's settlement records and add up what it
would pay, per benefit and per bracket, against the premiums of a given head count.

Streamed in bounded memory: rows are read one at a time and only one person's rows are held.
That needs each person's rows together in the file (the bureau's natural order: by person, or
sorted by 身份证号); a person whose rows turn up again after another person's is refused with
the row number, since adding them up apart would count the deductible and the cap twice. The
check uses a fixed-size Bloom filter of the persons already done (32 MiB whatever the file size;
a false alarm is less likely than one in ten thousand even for two million persons).

Within a person, rows with the same 就诊类型, dates and 医院名称 are one claim with several
receipts; the person's claims are taken in the order of their covered date (the scheme's
admission or discharge date; the visit date for outpatient), then file order. The member facts
come from the person's first row: 份数 (default 1), 人员类别, 参保日期 (default: the period's
first day) and 续保 (default 是, so no observation period).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from base.errors import ValidationError, msg
from base.progress import Progress, check, report
from desk_app.schemes.engine import Ledger
from desk_app.schemes.model import (
    REASONS,
    Claim,
    ClaimResult,
    Copay,
    MemberFacts,
    Scheme,
)
from desk_app.schemes.rules import covered_date
from desk_app.schemes.settlements import BadRow, SettlementRow, read_settlements

ZERO = Decimal("0.00")
MAX_ERRORS = 100  # row errors kept for the report (all are counted)
MAX_ROWS_PER_PERSON = 100_000  # a guard against a file with no usable ID column


class SeenIds:
    """A Bloom filter of strings in a fixed amount of memory (no false negatives)."""

    def __init__(self, bits_log2: int = 28, hashes: int = 8) -> None:
        self._mask = (1 << bits_log2) - 1
        self._bits = bytearray(1 << (bits_log2 - 3))
        self._k = hashes
        self._last: tuple[str, list[int]] = ("", [])

    def _positions(self, key: str) -> list[int]:
        digest = hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()
        h1 = int.from_bytes(digest[:8], "little")
        h2 = int.from_bytes(digest[8:], "little") | 1
        return [(h1 + i * h2) & self._mask for i in range(self._k)]

    def add(self, key: str) -> None:
        bits = self._bits
        for p in self._last[1] if self._last[0] == key else self._positions(key):
            bits[p >> 3] |= 1 << (p & 7)

    def __contains__(self, key: str) -> bool:
        # The key asked about is usually the next one added: keep its positions.
        positions = self._positions(key)
        self._last = (key, positions)
        bits = self._bits
        return all(bits[p >> 3] & (1 << (p & 7)) for p in positions)


@dataclass(frozen=True)
class BracketTotal:
    """One bracket of a copay benefit over the whole file: the base that fell in it and
    base × rate, before rounding, the minimum payout and the cap."""

    index: int
    low: Decimal
    high: Decimal | None
    rate: Decimal
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class BenefitTotal:
    """One benefit over the whole file: on how many payable claims it applied, and the sum of
    its rounded amounts (before the minimum payout and the cap)."""

    label: str
    kind: str
    claims: int
    amount: Decimal
    brackets: tuple[BracketTotal, ...] = ()


@dataclass(frozen=True)
class SimulationReport:
    """What the scheme would have paid on the file.

    ``payout = computed + min_payout_added − cap_cut``; ``computed`` is the sum of the benefit
    amounts. ``payout_ratio`` (资金使用率) is ``payout / premium_income`` where the premium
    income is ``head_count × premium_per_share`` (``None`` without a head count or premium).
    """

    scheme_code: str
    scheme_name: str
    source: str
    rows: int
    bad_rows: int
    errors: tuple[BadRow, ...]
    persons: int
    persons_paid: int
    claims: int
    claims_payable: int
    claims_paid: int
    rejected: tuple[tuple[str, int], ...]
    medical_total: Decimal
    benefits: tuple[BenefitTotal, ...]
    computed: Decimal
    min_payout_added: Decimal
    cap_cut: Decimal
    payout: Decimal
    head_count: int | None
    premium_income: Decimal | None
    payout_ratio: Decimal | None

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        """Plain JSON (money as strings with two decimals, the ratio as a decimal string)."""

        def m(d: Decimal | None) -> str | None:
            return None if d is None else f"{d.quantize(Decimal('0.01')):.2f}"

        return {
            "scheme": self.scheme_code,
            "source": self.source,
            "rows": self.rows,
            "bad_rows": self.bad_rows,
            "errors": [{"row": e.row, "message": e.message.text(lang)} for e in self.errors],
            "persons": self.persons,
            "persons_paid": self.persons_paid,
            "claims": self.claims,
            "claims_payable": self.claims_payable,
            "claims_paid": self.claims_paid,
            "rejected": dict(self.rejected),
            "medical_total": m(self.medical_total),
            "benefits": [
                {
                    "label": b.label,
                    "kind": b.kind,
                    "claims": b.claims,
                    "amount": m(b.amount),
                    "brackets": [
                        {
                            "index": k.index,
                            "from": m(k.low),
                            "upto": m(k.high),
                            "rate": format(k.rate.normalize(), "f"),
                            "base": m(k.base),
                            "amount": m(k.amount),
                        }
                        for k in b.brackets
                    ],
                }
                for b in self.benefits
            ],
            "computed": m(self.computed),
            "min_payout_added": m(self.min_payout_added),
            "cap_cut": m(self.cap_cut),
            "payout": m(self.payout),
            "head_count": self.head_count,
            "premium_income": m(self.premium_income),
            "payout_ratio": None
            if self.payout_ratio is None
            else format(self.payout_ratio.quantize(Decimal("0.0001")), "f"),
        }


@dataclass
class _Benefit:
    claims: int = 0
    amount: Decimal = ZERO
    base: list[Decimal] = field(default_factory=list)
    raw: list[Decimal] = field(default_factory=list)


class _Totals:
    """Running sums over the file. Holds nothing per person or per claim."""

    def __init__(self, scheme: Scheme) -> None:
        self.scheme = scheme
        self.index = {b.label: i for i, b in enumerate(scheme.benefits)}
        self.benefits = [
            _Benefit(
                base=[ZERO] * len(b.brackets) if isinstance(b, Copay) else [],
                raw=[ZERO] * len(b.brackets) if isinstance(b, Copay) else [],
            )
            for b in scheme.benefits
        ]
        self.persons = self.persons_paid = 0
        self.claims = self.claims_payable = self.claims_paid = 0
        self.rejected = dict.fromkeys(REASONS, 0)
        self.medical = self.computed = self.min_added = self.cap_cut = self.payout = ZERO

    def claim(self, claim: Claim, result: ClaimResult) -> None:
        self.claims += 1
        for r in claim.receipts:
            self.medical += r.total
        if result.status != "payable":
            self.rejected[result.reason or "invalid_receipt"] += 1
            return
        self.claims_payable += 1
        for b in result.benefits:
            acc = self.benefits[self.index[b.label]]
            acc.claims += 1
            acc.amount += b.amount
            for part in b.brackets:
                acc.base[part.index] += part.base
                acc.raw[part.index] += part.amount
        total = result.total
        self.computed += total
        due = total
        if ZERO < total < self.scheme.min_payout:
            due = self.scheme.min_payout
            self.min_added += due - total
        self.cap_cut += due - result.payout
        self.payout += result.payout
        if result.payout > 0:
            self.claims_paid += 1


def _claims_of(rows: list[SettlementRow], scheme: Scheme) -> list[Claim]:
    """A person's rows as claims: same kind, dates and hospital make one claim."""
    groups: dict[tuple[Any, ...], list[SettlementRow]] = {}
    for r in rows:
        key = (r.kind, r.admission, r.discharge, r.visit_date, r.hospital)
        groups.setdefault(key, []).append(r)
    claims: list[tuple[date, int, Claim]] = []
    for group in groups.values():
        first = group[0]
        claim = Claim(
            kind=first.kind,
            receipts=tuple(r.receipt for r in group),
            admission=first.admission,
            discharge=first.discharge,
            visit_date=first.visit_date,
            disease=first.disease,
        )
        claims.append((covered_date(scheme, claim) or date.max, first.row, claim))
    claims.sort(key=lambda t: (t[0], t[1]))
    return [c for _d, _r, c in claims]


def _person(rows: list[SettlementRow], scheme: Scheme, totals: _Totals) -> None:
    first = rows[0]
    member = MemberFacts(
        shares=first.shares,
        enrolled_on=first.enrolled_on or scheme.period_start,
        renewal=True if first.renewal is None else first.renewal,
        categories=first.categories,
    )
    ledger = Ledger(scheme, member, explain=False)
    paid = False
    for claim in _claims_of(rows, scheme):
        result = ledger.add(claim)
        totals.claim(claim, result)
        paid = paid or result.payout > 0
    totals.persons += 1
    totals.persons_paid += paid


def simulate(
    scheme: Scheme,
    path: Path,
    *,
    head_count: int | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    seen: Callable[[], SeenIds] = SeenIds,
    columnar: bool = True,
) -> SimulationReport:
    """Run ``scheme`` over the settlement file at ``path`` (CSV or .xlsx). No database.

    A plain CSV and a scheme of copays go the columnar way (:mod:`.simulate_columns`, checked
    against the engine on a sample); everything else, or ``columnar=False``, streams row by
    row through the engine in constant memory.

    Long work: call it off the GUI thread; it reports progress (every 20,000 rows when
    streaming, by stage when columnar) and stops (:class:`base.progress.Cancelled`) when
    ``cancel`` is set.
    """
    if head_count is not None and head_count < 1:
        raise ValidationError(msg("参保人数应至少为 1", "the head count must be at least 1"))
    if columnar:
        from desk_app.schemes.simulate_columns import simulate_columns

        fast = simulate_columns(
            scheme, path, head_count=head_count, progress=progress, cancel=cancel
        )
        if fast is not None:
            return fast  # type: ignore[no-any-return]
    totals = _Totals(scheme)
    rows, errors = _stream(scheme, path, totals, seen(), progress, cancel)
    return _report(scheme, path, totals, rows, errors, head_count)


def _stream(
    scheme: Scheme,
    path: Path,
    totals: _Totals,
    done: SeenIds,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> tuple[int, _Errors]:
    """Every row of the file through the engine, one person at a time: the row count and the
    bad rows. A person whose rows are apart, or a person of too many rows, is refused."""
    errors = _Errors()
    rows = 0
    current: str | None = None
    buffer: list[SettlementRow] = []
    for item in read_settlements(path, max_shares=scheme.max_shares):
        rows += 1
        if rows % 20_000 == 0:
            check(cancel)
            report(progress, 0.0, f"{rows:,}")
        if isinstance(item, BadRow):
            errors.add(item)
            continue
        if item.id_number != current:
            if buffer:
                _person(buffer, scheme, totals)
                done.add(buffer[0].id_number)
                buffer = []
            if item.id_number in done:
                raise _rows_apart(item)
            current = item.id_number
        buffer.append(item)
        if len(buffer) > MAX_ROWS_PER_PERSON:
            raise ValidationError(
                msg(
                    "第 {r} 行：同一身份证号超过 {n} 行，请检查身份证号列",
                    "row {r}: more than {n} rows for one ID number; check the ID column",
                    r=item.row,
                    n=MAX_ROWS_PER_PERSON,
                )
            )
    if buffer:
        _person(buffer, scheme, totals)
    report(progress, 1.0, f"{rows:,}")
    return rows, errors


class _Errors:
    """The bad rows: all counted, the first :data:`MAX_ERRORS` kept for the report."""

    def __init__(self) -> None:
        self.count = 0
        self.kept: list[BadRow] = []

    def add(self, bad: BadRow) -> None:
        self.count += 1
        if len(self.kept) < MAX_ERRORS:
            self.kept.append(bad)


def _rows_apart(item: SettlementRow) -> ValidationError:
    return ValidationError(
        msg(
            "第 {r} 行：身份证号 {i} 的记录在前面已出现过，每人的记录须连续（请先按"
            "身份证号排序再测算）",
            "row {r}: the ID number {i} appeared before: each person's rows must be "
            "together (sort the file by 身份证号 first)",
            r=item.row,
            i=_masked(item.id_number),
        )
    )


def _report(
    scheme: Scheme,
    path: Path,
    totals: _Totals,
    rows: int,
    errors: _Errors,
    head_count: int | None,
) -> SimulationReport:
    """The report of the streamed totals, with the premium income and 资金使用率."""
    premium = scheme.premium_per_share * head_count if head_count is not None else None
    ratio = (totals.payout / premium) if premium else None
    benefits = []
    for b, acc in zip(scheme.benefits, totals.benefits, strict=True):
        brackets: tuple[BracketTotal, ...] = ()
        if isinstance(b, Copay):
            lows = [Decimal(0)] + [br.upto or Decimal(0) for br in b.brackets[:-1]]
            brackets = tuple(
                BracketTotal(i, lows[i], br.upto, br.rate, acc.base[i], acc.raw[i])
                for i, br in enumerate(b.brackets)
            )
        benefits.append(BenefitTotal(b.label, b.kind, acc.claims, acc.amount, brackets))
    return SimulationReport(
        scheme_code=scheme.code,
        scheme_name=scheme.name,
        source=path.name,
        rows=rows,
        bad_rows=errors.count,
        errors=tuple(errors.kept),
        persons=totals.persons,
        persons_paid=totals.persons_paid,
        claims=totals.claims,
        claims_payable=totals.claims_payable,
        claims_paid=totals.claims_paid,
        rejected=tuple((r, n) for r, n in totals.rejected.items() if n),
        medical_total=totals.medical,
        benefits=tuple(benefits),
        computed=totals.computed,
        min_payout_added=totals.min_added,
        cap_cut=totals.cap_cut,
        payout=totals.payout,
        head_count=head_count,
        premium_income=premium,
        payout_ratio=ratio,
    )


def _masked(id_number: str) -> str:
    return id_number[:6] + "*" * max(0, len(id_number) - 10) + id_number[-4:]
