"""The table models and the table view every screen uses.

:class:`ListModel` holds a short list in memory (a member's enrollments, a roster's bad rows),
sorted on each column's raw value. :class:`PagedIdModel` is for lists of any length: it holds
row ids only and reads the rows a page at a time through a service (Anki's browser model,
calibre's BooksModel).

Sorting and filtering are not done here: the owner asks the service for the ids in the order it
wants (``ORDER BY`` / ``WHERE`` in SQL) and calls :meth:`PagedIdModel.set_ids`, a model reset.
Clicking a sortable column emits :attr:`PagedIdModel.sort_requested` with the service's sort key,
never a sort of display text. Rows are cached by page (a bounded number of pages), so scrolling
through 200 000 members reads a page of a hundred rows now and then.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Index = QModelIndex | QPersistentModelIndex

RAW_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the value a column sorts on (Decimal, date, int)
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # the row's id

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


@dataclass(frozen=True)
class Column:
    """One column: its title (English source in the model's translation context), how a row
    is shown, the raw value behind it, and the service's sort key if it can be sorted."""

    title: str
    display: Callable[[Any], str]
    raw: Callable[[Any], Any] | None = None
    sort_key: str | None = None
    align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[Any], str | None] | None = None
    color: Callable[[Any], str | None] | None = None


class PagedIdModel(QAbstractTableModel):
    """Rows identified by id, fetched by ``fetch(ids) -> rows`` (each row with an ``id``
    attribute) a page at a time, on the GUI thread: keep ``fetch`` to one indexed read."""

    # The clerk clicked a sortable column: the owner re-runs its query in this order.
    sort_requested = Signal(str, bool)  # service sort key, descending
    # The clerk clicked a column that cannot be sorted (the owner restores the indicator).
    sort_refused = Signal()

    def __init__(
        self,
        columns: Sequence[Column],
        fetch: Callable[[Sequence[int]], Sequence[Any]],
        *,
        context: str,
        page_size: int = 100,
        max_pages: int = 64,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._fetch = fetch
        self._context = context
        self._page_size = page_size
        self._max_pages = max_pages
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, Any]] = OrderedDict()
        self._row_of: dict[int, int] | None = None
        self.fetches = 0  # pages read so far (tests and benchmarks look at it)

    # -- ids ------------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[int]) -> None:
        """Show these rows, in this order (a model reset; cached rows are dropped)."""
        self.beginResetModel()
        self._ids = list(ids)
        self._pages.clear()
        self._row_of = None
        self.endResetModel()

    def extend_ids(self, more: Sequence[int]) -> None:
        """Append rows at the end (the rest of a list whose first page is shown)."""
        if not more:
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._ids.extend(more)
        self._row_of = None
        self.endInsertRows()

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of_id(self, item_id: int) -> int:
        """The row showing ``item_id``, or -1."""
        if self._row_of is None:
            self._row_of = {i: r for r, i in enumerate(self._ids)}
        return self._row_of.get(item_id, -1)

    def reload_rows(self) -> None:
        """Read the shown rows again (after a change), keeping the ids and their order."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1)
            )

    # -- rows -----------------------------------------------------------------------------
    def row_data(self, row: int) -> Any | None:
        """The fetched row at ``row`` (reads its page if needed), or None when it vanished."""
        if not 0 <= row < len(self._ids):
            return None
        page_no = row // self._page_size
        page = self._pages.get(page_no)
        if page is None:
            start = page_no * self._page_size
            chunk = self._ids[start : start + self._page_size]
            page = {r.id: r for r in self._fetch(chunk)}
            self.fetches += 1
            self._pages[page_no] = page
            while len(self._pages) > self._max_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page.get(self._ids[row])

    # -- Qt -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self._context, self.columns[section].title)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        if role == ID_ROLE:
            return self.id_at(index.row())
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.ForegroundRole,
            RAW_ROLE,
        ):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return col.align
        row = self.row_data(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return col.display(row)
        if role == RAW_ROLE:
            return col.raw(row) if col.raw is not None else col.display(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(row) if col.tooltip is not None else None
        color = col.color(row) if col.color is not None else None
        return QColor(color) if color else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key if 0 <= column < len(self.columns) else None
        if key is None:
            self.sort_refused.emit()
            return
        self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)


class ListModel(QAbstractTableModel):
    """A short list (a member's enrollments, a unit's batches, a roster's bad rows), all rows
    in memory, sorted on each column's raw value."""

    def __init__(self, columns: Sequence[Column], *, context: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.rows: list[Any] = []
        self._context = context
        self.bold: Callable[[Any], bool] | None = None
        self.background: Callable[[Any], str | None] | None = None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_data(self, row: int) -> Any | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self._context, self.columns[section].title)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.display(r)
        if role == RAW_ROLE:
            return col.raw(r) if col.raw is not None else col.display(r)
        if role == ID_ROLE:
            return getattr(r, "id", None)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return col.align
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(r) if col.tooltip is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and col.color is not None:
            c = col.color(r)
            return QColor(c) if c else None
        if role == Qt.ItemDataRole.BackgroundRole and self.background is not None:
            c = self.background(r)
            return QColor(c) if c else None
        if role == Qt.ItemDataRole.FontRole and self.bold is not None and self.bold(r):
            f = QFont()
            f.setBold(True)
            return f
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        col = self.columns[column]
        key = col.raw or col.display

        def sort_key(r: Any) -> tuple[bool, Any]:
            v = key(r)
            return (v is None or v == "", v if v is not None else "")

        self.layoutAboutToBeChanged.emit()
        present = [r for r in self.rows if not sort_key(r)[0]]
        missing = [r for r in self.rows if sort_key(r)[0]]
        present.sort(key=lambda r: sort_key(r)[1], reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = present + missing  # blanks last either way
        self.layoutChanged.emit()


def table_view(model: QAbstractItemModel, name: str, *, sortable: bool = False) -> QTableView:
    """A read-only table: whole rows selected, keyboard-navigable, no word wrap."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside
    if sortable:
        view.setSortingEnabled(True)
    return view


def fit_columns(view: QTableView, widths: Sequence[float | str]) -> None:
    """Column widths: a number of Chinese characters, or a sample text to fit (the last
    column stretches)."""
    fm = view.fontMetrics()
    m = fm.horizontalAdvance("中")
    for i, w in enumerate(widths):
        px = fm.horizontalAdvance(w) if isinstance(w, str) else int(w * m)
        view.setColumnWidth(i, px + 18)
