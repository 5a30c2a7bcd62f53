"""The simulation's columnar path: a whole settlement file computed column-wise with polars, in
integer fen, for the files and schemes whose arithmetic it covers; the exact streaming path
(:mod:`desk_app.schemes.simulate`) stays the reference and does everything else.

Covered: a plain UTF-8 CSV (the header in its first row, every value in its plain form: 18-
character ID numbers, ``住院``/``门诊``, ISO dates, amounts like ``1234.5``, 份数 a number) and a
scheme whose benefits are all copays without a category uplift, with any base, brackets,
deductible scope, accumulation, rounding, cap and minimum payout, when the file has no 参保日期
or 续保 column. Anything else — a row the reader would question, a person whose rows are not
together, another benefit kind — returns ``None`` and the streaming path runs, with its row
numbers and its messages.

The running totals of the streaming engine become cumulative sums per person over the claims
in their order. The cap has a closed form: with ``D`` the running sum of the amounts due, a
claim is paid ``min(due, cap − D_before)`` while ``D_before < cap``, and refused (cap reached)
after. Rates are integers over a power of ten, so every bracket amount is an exact integer.

Every run is checked: the persons of a sample (spread over the file) are run through the exact
engine from the same cells, and their payouts, claim by claim, must be identical; otherwise the
columnar result is dropped (and the streaming path runs).
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from base.clock import today
from base.progress import Progress, check, report
from desk_app.schemes.model import Copay, Scheme
from desk_app.schemes.settlements import COLUMNS, KINDS
from desk_app.schemes.simulate_results import columns_report, sample_agrees
from desk_app.terms import AMOUNT_FIELDS

_MONEY = r"^[0-9]+(\.[0-9]{1,2})?$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_ID = r"^[0-9]{17}[0-9X]$"
# A hospital name the row check reads as written: at most 100 characters, no full-width
# digits or odd spaces for it to fold.
_HOSPITAL = r"^[^\s０-９\u00a0\u3000][^０-９\u00a0\u3000]{0,99}$"


@dataclass(frozen=True)
class _Copay:
    """One copay benefit in integer form: thresholds in fen, rates as integers over 10**scale."""

    applies_to: tuple[str, ...]
    base: tuple[str, ...]
    deductible: int
    per_claim_deductible: bool
    per_claim_brackets: bool
    lows: tuple[int, ...]
    widths: tuple[int | None, ...]
    rates: tuple[int, ...]


def _fen(d: Decimal) -> int:
    return int(d * 100)


def _integer_form(scheme: Scheme) -> tuple[list[_Copay], int] | None:
    """The scheme's copays with integer rates (and the rates' scale), or ``None`` when the
    scheme has anything this path does not cover."""
    if not scheme.benefits or not all(isinstance(b, Copay) for b in scheme.benefits):
        return None
    scale = 0
    for b in scheme.benefits:
        assert isinstance(b, Copay)
        if b.uplift:
            return None
        for br in b.brackets:
            exponent = br.rate.as_tuple().exponent
            assert isinstance(exponent, int)
            scale = max(scale, -exponent)
            if br.upto is not None and br.upto != br.upto.quantize(Decimal("0.01")):
                return None
        if b.deductible != b.deductible.quantize(Decimal("0.01")):
            return None
    out = []
    for b in scheme.benefits:
        assert isinstance(b, Copay)
        lows, widths, rates = [], [], []
        low = 0
        for br in b.brackets:
            lows.append(low)
            widths.append(None if br.upto is None else _fen(br.upto) - low)
            rates.append(int(min(Decimal(1), br.rate) * 10**scale))
            if br.upto is not None:
                low = _fen(br.upto)
        out.append(
            _Copay(
                applies_to=b.applies_to,
                base=b.base,
                deductible=_fen(b.deductible),
                per_claim_deductible=b.deductible_scope == "claim",
                per_claim_brackets=b.accumulate == "claim",
                lows=tuple(lows),
                widths=tuple(widths),
                rates=tuple(rates),
            )
        )
    return out, scale


def _columns(path: Path) -> dict[str, str] | None:
    """Field → the header's column name, for a plain CSV whose first row is the header."""
    import polars as pl

    if path.suffix.lower() not in (".csv", ".txt"):
        return None
    with path.open("rb") as f:
        head = f.read(65536)
    try:
        first = head.split(b"\n", 1)[0].decode("utf-8-sig").strip("\r")
    except UnicodeDecodeError:
        return None  # GB18030 and the like: the streaming reader knows them
    if "\t" in first or '"' in first:
        return None
    names = first.split(",")
    found: dict[str, str] = {}
    for key, aliases in COLUMNS.items():
        for name in names:
            if name in aliases and key not in found:
                found[key] = name
    if "enrolled_on" in found or "renewal" in found:
        return None
    if not all(k in found for k in ("name", "id_number", "kind", "total")):
        return None
    del pl
    return found


