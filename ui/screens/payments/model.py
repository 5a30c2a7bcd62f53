"""给付: the table models of the payment screen — the approved claims waiting for payment (with
a tick per claim, and missing accounts and phones that stand out), a batch's rows, the list of
batches — and the words for a batch's state."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView

from base.clock import local
from base.money import fmt
from desk_app.payments.service import PayableRow, ReversalRow
from desk_app.people.idcard import mask_id
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.tables import ID_ROLE, RAW_ROLE, RIGHT, Column, ListModel

Index = QModelIndex | QPersistentModelIndex
ZERO = Decimal("0.00")
RED = "#b3261e"
MISSING_BG = "#fdecea"  # a row that cannot be paid as it is (no account) stands out

BATCH_STATES = {
    "open": QT_TRANSLATE_NOOP("Payments", "Open: waiting for the bank"),
    "paid": QT_TRANSLATE_NOOP("Payments", "Paid"),
}


def batch_state(code: str) -> str:
    source = BATCH_STATES.get(code)
    return QCoreApplication.translate("Payments", source) if source else code


def account_text(account: str | None) -> str:
    """``6222 0000 1111 2222`` (groups of four, as on the card), or the word for none."""
    if not account:
        return QCoreApplication.translate("Payments", "No account")
    return " ".join(account[i : i + 4] for i in range(0, len(account), 4))


def is_reversal(r: PayableRow) -> bool:
    return r.kind == "reversal" or r.payout < 0


def reversal_as_row(rev: ReversalRow) -> PayableRow:
    """A pending reversal shown among the rows to pay (negative, no transfer)."""
    return PayableRow(
        claim_id=rev.claim_id,
        claim_no=rev.claim_no,
        approval_no=rev.approval_no,
        member_name=rev.member_name,
        id_number="",
        unit_name=None,
        scheme_code="",
        payout=-rev.amount,
        bank_account=None,
        phone=None,
        reviewed_at=rev.requested_at,
        kind="reversal",
        reason=rev.reason,
        reversal_id=rev.id,
    )


def unit_or_reason(r: PayableRow) -> str:
    if is_reversal(r):
        return QCoreApplication.translate("Payments", "Reversal: %1").replace("%1", r.reason or "")
    return r.unit_name or ""


def row_columns() -> list[Column]:
    """The columns of a claim to pay (the payable list and a batch's rows)."""
    return [
        Column(
            QT_TRANSLATE_NOOP("Payments", "Approval no."),
            lambda r: r.approval_no or r.claim_no,
            tooltip=lambda r: QCoreApplication.translate("Payments", "Claim no. %1").replace(
                "%1", r.claim_no
            ),
        ),
        Column(QT_TRANSLATE_NOOP("Payments", "Name"), lambda r: r.member_name),
        Column(QT_TRANSLATE_NOOP("Payments", "ID number"), lambda r: mask_id(r.id_number)),
        Column(
            QT_TRANSLATE_NOOP("Payments", "Unit"),
            unit_or_reason,
            tooltip=unit_or_reason,
            color=lambda r: RED if is_reversal(r) else None,
        ),
        Column(QT_TRANSLATE_NOOP("Payments", "Scheme"), lambda r: r.scheme_code),
        Column(
            QT_TRANSLATE_NOOP("Payments", "Amount"),
            lambda r: fmt(r.payout),
            raw=lambda r: r.payout,
            align=RIGHT,
            color=lambda r: RED if is_reversal(r) else None,
            tooltip=lambda r: (
                QCoreApplication.translate("Payments", "Reversal (冲正): money taken back")
                if is_reversal(r)
                else None
            ),
        ),
        Column(
            QT_TRANSLATE_NOOP("Payments", "Bank account"),
            lambda r: "" if is_reversal(r) else account_text(r.bank_account),
            raw=lambda r: r.bank_account or "",
            color=lambda r: None if r.bank_account or is_reversal(r) else RED,
            tooltip=lambda r: (
                None
                if r.bank_account or is_reversal(r)
                else QCoreApplication.translate(
                    "Payments",
                    "No bank account: listed on the sheet 缺少账号; not paid by this batch, it "
                    "waits for the next one",
                )
            ),
        ),
        Column(
            QT_TRANSLATE_NOOP("Payments", "Mobile"),
            lambda r: (
                ""
                if is_reversal(r)
                else (r.phone or QCoreApplication.translate("Payments", "No phone"))
            ),
            raw=lambda r: r.phone or "",
            color=lambda r: None if r.phone or is_reversal(r) else RED,
            tooltip=lambda r: (
                None
                if r.phone or is_reversal(r)
                else QCoreApplication.translate("Payments", "No mobile number: no SMS notice")
            ),
        ),
        Column(
            QT_TRANSLATE_NOOP("Payments", "Approved"),
            lambda r: f"{local(r.reviewed_at):%m-%d %H:%M}" if r.reviewed_at else "",
            raw=lambda r: r.reviewed_at,
        ),
    ]


def _login(login: str | None) -> str:
    return login or ""


def batch_columns(person: Callable[[str | None], str] = _login) -> list[Column]:
    """The batches' columns; ``person`` turns a login into the person's name."""
    return [
        Column(QT_TRANSLATE_NOOP("Payments", "Batch no."), lambda b: b.batch_no),
        Column(
            QT_TRANSLATE_NOOP("Payments", "Pay date"),
            lambda b: b.pay_date.isoformat(),
            raw=lambda b: b.pay_date,
        ),
        Column(
            QT_TRANSLATE_NOOP("Payments", "State"),
            lambda b: batch_state(b.status),
            color=lambda b: "#8a5a00" if b.status == "open" else "#1e7d32",
        ),
        Column(
            QT_TRANSLATE_NOOP("Payments", "Claims"),
            lambda b: str(b.count),
            raw=lambda b: b.count,
            align=RIGHT,
        ),
        Column(
            QT_TRANSLATE_NOOP("Payments", "Total"),
            lambda b: fmt(b.total),
            raw=lambda b: b.total,
            align=RIGHT,
        ),
        Column(
            QT_TRANSLATE_NOOP("Payments", "Reversals"),
            lambda b: str(b.reversals) if b.reversals else "",
            raw=lambda b: b.reversals,
            align=RIGHT,
        ),
        Column(
            QT_TRANSLATE_NOOP("Payments", "No account"),
            lambda b: str(b.missing_account) if b.missing_account else "",
            raw=lambda b: b.missing_account,
            align=RIGHT,
            color=lambda b: RED if b.missing_account else None,
        ),
        Column(
            QT_TRANSLATE_NOOP("Payments", "No phone"),
            lambda b: str(b.missing_phone) if b.missing_phone else "",
            raw=lambda b: b.missing_phone,
            align=RIGHT,
            color=lambda b: RED if b.missing_phone else None,
        ),
        Column(
            QT_TRANSLATE_NOOP("Payments", "Lists written"),
            lambda b: f"{local(b.lists_written_at):%m-%d %H:%M}" if b.lists_written_at else "",
            raw=lambda b: b.lists_written_at,
        ),
        Column(QT_TRANSLATE_NOOP("Payments", "Made by"), lambda b: person(b.created_by)),
        Column(
            QT_TRANSLATE_NOOP("Payments", "Confirmed"),
            lambda b: (
                f"{local(b.paid_at):%Y-%m-%d %H:%M} {person(b.paid_by)}".strip()
                if b.paid_at
                else ""
            ),
            raw=lambda b: b.paid_at,
        ),
    ]


def _missing_account_color(r: Any) -> str | None:
    """A row that cannot be paid as it is (no bank account) stands out."""
    missing = hasattr(r, "bank_account") and not r.bank_account and not is_reversal(r)
    return MISSING_BG if missing else None


class RowsModel(ListModel):
    """A :class:`ListModel` (a month's payable claims are a few thousand at most), optionally
    with a tick in front of each row; sorted through a proxy on each column's raw value."""

    ticks_changed = Signal()

    def __init__(self, columns: Sequence[Column], *, checkable: bool, parent: Any = None) -> None:
        super().__init__(columns, context="Payments", parent=parent)
        self.checkable = checkable
        self.ticked: set[int] = set()  # ids of ticked rows
        self._off = 1 if checkable else 0
        self.background = _missing_account_color

    # -- rows ----------------------------------------------------------------------------
    @staticmethod
    def row_id(r: Any) -> int:
        """A claim's id; a reversal's id negated (a claim may have both); a batch's id."""
        if getattr(r, "kind", None) == "reversal" and r.reversal_id is not None:
            return -int(r.reversal_id)
        return int(r.claim_id if hasattr(r, "claim_id") else r.id)

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show ``rows``; ticks of rows still there are kept (a refresh does not undo them)."""
        self.ticked &= {self.row_id(r) for r in rows}
        super().set_rows(rows)
        self.ticks_changed.emit()

    def ticked_rows(self) -> list[Any]:
        return [r for r in self.rows if self.row_id(r) in self.ticked]

    def set_ticked(self, rows: Sequence[int], on: bool) -> None:
        for row in rows:
            r = self.row_data(row)
            if r is None:
                continue
            if on:
                self.ticked.add(self.row_id(r))
            else:
                self.ticked.discard(self.row_id(r))
        if rows and self.rows:
            self.dataChanged.emit(
                self.index(min(rows), 0),
                self.index(max(rows), 0),
                [Qt.ItemDataRole.CheckStateRole],
            )
        self.ticks_changed.emit()

    def tick_all(self, on: bool) -> None:
        self.set_ticked(list(range(len(self.rows))), on)

    # -- Qt: the tick column in front of the ListModel's ------------------------------------
    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns) + self._off

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if self.checkable and section == 0:
            horizontal = orientation == Qt.Orientation.Horizontal
            return "✓" if horizontal and role == Qt.ItemDataRole.DisplayRole else None
        return super().headerData(section - self._off, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.checkable and index.column() == 0:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == ID_ROLE:
            return self.row_id(r)
        if not (self.checkable and index.column() == 0):
            return super().data(self.createIndex(index.row(), index.column() - self._off), role)
        ticked = self.row_id(r) in self.ticked
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == RAW_ROLE:
            return 0 if ticked else 1
        if role == Qt.ItemDataRole.BackgroundRole:
            color = _missing_account_color(r)
            return QColor(color) if color else None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (self.checkable and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole):
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked
        self.set_ticked([index.row()], on)
        return True


class TextFilter(QSortFilterProxyModel):
    """Rows whose name, approval or claim number, ID number or unit contains the text; sorts
    on raw values (amounts as Decimal, dates as dates)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.setSortRole(RAW_ROLE)
        self.setDynamicSortFilter(False)  # a tick must not move its row under the cursor

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        if not self.text:
            return True
        r = self.sourceModel().rows[row]  # type: ignore[attr-defined]
        fields = (
            getattr(r, "member_name", ""),
            getattr(r, "approval_no", ""),
            getattr(r, "claim_no", ""),
            getattr(r, "id_number", ""),
            getattr(r, "unit_name", ""),
        )
        return any(self.text in (v or "").lower() for v in fields)

    def source_rows(self, proxy_rows: Sequence[int]) -> list[int]:
        return [self.mapToSource(self.index(r, 0)).row() for r in proxy_rows]


def fit_once(view: QTableView, widths: Sequence[float | str]) -> None:
    """Fit the columns the first time rows are shown (not after the reviewer widened one, nor
    over widths kept from the last session: :meth:`TickTable.restore_header` marks those)."""
    if view.property("fitted"):
        return
    from ui.widgets.tables import fit_columns

    fit_columns(view, widths)
    view.setProperty("fitted", True)


class TickTable(QTableView):
    """A table whose Space ticks or unticks the selected rows (all of them the same way: on
    when any is off). Whole rows are selected; Shift+arrows select several."""

    space_pressed = Signal()

    def __init__(self, model: Any, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setAlternatingRowColors(False)  # the red rows must stand out, not blend in
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.setTabKeyNavigation(False)
        # In the service's order until a column is chosen (no arrow on the ticks, and a tick
        # never moves its row).
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)

    def restore_header(self, state: Any) -> None:
        """Put back the column widths kept from the last session."""
        if state is not None and self.horizontalHeader().restoreState(state):
            self.setProperty("fitted", True)

    def selected_rows(self) -> list[int]:
        rows = {i.row() for i in self.selectionModel().selectedRows()}
        if not rows and self.currentIndex().isValid():
            rows = {self.currentIndex().row()}
        return sorted(rows)

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model().rowCount():
            self.selectRow(row)
            self.setCurrentIndex(self.model().index(row, 1))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            self.space_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)
