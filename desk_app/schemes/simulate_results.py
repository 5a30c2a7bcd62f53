"""The columnar simulation's results: the report built from the claims' columns, and the check
of a sample of persons against the exact engine (``simulate_columns`` runs both)."""

from __future__ import annotations

import logging
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk_app.schemes.model import Copay, Scheme
from desk_app.terms import AMOUNT_FIELDS

if TYPE_CHECKING:
    from desk_app.schemes.simulate_columns import _Copay

log = logging.getLogger(__name__)

SAMPLE_PERSONS = 400  # checked against the exact engine on every run


def _dec(n: int, places: int = 2) -> Decimal:
    return Decimal(int(n)).scaleb(-places)


def columns_report(claims: Any, scheme: Scheme, copays: list[_Copay], scale: int, rows: int,
            source: str, head_count: int | None) -> Any:  # fmt: skip
    """The same :class:`SimulationReport` the streaming path makes, from the claims' columns."""
    import polars as pl

    from desk_app.schemes.model import REASONS
    from desk_app.schemes.simulate import BenefitTotal, BracketTotal, SimulationReport

    c = pl.col
    # Every figure in one pass of masked sums: filtering the claims first would copy them
    # (at 1.8 M rows that copy was the simulation's peak of memory).
    paid = c("payable")
    figures: dict[str, Any] = {
        "payout": c("payout").filter(paid).sum(),
        "claims_payable": paid.sum(),
        "claims_paid": (paid & (c("payout") > 0)).sum(),
        "persons": c("person").n_unique(),
        "persons_paid": c("person").filter(c("payout") > 0).n_unique(),
        "medical_total": c("total").sum(),
        "computed": c("total_due").filter(paid).sum(),
        "min_payout_added": (c("due") - c("total_due")).filter(paid).sum(),
        "cap_cut": (c("due") - c("payout")).filter(paid).sum(),
    }
    for i, b in enumerate(scheme.benefits):
        assert isinstance(b, Copay)
        mine = paid & c(f"applies_{i}")
        figures[f"claims_{i}"] = mine.sum()
        figures[f"amount_{i}"] = c(f"amount_{i}").filter(mine).sum()
        for j in range(len(b.brackets)):
            figures[f"piece_{i}_{j}"] = c(f"piece_{i}_{j}").filter(mine).sum()
    f = claims.select(**figures).row(0, named=True)
    benefits = []
    for i, (b, form) in enumerate(zip(scheme.benefits, copays, strict=True)):
        assert isinstance(b, Copay)
        lows = [Decimal(0)] + [br.upto or Decimal(0) for br in b.brackets[:-1]]
        brackets = tuple(
            BracketTotal(
                j,
                lows[j],
                br.upto,
                br.rate,
                _dec(f[f"piece_{i}_{j}"]),
                _dec(f[f"piece_{i}_{j}"] * form.rates[j], 2 + scale),
            )
            for j, br in enumerate(b.brackets)
        )
        benefits.append(
            BenefitTotal(b.label, b.kind, f[f"claims_{i}"], _dec(f[f"amount_{i}"]), brackets)
        )
    counts = dict(claims.group_by("reason").len().iter_rows())
    payout = _dec(f["payout"])
    premium = scheme.premium_per_share * head_count if head_count is not None else None
    return SimulationReport(
        scheme_code=scheme.code,
        scheme_name=scheme.name,
        source=source,
        rows=rows,
        bad_rows=0,
        errors=(),
        persons=f["persons"],
        persons_paid=f["persons_paid"],
        claims=claims.height,
        claims_payable=f["claims_payable"],
        claims_paid=f["claims_paid"],
        rejected=tuple((r, counts[r]) for r in REASONS if counts.get(r)),
        medical_total=_dec(f["medical_total"]),
        benefits=tuple(benefits),
        computed=_dec(f["computed"]),
        min_payout_added=_dec(f["min_payout_added"]),
        cap_cut=_dec(f["cap_cut"]),
        payout=payout,
        head_count=head_count,
        premium_income=premium,
        payout_ratio=(payout / premium) if premium else None,
    )


def _money_text(fen: int) -> str:
    sign, fen = ("-", -fen) if fen < 0 else ("", fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def sample_agrees(df: Any, claims: Any, scheme: Scheme, path: Path) -> bool:
    """Do the persons of a sample get, claim by claim, the same status and payout from the
    exact engine (read from the same cells by the streaming reader's own parse)?"""
    import polars as pl

    from desk_app.schemes.engine import Ledger
    from desk_app.schemes.model import MemberFacts
    from desk_app.schemes.settlements import BadRow, _Header, _parse
    from desk_app.schemes.simulate import _claims_of
    from desk_app.schemes.simulate_columns import _DATES, _fen

    persons = claims.select("person").unique(maintain_order=True)["person"]
    step = max(1, persons.len() // SAMPLE_PERSONS)
    capped = claims.filter(pl.col("cap_reached") | (pl.col("payout") < pl.col("due")))
    chosen = set(persons.gather_every(step).to_list()) | set(
        capped["person"].head(SAMPLE_PERSONS // 4).to_list()
    )
    with path.open(encoding="utf-8-sig", newline="") as f:
        names = f.readline().rstrip("\r\n").split(",")
    header = _Header(names)
    kinds = {"inpatient": "住院", "outpatient": "门诊"}
    rows: dict[int, list[Any]] = {}
    for rec in df.filter(pl.col("person").is_in(list(chosen))).iter_rows(named=True):
        # The row's cells in their plain form again (every row was plain: the same values).
        text = {
            **{a: _money_text(rec[a]) for a in AMOUNT_FIELDS},
            **{d: None if rec[d] is None else rec[d].isoformat() for d in _DATES},
            "id_number": rec["id_number"],
            "kind": kinds[rec["kind"]],
            "hospital": rec["hospital"],
            "shares": str(rec["shares"]),
            # Not kept in the columns and no part of a payout (each was checked plain there).
            "name": "样本",
            "invoice_no": str(rec["row"]),
        }
        cells: list[Any] = [None] * len(names)
        for field, value in text.items():
            at = header.index.get(field)
            if at is not None:
                cells[at] = value
        row = _parse(cells, header, rec["row"], scheme.max_shares)
        if isinstance(row, BadRow):
            log.error("columnar simulation took a row the reader refuses: %s", row)
            return False
        rows.setdefault(rec["person"], []).append(row)
    got: dict[int, list[tuple[Any, int]]] = {}
    mine = claims.filter(pl.col("person").is_in(list(chosen)))
    for person, reason, payout in mine.select("person", "reason", "payout").iter_rows():
        got.setdefault(person, []).append((reason, payout))
    for person, theirs in rows.items():
        first = theirs[0]
        member = MemberFacts(first.shares, scheme.period_start, True, first.categories)
        exact = Ledger(scheme, member, explain=False).add_all(_claims_of(theirs, scheme))
        if [(r.reason, _fen(r.payout)) for r in exact] != got.get(person):
            log.error(
                "columnar simulation differs from the engine for a person: %s", got.get(person)
            )
            return False
    return True
