"""报表: the figures of a monthly return as the window shows them — the 汇总 rows and the 合计 row
in the workbook's own columns (FILES.md §3), and the list of exported and submitted returns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from base.clock import local
from base.money import fmt
from desk_app.returns.service import ReturnView, SummaryRow
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.tables import RAW_ROLE, RIGHT, Column

Index = QModelIndex | QPersistentModelIndex

# The 汇总 sheet's headers, in order (FILES.md §3), with the English the window shows when it
# is not in Chinese; in Chinese the window uses the workbook's own words, so the reviewer sees
# on the screen exactly what the city will read.
SUMMARY_HEADERS: tuple[tuple[str, str], ...] = (
    ("方案编码", QT_TRANSLATE_NOOP("ReturnSummary", "Scheme code")),
    ("方案名称", QT_TRANSLATE_NOOP("ReturnSummary", "Scheme name")),
    ("本月新增参保人数", QT_TRANSLATE_NOOP("ReturnSummary", "New members this month")),
    ("期内累计参保人数", QT_TRANSLATE_NOOP("ReturnSummary", "Members in the period")),
    ("本月互助金收入", QT_TRANSLATE_NOOP("ReturnSummary", "Premiums this month")),
    ("期内累计互助金收入", QT_TRANSLATE_NOOP("ReturnSummary", "Premiums in the period")),
    ("本月受理件数", QT_TRANSLATE_NOOP("ReturnSummary", "Claims entered this month")),
    ("本月给付人数", QT_TRANSLATE_NOOP("ReturnSummary", "Members paid this month")),
    ("本月给付人次", QT_TRANSLATE_NOOP("ReturnSummary", "Claims paid this month")),
    ("本月医疗费总额", QT_TRANSLATE_NOOP("ReturnSummary", "Medical costs this month")),
    ("本月给付金额", QT_TRANSLATE_NOOP("ReturnSummary", "Paid this month")),
    ("期内累计给付金额", QT_TRANSLATE_NOOP("ReturnSummary", "Paid in the period")),
    ("资金使用率", QT_TRANSLATE_NOOP("ReturnSummary", "Payout ratio")),
)
TOTAL_CODE = "合计"

RETURN_STATES = {
    "exported": QT_TRANSLATE_NOOP("Returns", "Exported"),
    "submitted": QT_TRANSLATE_NOOP("Returns", "Submitted (month locked)"),
}


def header_text(key: str, english: str, lang: str) -> str:
    """The column title: the workbook's word in Chinese (broken in two so 13 columns fit a
    1366-pixel screen), the translation otherwise."""
    if lang != "zh":
        return QCoreApplication.translate("ReturnSummary", english)
    for prefix in ("期内累计", "本月"):
        if key.startswith(prefix):
            return f"{prefix}\n{key[len(prefix) :]}"
    return key


def ratio_text(value: object) -> str:
    """资金使用率 as a percentage with two decimals (53.72%); empty when there is none."""
    if value is None or value == "":
        return ""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"{(d * 100).quantize(Decimal('0.01'))}%"


def cell_text(key: str, value: object) -> str:
    if key == "资金使用率":
        return ratio_text(value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, str) and key not in ("方案编码", "方案名称"):
        try:  # money given as text ("1830.00") is still money
            return fmt(Decimal(value))
        except ArithmeticError:
            return value
    return str(value)


class SummaryModel(QAbstractTableModel):
    """The 汇总 rows then the 合计 row (bold, shaded), right-aligned figures."""

    def __init__(self, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.rows: list[SummaryRow] = []
        self.total: SummaryRow | None = None

    def set_rows(self, rows: Sequence[SummaryRow], total: SummaryRow | None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.total = total
        self.endResetModel()

    def all_rows(self) -> list[SummaryRow]:
        return self.rows + ([self.total] if self.total is not None else [])

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.all_rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(SUMMARY_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            key, english = SUMMARY_HEADERS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return header_text(key, english, self.lang)
            if role == Qt.ItemDataRole.ToolTipRole:
                return key
        return None

    def value(self, row: int, key: str) -> object:
        return self.all_rows()[row].values.get(key)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.all_rows()[index.row()]
        key = SUMMARY_HEADERS[index.column()][0]
        is_total = r is self.total
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(key, r.values.get(key))
        if role == RAW_ROLE:
            return r.values.get(key)
        if role == Qt.ItemDataRole.ToolTipRole and key == "方案名称":
            return str(r.values.get(key) or "")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and is_total:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.BackgroundRole and is_total:
            return QColor("#eef3f8")
        return None


def return_state(code: str) -> str:
    source = RETURN_STATES.get(code)
    return QCoreApplication.translate("Returns", source) if source else code


def _login(login: str | None) -> str:
    return login or ""


def return_columns(person: Callable[[str | None], str] = _login) -> list[Column]:
    """The returns' columns; ``person`` turns a login into the person's name."""
    return [
        Column(QT_TRANSLATE_NOOP("Returns", "Month"), lambda r: r.month),
        Column(
            QT_TRANSLATE_NOOP("Returns", "Revision"),
            lambda r: str(r.revision),
            raw=lambda r: r.revision,
            align=RIGHT,
        ),
        Column(
            QT_TRANSLATE_NOOP("Returns", "State"),
            lambda r: return_state(r.status),
            color=lambda r: "#1e7d32" if r.status == "submitted" else None,
        ),
        Column(QT_TRANSLATE_NOOP("Returns", "File"), lambda r: r.file_name),
        Column(
            QT_TRANSLATE_NOOP("Returns", "Exported"),
            lambda r: f"{local(r.created_at):%Y-%m-%d %H:%M} {person(r.created_by)}".strip(),
            raw=lambda r: r.created_at,
        ),
        Column(
            QT_TRANSLATE_NOOP("Returns", "Submitted"),
            lambda r: f"{local(r.submitted_at):%Y-%m-%d %H:%M}" if r.submitted_at else "",
            raw=lambda r: r.submitted_at,
        ),
        Column(
            QT_TRANSLATE_NOOP("Returns", "SHA-256"),
            lambda r: r.sha256[:16] + "…",
            tooltip=lambda r: r.sha256,
        ),
    ]


def months_back(today: date, n: int) -> list[str]:
    """``YYYY-MM`` of this month and the ``n - 1`` before it, newest first."""
    out = []
    y, m = today.year, today.month
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


def default_month(today: date, returns: Sequence[ReturnView]) -> str:
    """The month a reviewer most likely reports: the one after the last submitted return
    (not later than this month); with none submitted, last month."""
    this = f"{today.year:04d}-{today.month:02d}"
    submitted = sorted(r.month for r in returns if r.status == "submitted")
    if submitted:
        y, m = (int(x) for x in submitted[-1].split("-"))
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
        return min(f"{y:04d}-{m:02d}", this)
    return months_back(today, 2)[1]
