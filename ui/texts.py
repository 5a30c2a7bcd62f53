"""Marking strings for translation where they are declared (menus, sections) and translating
them where they are shown."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Mark ``source`` for lupdate under ``context``; returns it unchanged (typed, unlike
    PySide6's own). Show it with ``QCoreApplication.translate(context, source)``."""
    return source
