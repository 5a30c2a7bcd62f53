"""The receipt grid of the trial calculation: one column per receipt, one row per amount, in
the order of a settlement slip (total, then the seven components of SCHEMES.md), and a last row
that shows how far the components are from the total.

Read down the slip as it lies on the counter: typing starts editing, **Enter moves down** (and
from the last component to the top of the next receipt), Delete clears a cell. Amounts are
typed as the slip shows them (``1,830.39``, full-width digits); a blank component is 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from base.money import MoneyError, fmt, parse_money
from desk_app.schemes.model import COMPONENTS, ReceiptAmounts
from desk_app.terms import AMOUNT_FIELDS
from ui.texts import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
FIELDS = AMOUNT_FIELDS  # the receipt's total and its components (desk_app.terms)
LABELS = {
    "total": QT_TRANSLATE_NOOP("TrialReceipts", "Total cost"),
    "fund_paid": QT_TRANSLATE_NOOP("TrialReceipts", "Pooled fund paid"),
    "other_paid": QT_TRANSLATE_NOOP("TrialReceipts", "Other schemes paid"),
    "deductible": QT_TRANSLATE_NOOP("TrialReceipts", "Deductible (self)"),
    "copay": QT_TRANSLATE_NOOP("TrialReceipts", "Co-payment (self)"),
    "over_cap": QT_TRANSLATE_NOOP("TrialReceipts", "Over the cap (self)"),
    "class_b": QT_TRANSLATE_NOOP("TrialReceipts", "Class B share"),
    "self_funded": QT_TRANSLATE_NOOP("TrialReceipts", "Self-funded"),
}
DIFFERENCE = QT_TRANSLATE_NOOP("TrialReceipts", "Total − components")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ZERO = Decimal("0.00")


class ReceiptProblem(ValueError):
    """A cell that is not an amount (receipt ``column``, field ``field``)."""

    def __init__(self, column: int, field: str, text: str) -> None:
        super().__init__(text)
        self.column, self.field, self.text = column, field, text


class ReceiptColumns(QAbstractTableModel):
    """Receipts as columns of typed text; rows are the amounts and the difference line."""

    receipts_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.texts: list[dict[str, str]] = [dict.fromkeys(FIELDS, "")]

    # -- receipts -------------------------------------------------------------------------
    def add_receipt(self) -> int:
        n = len(self.texts)
        self.beginInsertColumns(QModelIndex(), n, n)
        self.texts.append(dict.fromkeys(FIELDS, ""))
        self.endInsertColumns()
        self.receipts_changed.emit()
        return n

    def remove_receipt(self, column: int) -> None:
        if len(self.texts) <= 1 or not 0 <= column < len(self.texts):
            return
        self.beginRemoveColumns(QModelIndex(), column, column)
        del self.texts[column]
        self.endRemoveColumns()
        self.receipts_changed.emit()

    def set_receipts(self, receipts: list[ReceiptAmounts]) -> None:
        self.beginResetModel()
        self.texts = [{f: fmt(getattr(r, f), grouped=False) for f in FIELDS} for r in receipts] or [
            dict.fromkeys(FIELDS, "")
        ]
        self.endResetModel()
        self.receipts_changed.emit()

    def amount(self, column: int, field: str) -> Decimal | None:
        """The amount typed, 0 for a blank component, None for a blank total; ReceiptProblem
        when the text is not an amount."""
        text = self.texts[column][field].strip()
        if not text:
            return None if field == "total" else ZERO
        try:
            return parse_money(text)
        except MoneyError as exc:
            raise ReceiptProblem(column, field, text) from exc

    def receipts(self) -> list[ReceiptAmounts]:
        """Every receipt with anything typed in it; ReceiptProblem for a bad amount or a
        missing total."""
        out = []
        for c, texts in enumerate(self.texts):
            if not any(t.strip() for t in texts.values()):
                continue
            total = self.amount(c, "total")
            if total is None:
                raise ReceiptProblem(c, "total", "")
            parts = {f: self.amount(c, f) for f in COMPONENTS}
            out.append(ReceiptAmounts(total=total, **parts))  # type: ignore[arg-type]
        return out

    def difference(self, column: int) -> Decimal | None:
        try:
            total = self.amount(column, "total")
            parts = sum((self.amount(column, f) or ZERO for f in COMPONENTS), ZERO)
        except ReceiptProblem:
            return None
        return None if total is None else total - parts

    # -- Qt -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(FIELDS) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.texts)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("TrialReceipts", "Receipt %1").replace(
                "%1", str(section + 1)
            )
        if section < len(FIELDS):
            return QCoreApplication.translate("TrialReceipts", LABELS[FIELDS[section]])
        return QCoreApplication.translate("TrialReceipts", DIFFERENCE)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.row() < len(FIELDS):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c, r = index.column(), index.row()
        if r == len(FIELDS):
            diff = self.difference(c)
            if role == Qt.ItemDataRole.DisplayRole:
                return fmt(diff) if diff is not None else ""
            if role == Qt.ItemDataRole.ForegroundRole and diff is not None and diff != 0:
                return QColor("#b3261e")
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor("#f3f5f8")
            return None
        field = FIELDS[r]
        text = self.texts[c][field]
        if role == Qt.ItemDataRole.EditRole:
            return text
        if role == Qt.ItemDataRole.DisplayRole:
            try:
                value = self.amount(c, field)
            except ReceiptProblem:
                return text
            return fmt(value) if value is not None and text.strip() else text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole:
            try:
                self.amount(c, field)
            except ReceiptProblem:
                return QColor("#fde7e5")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.row() >= len(FIELDS):
            return False
        self.texts[index.column()][FIELDS[index.row()]] = str(value or "").strip()
        self.dataChanged.emit(index, index)
        diff = self.index(len(FIELDS), index.column())
        self.dataChanged.emit(diff, diff)
        self.receipts_changed.emit()
        return True


class _Delegate(QStyledItemDelegate):
    """A plain line editor; Enter commits at once (not queued) and moves down."""

    def __init__(self, view: ReceiptGrid) -> None:
        super().__init__(view)
        self.view = view

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(RIGHT)
        editor.installEventFilter(self)
        return editor

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            isinstance(obj, QLineEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.commitData.emit(obj)
            self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.NoHint)
            self.view.move_down()
            return True
        return super().eventFilter(obj, event)


class ReceiptGrid(QTableView):
    """The grid for :class:`ReceiptColumns`."""

    def __init__(self, model: ReceiptColumns, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trialReceipts")
        self.setModel(model)
        self.columns_model = model
        self.setItemDelegate(_Delegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the grid
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setDefaultSectionSize(
            self.fontMetrics().horizontalAdvance("000,000.00") + 28
        )
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        rows = len(FIELDS) + 1
        self.setMinimumHeight(
            self.horizontalHeader().sizeHint().height()
            + rows * self.verticalHeader().defaultSectionSize()
            + 6
        )

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        if not self.currentIndex().isValid():
            self.setCurrentIndex(self.model().index(0, 0))

    def move_down(self) -> None:
        """The next amount down the slip; after the last, the top of the next receipt."""
        idx = self.currentIndex()
        if not idx.isValid():
            return
        r, c = idx.row() + 1, idx.column()
        if r >= len(FIELDS):
            r, c = 0, c + 1
            if c >= self.model().columnCount():
                r, c = len(FIELDS) - 1, c - 1
        self.setCurrentIndex(self.model().index(r, c))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.state() != QAbstractItemView.State.EditingState:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                self.move_down()
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                idx = self.currentIndex()
                if idx.isValid():
                    self.model().setData(idx, "")
                return
        super().keyPressEvent(event)
