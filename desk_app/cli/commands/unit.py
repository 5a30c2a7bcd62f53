"""``desk-app unit add`` and ``desk-app unit list``."""

from __future__ import annotations

import argparse

from desk_app.cli.context import CliContext, add_user_option
from desk_app.people import units


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("unit", parents=[common], help="enrolling units (参保单位)")
    s = p.add_subparsers(dest="unit_command", metavar="ACTION", required=True)
    a = s.add_parser("add", parents=[common], help="register a unit (password on stdin)")
    a.add_argument("code", metavar="CODE", help="the unit code (单位编码), unique")
    a.add_argument("--name", required=True, help="the unit's name")
    a.add_argument("--industry", help="its industry (产业)")
    a.add_argument("--contact", help="the contact person")
    a.add_argument("--phone", help="the contact's phone")
    a.add_argument("--county", help="the county it belongs to")
    add_user_option(a)
    a.set_defaults(func=add)
    ls = s.add_parser("list", parents=[common], help="the units, one line each")
    ls.add_argument("text", nargs="?", default="", help="only codes or names containing this")
    ls.set_defaults(func=list_)


def add(ctx: CliContext) -> int:
    actor = ctx.actor()
    a = ctx.args
    data = units.UnitInput(
        code=a.code,
        name=a.name,
        industry=a.industry,
        contact=a.contact,
        phone=a.phone,
        county=a.county,
    )
    with ctx.database().uow() as uow:
        row = units.add_unit(uow, actor, data).value
        uow.commit()
    print(ctx.t(f"已登记单位 {row.code} {row.name}", f"unit {row.code} {row.name} added"))
    return 0


def list_(ctx: CliContext) -> int:
    with ctx.database().reader() as uow:
        rows = units.list_units(uow, ctx.args.text)
    for r in rows:
        print(f"{r.code}\t{r.name}\t{r.industry or ''}\t{r.member_count}")
    return 0
