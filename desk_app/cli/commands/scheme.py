"""``desk-app scheme import|list|check|show|activate|deactivate``: scheme files and versions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from base.errors import msg
from base.money import fmt
from desk_app.cli.context import CliContext, add_user_option
from desk_app.schemes import store
from desk_app.schemes.model import SchemeError
from desk_app.schemes.parse import decode_scheme_bytes, parse_scheme, read_scheme_file


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("scheme", parents=[common], help="scheme files (给付方案)")
    s = p.add_subparsers(dest="scheme_command", metavar="ACTION", required=True)

    i = s.add_parser("import", parents=[common], help="load a scheme file (admin)")
    i.add_argument("file", type=Path, metavar="FILE.toml")
    i.add_argument(
        "--inactive", action="store_true", help="store it without offering it at the desk yet"
    )
    add_user_option(i)
    i.set_defaults(func=import_)

    ls = s.add_parser("list", parents=[common], help="the stored schemes, one line each")
    ls.add_argument("--active", action="store_true", help="only the schemes offered at the desk")
    ls.set_defaults(func=list_)

    c = s.add_parser(
        "check", parents=[common], help="check a scheme file without importing it (no database)"
    )
    c.add_argument("file", type=Path, metavar="FILE.toml")
    c.set_defaults(func=check, needs_data=False)

    sh = s.add_parser("show", parents=[common], help="print a stored scheme's text as imported")
    sh.add_argument("code")
    sh.set_defaults(func=show)

    for name, active in (("activate", True), ("deactivate", False)):
        a = s.add_parser(
            name,
            parents=[common],
            help="offer the scheme at the desk" if active else "stop offering the scheme",
        )
        a.add_argument("code")
        add_user_option(a)
        a.set_defaults(func=activate, active=active)


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SchemeError(
            msg(
                "无法读取方案文件 {f}：{e}",
                "cannot read the scheme file {f}: {e}",
                f=path,
                e=exc.strerror or exc,
            )
        ) from exc
    return decode_scheme_bytes(data, str(path))


def import_(ctx: CliContext) -> int:
    path: Path = ctx.args.file
    text = _read(path)
    parse_scheme(text)  # refuse a bad file before asking for a password or opening the database
    actor = ctx.actor()
    with ctx.database().uow() as uow:
        done = store.import_scheme(
            uow, actor, text, active=not ctx.args.inactive, source_name=path.name
        )
        uow.commit()
    row = done.value
    if done.changes.schemes:
        print(
            ctx.t(
                f"已导入方案 {row.code}（{row.name}，{row.period_start}～{row.period_end}）",
                f"scheme {row.code} imported ({row.name}, {row.period_start}..{row.period_end})",
            )
        )
    else:
        print(
            ctx.t(
                f"方案 {row.code} 已导入过，内容相同，未作改动",
                f"scheme {row.code} already imported with the same content; nothing changed",
            )
        )
    return 0


def _line(ctx: CliContext, row: store.SchemeRow) -> str:
    cap = fmt(row.annual_cap, grouped=False) if row.annual_cap is not None else "-"
    state = ctx.t("启用", "active") if row.active else ctx.t("停用", "inactive")
    return "\t".join(
        [
            row.code,
            row.plan,
            f"{row.period_start}..{row.period_end}",
            fmt(row.premium_per_share, grouped=False),
            str(row.max_shares),
            cap,
            state,
            row.origin,
            row.name,
        ]
    )


def list_(ctx: CliContext) -> int:
    with ctx.database().reader() as uow:
        rows = store.list_schemes(uow, active_only=ctx.args.active)
    for row in rows:
        print(_line(ctx, row))
    if not rows:
        print(ctx.t("还没有方案", "no schemes yet"), file=sys.stderr)
    return 0


def check(ctx: CliContext) -> int:
    _text, scheme = read_scheme_file(ctx.args.file)
    print(
        ctx.t(
            f"方案文件正确：{scheme.code}（{scheme.name}），{len(scheme.benefits)} 个保障项目",
            f"scheme file is valid: {scheme.code} ({scheme.name}), {len(scheme.benefits)} benefits",
        )
    )
    return 0


def show(ctx: CliContext) -> int:
    with ctx.database().reader() as uow:
        row = store.get_scheme_row(uow, ctx.args.code)
        text = store.load_scheme_text(uow, row.id)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def activate(ctx: CliContext) -> int:
    actor = ctx.actor()
    with ctx.database().uow() as uow:
        done = store.activate_scheme(uow, actor, ctx.args.code, ctx.args.active)
        uow.commit()
    state = ctx.t("启用", "active") if done.value.active else ctx.t("停用", "inactive")
    print(f"{done.value.code}: {state}")
    return 0
