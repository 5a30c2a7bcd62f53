"""The intake form's message line: what is wrong with the claim as typed, in the clerk's words,
with each field or receipt cell it concerns marked (red border or tinted cell, the reason in its
tool tip). Problems come from the receipt grid's own checks (as typed) and from the claims
service (``preview`` / a refused ``save_draft``): 重复报销 naming the claim that used the
invoice, a date outside every enrollment, a discharge before the admission …

Every problem is reachable by keyboard: F8 goes to the next one (Shift+F8 the previous), says it
on the line ("第 2/3 处：…") and puts the cursor in its field or cell; the tool tip lists them
all for the mouse."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from desk_app.claims.model import Problem
from ui.screens.claims.form import ClaimForm
from ui.widgets.receipt_grid import FIELDS, CellProblem, ReceiptModel

_RECEIPT = re.compile(r"^receipts\[(\d+)\]\.(\w+)$")
_ORDER = {"error": 0, "incomplete": 1, "warning": 2}
COLORS = {"error": "#b3261e", "incomplete": "#8a5a00", "warning": "#8a5a00", "ok": "#1e7d32"}


class ProblemBoard(QLabel):
    def __init__(self, form: ClaimForm, lang: str) -> None:
        super().__init__()
        self.setObjectName("claimMessage")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setMinimumHeight(22)
        self.form = form
        self.lang = lang
        self.items: list[tuple[str, str, QWidget | None, int, str]] = []
        self.at = 0  # the problem said on the line (F8 moves on)
        self._marked: dict[QWidget, str] = {}  # widget -> its own tool tip

    # -- showing ----------------------------------------------------------------------------
    def clear(self) -> None:
        self.items = []
        self.at = 0
        self._unmark()
        self.form.receipts.set_problems({})
        self.setText("")
        self.setToolTip("")

    def say(self, text: str, *, ok: bool = False, error: bool = False) -> None:
        """One sentence (a result, or a refusal that concerns no single field)."""
        color = COLORS["ok"] if ok else COLORS["error"] if error else COLORS["incomplete"]
        self.setText(f"<span style='color:{color}'>{html.escape(text)}</span>")
        self.setToolTip(text)

    def show_problems(
        self,
        problems: tuple[Problem, ...] | None,
        receipts: ReceiptModel,
        *,
        blocking_only: bool = False,
    ) -> None:
        """The service's problems (None: only the grid's own) and the grid's, marked."""
        self._unmark()
        filled = receipts.filled_rows()
        items: list[tuple[str, str, QWidget | None, int, str]] = []
        # The grid's own checks first: they are what the clerk just typed.
        local_cells: set[tuple[int, str]] = set()
        for row, f, p in [(r, f, p) for r in filled for f, p in receipts.local_problems(r).items()]:
            local_cells.add((row, f))
            n = filled.index(row) + 1
            text = self.tr("Receipt %1: %2").replace("%1", str(n)).replace("%2", p.text)
            items.append((p.severity, text, self.form.grid, row, f))
        service: dict[tuple[int, str], CellProblem] = {}
        for prob in problems or ():
            if blocking_only and not prob.blocks_submit:
                continue
            text = prob.message.text(self.lang)
            m = _RECEIPT.match(prob.where)
            if m:
                i, f = int(m[1]), m[2]
                if i >= len(filled) or f not in FIELDS:
                    continue
                row = filled[i]
                if (row, f) in local_cells or (f == "total" and (row, "total") in local_cells):
                    continue  # the grid already says it, in the words of the form
                severity = "error" if prob.blocks_saving else "incomplete"
                service[(row, f)] = CellProblem(text, severity)
                items.append((prob.severity, text, self.form.grid, row, f))
                continue
            widget = self.form.problem_widget(prob.where)
            items.append((prob.severity, text, widget, -1, ""))
        receipts.set_problems(service)
        items.sort(key=lambda it: _ORDER.get(it[0], 3))
        self.items = items
        self.at = 0
        for severity, text, widget, _row, _f in items:
            if widget is not None and widget is not self.form.grid:
                self._mark(widget, text, severity)
        self._render()

    def _render(self) -> None:
        if not self.items:
            self.setText("")
            self.setToolTip("")
            return
        n = len(self.items)
        self.at = min(self.at, n - 1)
        severity, said = self.items[self.at][0], self.items[self.at][1]
        text = html.escape(said)
        if self.at:
            text = html.escape(
                self.tr("%1/%2: %3")
                .replace("%1", str(self.at + 1))
                .replace("%2", str(n))
                .replace("%3", said)
            )
        elif n > 1:
            text += html.escape(
                self.tr(" (and %1 more: F8 goes through them)").replace("%1", str(n - 1))
            )
        self.setText(f"<span style='color:{COLORS.get(severity, COLORS['error'])}'>{text}</span>")
        self.setToolTip("\n".join(it[1] for it in self.items))

    def first_text(self) -> str:
        return self.items[0][1] if self.items else ""

    def texts(self) -> list[str]:
        return [it[1] for it in self.items]

    def next_problem(self, step: int = 1) -> None:
        """F8 (Shift+F8): say the next (previous) problem and put the cursor where it is."""
        if not self.items:
            return
        self.at = (self.at + step) % len(self.items)
        self._render()
        self._focus(self.at)

    def focus_first_problem(self) -> None:
        """Put the cursor where the first problem is."""
        if not self.items:
            return
        self.at = 0
        self._render()
        self._focus(0)

    def _focus(self, i: int) -> None:
        _sev, _text, widget, row, f = self.items[i]
        if widget is self.form.grid and row >= 0:
            grid = self.form.grid
            grid.setFocus()
            grid.setCurrentIndex(self.form.receipts.index(row, FIELDS.index(f)))
        elif widget is not None:
            widget.setFocus()

    # -- marking fields ---------------------------------------------------------------------
    def _mark(self, widget: QWidget, text: str, severity: str) -> None:
        if severity == "warning":
            return  # a warning is only said, the field is fine
        if isinstance(widget, (QLineEdit, QComboBox)):
            self._marked.setdefault(widget, widget.toolTip())
            widget.setProperty("invalid", True)
            widget.setToolTip(text)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _unmark(self) -> None:
        for w, tip in self._marked.items():
            own = getattr(w, "invalid", None)  # a date field knows whether it reads
            w.setProperty("invalid", bool(own()) if callable(own) else False)
            w.setToolTip(tip)
            w.style().unpolish(w)
            w.style().polish(w)
        self._marked = {}
