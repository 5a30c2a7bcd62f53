"""``desk-app settings list`` and ``desk-app settings set KEY VALUE``: the desk's settings
(``desk_app.system.settings``) without the window, e.g. the bank list layout
(``settings set bank.layout csv_gbk``; ``settings layouts`` lists the shipped ones)."""

from __future__ import annotations

import argparse

from desk_app.cli.context import CliContext, add_user_option
from desk_app.payments import layouts
from desk_app.system import settings


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("settings", parents=[common], help="the desk's settings")
    s = p.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    ls = s.add_parser("list", parents=[common], help="every setting: key, value, what it is for")
    ls.set_defaults(func=list_)
    st = s.add_parser("set", parents=[common], help="change a setting (password on stdin)")
    st.add_argument("key", metavar="KEY")
    st.add_argument("value", metavar="VALUE")
    add_user_option(st)
    st.set_defaults(func=set_)
    lay = s.add_parser("layouts", parents=[common], help="the bank list layouts shipped")
    lay.set_defaults(func=list_layouts)


def list_(ctx: CliContext) -> int:
    with ctx.database().reader() as uow:
        values = settings.get_all(uow.session)
    for key, d in settings.REGISTRY.items():
        desc = d.description_zh if ctx.lang == "zh" else d.description
        print(f"{key}\t{values[key]}\t{desc}")
    return 0


def set_(ctx: CliContext) -> int:
    actor = ctx.actor()
    a = ctx.args
    with ctx.database().uow() as uow:
        changed = settings.update_settings(uow, actor, {a.key: a.value}).value
        uow.commit()
    if not changed:
        print(ctx.t(f"设置 {a.key} 未改变", f"setting {a.key} unchanged"))
    else:
        print(ctx.t(f"设置 {a.key} = {changed[a.key]}", f"setting {a.key} = {changed[a.key]}"))
    return 0


def list_layouts(ctx: CliContext) -> int:
    for code, name in layouts.names(ctx.lang).items():
        print(f"{code}\t{layouts.load(code).format}\t{name}")
    return 0
