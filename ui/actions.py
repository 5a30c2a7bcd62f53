"""The window's actions, defined once: text, shortcuts, and where they lead. Menus, tool tips
and every screen use these same actions, so a shortcut means the same thing everywhere.

A screen takes part by answering :meth:`ui.screens.base.Screen.handles` for an action's name and
doing it in :meth:`~ui.screens.base.Screen.trigger`. Actions with a ``section`` (find member,
new claim) first bring that section forward, from wherever the clerk is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from ui.texts import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class ActionDef:
    name: str
    text: str  # English source, context "Actions"
    shortcuts: tuple[str, ...]
    section: str | None = None  # the section that does it (navigated to first)
    routed: bool = False  # done by the current screen when it says it handles it


FIND_MEMBER = "find_member"
NEW_CLAIM = "new_claim"
SAVE = "save"
SUBMIT = "submit"
REFRESH = "refresh"
LOCK = "lock"
SIGN_OUT = "sign_out"
CHANGE_PASSWORD = "change_password"
SHORTCUTS = "shortcuts"
QUIT = "quit"
SYNC_NOW = "sync_now"

DEFS: tuple[ActionDef, ...] = (
    ActionDef(
        FIND_MEMBER,
        QT_TRANSLATE_NOOP("Actions", "&Find member…"),
        ("F3", "Ctrl+F"),
        section="enrollment",
        routed=True,
    ),
    ActionDef(
        NEW_CLAIM,
        QT_TRANSLATE_NOOP("Actions", "&New claim"),
        ("Ctrl+N",),
        section="claims",
        routed=True,
    ),
    ActionDef(SAVE, QT_TRANSLATE_NOOP("Actions", "&Save"), ("Ctrl+S",), routed=True),
    ActionDef(
        SUBMIT, QT_TRANSLATE_NOOP("Actions", "Su&bmit"), ("Ctrl+Return", "Ctrl+Enter"), routed=True
    ),
    ActionDef(REFRESH, QT_TRANSLATE_NOOP("Actions", "&Refresh"), ("F5",), routed=True),
    # Anywhere in the window (F9 is "send/receive" in mail programs); done by the window's
    # ui.sync_scheduler, on the network pool, without leaving the current screen.
    ActionDef(SYNC_NOW, QT_TRANSLATE_NOOP("Actions", "S&ync now"), ("F9",)),
    ActionDef(LOCK, QT_TRANSLATE_NOOP("Actions", "&Lock screen"), ("Ctrl+L",)),
    ActionDef(CHANGE_PASSWORD, QT_TRANSLATE_NOOP("Actions", "Change &password…"), ()),
    ActionDef(SIGN_OUT, QT_TRANSLATE_NOOP("Actions", "Sign &out"), ("Ctrl+Shift+L",)),
    ActionDef(SHORTCUTS, QT_TRANSLATE_NOOP("Actions", "&Keyboard shortcuts"), ("F1",)),
    ActionDef(QUIT, QT_TRANSLATE_NOOP("Actions", "E&xit"), ("Ctrl+Q",)),
)
BY_NAME = {d.name: d for d in DEFS}


def label(name: str) -> str:
    """The action's translated text without its mnemonic ("(&F)" or "&") and ellipsis."""
    text = QCoreApplication.translate("Actions", BY_NAME[name].text)
    return re.sub(r"\(&\w\)", "", text).replace("&", "").rstrip("…").strip()


def shortcut_text(name: str) -> str:
    """The shortcuts as the platform writes them, e.g. ``F3, Ctrl+F``; each written once
    (Ctrl+Return and the keypad's Ctrl+Enter both read "Ctrl+回车" in Chinese)."""
    texts = [
        QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText)
        for s in BY_NAME[name].shortcuts
    ]
    return ", ".join(dict.fromkeys(texts))


class Actions(QObject):
    """One QAction per definition, added to the main window so the shortcuts work wherever
    the focus is inside it. Emits ``sig_triggered(name)``; the window decides what it means."""

    sig_triggered = Signal(str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._actions: dict[str, QAction] = {}
        for d in DEFS:
            a = QAction(QCoreApplication.translate("Actions", d.text), window)
            a.setShortcuts([QKeySequence(s) for s in d.shortcuts])
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            tip = label(d.name)
            if d.shortcuts:
                tip = f"{tip} ({shortcut_text(d.name)})"
            a.setToolTip(tip)
            a.setStatusTip(tip)
            a.triggered.connect(lambda _checked=False, n=d.name: self.sig_triggered.emit(n))
            window.addAction(a)
            self._actions[d.name] = a

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def all(self) -> dict[str, QAction]:
        return dict(self._actions)
