"""``desk-app backup`` and ``desk-app restore``.

Both copy every member's personal data, so both have a person behind them: ``--user`` with the
password on stdin, an admin (``Perm.BACKUP``), audited. The one exception is the scheduled
``backup --auto`` without ``--user``: it runs as the service identity
(:data:`desk_app.access.auth.SCHEDULER`), which may only make the automatic backup into the
configured folder (and sync), and is audited as ``scheduler``. ``restore`` signs in against the
database in place; on a new PC run ``desk-app init --admin LOGIN`` first.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from db import backup
from desk_app.access.auth import SCHEDULER, Perm
from desk_app.cli.context import CliContext, CommandError, add_user_option
from desk_app.system import backups


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    b = sub.add_parser(
        "backup",
        parents=[common],
        help="a consistent copy of the database, even while it is in use (admin)",
    )
    b.add_argument("--out", metavar="FILE", help="where to write it (default: the backups folder)")
    b.add_argument(
        "--auto",
        action="store_true",
        help="an automatic backup into the configured folder, keeping the newest "
        "backup.keep (for the system scheduler: without --user it runs as the service "
        "identity 'scheduler')",
    )
    add_user_option(b, required=False)
    b.set_defaults(func=run_backup)
    r = sub.add_parser(
        "restore",
        parents=[common],
        help="put a backup back after checking it (the current file is kept; admin)",
    )
    r.add_argument("file", metavar="FILE")
    r.add_argument(
        "--recovery-key",
        action="store_true",
        help="the backup is another PC's: read its recovery key from the line after the password",
    )
    add_user_option(r)
    r.set_defaults(func=run_restore)


def run_backup(ctx: CliContext) -> int:
    a = ctx.args
    if not ctx.data.database.exists():
        raise CommandError(ctx.t("没有可备份的数据库", "there is no database to back up"))
    if a.auto and not a.user:
        actor = ctx.authorized(Perm.SCHEDULED_BACKUP, "database", actor=SCHEDULER)
    elif not a.user:
        raise CommandError(
            ctx.t(
                "备份需要 --user 管理员登录名（计划任务请用 backup --auto）",
                "backup needs --user with an admin's login (the scheduler uses backup --auto)",
            )
        )
    else:
        actor = ctx.authorized(Perm.BACKUP, "database")
    db = ctx.database()
    if a.auto:
        dest = backups.auto_backup(db, ctx.data, reason="daily", actor=actor)
    elif a.out:
        dest = Path(a.out).expanduser().resolve()
        backup.copy_database(db.path, dest)
        ctx.audited(actor, "backup", dest.name, folder=str(dest.parent))
    else:
        dest = backups.backup_now(db, ctx.data, actor).value
    print(ctx.t(f"已备份到 {dest}", f"backed up to {dest}"))
    return 0


def run_restore(ctx: CliContext) -> int:
    src = Path(ctx.args.file).expanduser().resolve()
    db = ctx.database(migrate=False)
    actor = ctx.actor()
    recovery = None
    if ctx.args.recovery_key:
        from desk_app.cli.commands.key import parse_key

        recovery = parse_key(ctx.stdin_line("recovery key"))
    if not src.exists():
        raise CommandError(ctx.t(f"找不到文件 {src}", f"no such file: {src}"))
    try:
        restored = backups.restore_from(db, ctx.data, actor, src, recovery_key=recovery)
    except backup.BackupError as exc:
        raise CommandError(ctx.t(f"不能恢复：{exc}", f"cannot restore: {exc}")) from exc
    finally:
        ctx.forget_database()
    ctx.adopt_database(restored.db)
    print(
        ctx.t(
            f"已从 {src.name} 恢复；原数据库保留为 {restored.kept}",
            f"restored from {src.name}; the previous database is kept as {restored.kept}",
        )
    )
    # The restored database remembers it, until a sync finds it level with the city or it
    # recovered from the city (docs/operations.md).
    from desk_app.sync.behind import restored_message
    from desk_app.system.backups import mark_restored

    with ctx.database().uow() as uow:
        mark_restored(uow.session)
        uow.commit()
    print(restored_message().text(ctx.lang))
    return 0
