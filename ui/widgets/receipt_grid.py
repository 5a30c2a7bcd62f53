"""The receipt grid of the intake form (and, read-only, of the review page): one row per invoice
or settlement slip — invoice number, hospital, total and the seven components of SCHEMES.md.

- Money is typed as the slip shows it: ``1,830.39``, ``１８３０．３９``, ``¥1830.39``; it is
  shown ``1,830.39``. A blank component is 0.
- Each row is checked as it is typed: an amount that is not one, a missing total, and a total
  that is not the sum of its parts (``合计 13,000.00 与分项之和 12,999.99 相差 0.01``) mark
  the cell and say why in its tool tip; the screen shows the same sentence on its message line.
  The service's own findings (重复报销, an invoice typed twice) are set with
  :meth:`ReceiptModel.set_problems` and shown the same way.
- Keyboard: typing starts editing; **Enter moves right, then to the next row** (passing over the
  hospital cell while it shows the claim's hospital: → reaches it; and on to the next row once
  the parts typed make the row's total, the rest being 0); a new blank row
  is always waiting after the last; Delete clears a cell, Ctrl+Delete removes the receipt; Tab
  leaves the grid. Nothing needs the mouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from base.money import MoneyError, fmt, parse_money
from db import Database
from desk_app.claims.model import COMPONENTS, ReceiptInput
from desk_app.terms import AMOUNT_FIELDS
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.completers import hospital_completer

Index = QModelIndex | QPersistentModelIndex
ZERO = Decimal("0.00")
MONEY_FIELDS = AMOUNT_FIELDS  # the receipt's total and its components (desk_app.terms)
FIELDS: tuple[str, ...] = ("invoice_no", "hospital", *MONEY_FIELDS)
HEADERS: dict[str, str] = {
    "invoice_no": QT_TRANSLATE_NOOP("ReceiptModel", "Invoice no."),
    "hospital": QT_TRANSLATE_NOOP("ReceiptModel", "Hospital"),
    "total": QT_TRANSLATE_NOOP("ReceiptModel", "Total"),
    "fund_paid": QT_TRANSLATE_NOOP("ReceiptModel", "Pooled fund\npaid"),
    "other_paid": QT_TRANSLATE_NOOP("ReceiptModel", "Critical illness /\nassistance paid"),
    "deductible": QT_TRANSLATE_NOOP("ReceiptModel", "Deductible\n(self)"),
    "copay": QT_TRANSLATE_NOOP("ReceiptModel", "Co-payment\n(self)"),
    "over_cap": QT_TRANSLATE_NOOP("ReceiptModel", "Over the cap\n(self)"),
    "class_b": QT_TRANSLATE_NOOP("ReceiptModel", "Class B\nshare"),
    "self_funded": QT_TRANSLATE_NOOP("ReceiptModel", "Self-funded"),
}
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ERROR_BG = QColor("#fde7e5")
INCOMPLETE_BG = QColor("#fff4d6")


@dataclass
class ReceiptRow:
    """One row as typed (text per field)."""

    texts: dict[str, str] = field(default_factory=lambda: dict.fromkeys(FIELDS, ""))

    def blank(self) -> bool:
        return not any(v.strip() for v in self.texts.values())

    def amount(self, f: str) -> Decimal | None:
        """The amount in ``f`` (0 for a blank component), or None when it is not one."""
        text = self.texts[f].strip()
        if not text:
            return None if f == "total" else ZERO
        try:
            return parse_money(text)
        except MoneyError:
            return None


@dataclass(frozen=True)
class CellProblem:
    text: str
    severity: str = "error"  # error | incomplete


class ReceiptModel(QAbstractTableModel):
    """The receipts being typed. Emits ``receipts_changed`` after every edit."""

    receipts_changed = Signal()

    def __init__(self, *, read_only: bool = False, parent: Any = None) -> None:
        super().__init__(parent)
        self.read_only = read_only
        self.rows: list[ReceiptRow] = [] if read_only else [ReceiptRow()]
        self.claim_hospital = ""
        self._service: dict[tuple[int, str], CellProblem] = {}

    # -- content ----------------------------------------------------------------------------
    def set_receipts(self, receipts: tuple[ReceiptInput, ...] | list[ReceiptInput]) -> None:
        """Show stored receipts (a reopened draft, a claim under review)."""
        self.beginResetModel()
        self.rows = []
        for r in receipts:
            row = ReceiptRow()
            row.texts["invoice_no"] = r.invoice_no
            row.texts["hospital"] = "" if r.hospital == self.claim_hospital else r.hospital
            for f in MONEY_FIELDS:
                value: Decimal = getattr(r, f)
                row.texts[f] = "" if (f != "total" and value == 0) else fmt(value)
            self.rows.append(row)
        if not self.read_only:
            self.rows.append(ReceiptRow())
        self._service = {}
        self.endResetModel()
        self.receipts_changed.emit()

    def clear(self) -> None:
        self.set_receipts([])

    def set_claim_hospital(self, name: str) -> None:
        """The claim's hospital, shown (grey) in rows whose own hospital is blank."""
        self.claim_hospital = name.strip()
        if self.rows:
            col = FIELDS.index("hospital")
            self.dataChanged.emit(self.index(0, col), self.index(len(self.rows) - 1, col))

    def adds_up(self, row: int) -> bool:
        """The row has a total and the parts typed so far make exactly that total."""
        r = self.rows[row]
        total = r.amount("total")
        if total is None or total <= ZERO or self.local_problems(row):
            return False
        return sum((r.amount(f) or ZERO for f in COMPONENTS), ZERO) == total

    def claim_hospital_shown(self, row: int) -> bool:
        """The row's hospital cell is blank and stands for the claim's hospital."""
        return bool(self.claim_hospital) and not self.rows[row].texts["hospital"].strip()

    def filled_rows(self) -> list[int]:
        """Grid rows holding a receipt, in order (the service counts receipts from 0 in it)."""
        return [i for i, r in enumerate(self.rows) if not r.blank()]

    def receipts(self) -> list[ReceiptInput] | None:
        """The receipts as the service takes them; None while an amount cannot be read."""
        out: list[ReceiptInput] = []
        for i in self.filled_rows():
            row = self.rows[i]
            amounts = {f: row.amount(f) for f in MONEY_FIELDS}
            if any(amounts[f] is None for f in COMPONENTS):
                return None
            if amounts["total"] is None and row.texts["total"].strip():
                return None
            out.append(
                ReceiptInput(
                    invoice_no=row.texts["invoice_no"].strip(),
                    hospital=row.texts["hospital"].strip() or self.claim_hospital,
                    total=amounts["total"] or ZERO,
                    **{f: amounts[f] or ZERO for f in COMPONENTS},
                )
            )
        return out

    def sums(self) -> dict[str, Decimal]:
        """Column sums over the amounts that can be read."""
        out = dict.fromkeys(MONEY_FIELDS, ZERO)
        for i in self.filled_rows():
            for f in MONEY_FIELDS:
                v = self.rows[i].amount(f)
                if v is not None:
                    out[f] += v
        return out

    # -- checks -----------------------------------------------------------------------------
    def local_problems(self, row: int) -> dict[str, CellProblem]:
        """What is wrong with a row as typed, by field (empty for a blank row)."""
        r = self.rows[row]
        if r.blank():
            return {}
        out: dict[str, CellProblem] = {}
        for f in MONEY_FIELDS:
            text = r.texts[f].strip()
            if text and r.amount(f) is None:
                out[f] = CellProblem(
                    QCoreApplication.translate(
                        "ReceiptModel", "“%1” is not an amount of money"
                    ).replace("%1", text)
                )
        if not r.texts["total"].strip():
            out["total"] = CellProblem(
                QCoreApplication.translate("ReceiptModel", "Type the total of the receipt"),
                "incomplete",
            )
        if not r.texts["invoice_no"].strip():
            out["invoice_no"] = CellProblem(
                QCoreApplication.translate("ReceiptModel", "Type the invoice number"), "incomplete"
            )
        if "total" not in out and not any(f in out for f in COMPONENTS):
            total = r.amount("total")
            parts = sum((r.amount(f) or ZERO for f in COMPONENTS), ZERO)
            if total is not None and total != parts:
                out["total"] = CellProblem(
                    QCoreApplication.translate(
                        "ReceiptModel", "Total %1 differs from the sum of the parts %2 by %3"
                    )
                    .replace("%1", fmt(total))
                    .replace("%2", fmt(parts))
                    .replace("%3", fmt(abs(total - parts)))
                )
        return out

    def set_problems(self, problems: dict[tuple[int, str], CellProblem]) -> None:
        """The service's findings by (grid row, field); local ones take precedence."""
        if problems == self._service:
            return
        self._service = dict(problems)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(FIELDS) - 1))

    def problem(self, row: int, f: str) -> CellProblem | None:
        local = self.local_problems(row).get(f)
        return local or self._service.get((row, f))

    def all_problems(self) -> list[tuple[int, str, CellProblem]]:
        """Every cell problem, in reading order: (grid row, field, problem)."""
        out = []
        for i in self.filled_rows():
            local = self.local_problems(i)
            for f in FIELDS:
                p = local.get(f) or self._service.get((i, f))
                if p is not None:
                    out.append((i, f, p))
        return out

    # -- Qt ---------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(FIELDS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("ReceiptModel", HEADERS[FIELDS[section]])
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid() or self.read_only:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        f = FIELDS[index.column()]
        text = row.texts[f]
        if role == Qt.ItemDataRole.EditRole:
            return text
        if role == Qt.ItemDataRole.DisplayRole:
            if f == "hospital" and not text.strip() and not row.blank():
                return self.claim_hospital
            if f in MONEY_FIELDS and text.strip():
                value = row.amount(f)
                return fmt(value) if value is not None else text
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if f in MONEY_FIELDS else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if f == "hospital" and not text.strip():
                return QBrush(QColor("#7a8594"))
            return None
        p = self.problem(index.row(), f)
        if role == Qt.ItemDataRole.BackgroundRole and p is not None:
            return QBrush(ERROR_BG if p.severity == "error" else INCOMPLETE_BG)
        if role == Qt.ItemDataRole.ToolTipRole and p is not None:
            return p.text
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.read_only:
            return False
        row, f = index.row(), FIELDS[index.column()]
        text = " ".join(str(value or "").split())
        if self.rows[row].texts[f] == text:
            return False
        self.rows[row].texts[f] = text
        # A money cell that reads is kept in its shown form, so editing it again shows that.
        if f in MONEY_FIELDS and text:
            amount = self.rows[row].amount(f)
            if amount is not None:
                self.rows[row].texts[f] = fmt(amount)
        self._service = {k: v for k, v in self._service.items() if k[0] != row}
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(FIELDS) - 1))
        self._keep_one_blank_row()
        self.receipts_changed.emit()
        return True

    def clear_cell(self, row: int, column: int) -> None:
        self.setData(self.index(row, column), "")

    def remove_row(self, row: int) -> None:
        if self.read_only or not 0 <= row < len(self.rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()
        self._service = {}
        self._keep_one_blank_row()
        self.receipts_changed.emit()

    def _keep_one_blank_row(self) -> None:
        """Exactly one blank row waits at the end."""
        if self.read_only:
            return
        if not self.rows or not self.rows[-1].blank():
            n = len(self.rows)
            self.beginInsertRows(QModelIndex(), n, n)
            self.rows.append(ReceiptRow())
            self.endInsertRows()
        while len(self.rows) >= 2 and self.rows[-1].blank() and self.rows[-2].blank():
            n = len(self.rows) - 1
            self.beginRemoveRows(QModelIndex(), n, n)
            del self.rows[n]
            self.endRemoveRows()


class ReceiptDelegate(QStyledItemDelegate):
    """Plain line editors; the hospital column completes from the hospital list."""

    def __init__(self, db: Database | None, view: ReceiptGrid) -> None:
        super().__init__(view)
        self.db = db
        self.view = view

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName(f"receiptEditor_{FIELDS[index.column()]}")
        f = FIELDS[index.column()]
        if f in MONEY_FIELDS:
            editor.setAlignment(RIGHT)
        if f == "hospital" and self.db is not None:

            def advance(e: QLineEdit = editor) -> None:
                self.commitData.emit(e)
                self.closeEditor.emit(e, QAbstractItemDelegate.EndEditHint.SubmitModelCache)

            hospital_completer(self.db, editor, advance=advance)
        return editor


class ReceiptGrid(QTableView):
    """The grid view with the intake form's keyboard habits."""

    def __init__(self, model: ReceiptModel, db: Database | None = None) -> None:
        super().__init__()
        self.setObjectName("receiptGrid")
        self.setModel(model)
        self._model = model
        self.setItemDelegate(ReceiptDelegate(db, self))
        self.setTabKeyNavigation(False)  # Tab leaves the grid; Enter and arrows move inside
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.set_read_only(model.read_only)
        head = self.horizontalHeader()
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        head.setMinimumSectionSize(60)
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setHighlightSections(False)
        widths = {"invoice_no": 130, "hospital": 200}
        for i, f in enumerate(FIELDS):
            self.setColumnWidth(i, widths.get(f, 90))
        head.setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().setMinimumWidth(28)
        self.setWordWrap(False)
        self.setToolTip(
            QCoreApplication.translate(
                "ReceiptGrid",
                "Type to fill a cell; Enter moves right and then to the next row. "
                "Delete clears a cell, Ctrl+Delete removes the receipt.",
            )
        )

    def set_read_only(self, read_only: bool) -> None:
        self._model.read_only = read_only
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )

    def commit_open_editor(self) -> None:
        """Take what is typed in an open cell editor into the model (before saving: Ctrl+S
        and Ctrl+Enter do not close the editor)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        if editor is not None and self.isAncestorOf(editor):
            self.commitData(editor)
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        if not self.currentIndex().isValid() and self._model.rowCount():
            self.setCurrentIndex(self._model.index(0, 0))

    def next_index(self, index: QModelIndex) -> QModelIndex:
        """Right, then the first cell of the next row (the blank row waits there). The
        hospital cell is passed over while it shows the claim's hospital (→ reaches it)."""
        row, col = index.row(), index.column()
        last_row = row + 1 >= self._model.rowCount()
        if FIELDS[col] in COMPONENTS and not last_row and self._model.adds_up(row):
            # The parts typed make the total: the rest are 0, the next receipt is next.
            return self._model.index(row + 1, 0)
        if col + 1 < self._model.columnCount():
            if FIELDS[col + 1] == "hospital" and self._model.claim_hospital_shown(row):
                return self._model.index(row, col + 2)
            return self._model.index(row, col + 1)
        if row + 1 < self._model.rowCount():
            return self._model.index(row + 1, 0)
        return index

    def move_next(self) -> None:
        nxt = self.next_index(self.currentIndex())
        if nxt.isValid():
            self.setCurrentIndex(nxt)
            self.scrollTo(nxt)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Enter in an editor (SubmitModelCache) commits and moves to the next cell."""
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.move_next()
            return
        super().closeEditor(editor, hint)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """Text committed by the input method into a cell not being edited (full-width digits,
        a Chinese word) opens the editor *with* that text; Qt would open it and drop the text."""
        committed = event.commitString()
        index = self.currentIndex()
        if (
            committed
            and not event.preeditString()
            and self.state() != QAbstractItemView.State.EditingState
            and index.isValid()
            and not self._model.read_only
            and self.edit(index, QAbstractItemView.EditTrigger.EditKeyPressed, event)
        ):
            editor = QApplication.focusWidget()
            if isinstance(editor, QLineEdit) and self.isAncestorOf(editor):
                editor.selectAll()  # the typed text replaces the cell, as a key would
                QApplication.sendEvent(editor, event)
            return
        super().inputMethodEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = mods & Qt.KeyboardModifier.ControlModifier
        index = self.currentIndex()
        editing = self.state() == QAbstractItemView.State.EditingState
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not ctrl and not editing:
            self.move_next()
            return
        if key == Qt.Key.Key_Delete and index.isValid() and not self._model.read_only:
            if ctrl:
                self._model.remove_row(index.row())
                row = min(index.row(), self._model.rowCount() - 1)
                self.setCurrentIndex(self._model.index(row, 0))
            else:
                self._model.clear_cell(index.row(), index.column())
            return
        super().keyPressEvent(event)
