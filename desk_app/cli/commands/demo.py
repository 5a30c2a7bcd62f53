"""``desk-app demo``: fill an empty database with a realistic demo county."""

from __future__ import annotations

import argparse
import sys

from desk_app.cli.context import CliContext


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="fill an empty database with demo data")
    p.add_argument("--members", type=int, default=2000, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.set_defaults(func=run)


def run(ctx: CliContext) -> int:
    from desk_app.demo import county as demo

    db = ctx.database()
    last = [-1]

    def progress(fraction: float, message: str) -> None:
        pct = int(fraction * 100)
        if sys.stderr.isatty() and pct != last[0]:
            last[0] = pct
            print(f"\r{pct:3d}% {message}    ", end="", file=sys.stderr, flush=True)

    summary = demo.build_demo(db, members=ctx.args.members, seed=ctx.args.seed, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    claims = sum(summary.claims.values())
    print(
        ctx.t(
            f"演示数据：{summary.units} 个单位，{summary.members} 名职工，"
            f"{summary.schemes} 个方案，{summary.enrollments} 条参保记录，{claims} 件理赔"
            f"（{summary.seconds:.1f} 秒）",
            f"demo data: {summary.units} units, {summary.members} members, "
            f"{summary.schemes} schemes, {summary.enrollments} enrollments, {claims} claims "
            f"({summary.seconds:.1f} s)",
        )
    )
    return 0
