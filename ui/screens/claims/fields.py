"""Pieces of the claim screens: a date field typed as clerks type dates, the names of kinds,
statuses and reasons in the window's language, and the calculation panel (计算过程) shared by
the intake form and the review page."""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from base.clock import today
from base.money import fmt
from desk_app.claims.model import CLAIM_KIND_NAMES, CalcView, status_names
from desk_app.claims.service import REJECT_REASONS

_SEP = re.compile(r"[-./年月日\s]+")


def parse_day(text: str, *, this_year: int | None = None) -> date | None:
    """A date as clerks type it: ``2015-08-01``, ``2015.8.1``, ``2015/8/1``, ``20150801``,
    ``2015年8月1日``, full-width digits; ``8-1`` or ``0801`` is in this year. None when it is
    not a date."""
    import unicodedata

    t = unicodedata.normalize("NFKC", text or "").strip()
    if not t:
        return None
    year = this_year or today().year
    parts = [p for p in _SEP.split(t) if p]
    try:
        if len(parts) == 1 and parts[0].isdigit():
            digits = parts[0]
            if len(digits) == 8:
                return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
            if len(digits) == 4:
                return date(year, int(digits[:2]), int(digits[2:]))
            return None
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            y = int(parts[0])
            if len(parts[0]) == 2:
                y += 2000
            elif len(parts[0]) != 4:
                return None
            return date(y, int(parts[1]), int(parts[2]))
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            return date(year, int(parts[0]), int(parts[1]))
    except ValueError:
        return None
    return None


class DateField(QLineEdit):
    """A date typed in any of the usual ways, shown ``2015-08-01`` once the field is left.
    ``date_changed`` carries the date or None (blank or not a date)."""

    date_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("yyyy-mm-dd"))
        self.setMaxLength(12)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 24)
        self._last: date | None = None
        self.textChanged.connect(self._on_text)
        self.editingFinished.connect(self._normalise)

    def value(self) -> date | None:
        return parse_day(self.text())

    def invalid(self) -> bool:
        """Something is typed that is not a date."""
        return bool(self.text().strip()) and self.value() is None

    def set_value(self, d: date | None) -> None:
        self.setText(d.isoformat() if d else "")

    def _on_text(self, _text: str) -> None:
        v = self.value()
        self.setProperty("invalid", self.invalid())
        self.style().unpolish(self)
        self.style().polish(self)
        if v != self._last:
            self._last = v
            self.date_changed.emit(v)

    def _normalise(self) -> None:
        v = self.value()
        if v is not None and self.text() != v.isoformat():
            self.setText(v.isoformat())


class PickCombo(QComboBox):
    """A list box that says when the clerk has *picked*: an item taken from the open list
    (Enter or a click), or a key that chooses by its text (the digit of 类别). ``picked`` then
    lets the form move on, so the next key typed is not lost on the box. The arrows of a closed
    box only change the choice (the clerk may press ↓ twice); Enter then moves on as in every
    field."""

    picked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._closing = False
        self.activated.connect(self._on_activated)

    def hidePopup(self) -> None:
        # Qt closes the list, then emits ``activated`` when an item was taken from it.
        self._closing = True
        super().hidePopup()
        QTimer.singleShot(0, self._closed)

    def _closed(self) -> None:
        self._closing = False

    def _on_activated(self, _index: int) -> None:
        if self._closing:
            self._closing = False
            self.picked.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        mods = event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        )
        choosing = bool(text.strip()) and text.isprintable() and not mods
        super().keyPressEvent(event)
        if choosing and self.currentText().lower().startswith(text.lower()):
            self.picked.emit()


# --- names in the window's language --------------------------------------------------------


def kind_name(kind: str, lang: str) -> str:
    zh, en = CLAIM_KIND_NAMES.get(kind, (kind, kind))
    return zh if lang == "zh" else en


def status_name(status: str, lang: str) -> str:
    zh, en = status_names(status)
    return zh if lang == "zh" else en


def reason_name(code: str | None, lang: str) -> str:
    if not code:
        return ""
    m = REJECT_REASONS.get(code)
    return m.text(lang) if m is not None else code


# --- the calculation panel -----------------------------------------------------------------


