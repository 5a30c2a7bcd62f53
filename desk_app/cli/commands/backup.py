"""``desk-app backup`` and ``desk-app restore``."""

from __future__ import annotations

import argparse
from pathlib import Path

from db import backup
from db.migrate import known_revisions
from desk_app.cli.context import CliContext, CommandError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    b = sub.add_parser(
        "backup",
        parents=[common],
        help="a consistent copy of the database, even while it is in use",
    )
    b.add_argument("--out", metavar="FILE", help="where to write it (default: the backups folder)")
    b.add_argument(
        "--auto",
        action="store_true",
        help="an automatic backup into the configured folder, keeping the newest "
        "backup.keep (for the system scheduler)",
    )
    b.set_defaults(func=run_backup)
    r = sub.add_parser(
        "restore",
        parents=[common],
        help="put a backup back after checking it (the current file is kept)",
    )
    r.add_argument("file", metavar="FILE")
    r.set_defaults(func=run_restore)


def run_backup(ctx: CliContext) -> int:
    src = ctx.data.database
    if not src.exists():
        raise CommandError(ctx.t("没有可备份的数据库", "there is no database to back up"))
    if ctx.args.auto:
        from desk_app.system import backups as auto

        dest = auto.auto_backup(ctx.database(), ctx.data, reason="daily")
    elif ctx.args.out:
        dest = Path(ctx.args.out).expanduser().resolve()
        backup.copy_database(src, dest)
    else:
        dest = backup.backup_database(src, ctx.data.backups, reason="manual")
    print(ctx.t(f"已备份到 {dest}", f"backed up to {dest}"))
    return 0


def run_restore(ctx: CliContext) -> int:
    src = Path(ctx.args.file).expanduser().resolve()
    if not src.exists():
        raise CommandError(ctx.t(f"找不到文件 {src}", f"no such file: {src}"))
    try:
        kept = backup.restore(src, ctx.data.database, known_revisions())
    except backup.BackupError as exc:
        raise CommandError(ctx.t(f"不能恢复：{exc}", f"cannot restore: {exc}")) from exc
    print(
        ctx.t(
            f"已从 {src.name} 恢复；原数据库保留为 {kept}",
            f"restored from {src.name}; the previous database is kept as {kept}",
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