def _fen_expr(name: str, *, strict: bool = True) -> Any:
    """A plain money text (checked beforehand) as integer fen; empty as 0. Polars' decimal
    parse is exact: two places, then a hundred times, is a whole number. Not ``strict``, a
    text that is not an amount is null."""
    import polars as pl

    amount = pl.col(name).fill_null("0").cast(pl.Decimal(20, 2), strict=strict)
    return (amount * 100).cast(pl.Int64, strict=strict)


_TEXT_FIELDS = ("id_number", "kind", "admission", "discharge", "visit_date", "hospital", "shares")
_DATES = ("admission", "discharge", "visit_date")
_CHECKED_ONLY = ("name", "invoice_no", "disease_code", "disease_name")  # read, not kept


def _plain_values(max_shares: int, on: date) -> dict[str, Any]:
    """For each column of few distinct values, is a value in the plain form, where the one row
    check (:mod:`.settlement_row`) and this strict one read it alike, and good by that check?
    (Checked on the column's distinct values, not row by row.)"""
    import polars as pl

    c = pl.col
    checks = {
        "kind": c("kind").is_in(["住院", "门诊", "inpatient", "outpatient"]).fill_null(False),
        "hospital": (
            (c("hospital") == c("hospital").str.strip_chars())
            & c("hospital").str.contains(_HOSPITAL)
        ).fill_null(False),
        "disease_code": (c("disease_code").str.len_chars() <= 20).fill_null(True),
        "disease_name": (c("disease_name").str.len_chars() <= 100).fill_null(True),
        "shares": c("shares").is_null()
        | (
            c("shares").str.contains(r"^[0-9]{1,3}$")
            & c("shares").cast(pl.Int64, strict=False).is_between(1, max_shares)
        ),
    }
    for d in _DATES:
        day = c(d).str.to_date("%Y-%m-%d", strict=False)
        checks[d] = c(d).is_null() | (c(d).str.contains(_DATE) & (day <= on)).fill_null(False)
    return checks


def _plain_row() -> Any:
    """Is a row, its distinct-valued columns apart (:func:`_plain_values`), in the plain form
    and good by the one row check? A file with a row this does not prove good goes the
    streaming way, where the row check says what is wrong."""
    import polars as pl

    c = pl.col
    kind = c("kind")
    money = [c(a).is_null() | c(a).str.contains(_MONEY) for a in AMOUNT_FIELDS]
    fen = {a: _fen_expr(a, strict=False) for a in AMOUNT_FIELDS}
    parts = pl.sum_horizontal([fen[a] for a in AMOUNT_FIELDS if a != "total"])
    inpatient = kind.is_in(["住院", "inpatient"])
    outpatient = kind.is_in(["门诊", "outpatient"])
    return (
        c("id_number").str.contains(_ID).fill_null(False)
        & c("name").str.contains(r"\S").fill_null(False)
        & c("invoice_no").str.contains(r"^[0-9A-Za-z_./-]{1,60}$").fill_null(False)
        & (~inpatient | (c("admission").is_not_null() & c("discharge").is_not_null()))
        # ISO dates (each checked as one) compare as their texts do.
        & (~inpatient | (c("admission") <= c("discharge")).fill_null(False))
        & (~outpatient | c("visit_date").is_not_null())
        & c("total").is_not_null()
        & pl.all_horizontal(money)
        & (fen["total"] == parts).fill_null(False)
        & (fen["total"] > 0).fill_null(False)
    )


