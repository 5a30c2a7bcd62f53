"""``desk-app roster import`` and ``desk-app roster template`` (FILES.md §1)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk_app.cli.context import CliContext, add_user_option
from desk_app.people import roster


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("roster", parents=[common], help="enrollment rosters (参保名册)")
    s = p.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    i = s.add_parser(
        "import",
        parents=[common],
        help="import a roster; prints a JSON summary (password on stdin)",
    )
    i.add_argument("file", metavar="FILE.xlsx")
    i.add_argument("--scheme", required=True, metavar="CODE", help="the scheme enrolled in")
    i.add_argument("--unit", metavar="CODE", help="the unit, when the roster has no unit column")
    i.add_argument("--receipt", metavar="NO", help="the premium's receipt number (缴费票据号)")
    i.add_argument(
        "--errors-out",
        metavar="FILE.xlsx",
        help="also write the rejected rows with their reasons, to send back to the unit",
    )
    add_user_option(i)
    i.set_defaults(func=run_import)
    t = s.add_parser("template", parents=[common], help="write the roster template")
    t.add_argument("--out", required=True, metavar="FILE.xlsx")
    t.add_argument("--max-shares", type=int, default=1, metavar="N", help="shares allowed")
    t.set_defaults(func=run_template)


def run_import(ctx: CliContext) -> int:
    actor = ctx.actor()
    a = ctx.args
    with ctx.database().uow() as uow:
        result = roster.import_roster(
            uow,
            actor,
            Path(a.file).expanduser(),
            a.scheme,
            unit_code=a.unit,
            receipt_no=a.receipt,
        ).value
        uow.commit()
    if a.errors_out and result.errors:
        out = roster.write_error_rows(Path(a.errors_out).expanduser(), result, ctx.lang)
        print(ctx.t(f"错误行已写入 {out}", f"rejected rows written to {out}"), file=sys.stderr)
    ctx.print_json(result.to_json(ctx.lang))
    return 0


def run_template(ctx: CliContext) -> int:
    out = roster.write_template(Path(ctx.args.out).expanduser(), max_shares=ctx.args.max_shares)
    print(ctx.t(f"模板已写入 {out}", f"template written to {out}"))
    return 0
