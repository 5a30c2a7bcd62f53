"""Entry point of ``desk-app``: parses the command line, runs a command or opens the window."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from desk_app import __version__
from desk_app.cli import commands
from desk_app.cli.context import CliContext, CommandError
from desk_app.errors import DeskError, default_language
from desk_app.paths import resolve_data_dir

log = logging.getLogger(__name__)


def _global_options(p: argparse.ArgumentParser, *, suppress: bool) -> None:
    d = argparse.SUPPRESS if suppress else None
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        default=d,
        help="data folder (database, backups, exports, logs); also DESK_APP_DATA",
    )
    p.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="show tracebacks",
    )
    p.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=d,
        help="language of messages (default: the system's)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desk-app",
        description="职工医疗互助保障 — county desk. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"desk-app {__version__}")
    _global_options(parser, suppress=False)
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, suppress=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = False
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = args.lang or default_language()
    data = resolve_data_dir(args.data_dir)
    if args.command is None:
        from ui.app import run_window  # the only place the command line reaches into ui/

        return run_window(data)
    ctx = CliContext(args=args, data=data, lang=lang)
    try:
        from desk_app import logs

        if data.root.exists() or args.command != "calc":
            logs.setup(data.logs)
    except OSError:
        pass
    try:
        code = args.func(ctx)
        return int(code or 0)
    except DeskError as exc:
        print(exc.text(lang), file=sys.stderr)
        if args.debug:
            raise
        return 2
    except CommandError as exc:
        print(str(exc), file=sys.stderr)
        if args.debug:
            raise
        return exc.exit_code
    except KeyboardInterrupt:
        print(ctx.t("已中断", "interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:
        log.exception("command %s failed", args.command)
        if args.debug:
            raise
        print(
            ctx.t(
                f"意外错误：{exc}（详见日志 {data.logs}）",
                f"unexpected error: {exc} (see the log in {data.logs})",
            ),
            file=sys.stderr,
        )
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