def _parsed(path: Path, columns: dict[str, str], max_shares: int) -> Any:
    """The rows the calculation needs, parsed (amounts in fen, dates, kinds, persons numbered
    in file order), or ``None`` when a row is not plain or a person's rows are apart. One pass
    over the file; the texts are not kept."""
    import polars as pl

    c = pl.col
    wanted = [*_TEXT_FIELDS, *_CHECKED_ONLY, *AMOUNT_FIELDS]
    raw = (
        pl.scan_csv(path, infer_schema=False, encoding="utf8")
        .select(
            [
                c(columns[f]).alias(f) if f in columns else pl.lit(None, pl.String).alias(f)
                for f in wanted
            ]
        )
        .with_row_index("row", offset=2)
    )
    checks = _plain_values(max_shares, today())
    df = raw.select(
        "row",
        "id_number",
        plain=_plain_row(),
        **{f: c(f).cast(pl.Categorical) for f in checks},
        **{a: _fen_expr(a, strict=False) for a in AMOUNT_FIELDS},  # null where not plain
    ).collect(engine="streaming")  # the file's texts in batches: a fraction of the memory
    if df.height == 0 or not df["plain"].all():
        return None
    for f, plain in checks.items():
        values = df.select(c(f).unique().cast(pl.String))
        if not values.select(plain.all()).item():
            return None
    # Numbered after the streamed read: a running count does not stream.
    new_person = (c("id_number") != c("id_number").shift(1)).fill_null(True)
    df = df.drop("plain", "disease_code", "disease_name").with_columns(
        person=new_person.cast(pl.Int64).cum_sum(),
        kind=c("kind").cast(pl.String).replace_strict(KINDS, return_dtype=pl.Categorical),
        shares=c("shares").cast(pl.String).cast(pl.Int64).fill_null(1),
        hospital=c("hospital").fill_null(""),
        **{d: c(d).cast(pl.String).str.to_date("%Y-%m-%d") for d in _DATES},
    )
    # Each person's rows together (the streaming path refuses the file otherwise, by row).
    if df["person"][-1] != df["id_number"].n_unique():
        return None
    return df


def _claims(df: Any, scheme: Scheme) -> Any:
    """One row per claim (a person's rows with the same kind, dates and hospital), in the
    engine's order: persons in file order, then covered date, then first row (lazy)."""
    import polars as pl

    c = pl.col
    parts = [a for a in AMOUNT_FIELDS if a != "total"]
    parsed = df.lazy().with_columns(
        receipt_ok=pl.all_horizontal([c(a) >= 0 for a in AMOUNT_FIELDS])
        & (pl.sum_horizontal(parts) == c("total")),
        # The rows are in person order: a person's first row starts the person.
        person_shares=pl.when(_starts_person()).then(c("shares")).forward_fill(),
    )
    key = ["person", "kind", *_DATES, "hospital"]
    claims = parsed.group_by(key).agg(
        first_row=c("row").min(),
        shares=c("person_shares").first(),
        receipts_ok=c("receipt_ok").all(),
        # Only the components some benefit counts (and the total) are kept per claim.
        **{
            a: c(a).sum()
            for a in AMOUNT_FIELDS
            if a == "total" or any(a in b.base for b in scheme.benefits if isinstance(b, Copay))
        },
    )
    inpatient = c("kind") == "inpatient"
    stay_date = c("discharge") if scheme.coverage_date == "discharge" else c("admission")
    covered = pl.when(inpatient).then(stay_date).otherwise(c("visit_date"))
    valid = c("receipts_ok") & (~inpatient | (c("admission") <= c("discharge")))
    return (
        claims.with_columns(covered=covered)
        .with_columns(
            valid=valid,
            in_period=valid & c("covered").is_between(scheme.period_start, scheme.period_end),
        )
        .sort(["person", "covered", "first_row"], nulls_last=True)
        .with_columns(first_claim=_starts_person())
    )


