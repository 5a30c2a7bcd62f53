"""Helpers shared by the claim, review and printing window tests (no tests here): typing where
the keyboard is, and keeping the offscreen platform's window activation as a desktop has it."""

from __future__ import annotations

import warnings
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def focused() -> Any:
    return QApplication.focusWidget()


def settle(window: Any) -> None:
    """Deliver pending window events, then make ``window`` active again with the keyboard
    where it was: the offscreen platform activates every popup and dialog it shows (a
    completion list, a question) and, unlike a desktop, does not give the activation back
    when it closes."""
    keep = focused()
    QApplication.processEvents()
    if QApplication.activeWindow() is not window:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(window)
    if keep is not None and keep.window() is window and focused() is not keep:
        keep.setFocus()


def press(
    qtbot: Any, window: Any, key: Any, modifier: Any = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key where the keyboard is in ``window`` (after a dialog closed, too)."""
    if focused() is None or focused().window() is not window:
        settle(window)
    target = focused()
    assert target is not None, "no widget has the keyboard"
    qtbot.keyClick(target, key, modifier)


def go_to(qtbot: Any, window: Any, digit: int) -> None:
    """Alt+digit to a section, with ``window`` active (a window or dialog of an earlier test
    may still be taking the activation on the offscreen platform)."""
    settle(window)
    if focused() is None or focused().window() is not window:
        window.nav.setFocus()
    qtbot.keyClick(focused(), Qt.Key(Qt.Key.Key_0 + digit), Qt.KeyboardModifier.AltModifier)
