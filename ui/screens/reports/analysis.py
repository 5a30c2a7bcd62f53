"""报表 › 年度分析: the year's payouts and claims by gender, age band, member category, claim
kind, disease chapter and industry, and the payout ratio (资金使用率) by month — the figures of
the analysis workbook (``returns.analysis``), drawn in the window, and the workbook exported.

The dimensions are a list on the left (arrows move, the chart and its table follow); the chart
is in the middle and the exact figures (count, amount, share) on the right.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes, Done
from base.clock import today
from base.money import fmt
from base.progress import Progress
from db import UnitOfWork
from desk_app.access.auth import Perm
from desk_app.returns import service as returns
from desk_app.returns.service import Analysis, Breakdown
from desk_app.system import settings
from ui.context import AppContext
from ui.messages import error_text
from ui.ops import run_long_op
from ui.screens.base import Screen
from ui.screens.registry import register_screen
from ui.screens.reports import files
from ui.screens.reports.model import ratio_text
from ui.tasks import collector_paused
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.charts import BarChartView, LineChartView
from ui.widgets.tables import RIGHT, table_view

ZERO = Decimal("0.00")
RATIO = "__ratio__"  # the list entry of the payout ratio line

# A breakdown's dimension as the service names it (the workbook's word, or a code) -> the
# window's words for it.
DIMENSIONS: dict[str, str] = {
    "性别": QT_TRANSLATE_NOOP("Analysis", "By gender"),
    "gender": QT_TRANSLATE_NOOP("Analysis", "By gender"),
    "年龄段": QT_TRANSLATE_NOOP("Analysis", "By age band"),
    "age": QT_TRANSLATE_NOOP("Analysis", "By age band"),
    "age_band": QT_TRANSLATE_NOOP("Analysis", "By age band"),
    "人员类别": QT_TRANSLATE_NOOP("Analysis", "By member category"),
    "category": QT_TRANSLATE_NOOP("Analysis", "By member category"),
    "类别": QT_TRANSLATE_NOOP("Analysis", "By claim kind"),
    "kind": QT_TRANSLATE_NOOP("Analysis", "By claim kind"),
    "疾病": QT_TRANSLATE_NOOP("Analysis", "By disease chapter"),
    "疾病章节": QT_TRANSLATE_NOOP("Analysis", "By disease chapter"),
    "disease": QT_TRANSLATE_NOOP("Analysis", "By disease chapter"),
    "disease_chapter": QT_TRANSLATE_NOOP("Analysis", "By disease chapter"),
    "产业": QT_TRANSLATE_NOOP("Analysis", "By industry"),
    "industry": QT_TRANSLATE_NOOP("Analysis", "By industry"),
    "医保类型": QT_TRANSLATE_NOOP("Analysis", "By medical insurance"),
    "medical_type": QT_TRANSLATE_NOOP("Analysis", "By medical insurance"),
}


MONTHS = (
    QT_TRANSLATE_NOOP("Analysis", "Jan"),
    QT_TRANSLATE_NOOP("Analysis", "Feb"),
    QT_TRANSLATE_NOOP("Analysis", "Mar"),
    QT_TRANSLATE_NOOP("Analysis", "Apr"),
    QT_TRANSLATE_NOOP("Analysis", "May"),
    QT_TRANSLATE_NOOP("Analysis", "Jun"),
    QT_TRANSLATE_NOOP("Analysis", "Jul"),
    QT_TRANSLATE_NOOP("Analysis", "Aug"),
    QT_TRANSLATE_NOOP("Analysis", "Sep"),
    QT_TRANSLATE_NOOP("Analysis", "Oct"),
    QT_TRANSLATE_NOOP("Analysis", "Nov"),
    QT_TRANSLATE_NOOP("Analysis", "Dec"),
)


def dimension_name(dimension: str) -> str:
    source = DIMENSIONS.get(dimension)
    return QCoreApplication.translate("Analysis", source) if source else dimension


def share_text(part: Decimal, whole: Decimal) -> str:
    if whole <= 0:
        return ""
    return f"{(part * 100 / whole).quantize(Decimal('0.1'))}%"


class AnalysisScreen(Screen):
    refreshable = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("analysisScreen")
        self.analysis: Analysis | None = None
        self.last_file: Path | None = None
        self.year = QComboBox()
        self.year.setObjectName("analysisYear")
        for y in range(today().year, today().year - 10, -1):
            self.year.addItem(str(y), y)
        year_label = QLabel(self.tr("&Year:"))
        year_label.setBuddy(self.year)
        self.total = QLabel()
        self.total.setObjectName("analysisTotal")
        self.export_button = QPushButton(self.tr("Export analysis… (Ctrl+E)"))
        self.export_button.setObjectName("analysisExport")
        self.export_button.setAutoDefault(False)
        self.export_button.setToolTip(self.tr("Write the year's analysis workbook (Ctrl+E)"))
        self.export_button.clicked.connect(self.export)
        self.folder_button = QPushButton(self.tr("Open folder (Ctrl+O)"))
        self.folder_button.setAutoDefault(False)
        self.folder_button.clicked.connect(self.open_folder)
        self.folder_button.hide()
        for key, slot in (("Ctrl+E", self.export), ("Ctrl+O", self.open_folder)):
            a = QAction(self)
            a.setShortcut(QKeySequence(key))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(slot)
            self.addAction(a)

        self.dimensions = QListWidget()
        self.dimensions.setObjectName("analysisDimensions")
        self.dimensions.setFixedWidth(150)
        self.dimensions.setStyleSheet("QListWidget#analysisDimensions::item { padding: 7px 8px; }")
        self.bar = BarChartView()
        self.bar.setObjectName("analysisBar")
        self.line = LineChartView()
        self.line.setObjectName("analysisLine")
        self.charts = QStackedWidget()
        self.charts.addWidget(self.bar)
        self.charts.addWidget(self.line)
        self.figures = QStandardItemModel(0, 4, self)
        self.table: QTableView = table_view(self.figures, "analysisFigures")
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setFixedWidth(400)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.message = QLabel()
        self.message.setObjectName("analysisMessage")
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addSpacing(16)
        top.addWidget(self.total, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.folder_button)
        body = QHBoxLayout()
        body.addWidget(self.dimensions)
        body.addWidget(self.charts, 1)
        body.addWidget(self.table)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addLayout(top)
        lay.addLayout(body, 1)
        lay.addWidget(self.message)
        QWidget.setTabOrder(self.year, self.dimensions)
        QWidget.setTabOrder(self.dimensions, self.export_button)

        self.year.currentIndexChanged.connect(lambda _i: self.load())
        self.dimensions.currentRowChanged.connect(lambda _r: self.show_current())
        self.export_button.setEnabled(ctx.can(Perm.RETURNS))
        self.load()

    # -- reading --------------------------------------------------------------------------------
    def chosen_year(self) -> int:
        return int(self.year.currentData())

    def load(self) -> None:
        """The year's figures, worked out on the pool (a year of claims is a moment's read)."""
        year, db = self.chosen_year(), self.ctx.db

        def job(_p: Progress, _c: threading.Event) -> Analysis:
            # A year's paid claims are read into rows (100 000s in a city's year).
            with collector_paused(), db.reader() as uow:
                return returns.analysis(uow, year)

        self.total.setText(self.tr("Working out %1…").replace("%1", str(year)))
        self.ctx.runner.run(
            job,
            done=lambda a: self.show_analysis(a) if a.year == self.chosen_year() else None,
            failed=lambda e: self.say(error_text(e, self.ctx.lang), error=True),
            kind="net",
        )

    def show_analysis(self, a: Analysis) -> None:
        self.analysis = a
        keep = self.dimensions.currentItem()
        keep_key = keep.data(Qt.ItemDataRole.UserRole) if keep is not None else None
        self.dimensions.blockSignals(True)
        self.dimensions.clear()
        for b in a.breakdowns:
            item = QListWidgetItem(dimension_name(b.dimension))
            item.setData(Qt.ItemDataRole.UserRole, b.dimension)
            self.dimensions.addItem(item)
        item = QListWidgetItem(self.tr("Payout ratio by month"))
        item.setData(Qt.ItemDataRole.UserRole, RATIO)
        self.dimensions.addItem(item)
        row = 0
        for i in range(self.dimensions.count()):
            if self.dimensions.item(i).data(Qt.ItemDataRole.UserRole) == keep_key:
                row = i
        self.dimensions.setCurrentRow(row)
        self.dimensions.blockSignals(False)
        count, amount = self.year_total(a)
        self.total.setText(
            self.tr("%1: %2 claim(s) received, %3 claim(s) of %4 member(s) paid, %5 yuan.")
            .replace("%1", str(a.year))
            .replace("%2", f"{a.received:,}")
            .replace("%3", f"{count:,}")
            .replace("%4", f"{a.paid_members:,}")
            .replace("%5", fmt(amount))
        )
        self.show_current()

    @staticmethod
    def year_total(a: Analysis) -> tuple[int, Decimal]:
        """The year's paid claims and the amount paid (reversals netted), as the service
        counts them."""
        return a.paid_count, a.paid_amount

    def breakdown(self, dimension: str) -> Breakdown | None:
        if self.analysis is None:
            return None
        return next((b for b in self.analysis.breakdowns if b.dimension == dimension), None)

    def show_current(self) -> None:
        item = self.dimensions.currentItem()
        if item is None or self.analysis is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        if key == RATIO:
            self.show_ratio()
            return
        b = self.breakdown(key)
        if b is None:
            return
        groups = [r[0] for r in b.rows]
        # Long names (disease chapters) are cut on the chart; the table beside has them whole.
        short = [g if len(g) <= 12 else g[:11] + "…" for g in groups]
        counts = [r[1] for r in b.rows]
        amounts = [r[2] for r in b.rows]
        self.bar.set_data(
            self.tr("Payouts %1, %2")
            .replace("%1", dimension_name(b.dimension))
            .replace("%2", str(self.analysis.year)),
            short,
            amounts,
            counts,
            series_name=self.tr("Paid (yuan)"),
            count_text=self.tr("%1 claims"),
        )
        self.charts.setCurrentWidget(self.bar)
        whole = sum(amounts, ZERO)
        self._table(
            [self.tr("Group"), self.tr("Claims paid"), self.tr("Paid (yuan)"), self.tr("Share")],
            [
                [g, f"{c:,}", fmt(a), share_text(a, whole)]
                for g, c, a in zip(groups, counts, amounts, strict=True)
            ]
            + [[self.tr("Total"), f"{sum(counts):,}", fmt(whole), share_text(whole, whole)]],
        )

    def show_ratio(self) -> None:
        assert self.analysis is not None
        months = self.analysis.ratio_by_month
        labels = [
            QCoreApplication.translate("Analysis", MONTHS[int(m.split("-")[1]) - 1])
            for m, _r in months
        ]
        self.line.set_data(
            self.tr("Payout ratio (资金使用率) by month, %1").replace(
                "%1", str(self.analysis.year)
            ),
            labels,
            [r for _m, r in months],
            self.tr("Payout ratio"),
        )
        self.charts.setCurrentWidget(self.line)
        self._table(
            [self.tr("Month"), self.tr("Payout ratio"), "", ""],
            [[m, ratio_text(r) or "—", "", ""] for m, r in months],
        )

    def _table(self, headers: list[str], rows: list[list[str]]) -> None:
        self.figures.clear()
        self.figures.setHorizontalHeaderLabels(headers)
        for r in rows:
            items = [QStandardItem(v) for v in r]
            items[0].setToolTip(r[0])  # a long disease chapter is cut in the column
            for i in items[1:]:
                i.setTextAlignment(RIGHT)
            self.figures.appendRow(items)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if rows:
            last = self.figures.rowCount() - 1
            if headers[0] == self.tr("Group"):
                for c in range(4):
                    it = self.figures.item(last, c)
                    f = it.font()
                    f.setBold(True)
                    it.setFont(f)
        empty = not headers[2]
        self.table.setColumnHidden(2, empty)
        self.table.setColumnHidden(3, empty)
        for c in (1, 2, 3):
            self.table.resizeColumnToContents(c)

    def say(self, text: str, *, error: bool = False) -> None:
        color = "#b3261e" if error else "#1e7d32"
        self.message.setStyleSheet(f"QLabel#analysisMessage {{ color: {color}; }}")
        self.message.setText(text)
        self.ctx.status(text)

    # -- export ---------------------------------------------------------------------------------
    def export(self) -> None:
        if not self.ctx.can(Perm.RETURNS):
            self.say(self.tr("Only a reviewer may export the analysis."), error=True)
            return
        year = self.chosen_year()
        with self.ctx.db.reader() as uow:
            county = settings.get(uow.session, settings.COUNTY_CODE)
        path = files.choose_save(
            self, self.ctx, self.tr("Save the annual analysis"), f"年度分析_{county}_{year}.xlsx"
        )
        if path is None:
            return
        actor = self.ctx.actor

        def job(uow: UnitOfWork, progress: Progress, cancel: threading.Event) -> Done[Path]:
            return returns.write_analysis(uow, actor, year, path, progress=progress, cancel=cancel)

        def done(result: Done[Path]) -> None:
            self.last_file = Path(result.value)
            self.folder_button.show()
            self.say(self.tr("Analysis written to %1.").replace("%1", str(result.value)))

        run_long_op(
            self.ctx,
            job,
            parent=self,
            title=self.tr("Writing the analysis of %1…").replace("%1", str(year)),
            done=done,
            failed=lambda e: self.say(error_text(e, self.ctx.lang), error=True),
            cancelled=lambda: self.say(self.tr("Export cancelled: nothing was written.")),
        )

    def open_folder(self) -> None:
        if self.last_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_file.parent)))

    # -- Screen ---------------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.payments or changes.returns

    def refresh(self) -> None:
        self.load()

    def focus_first(self) -> None:
        self.dimensions.setFocus()

    def save_layout(self, store: Any) -> None:
        pass


register_screen(
    "analysis",
    AnalysisScreen,
    section="reports",
    title=QT_TRANSLATE_NOOP("Screens", "Annual analysis"),
    order=30,
)