def _starts_person() -> Any:
    """Does the row start a person (rows in person order)?"""
    import polars as pl

    return (pl.col("person") != pl.col("person").shift(1)).fill_null(True)


def _before(expr: Any) -> Any:
    """The sum of ``expr`` over the person's earlier claims (their running total): claims are
    in person order, so it is the running sum less its value where the person starts (no
    window by person needed)."""
    import polars as pl

    earlier = expr.cum_sum() - expr
    return earlier - pl.when(pl.col("first_claim")).then(earlier).forward_fill()


def _progressive(x: Any, b: _Copay) -> Any:
    """F(x): the brackets' amount on a base of x fen, in fen × 10**scale."""
    import polars as pl

    terms = []
    for low, width, rate in zip(b.lows, b.widths, b.rates, strict=True):
        inside = (x - low).clip(lower_bound=0)
        if width is not None:
            inside = inside.clip(upper_bound=width)
        terms.append(inside * rate)
    return pl.sum_horizontal(terms)


def _rounded(units: Any, scale: int, rounding: str) -> Any:
    """An amount in fen × 10**scale (never negative) rounded per the scheme, in fen."""
    unit = 10**scale
    if rounding == "cent":
        return (2 * units + unit) // (2 * unit)
    if rounding == "yuan":
        return (2 * units + 100 * unit) // (200 * unit) * 100
    return units // (100 * unit) * 100


def _benefits(claims: Any, copays: list[_Copay], scale: int, rounding: str) -> Any:
    """Each copay's amount on each claim where it applies (``amount_i``, ``applies_i``) and the
    part of its base in each bracket (``piece_i_j``), from the person's running totals."""
    import polars as pl

    c = pl.col
    for i, b in enumerate(copays):
        applies = c("in_period") & c("kind").is_in(list(b.applies_to))
        raw = pl.when(applies).then(pl.sum_horizontal([c(x) for x in b.base])).otherwise(0)
        claims = claims.with_columns(**{f"applies_{i}": applies, f"raw_{i}": raw})
        raw, d = c(f"raw_{i}"), b.deductible
        if b.per_claim_deductible:
            base = (raw - d).clip(lower_bound=0)
        else:
            before = _before(raw)
            base = (before + raw - d).clip(lower_bound=0) - (before - d).clip(lower_bound=0)
        claims = claims.with_columns(**{f"base_{i}": base})
        base = c(f"base_{i}")
        low = pl.lit(0, pl.Int64) if b.per_claim_brackets else _before(base)
        claims = claims.with_columns(**{f"low_{i}": low}).with_columns(
            **{f"high_{i}": c(f"low_{i}") + base}
        )
        low, high = c(f"low_{i}"), c(f"high_{i}")
        units = _progressive(high, b) - _progressive(low, b)
        pieces = {}
        for j, (lo, width) in enumerate(zip(b.lows, b.widths, strict=True)):
            top, bottom = (high - lo).clip(lower_bound=0), (low - lo).clip(lower_bound=0)
            if width is not None:
                top, bottom = top.clip(upper_bound=width), bottom.clip(upper_bound=width)
            pieces[f"piece_{i}_{j}"] = top - bottom
        claims = claims.with_columns(
            **{f"amount_{i}": _rounded(units, scale, rounding)}, **pieces
        ).drop(f"raw_{i}", f"base_{i}", f"low_{i}", f"high_{i}")  # not held to the end
    return claims


