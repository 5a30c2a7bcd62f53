"""Progress and cancellation for long core work, with no Qt in the signatures.

A long function takes ``progress: Progress | None`` and ``cancel: threading.Event | None``,
calls ``report(progress, fraction, message)`` now and then, and ``check(cancel)`` at safe points
(before it commits): a cancelled function raises :class:`Cancelled` and leaves nothing behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Progress = Callable[[float, str], None]


class Cancelled(Exception):
    """The person cancelled; nothing was changed."""


def report(progress: Progress | None, fraction: float, message: str = "") -> None:
    if progress is not None:
        progress(max(0.0, min(1.0, fraction)), message)


def check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()
