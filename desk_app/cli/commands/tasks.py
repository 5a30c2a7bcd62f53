"""``desk-app tasks install|remove|show``: the scheduled backup and sync in Windows Task
Scheduler (``desk_app.system.tasks``). The installer runs ``tasks install`` (elevated) and the
uninstaller ``tasks remove``; ``tasks show`` prints the task definitions, on any system."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk_app.cli.context import CliContext, CommandError
from desk_app.system import tasks


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("tasks", parents=[common], help="the scheduled backup and sync (Windows)")
    s = p.add_subparsers(dest="tasks_command", metavar="ACTION", required=True)
    i = s.add_parser("install", parents=[common], help="register them (as an administrator)")
    i.add_argument("--exe", help="the console program the tasks run (default: this one)")
    i.set_defaults(func=install)
    r = s.add_parser("remove", parents=[common], help="delete them")
    r.set_defaults(func=remove)
    sh = s.add_parser("show", parents=[common], help="print the task definitions (XML)")
    sh.add_argument("--exe", help="the console program the tasks run (default: this one)")
    sh.set_defaults(func=show)


def _exe(ctx: CliContext) -> Path:
    """The installed console program (``desk-app-cli.exe`` beside the running one)."""
    if ctx.args.exe:
        return Path(ctx.args.exe)
    here = Path(sys.executable)
    return here.with_name("desk-app-cli.exe") if here.suffix.lower() == ".exe" else here


def _windows_only(ctx: CliContext) -> None:
    if sys.platform != "win32":
        raise CommandError(
            ctx.t(
                "计划任务只在 Windows 上注册（可用 tasks show 查看任务定义）",
                "scheduled tasks are registered on Windows only (tasks show prints them)",
            )
        )


def install(ctx: CliContext) -> int:
    _windows_only(ctx)
    try:
        names = tasks.install(_exe(ctx))
    except RuntimeError as exc:
        raise CommandError(
            ctx.t(f"无法注册计划任务：{exc}", f"cannot register the scheduled tasks: {exc}")
        ) from exc
    print(ctx.t(f"已注册计划任务：{'、'.join(names)}", f"tasks registered: {', '.join(names)}"))
    return 0


def remove(ctx: CliContext) -> int:
    _windows_only(ctx)
    names = tasks.remove()
    print(ctx.t(f"已删除计划任务：{'、'.join(names) or '无'}", f"tasks removed: {len(names)}"))
    return 0


def show(ctx: CliContext) -> int:
    exe = _exe(ctx)
    for job in tasks.JOBS:
        print(f"; {tasks.task_name(job)}")
        print(tasks.task_xml(job, exe))
    return 0
