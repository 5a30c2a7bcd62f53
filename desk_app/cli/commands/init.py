"""``desk-app init``: create or upgrade the database (after a backup) and the first admin."""

from __future__ import annotations

import argparse

from db.migrate import upgrade
from desk_app.access import users
from desk_app.cli.context import CliContext


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="create or upgrade the database")
    p.add_argument("--admin", metavar="LOGIN", help="create this first admin (password on stdin)")
    p.add_argument("--name", default="管理员", help="the first admin's name")
    p.set_defaults(func=run)


def run(ctx: CliContext) -> int:
    password = None
    if ctx.args.admin and not ctx.data.database.exists():
        # A refused first admin leaves nothing behind: checked before any file is made (a
        # database without an admin could only be reached by deleting it by hand).
        password = ctx.stdin_line("password")
        users.check_new_user(ctx.args.admin, ctx.args.name, password)
    ctx.data.ensure()
    report = upgrade(ctx.data.database, ctx.data.backups, encrypt=True)
    db = ctx.database(migrate=False)
    from desk_app.system import bootstrap

    with db.uow() as uow:
        bootstrap.seed_reference_data(uow)
        uow.commit()
    created = None
    with db.uow() as uow:
        if ctx.args.admin and not users.has_users(uow):
            password = password if password is not None else ctx.stdin_line("password")
            created = users.create_first_admin(uow, ctx.args.admin, ctx.args.name, password).value
            uow.commit()
        no_users = not users.has_users(uow)
    state = (
        ctx.t(
            f"已从 {report.before} 升级到 {report.after}（备份：{report.backup_path}）",
            f"upgraded {report.before} -> {report.after} (backup: {report.backup_path})",
        )
        if report.changed and report.before
        else ctx.t(f"已创建，版本 {report.after}", f"created at schema {report.after}")
        if report.changed
        else ctx.t(f"已是最新版本 {report.after}", f"up to date at schema {report.after}")
    )
    print(ctx.t(f"数据库 {ctx.data.database}：{state}", f"database {ctx.data.database}: {state}"))
    if created:
        print(ctx.t(f"已创建管理员 {created.login}", f"admin {created.login} created"))
    elif no_users:
        print(
            ctx.t(
                "还没有用户：用 desk-app init --admin 登录名 创建管理员（密码从标准输入读取）",
                "no users yet: create the admin with desk-app init --admin LOGIN "
                "(password on stdin)",
            )
        )
    return 0
