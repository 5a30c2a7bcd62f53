"""Rotating log files in the data folder, with personal data scrubbed before anything is written.

Resident ID numbers, mobile numbers and bank accounts are replaced by ``[id]``, ``[phone]`` and
``[account]`` in every record, whatever the code logged; names must not be logged at all (code
logs record ids, not people).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from base import private

_PATTERNS = [
    (re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"), "[id]"),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "[phone]"),
    (re.compile(r"(?<!\d)\d{12,30}(?!\d)"), "[account]"),
    (re.compile(r"(?i)(token|password|secret)([\"']?\s*[:=]\s*[\"']?)[^\s\"',;]+"), r"\1\2***"),
]


def scrub(text: str) -> str:
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return text


class ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = scrub(record.getMessage())
        record.msg, record.args = message, None
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


LOG_FILE = "desk-app.log"


def setup(log_dir: Path, *, level: int = logging.INFO, console: bool = False) -> Path:
    """Send the root logger to ``log_dir/desk-app.log`` (5 × 2 MB, rotated); returns the path."""
    private.private_dir(log_dir)
    # The file is the owner's only; the ones rotation starts later are too, by the umask the
    # command line and the window set (base.private.owner_only_umask).
    path = private.private_file(log_dir / LOG_FILE)
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_desk_app", False):
            root.removeHandler(h)
            h.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    handler.addFilter(ScrubFilter())
    handler._desk_app = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if console:
        ch = logging.StreamHandler()
        ch.addFilter(ScrubFilter())
        ch._desk_app = True  # type: ignore[attr-defined]
        root.addHandler(ch)
    root.setLevel(level)
    return path
