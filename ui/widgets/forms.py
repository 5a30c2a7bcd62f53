"""Form pieces the screens share: a date field that takes dates as clerks type them, pickers
for a unit and a scheme that complete on any part of the code or name, the red refusal line and
the grey hint, and the file dialogs (called through this module so a test can stand in)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QWidget,
)

from desk_app.people.units import UnitRow
from desk_app.schemes.store import SchemeRow

Index = QModelIndex | QPersistentModelIndex

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


def parse_day(text: str) -> date | None:
    """``2015-08-01``, ``2015/8/1``, ``2015.8.1``, ``2015年8月1日`` or ``20150801``; None when
    blank; ValueError when it is not a date."""
    t = (text or "").translate(_FULLWIDTH).strip()
    if not t:
        return None
    m = _DATE.match(t) or _COMPACT.match(t)
    if m is None:
        raise ValueError(t)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


class DateField(QLineEdit):
    """A date typed as the clerk likes (``20150801`` is quickest), shown as ``2015-08-01`` once
    the field is left. A wrong date is marked red; :meth:`value` raises ValueError for it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(QCoreApplication.translate("DateField", "yyyy-mm-dd"))
        self.setMaxLength(12)
        self.editingFinished.connect(self._tidy)
        self.textChanged.connect(self._mark)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000-00-00__") + 24)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 24)

    def value(self) -> date | None:
        return parse_day(self.text())

    def valid(self) -> bool:
        try:
            self.value()
        except ValueError:
            return False
        return True

    def set_value(self, d: date | None) -> None:
        self.setText(d.isoformat() if d is not None else "")

    def _tidy(self) -> None:
        try:
            d = self.value()
        except ValueError:
            return
        if d is not None and self.text() != d.isoformat():
            self.setText(d.isoformat())

    def _mark(self, _text: str) -> None:
        # Only a complete-looking entry is marked, not one still being typed.
        t = self.text().strip()
        bad = len(t) >= 8 and not self.valid()
        self.setStyleSheet("QLineEdit { border: 1px solid #b3261e; }" if bad else "")


class _Picker(QComboBox):
    """An editable combo box whose completer matches any part of an item (code or name)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        comp = QCompleter(self.model(), self)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        comp.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(comp)
        self.line().editingFinished.connect(self._tidy)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def line(self) -> QLineEdit:
        """The editable line (there always is one: the picker is editable)."""
        edit = self.lineEdit()
        assert edit is not None
        return edit

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Leaving the picker (Enter in a form moves on, Tab, a click) settles what was
        typed; the completer's list may still be open, so no focus-out event comes."""
        if old not in (self, self.lineEdit()) or new in (self, self.lineEdit()):
            return
        comp = self.completer()
        if comp is not None and new is comp.popup():
            return  # choosing in the completer's list
        self.accept_typed()

    def accept_typed(self) -> None:
        """Enter: take the completer's highlighted line (if any), close its list, and show
        the whole item the text means. The key then goes on (the form moves to the next
        field)."""
        comp = self.completer()
        popup = comp.popup() if comp is not None else None
        if popup is not None and popup.isVisible():
            idx = popup.currentIndex()
            popup.hide()
            if idx.isValid():
                self.setEditText(str(idx.data()))
        self._tidy()

    def _tidy(self) -> None:
        """Leaving the field shows the whole item the typed text means (code and name)."""
        i = self._match()
        if i >= 0 and self.itemText(i) and self.currentText() != self.itemText(i):
            self.setCurrentIndex(i)
            self.setEditText(self.itemText(i))
        self.line().setCursorPosition(0)

    def _match(self) -> int:
        """The item the typed text means: the exact item, or the one whose code it is, or
        the only item containing it; -1 when none (or several)."""
        text = self.currentText().strip()
        if not text:
            return -1
        exact = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if exact >= 0:
            return exact
        low = text.lower()
        hits: list[int] = []
        for i in range(self.count()):
            item = self.itemText(i)
            if not item:
                continue
            code = item.split("\u3000", 1)[0].lower()
            if code == low:
                return i
            if low in item.lower():
                hits.append(i)
        return hits[0] if len(hits) == 1 else -1


class UnitPicker(_Picker):
    """A unit, typed by code or any part of its name; blank means none."""

    def set_units(self, units: Sequence[UnitRow], *, keep: bool = True) -> None:
        current = self.unit_id_or_none() if keep else None
        self.blockSignals(True)
        self.clear()
        self.addItem("", None)
        for u in units:
            self.addItem(f"{u.code}\u3000{u.name}", u.id)
        self.blockSignals(False)
        self.set_unit_id(current)

    def set_unit_id(self, unit_id: int | None) -> None:
        i = self.findData(unit_id) if unit_id is not None else 0
        self.setCurrentIndex(max(0, i))
        if unit_id is None:
            self.setEditText("")
        self.line().setCursorPosition(0)  # the unit's code shows, not the end of its name

    def unit_id(self) -> int | None:
        """The chosen unit's id, None when blank; ValueError when the text names no unit."""
        if not self.currentText().strip():
            return None
        i = self._match()
        if i < 0:
            raise ValueError(self.currentText())
        data = self.itemData(i)
        return int(data) if data is not None else None

    def unit_id_or_none(self) -> int | None:
        try:
            return self.unit_id()
        except ValueError:
            return None

    def unit_code(self) -> str | None:
        i = self._match()
        return self.itemText(i).split("\u3000", 1)[0] if i > 0 else None


class SchemePicker(_Picker):
    """A scheme, typed by code or any part of its name."""

    def set_schemes(self, schemes: Sequence[SchemeRow], *, prefer: int | None = None) -> None:
        current = self.scheme()
        keep = prefer if prefer is not None else (current.id if current else None)
        self.blockSignals(True)
        self.clear()
        for s in schemes:
            self.addItem(f"{s.code}\u3000{s.name}", s)
        self.blockSignals(False)
        i = next((k for k in range(self.count()) if self.itemData(k).id == keep), 0)
        self.setCurrentIndex(i if self.count() else -1)
        self.currentIndexChanged.emit(self.currentIndex())

    def scheme(self) -> SchemeRow | None:
        """The chosen scheme, None when the text names none."""
        i = self._match()
        if i < 0:
            return None
        data = self.itemData(i)
        return data if isinstance(data, SchemeRow) else None


def error_label() -> QLabel:
    """A red line for a refusal, selectable so it can be copied."""
    lab = QLabel()
    lab.setObjectName("errorLabel")
    lab.setWordWrap(True)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    lab.hide()
    return lab


def hint(text: str = "") -> QLabel:
    lab = QLabel(text)
    lab.setObjectName("hint")
    lab.setWordWrap(True)
    return lab


# -- files ------------------------------------------------------------------------------------
# Screens call these through the module (``forms.choose_open_file``), so a test can
# stand in for the system's file dialog, which pytest-qt cannot type into.


def choose_open_file(parent: QWidget, title: str, filters: str, folder: str = "") -> str | None:
    """Ask for an existing file; None when the clerk cancels."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return path or None


def choose_save_file(parent: QWidget, title: str, suggested: str, filters: str) -> str | None:
    """Ask where to save; None when the clerk cancels."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path or None
