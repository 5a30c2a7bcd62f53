"""``desk-app claims import`` (FILES.md §2) and ``desk-app claims approve`` (batch review)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from base.errors import DeskError
from base.money import fmt
from desk_app.claims import service
from desk_app.cli.context import CliContext, CommandError, add_user_option


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("claims", parents=[common], help="claims (理赔申请)")
    s = p.add_subparsers(dest="claims_command", metavar="ACTION", required=True)
    i = s.add_parser(
        "import",
        parents=[common],
        help="import the insurance bureau's settlement records as submitted, calculated claims; "
        "prints a JSON summary (password on stdin)",
    )
    i.add_argument("file", metavar="FILE.xlsx")
    i.add_argument("--scheme", required=True, metavar="CODE", help="the scheme claimed under")
    i.add_argument(
        "--errors-out",
        metavar="FILE.xlsx",
        help="also write the rejected rows with their reasons, to send back",
    )
    add_user_option(i)
    i.set_defaults(func=run_import)
    a = s.add_parser(
        "approve",
        parents=[common],
        help="approve claims: --all for every submitted payable claim you did not enter "
        "(engine-rejected ones are rejected with their reason), or the claim numbers given",
    )
    a.add_argument("numbers", nargs="*", metavar="NUMBER", help="claim numbers to approve")
    a.add_argument("--all", action="store_true", help="every submitted claim you did not enter")
    add_user_option(a)
    a.set_defaults(func=run_approve)


def run_import(ctx: CliContext) -> int:
    actor = ctx.actor()
    a = ctx.args
    with ctx.database().uow() as uow:
        result = service.import_settlements(uow, actor, Path(a.file).expanduser(), a.scheme).value
        uow.commit()
    if a.errors_out and result.errors:
        out = service.write_error_rows(Path(a.errors_out).expanduser(), result, ctx.lang)
        print(ctx.t(f"错误行已写入 {out}", f"rejected rows written to {out}"), file=sys.stderr)
    ctx.print_json(result.to_json(ctx.lang))
    return 0


def run_approve(ctx: CliContext) -> int:
    a = ctx.args
    if a.all == bool(a.numbers):
        raise CommandError(
            ctx.t(
                "请给出 --all 或要审批的申请编号（二者取一）",
                "give either --all or the claim numbers to approve",
            )
        )
    actor = ctx.actor()
    db = ctx.database()
    if a.all:
        with db.uow() as uow:
            report = service.approve_all(uow, actor).value
            uow.commit()
        print(report.summary(ctx.lang))
        return 0
    # One transaction per claim: a refusal (a changed calculation, say) keeps the others.
    failed = 0
    for number in a.numbers:
        try:
            with db.uow() as uow:
                claim_id = service.get_claim(uow, number).id
                view = service.approve(uow, actor, claim_id).value
                uow.commit()
        except DeskError as exc:
            failed += 1
            print(f"{number}: {exc.text(ctx.lang)}", file=sys.stderr)
            continue
        payout = fmt(view.calc.payout if view.calc else None)
        print(
            ctx.t(
                f"{view.claim_no} 已审批，审批编号 {view.approval_no}，给付 {payout} 元",
                f"{view.claim_no} approved as {view.approval_no}, payout {payout}",
            )
        )
    return 2 if failed else 0
