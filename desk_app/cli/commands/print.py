"""``desk-app print approval|rejection|voucher``: a claim's approval form or rejection notice,
or an enrollment batch's payment voucher, as a PDF.

A printed form carries a member's name and ID number: ``--user`` (password on stdin) with the
right to print (clerks and reviewers), and every document is audited to that person."""

from __future__ import annotations

import argparse
from pathlib import Path

from desk_app import documents
from desk_app.access.auth import Actor
from desk_app.cli.context import CliContext, add_user_option


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("print", parents=[common], help="printed documents as PDF")
    s = p.add_subparsers(dest="print_command", metavar="DOCUMENT", required=True)
    a = s.add_parser(
        "approval",
        parents=[common],
        help="a claim's approval form (审批表); NUMBER is the claim or approval number",
    )
    a.add_argument("number", metavar="NUMBER")
    r = s.add_parser(
        "rejection",
        parents=[common],
        help="a rejected claim's notice to the member (不予给付通知书)",
    )
    r.add_argument("number", metavar="NUMBER")
    v = s.add_parser(
        "voucher",
        parents=[common],
        help="an enrollment batch's payment voucher (缴费凭证) with its member list",
    )
    v.add_argument("number", metavar="BATCH_NO")
    v.add_argument("--no-members", action="store_true", help="leave out the member list")
    for q, func in ((a, run_approval), (r, run_rejection), (v, run_voucher)):
        q.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
        q.add_argument(
            "--full-id",
            action="store_true",
            help="print ID numbers in full (default: the print.mask_id setting)",
        )
        add_user_option(q)
        q.set_defaults(func=func)


def _mask(ctx: CliContext) -> bool | None:
    return False if ctx.args.full_id else None


def _actor(ctx: CliContext) -> Actor:
    """The person printing; ``documents`` checks the right to print and audits the form."""
    return ctx.actor()


def _write(ctx: CliContext, doc: documents.Document, out: Path) -> int:
    out.write_bytes(doc.data)
    print(ctx.t(f"已写入 {out}", f"written to {out}"))
    return 0


def run_approval(ctx: CliContext) -> int:
    doc = documents.approval_form(
        ctx.database(), _actor(ctx), ctx.args.number, lang=ctx.lang, mask_id=_mask(ctx), via="cli"
    )
    return _write(ctx, doc, ctx.args.out.expanduser())


def run_rejection(ctx: CliContext) -> int:
    doc = documents.rejection_notice(
        ctx.database(), _actor(ctx), ctx.args.number, lang=ctx.lang, mask_id=_mask(ctx), via="cli"
    )
    return _write(ctx, doc, ctx.args.out.expanduser())


def run_voucher(ctx: CliContext) -> int:
    doc = documents.vouchers(
        ctx.database(),
        _actor(ctx),
        [ctx.args.number],
        lang=ctx.lang,
        with_members=not ctx.args.no_members,
        mask_id=_mask(ctx),
        via="cli",
    )
    return _write(ctx, doc, ctx.args.out.expanduser())
