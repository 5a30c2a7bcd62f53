"""``desk-app calc --scheme FILE.toml --case FILE.json``: the trial calculation (试算), no database.

Prints one JSON object on standard output and nothing else (``SCHEMES.md``), as UTF-8 whatever
the console's code page, so the bytes are the same on every desk. A bad scheme or case file is a
message on standard error naming what is wrong, and a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from base.errors import msg
from desk_app.cli.context import CliContext
from desk_app.schemes.case import read_case_file, results_to_json
from desk_app.schemes.engine import calculate
from desk_app.schemes.model import CaseError
from desk_app.schemes.parse import read_scheme_file


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "calc",
        parents=[common],
        help="trial calculation of a case under a scheme file (no database)",
    )
    p.add_argument("--scheme", required=True, type=Path, metavar="FILE.toml")
    p.add_argument("--case", required=True, type=Path, metavar="FILE.json")
    p.add_argument(
        "--explain",
        action="store_true",
        help="add each claim's hospital days, benefit kinds and 计算过程 lines to the output",
    )
    p.set_defaults(func=run, needs_data=False)


def write_json(obj: Any) -> None:
    """One line of JSON on stdout, UTF-8 (JSON's own encoding) whatever the locale."""
    text = json.dumps(obj, ensure_ascii=False) + "\n"
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:  # a captured stdout in tests
        sys.stdout.write(text)


def run(ctx: CliContext) -> int:
    _text, scheme = read_scheme_file(ctx.args.scheme)
    case = read_case_file(ctx.args.case)
    if case.member.shares > scheme.max_shares:
        raise CaseError(
            msg(
                "member.shares：方案 {c} 每人最多 {n} 份，案例为 {s} 份",
                "member.shares: scheme {c} allows at most {n} shares, the case has {s}",
                c=scheme.code,
                n=scheme.max_shares,
                s=case.member.shares,
            )
        )
    results = calculate(scheme, case.member, case.claims)
    write_json(results_to_json(results, full=ctx.args.explain))
    return 0
