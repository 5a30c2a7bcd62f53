"""工作台: today's work at a glance (enrollments and claims entered today, the review and
payment queues, the clerk's own drafts, the last sync) and the payouts of the current period
by month. Each figure is a button that leads to where the work is."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes
from base.clock import local
from base.money import fmt
from desk_app.system import dashboard
from desk_app.system.dashboard import Overview
from ui.context import AppContext
from ui.screens.base import Screen
from ui.screens.registry import register_screen
from ui.texts import QT_TRANSLATE_NOOP


class Card(QPushButton):
    """A figure with its caption; pressing it (Enter, Space, a click) goes to that work."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.value = QLabel("–")
        self.value.setObjectName("cardValue")
        self.caption = QLabel(title)
        self.caption.setObjectName("cardTitle")
        self.caption.setWordWrap(True)
        for lab in (self.value, self.caption):
            lab.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 10, 16, 10)
        lay.addWidget(self.value)
        lay.addWidget(self.caption)
        self.setMinimumHeight(96)
        self.setStyleSheet(
            "QPushButton#card { background: #ffffff; border: 1px solid #d9dee5; "
            "border-radius: 6px; text-align: left; }"
            "QPushButton#card:focus { border: 2px solid #1f6fb2; }"
            "QPushButton#card:hover { background: #f5f9fd; }"
        )

    def set_value(self, text: str, tip: str = "") -> None:
        self.value.setText(text)
        self.setToolTip(tip)
        self.setAccessibleName(f"{self.caption.text()}: {text}")


class DashboardScreen(Screen):
    refreshable = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("dashboardScreen")
        self.overview: Overview | None = None
        self.cards: dict[str, Card] = {}
        grid = QGridLayout()
        grid.setSpacing(12)
        specs = [
            ("enrollments_today", self.tr("Enrolled today"), "enrollment"),
            ("claims_today", self.tr("Claims entered today"), "claims"),
            ("my_drafts", self.tr("My claims still being entered"), "claims"),
            ("waiting_review", self.tr("Claims waiting for review"), "review"),
            ("waiting_payment", self.tr("Approved, waiting for payment"), "payments"),
            ("sync", self.tr("Sync with the city"), "sync"),
        ]
        for i, (key, title, target) in enumerate(specs):
            card = Card(title)
            card.setObjectName(f"card_{key}")
            card.clicked.connect(lambda _c=False, t=target: self._go(t))
            self.cards[key] = card
            grid.addWidget(card, i // 3, i % 3)
        self.chart = self._new_chart()
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("payoutChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(240)
        self.chart_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.period_label = QLabel()
        self.period_label.setObjectName("hint")
        head = QHBoxLayout()
        head.addWidget(self.period_label, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(grid)
        lay.addSpacing(8)
        lay.addLayout(head)
        lay.addWidget(self.chart_view, 1)
        self.refresh()

    # -- Screen -----------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return (
            changes.enrollments
            or changes.claims
            or changes.payments
            or changes.sync
            or changes.schemes
            or changes.settings
        )

    def focus_first(self) -> None:
        self.cards["enrollments_today"].setFocus()

    def refresh(self) -> None:
        db, login = self.ctx.db, self.ctx.actor.login

        def job(_p: Any, _c: Any) -> Overview:
            with db.reader() as uow:
                return dashboard.overview(uow.session, login=login)

        # A read: the pool, so it never waits behind a long write.
        self.ctx.runner.run(job, done=self.show_overview, kind="net")

    def _go(self, section_id: str) -> None:
        if self.ctx.shell is not None:
            self.ctx.shell.navigate(section_id)

    # -- showing ---------------------------------------------------------------------------
    def show_overview(self, ov: Overview) -> None:
        self.overview = ov
        for key in (
            "enrollments_today",
            "claims_today",
            "my_drafts",
            "waiting_review",
            "waiting_payment",
        ):
            self.cards[key].set_value(str(getattr(ov, key)))
        self.cards["sync"].set_value(*self._sync_text(ov.sync))
        self.period_label.setText(
            self.tr("Payouts in the period %1 to %2: %3 yuan in all")
            .replace("%1", f"{ov.period_start:%Y-%m-%d}")
            .replace("%2", f"{ov.period_end:%Y-%m-%d}")
            .replace("%3", fmt(ov.payout_total))
        )
        self._draw_chart(ov)

    def _sync_text(self, st: dashboard.SyncState) -> tuple[str, str]:
        if not st.configured:
            return self.tr("Not set up"), self.tr("The desk is not connected to the city yet.")
        when = f"{local(st.last_at):%m-%d %H:%M}" if st.last_at else self.tr("never")
        tip = self.tr("%1 changes waiting to go up").replace("%1", str(st.pending))
        if st.last_ok is False and st.last_error:
            tip += "\n" + st.last_error
        return when, tip

    @staticmethod
    def _new_chart() -> QChart:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().hide()
        chart.setMargins(QMargins(8, 8, 8, 8))
        chart.setBackgroundRoundness(6)
        return chart

    def _draw_chart(self, ov: Overview) -> None:
        # A fresh chart each time: in Qt 6, removing the series and axes of a chart leaves the
        # old axes drawn.
        old, self.chart = self.chart, self._new_chart()
        self.chart_view.setChart(self.chart)
        old.deleteLater()
        bars = QBarSet(self.tr("Paid (yuan)"))
        bars.setColor(QColor("#1f6fb2"))
        top = Decimal(0)
        labels = []
        for m in ov.payouts:
            # A chart draws in floats: this is the edge where money becomes pixels.
            bars.append(float(m.amount))
            top = max(top, m.amount)
            year, month = m.month.split("-")
            labels.append(self.tr("%1-%2").replace("%1", year[2:]).replace("%2", str(int(month))))
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(len(labels) <= 12)
        series.setLabelsFormat("@value")
        self.chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(labels)
        y = QValueAxis()
        y.setRange(0, float(top) * 1.15 if top > 0 else 1000)
        y.setLabelFormat("%.0f")
        y.applyNiceNumbers()
        self.chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self.chart.setTitle(self.tr("Payouts by month"))


register_screen(
    "dashboard",
    DashboardScreen,
    title=QT_TRANSLATE_NOOP("Screens", "Dashboard"),
)
