"""A crash leaves a trace: native crashes written to the log folder, and a marker that tells
the next start the previous one did not end properly.

``begin(log_dir)`` is the window's first step (before Qt is imported): it turns on
:mod:`faulthandler` into ``logs/crash.log`` (a segfault in the Qt binding, an abort, a fatal
interpreter error: every thread's Python stack, which holds code locations only, no personal
data) and writes the marker ``logs/running``. ``end()`` removes the marker when the program
ends normally; a marker found by ``begin`` means the last run ended abnormally (killed, a
power cut, a native crash), and :class:`Start` says so and when it began.
"""

from __future__ import annotations

import faulthandler
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

CRASH_FILE = "crash.log"
MARKER_FILE = "running"
_KEEP_BYTES = 1_000_000  # crash.log is cut back to its last megabyte at start


@dataclass(frozen=True)
class Previous:
    """The run before this one, which did not end properly."""

    started: datetime | None  # when it began (UTC), if the marker could be read
    native_crash: bool  # faulthandler wrote a fatal error for it into crash.log


@dataclass
class Start:
    """This run's trace: the open crash file and the marker to remove at a clean end."""

    log_dir: Path
    previous: Previous | None
    _file: IO[str] | None = None

    @property
    def crash_file(self) -> Path:
        return self.log_dir / CRASH_FILE

    @property
    def marker(self) -> Path:
        return self.log_dir / MARKER_FILE

    def end(self) -> None:
        """The program ends normally: remove the marker (faulthandler stays on to the last)."""
        try:
            self.marker.unlink(missing_ok=True)
        except OSError:
            log.warning("the run marker could not be removed")


def _read_previous(marker: Path, crash_file: Path) -> Previous | None:
    if not marker.exists():
        return None
    started: datetime | None = None
    try:
        first = marker.read_text(encoding="utf-8").split()
        started = datetime.fromisoformat(first[1]) if len(first) > 1 else None
    except (OSError, ValueError):
        started = None
    native = False
    try:
        if crash_file.exists():
            last_run = _tail(crash_file).rsplit("--- start", 1)[-1]
            native = "Fatal Python error" in last_run
    except OSError:
        native = False
    return Previous(started, native)


def _tail(path: Path, size: int = 64_000) -> str:
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - size))
        return f.read().decode("utf-8", "replace")


def _trim(path: Path) -> None:
    """Keep crash.log from growing without end: only its last megabyte is kept."""
    try:
        if path.exists() and path.stat().st_size > _KEEP_BYTES:
            tail = path.read_bytes()[-_KEEP_BYTES:]
            path.write_bytes(tail)
    except OSError:
        pass


def begin(log_dir: Path, *, native: bool = True) -> Start:
    """Turn on faulthandler into ``log_dir/crash.log`` and put down the marker. Never raises:
    an unwritable log folder only costs the trace (faulthandler then writes to stderr).
    ``native=False`` leaves faulthandler alone (tests of the marker inside a test process)."""
    start = Start(log_dir, None)
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        start.previous = _read_previous(start.marker, start.crash_file)
        _trim(start.crash_file)
        f = start.crash_file.open("a", encoding="utf-8")
        f.write(f"--- start {datetime.now(UTC).isoformat()} pid {os.getpid()}\n")
        f.flush()
        if native:
            faulthandler.enable(f, all_threads=True)
            start._file = f  # kept open for the life of the process: faulthandler writes to it
        else:
            f.close()
        start.marker.write_text(
            f"{os.getpid()} {datetime.now(UTC).isoformat()}\n", encoding="utf-8"
        )
    except OSError:
        if native:
            faulthandler.enable()  # at least to stderr
    return start
