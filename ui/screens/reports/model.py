"""报表: the figures of a monthly return as the window shows them — the 汇总 rows and the 合计 row
in the workbook's own columns (FILES.md §3), and the list of exported and submitted returns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from base.clock import local
from base.money import fmt
from desk_app.returns.service import ReturnView, SummaryRow
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.tables import RIGHT, Column, ListModel

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


def _summary_column(i: int, key: str, english: str) -> Column:
    def tip(r: SummaryRow) -> str:
        return str(r.values.get(key) or "")

    return Column(
        english,
        lambda r: cell_text(key, r.values.get(key)),
        raw=lambda r: r.values.get(key),
        align=RIGHT if i >= 2 else None,
        tooltip=tip if key == "方案名称" else None,
    )


def summary_columns() -> list[Column]:
    """The 汇总 sheet's columns: the workbook's figures, right-aligned after the scheme."""
    return [_summary_column(i, key, english) for i, (key, english) in enumerate(SUMMARY_HEADERS)]


class SummaryModel(ListModel):
    """The 汇总 rows then the 合计 row (bold, shaded); the headers in the workbook's words in
    Chinese (:func:`header_text`), each with the workbook's word as its tip."""

    def __init__(self, lang: str, parent: Any = None) -> None:
        super().__init__(summary_columns(), context="ReturnSummary", parent=parent)
        self.lang = lang
        self.total: SummaryRow | None = None
        self.bold = lambda r: r is self.total
        self.background = lambda r: "#eef3f8" if r is self.total else None

    def set_rows(self, rows: Sequence[SummaryRow], total: SummaryRow | None = None) -> None:
        self.total = total
        super().set_rows([*rows, *([total] if total is not None else [])])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            key, english = SUMMARY_HEADERS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return header_text(key, english, self.lang)
            if role == Qt.ItemDataRole.ToolTipRole:
                return key
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
