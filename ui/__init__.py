"""The window (PySide6 only): screens, dialogs, table models, the task runner, i18n."""

from __future__ import annotations

import sys


def _immortal_bools() -> None:
    """Work around PySide6 6.12.0 on CPython < 3.12: ``SignalInstance.emit()`` returns ``True``
    without a new reference, so every signal emitted from Python drops one reference to
    ``True``. After some ten thousand emits — a few hours of a clerk's typing — the interpreter
    aborts with ``bool_dealloc``. Giving ``True`` and ``False`` an enormous reference count makes
    them as immortal as CPython 3.12 makes them; nothing else changes. Done once, when the
    window's package is first imported (before any signal exists)."""
    if sys.version_info >= (3, 12):
        return  # True and False are immortal there
    import ctypes

    for b in (True, False):
        count = ctypes.c_ssize_t.from_address(id(b))
        if count.value < 1 << 40:
            count.value += 1 << 40


_immortal_bools()
