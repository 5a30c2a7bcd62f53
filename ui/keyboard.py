"""Keyboard habits of every form: a set tab order, Enter moves to the next field, and Enter on
the last field presses the form's default button. A clerk types all day; nothing needs the
mouse."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QComboBox, QPlainTextEdit, QTextEdit, QWidget

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def set_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab visits ``widgets`` in this order."""
    for a, b in itertools.pairwise(widgets):
        QWidget.setTabOrder(a, b)


class EnterMovesFocus(QObject):
    """Event filter on a form's fields. Owned by the form (its parent), so it lives and dies
    with it."""

    def __init__(
        self,
        owner: QWidget,
        fields: Sequence[QWidget],
        default: QAbstractButton | Callable[[], None] | None,
        *,
        skip: Sequence[QWidget] = (),
    ) -> None:
        super().__init__(owner)
        self._fields = list(fields)
        self._default = default
        self._skip = tuple(skip)  # Enter passes over these fields (Tab still visits them)
        for w in self._fields:
            if isinstance(w, (QPlainTextEdit, QTextEdit)):
                continue  # Enter is a new line there; Tab leaves
            w.installEventFilter(self)
            line = w.lineEdit() if isinstance(w, QComboBox) else None
            if line is not None:
                line.installEventFilter(self)

    def _field_of(self, obj: QObject) -> QWidget | None:
        for w in self._fields:
            if obj is w or (isinstance(w, QComboBox) and obj is w.lineEdit()):
                return w
        return None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in _ENTER:
            return False
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.NoModifier:
            return False  # Ctrl+Enter is "submit", handled by the window's action
        field = self._field_of(obj)
        if field is None:
            return False
        if isinstance(field, QComboBox) and field.view().isVisible():
            return False  # Enter picks the highlighted item first
        nxt = self._next_after(field)
        if nxt is not None:
            nxt.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        self._activate_default()
        return True

    def _next_after(self, field: QWidget) -> QWidget | None:
        i = self._fields.index(field)
        for w in self._fields[i + 1 :]:
            if w in self._skip:
                continue
            if w.isEnabled() and w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
                return w
        return None

    def _activate_default(self) -> None:
        d = self._default
        if isinstance(d, QAbstractButton):
            if d.isEnabled():
                d.click()
        elif d is not None:
            d()


def wire_form(
    owner: QWidget,
    fields: Sequence[QWidget],
    default: QAbstractButton | Callable[[], None] | None,
) -> EnterMovesFocus:
    """Tab order = ``fields`` then the default button; Enter moves on; Enter on the last field
    activates ``default``."""
    chain = list(fields)
    if isinstance(default, QAbstractButton):
        chain.append(default)
    set_tab_order(chain)
    return EnterMovesFocus(owner, fields, default)