def _payouts(claims: Any, scheme: Scheme, n: int) -> Any:
    """Each claim's total, due and payout, and its status and reason, with the cap in closed
    form over the running sum of the amounts due."""
    import polars as pl

    c = pl.col
    applies = pl.any_horizontal([c(f"applies_{i}") for i in range(n)])
    total = pl.sum_horizontal(
        [pl.when(c(f"applies_{i}")).then(c(f"amount_{i}")).otherwise(0) for i in range(n)]
    )
    floor = _fen(scheme.min_payout)
    claims = claims.with_columns(any_applies=applies, total_due=total).with_columns(
        due=pl.when((c("total_due") > 0) & (c("total_due") < floor))
        .then(floor)
        .otherwise(c("total_due"))
    )
    due = pl.when(c("any_applies")).then(c("due")).otherwise(0)
    claims = claims.with_columns(due_before=_before(due))
    if scheme.annual_cap is None:
        cap_reached = pl.lit(False)
        payout = c("due")
    else:
        cap = c("shares") * _fen(scheme.annual_cap)
        cap_reached = c("in_period") & (c("due_before") >= cap)
        payout = pl.min_horizontal(c("due"), cap - c("due_before"))
    claims = claims.with_columns(cap_reached=cap_reached)
    payable = c("any_applies") & ~c("cap_reached")
    reason = (
        pl.when(~c("valid"))
        .then(pl.lit("invalid_receipt"))
        .when(~c("in_period"))
        .then(pl.lit("outside_period"))
        .when(c("cap_reached"))
        .then(pl.lit("cap_reached"))
        .when(~c("any_applies"))
        .then(pl.lit("not_covered"))
        .otherwise(pl.lit(None, pl.String))
    )
    return claims.with_columns(
        payable=payable,
        payout=pl.when(payable).then(payout).otherwise(0),
        reason=reason,
    )


# Rows of the file per part of the claims' pipeline: every figure of a claim depends only on
# its person's claims, and the rows are in person order, so the persons are taken in parts
# and the parts' claims put end to end (the same frame, in the same order). At 1.8 M rows one
# part peaked at 1.04–1.18 GB, four at 0.91–0.93 GB (six at 0.83–0.88 GB, 5 % slower).
PART_ROWS = 450_000


def _claims_in_parts(df: Any, scheme: Scheme, copays: list[_Copay], scale: int) -> Any:
    """The claims with their benefits and payouts (collected), the persons taken in parts."""
    import polars as pl

    persons = int(df["person"][-1])
    parts = max(1, min(persons, -(-df.height // PART_ROWS)))
    bounds = [persons * k // parts for k in range(parts + 1)]
    return pl.concat(
        [
            _payouts(
                _benefits(
                    _claims(df.filter(pl.col("person").is_between(lo + 1, hi)), scheme),
                    copays,
                    scale,
                    scheme.rounding,
                ),
                scheme,
                len(copays),
            )
            .select(_kept(copays))
            .collect()
            for lo, hi in itertools.pairwise(bounds)
        ]
    )


def _kept(copays: list[_Copay]) -> list[str]:
    """The claims' columns the report and the sample check read (the rest is dropped before
    it is all held at once)."""
    per_benefit = [
        name
        for i, b in enumerate(copays)
        for name in (f"applies_{i}", f"amount_{i}", *(f"piece_{i}_{j}" for j in range(len(b.lows))))
    ]
    return ["person", "total", "total_due", "due", "payout", "payable", "reason",
            "cap_reached", *per_benefit]  # fmt: skip


def simulate_columns(
    scheme: Scheme,
    path: Path,
    *,
    head_count: int | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Any:
    """The :class:`~desk_app.schemes.simulate.SimulationReport` of ``scheme`` over the file,
    computed column-wise, or ``None`` when this path does not cover the scheme or the file
    (then the streaming path must run). Checked against the exact engine on a sample."""
    form = _integer_form(scheme)
    columns = _columns(path) if form is not None else None
    if form is None or columns is None:
        return None
    copays, scale = form
    report(progress, 0.0, "读取")
    df = _parsed(path, columns, scheme.max_shares)
    check(cancel)
    if df is None:
        return None
    report(progress, 0.3, f"{df.height:,}")
    claims = _claims_in_parts(df, scheme, copays, scale)
    check(cancel)
    report(progress, 0.7, f"{df.height:,}")
    if not sample_agrees(df, claims, scheme, path):
        return None
    check(cancel)
    report(progress, 1.0, f"{df.height:,}")
    return columns_report(claims, scheme, copays, scale, df.height, path.name, head_count)
