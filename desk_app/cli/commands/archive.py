"""``desk-app archive --month YYYY-MM --out FOLDER``: the month's paid claims as one PDF per claim
number (the approval form and its scanned papers), for the county's electronic archive."""

from __future__ import annotations

import argparse
from pathlib import Path

from desk_app import papers_archive
from desk_app.cli.context import CliContext, add_user_option


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "archive",
        parents=[common],
        help="a month's paid claims with their papers, one PDF per claim (电子档案)",
    )
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--out", required=True, type=Path, metavar="FOLDER")
    add_user_option(p)
    p.set_defaults(func=run)


def run(ctx: CliContext) -> int:
    actor = ctx.actor()
    done = papers_archive.month_archive(
        ctx.database(), actor, ctx.args.month, ctx.args.out.expanduser()
    )
    print(
        ctx.t(
            f"已写出 {len(done.files)} 件申请的档案到 {done.folder}",
            f"{len(done.files)} claim file(s) written to {done.folder}",
        )
    )
    if done.claims_without_papers:
        listing = "、".join(done.claims_without_papers)
        print(ctx.t(f"没有扫描件的申请：{listing}", f"claims without scans: {listing}"))
    return 0
