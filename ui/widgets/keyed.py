"""A screen's buttons that each have a key: one definition gives the button (its key shown in
brackets), the action that makes the key work anywhere in the screen, and the tool tip the
screen restores when the button is enabled again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget


def native(key: str) -> str:
    """A key as this system writes it (``Ctrl+E``, ``Del``)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


@dataclass(frozen=True)
class Keyed:
    """One action of a screen: its name, its words, its key, what it does, and its tip."""

    name: str
    text: str
    key: str
    slot: Callable[[], object]
    tip: str


@dataclass
class KeyedButtons:
    acts: dict[str, QAction] = field(default_factory=dict)
    buttons: dict[str, QPushButton] = field(default_factory=dict)
    tips: dict[str, str] = field(default_factory=dict)


def keyed_buttons(
    owner: QWidget,
    specs: Sequence[Keyed],
    *,
    prefix: str,
    focus: Qt.FocusPolicy | None = None,
) -> KeyedButtons:
    """A button (object name ``{prefix}_{name}``) and a screen-wide action for each spec; the
    action's text carries the key for context menus."""
    out = KeyedButtons()
    for s in specs:
        a = QAction(f"{s.text}\t{native(s.key)}", owner)
        a.setShortcut(QKeySequence(s.key))
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.setToolTip(s.tip)
        a.triggered.connect(s.slot)
        owner.addAction(a)
        b = QPushButton(f"{s.text} ({native(s.key)})")
        b.setObjectName(f"{prefix}_{s.name}")
        b.setAutoDefault(False)
        if focus is not None:
            b.setFocusPolicy(focus)
        b.setToolTip(s.tip)
        b.clicked.connect(s.slot)
        out.acts[s.name], out.buttons[s.name], out.tips[s.name] = a, b, s.tip
    return out
