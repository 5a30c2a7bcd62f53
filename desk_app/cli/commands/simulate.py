"""``desk-app simulate --scheme FILE.toml --claims FILE [--members N] [--json]``: 方案测算.

Runs a scheme file over the bureau's settlement records (CSV or .xlsx, one receipt per row) and
prints what it would pay, per benefit and per bracket, and the payout ratio (资金使用率) against
the premiums of N members. No database.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from base.money import fmt
from desk_app.cli.commands.calc import write_json
from desk_app.cli.context import CliContext
from desk_app.schemes.explain import pct
from desk_app.schemes.model import REASON_NAMES_ZH
from desk_app.schemes.parse import read_scheme_file
from desk_app.schemes.simulate import SimulationReport, simulate


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "simulate",
        parents=[common],
        help="方案测算: what a scheme would pay on a year of settlement records (no database)",
    )
    p.add_argument("--scheme", required=True, type=Path, metavar="FILE.toml")
    p.add_argument(
        "--claims",
        required=True,
        type=Path,
        metavar="FILE",
        help="settlement records, .csv or .xlsx, one receipt per row, each person's rows together",
    )
    p.add_argument(
        "--members", type=int, metavar="N", help="head count for the premium income (参保人数)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.set_defaults(func=run, needs_data=False)


def run(ctx: CliContext) -> int:
    _text, scheme = read_scheme_file(ctx.args.scheme)

    def progress(_fraction: float, rows: str) -> None:
        if sys.stderr.isatty():
            print(f"\r{ctx.t('已读', 'rows read')} {rows}", end="", file=sys.stderr, flush=True)

    result = simulate(scheme, ctx.args.claims, head_count=ctx.args.members, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if ctx.args.json:
        write_json(result.to_json(ctx.lang))
    else:
        sys.stdout.write(render(result, ctx.lang))
    return 0


def render(r: SimulationReport, lang: str) -> str:
    """The report as text for the console, in the desk's language."""
    zh = lang == "zh"

    def t(a: str, b: str) -> str:
        return a if zh else b

    out = [
        t(
            f"方案测算：{r.scheme_code} {r.scheme_name}",
            f"simulation: {r.scheme_code} {r.scheme_name}",
        ),
        t(
            f"读取 {r.rows:,} 行（有误 {r.bad_rows:,} 行），{r.persons:,} 人，{r.claims:,} 件申请，"
            f"医疗费总额 {fmt(r.medical_total)}",
            f"{r.rows:,} rows ({r.bad_rows:,} bad), {r.persons:,} persons, {r.claims:,} claims, "
            f"medical costs {fmt(r.medical_total)}",
        ),
        t(
            f"给付 {r.claims_paid:,} 件（{r.persons_paid:,} 人），可给付 {r.claims_payable:,} 件，"
            f"不予给付 {r.claims - r.claims_payable:,} 件",
            f"{r.claims_paid:,} claims paid ({r.persons_paid:,} persons), "
            f"{r.claims_payable:,} payable, {r.claims - r.claims_payable:,} rejected",
        ),
    ]
    for reason, n in r.rejected:
        out.append(f"  {REASON_NAMES_ZH[reason] if zh else reason}: {n:,}")
    out.append(t(f"给付总额 {fmt(r.payout)}", f"total payout {fmt(r.payout)}"))
    for b in r.benefits:
        out.append(
            t(
                f"  {b.label}：{b.claims:,} 件，{fmt(b.amount)}",
                f"  {b.label}: {b.claims:,} claims, {fmt(b.amount)}",
            )
        )
        for k in b.brackets:
            if k.high is None:
                zone_zh, zone_en = f"{fmt(k.low)} 以上段", f"above {fmt(k.low)}"
            else:
                zone_zh, zone_en = f"{fmt(k.low)}～{fmt(k.high)} 段", f"{fmt(k.low)}-{fmt(k.high)}"
            out.append(
                t(
                    f"    {zone_zh} {pct(k.rate)}：基数 {fmt(k.base)}，金额 {fmt(k.amount)}",
                    f"    {zone_en} at {pct(k.rate)}: base {fmt(k.base)}, amount {fmt(k.amount)}",
                )
            )
    if r.min_payout_added:
        out.append(
            t(
                f"  最低给付补足 +{fmt(r.min_payout_added)}",
                f"  minimum payout +{fmt(r.min_payout_added)}",
            )
        )
    if r.cap_cut:
        out.append(t(f"  封顶扣减 -{fmt(r.cap_cut)}", f"  cut by the cap -{fmt(r.cap_cut)}"))
    if r.premium_income is not None and r.head_count is not None:
        out.append(
            t(
                f"互助金收入 {r.head_count:,} 人 × {fmt(r.premium_income / r.head_count)} = "
                f"{fmt(r.premium_income)}",
                f"premium income {r.head_count:,} × {fmt(r.premium_income / r.head_count)} = "
                f"{fmt(r.premium_income)}",
            )
        )
        ratio = f"{r.payout_ratio * 100:.2f}%" if r.payout_ratio is not None else "-"
        out.append(t(f"资金使用率 {ratio}", f"payout ratio {ratio}"))
    for e in r.errors:
        out.append(t(f"第 {e.row} 行：{e.message.zh}", f"row {e.row}: {e.message.en}"))
    if r.bad_rows > len(r.errors):
        more = r.bad_rows - len(r.errors)
        out.append(t(f"……另有 {more:,} 行有误", f"... and {more:,} more bad rows"))
    return "\n".join(out) + "\n"
