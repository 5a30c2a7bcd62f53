"""Entry point of ``desk-app``: parses the command line, runs a command or opens the window."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Callable, Sequence

from base import private
from base.errors import DeskError, default_language
from desk_app import __version__
from desk_app.cli import commands
from desk_app.cli.context import CliContext, CommandError
from desk_app.system.paths import DataDir, resolve_data_dir

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


# Command words whose module has another name (every other word is its module's name).
MODULE_OF = {"restore": "backup", "return": "returns"}
_VALUED = {"--data-dir", "--lang"}


def _command_word(argv: Sequence[str]) -> str | None:
    """The first word of the command line that is not a global option (or its value)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given ``argv``, only the module of the command being run is imported (each
    command module pulls in its services, and a scheduled ``desk-app sync`` should not pay for
    loading the printing and the engine). Without a known command, every module is loaded
    (for ``--help``)."""
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
    names = sorted(m.name for m in pkgutil.iter_modules(commands.__path__))
    word = _command_word(argv) if argv is not None else None
    wanted = MODULE_OF.get(word, word) if word else None
    if wanted in names:
        names = [wanted]
    elif argv is not None and word is None and not {"-h", "--help"} & set(argv):
        names = []  # the window, or --version: no command module is needed
    for name in names:
        module = importlib.import_module(f"{commands.__name__}.{name}")
        module.register(sub, common)
    return parser


Window = Callable[[DataDir, str | None], int]


def main(argv: Sequence[str] | None = None, *, window: Window | None = None) -> int:
    """Run a command; with none, open the window through ``window`` (the entry point in
    ``ui.launch`` passes it; the command line itself knows nothing of Qt). Everything either
    creates is the owner's only (umask 077: exports, lists, rotated logs)."""
    with private.owner_only_umask():
        return _main(argv, window)


def _main(argv: Sequence[str] | None, window: Window | None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    lang = args.lang or default_language()
    data = resolve_data_dir(args.data_dir)
    if args.command is None:
        if window is None:
            print("desk-app: no command given (see desk-app --help)", file=sys.stderr)
            return 2
        return window(data, args.lang)
    ctx = CliContext(args=args, data=data, lang=lang)
    try:
        from desk_app.system import logs

        # Commands that need no database (calc, simulate, scheme check) do not create a data
        # folder just to log into it.
        if data.root.exists() or getattr(args, "needs_data", True):
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
