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
    # The first thing the window does, before Qt is even imported: native crashes are written
    # to the log folder, and the run is marked as started (desk_app.system.crashes).
    from desk_app.system import crashes

    trace = crashes.begin(data.logs)
    from ui.app import run_window

    code = run_window(data, lang, previous=trace.previous)
    trace.end()  # a normal end: the next start has nothing to report
    return code


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, window=open_window)


if __name__ == "__main__":
    sys.exit(main())
