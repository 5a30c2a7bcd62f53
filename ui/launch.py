"""The program's entry point (``desk-app``): a command runs on the command line, no command
opens the window.

It lives in ``ui/`` because it may open the window, and the command line (``desk_app.cli``)
must not reach up into the window's package; Qt is imported only when the window opens, so a
scheduled ``desk-app sync`` never loads it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from desk_app.cli import main as cli
from desk_app.system.paths import DataDir


def open_window(data: DataDir, lang: str | None) -> int:
    from ui.app import run_window

    return run_window(data, lang)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, window=open_window)


if __name__ == "__main__":
    sys.exit(main())