class CalcPanel(QFrame):
    """What the claim gets and why: the verdict and payout, each benefit, the cap left, and
    every line of 计算过程. Redrawn from a :class:`CalcView` (the live preview or the stored
    calculation)."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.setObjectName("calcPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#calcPanel { background: #ffffff; border: 1px solid #d9dee5; "
            "border-radius: 6px; }"
            "QLabel#calcVerdict { font-size: 15pt; font-weight: 600; color: #0d3c66; }"
            'QLabel#calcVerdict[rejected="true"] { color: #b3261e; }'
        )
        self.title = QLabel(self.tr("Calculation"))
        self.title.setObjectName("hint")
        self.verdict = QLabel("–")
        self.verdict.setObjectName("calcVerdict")
        self.verdict.setWordWrap(True)
        # Each benefit, the hospital days, the cap left: label and amount, one row each.
        self.facts = QWidget()
        self.facts_grid = QGridLayout(self.facts)
        self.facts_grid.setContentsMargins(0, 0, 0, 0)
        self.facts_grid.setHorizontalSpacing(16)
        self.facts_grid.setVerticalSpacing(2)
        self.facts_grid.setColumnStretch(2, 1)
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.lines = QTextBrowser()
        self.lines.setObjectName("calcLines")
        self.lines.setFrameShape(QFrame.Shape.NoFrame)
        self.lines.setOpenLinks(False)
        # Tab reaches the steps (after the form's buttons), so a step scrolled out of a short
        # panel (1366×768 at 125 %) is read with the arrows, PageDown and End.
        self.lines.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.lines.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.setSpacing(4)
        lay.addWidget(self.title)
        lay.addWidget(self.verdict)
        lay.addWidget(self.facts)
        lay.addWidget(self.note)
        lay.addWidget(self.lines, 1)
        self.show_nothing()

    def show_nothing(self, why: str = "") -> None:
        self.calc: CalcView | None = None
        self.verdict.setText("–")
        self.verdict.setProperty("rejected", False)
        self._repolish()
        self._set_facts([])
        self.title.setText(self.tr("Calculation"))
        self.note.setText(why)
        self.note.setVisible(bool(why))
        self.lines.setHtml("")

    def show_calc(self, calc: CalcView, *, live: bool = False) -> None:
        self.calc = calc
        rejected = calc.status == "rejected"
        if rejected:
            verdict = self.tr("Not payable: %1").replace(
                "%1", reason_name(calc.reason, self.lang) or "–"
            )
        else:
            verdict = self.tr("Payout %1 yuan").replace("%1", fmt(calc.payout))
        self.verdict.setText(verdict)
        self.verdict.setProperty("rejected", rejected)
        self._repolish()
        rows: list[tuple[str, str]] = [(label, fmt(amount)) for label, amount in calc.benefits]
        if calc.days:
            rows.append((self.tr("Hospital days"), str(calc.days)))
        rows.append(
            (
                self.tr("Annual cap left after this claim"),
                fmt(calc.cap_left) if calc.cap_left is not None else self.tr("no cap"),
            )
        )
        self._set_facts(rows)
        self.title.setText(
            self.tr("Calculation (live preview: nothing is stored until you save)")
            if live
            else self.tr("Calculation")
        )
        self.note.setText("")
        self.note.setVisible(False)
        steps = html.escape(self.tr("Steps"))
        items = "".join(f"<li>{html.escape(line)}</li>" for line in calc.lines)
        self.lines.setHtml(
            f"<div style='color:#5f6b7a'>{steps}</div>"
            f"<ol style='margin-left:0; -qt-list-indent:1'>{items}</ol>"
        )

    def _set_facts(self, rows: list[tuple[str, str]]) -> None:
        while self.facts_grid.count():
            item = self.facts_grid.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.deleteLater()
        for i, (a, b) in enumerate(rows):
            left, right = QLabel(a), QLabel(b)
            right.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.facts_grid.addWidget(left, i, 0)
            self.facts_grid.addWidget(right, i, 1)
        self.facts.setVisible(bool(rows))

    def fact_rows(self) -> list[tuple[str, str]]:
        """The rows of figures shown (label, amount)."""
        out = []
        for i in range(self.facts_grid.rowCount()):
            a = self.facts_grid.itemAtPosition(i, 0)
            b = self.facts_grid.itemAtPosition(i, 1)
            wa = a.widget() if a is not None else None
            wb = b.widget() if b is not None else None
            if isinstance(wa, QLabel) and isinstance(wb, QLabel):
                out.append((wa.text(), wb.text()))
        return out

    def text(self) -> str:
        """Everything shown, as plain text (tests, the screen reader)."""
        facts = "\n".join(f"{a} {b}" for a, b in self.fact_rows())
        parts = [self.title.text(), self.verdict.text(), facts, self.note.text()]
        return "\n".join([*parts, self.lines.toPlainText()])

    def _repolish(self) -> None:
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)


def money_or_blank(d: Decimal | None) -> str:
    return fmt(d) if d is not None else ""


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)
