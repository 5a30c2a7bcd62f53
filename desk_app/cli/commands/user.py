"""``desk-app user add``."""

from __future__ import annotations

import argparse

from desk_app.access import users
from desk_app.cli.context import CliContext, add_user_option


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("user", parents=[common], help="users and roles")
    s = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    a = s.add_parser(
        "add",
        parents=[common],
        help="add a user (admin's password, then the new password, on stdin)",
    )
    a.add_argument("login")
    a.add_argument("--role", required=True, choices=["clerk", "reviewer", "admin"])
    a.add_argument("--name", required=True)
    add_user_option(a)
    a.set_defaults(func=add)


def add(ctx: CliContext) -> int:
    actor = ctx.actor()
    password = ctx.stdin_line("new user's password")
    with ctx.database().uow() as uow:
        done = users.add_user(uow, actor, ctx.args.login, ctx.args.name, ctx.args.role, password)
        uow.commit()
    print(
        ctx.t(
            f"已添加用户 {done.value.login}（{done.value.role.value}）",
            f"user {done.value.login} added ({done.value.role.value})",
        )
    )
    return 0
