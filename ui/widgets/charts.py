"""QtCharts helpers for the figures the desk shows: a bar chart of amounts by group (with the
count of each group in its label) and a line of a percentage by month.

Money is ``Decimal`` everywhere in the desk; a chart draws in floats, so the conversion happens
here, at the last edge, and nowhere else. The exact figures are kept on the view
(:attr:`BarChartView.amounts`, :attr:`LineChartView.values`) for tables and tests, so nothing
is ever read back from the float series.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

ACCENT = "#1f6fb2"
SECOND = "#d9822b"


def _chart() -> QChart:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(6, 6, 6, 6))
    chart.setBackgroundRoundness(6)
    chart.legend().hide()
    font = QFont(chart.titleFont())
    font.setPointSize(11)
    font.setBold(True)
    chart.setTitleFont(font)
    return chart


def _fresh(view: QChartView) -> QChart:
    """A new chart for the view, the old one deleted. (Removing a chart's axes leaves their
    drawing behind in Qt 6, so a redraw starts from an empty chart.)"""
    old = view.chart()
    chart = _chart()
    view.setChart(chart)
    if old is not None:
        old.deleteLater()
    return chart


def _nice_top(top: float) -> float:
    """A round upper end a little above ``top`` (so the longest bar's label still fits)."""
    if top <= 0:
        return 1.0
    top *= 1.18
    magnitude = 10 ** (len(str(int(top))) - 1)
    return float((int(top / magnitude) + 1) * magnitude)


class BarChartView(QChartView):
    """Horizontal bars (group names read well on the left, Chinese ones too), one per group,
    labelled with the amount; the count of each group goes into its axis label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_chart(), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to do with the keyboard here
        self.setMinimumHeight(200)
        self.groups: tuple[str, ...] = ()
        self.amounts: tuple[Decimal, ...] = ()
        self.counts: tuple[int, ...] = ()
        self.bar_set: QBarSet | None = None

    def set_data(
        self,
        title: str,
        groups: Sequence[str],
        amounts: Sequence[Decimal],
        counts: Sequence[int] | None = None,
        *,
        series_name: str = "",
        count_text: str = "%1",
    ) -> None:
        """Draw ``amounts`` by ``groups``; ``count_text`` (``%1`` = the count) is added to
        each group's label when ``counts`` is given."""
        chart = _fresh(self)
        chart.setTitle(title)
        self.groups, self.amounts = tuple(groups), tuple(amounts)
        self.counts = tuple(counts) if counts is not None else ()
        bars = QBarSet(series_name)
        bars.setColor(QColor(ACCENT))
        bars.setLabelColor(QColor("#1d2733"))
        top = 0.0
        # A horizontal series draws its first bar lowest: reversed, the first group is on top.
        for amount in reversed(self.amounts):
            value = float(amount)  # the edge where money becomes pixels (module docstring)
            bars.append(value)
            top = max(top, value)
        self.bar_set = bars
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(12)  # never 1.2e+05 for a sum of money
        series.setBarWidth(0.45 if len(self.amounts) < 4 else 0.65)
        chart.addSeries(series)
        labels = list(self.groups)
        if self.counts:
            labels = [
                f"{g} ({count_text.replace('%1', str(c))})"
                for g, c in zip(self.groups, self.counts, strict=True)
            ]
        y = QBarCategoryAxis()
        y.append(list(reversed(labels)) if labels else [""])
        x = QValueAxis()
        x.setRange(0, _nice_top(top))
        x.setLabelFormat("%.0f")
        x.setTickCount(5)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        series.attachAxis(y)

    def total(self) -> Decimal:
        """The exact sum of the amounts shown."""
        return sum(self.amounts, Decimal("0.00"))


class LineChartView(QChartView):
    """A percentage by month as a line with points; a month with no figure (no premium
    income yet) is left out of the line rather than drawn as 0 %."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_chart(), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(200)
        self.labels: tuple[str, ...] = ()
        self.values: tuple[Decimal | None, ...] = ()
        self.line: QLineSeries | None = None

    def set_data(
        self, title: str, labels: Sequence[str], ratios: Sequence[Decimal | None], name: str = ""
    ) -> None:
        """Draw ``ratios`` (0.5372 = 53.72 %) over ``labels`` (months)."""
        chart = _fresh(self)
        chart.setTitle(title)
        self.labels, self.values = tuple(labels), tuple(ratios)
        line = QLineSeries()
        line.setName(name)
        pen = QPen(QColor(SECOND))
        pen.setWidth(3)
        line.setPen(pen)
        points = QScatterSeries()
        points.setMarkerSize(9)
        points.setColor(QColor(SECOND))
        points.setBorderColor(QColor(SECOND))
        top = 100.0
        for i, r in enumerate(self.values):
            if r is None:
                continue
            pct = float((r * 100).quantize(Decimal("0.01")))  # the edge where it becomes pixels
            line.append(QPointF(i, pct))
            points.append(QPointF(i, pct))
            top = max(top, pct)
        line.setPointLabelsVisible(True)
        line.setPointLabelsFormat("@yPoint%")
        line.setPointLabelsClipping(False)
        self.line = line
        chart.addSeries(line)
        chart.addSeries(points)
        x = QBarCategoryAxis()
        x.append(list(self.labels) if self.labels else [""])
        y = QValueAxis()
        y.setRange(0, _nice_top(top) if top > 100 else 120)
        y.setLabelFormat("%.0f%%")
        y.applyNiceNumbers()
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for s in (line, points):
            s.attachAxis(x)
            s.attachAxis(y)
