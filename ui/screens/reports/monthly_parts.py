"""The parts of the 月报 screen (:mod:`ui.screens.reports.monthly`): the 汇总 table fitted to
its rows, the preview's figures under it, and the screen's buttons with their keys. Their words
keep the screen's translation context (``MonthlyReturnScreen``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QHeaderView, QLabel, QTableView

from base.errors import Message
from desk_app.returns.service import ReturnPreview
from ui.screens.reports.model import SummaryModel
from ui.widgets.tables import table_view

OK_COLOR, BAD_COLOR, WARN_COLOR = "#1e7d32", "#b3261e", "#8a5a00"


def native(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


class Fact(QLabel):
    """One figure of the preview (a detail sheet's rows, the drafts, the cross-check)."""

    def __init__(self, name: str, *, wrap: bool = False) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWordWrap(wrap)  # only the cross-check's findings may need several lines
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_text(self, text: str, color: str | None = None) -> None:
        self.setText(text)
        style = f"color: {color};" if color else ""
        self.setStyleSheet(f"QLabel#{self.objectName()} {{ {style} }}")


class PreviewFacts(QFrame):
    """The figures under the 汇总: the detail sheets' rows, the claims still being entered,
    and the cross-check."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("returnFacts")
        self.setStyleSheet(
            "QFrame#returnFacts { background: #f7f9fb; border: 1px solid #d9dee5;"
            " border-radius: 4px; }"
        )
        self.facts = {
            "enrollments": Fact("factEnrollments"),
            "payments": Fact("factPayments"),
            "drafts": Fact("factDrafts"),
            "checks": Fact("factChecks", wrap=True),
        }
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.setSpacing(28)
        for key in ("enrollments", "payments", "drafts"):
            lay.addWidget(self.facts[key])
        lay.addWidget(self.facts["checks"], 2)

    def show_preview(self, p: ReturnPreview, text: Callable[[Message], str]) -> None:
        """``text``: a core message in the window's language."""
        self.facts["enrollments"].show_text(
            QCoreApplication.translate("MonthlyReturnScreen", "参保明细: %1 row(s)").replace(
                "%1", f"{p.enrollments:,}"
            )
        )
        self.facts["payments"].show_text(
            QCoreApplication.translate("MonthlyReturnScreen", "给付明细: %1 row(s)").replace(
                "%1", f"{p.payments:,}"
            )
        )
        if p.drafts:
            self.facts["drafts"].show_text(
                QCoreApplication.translate(
                    "MonthlyReturnScreen", "Still being entered: %1 claim(s)"
                ).replace("%1", str(p.drafts)),
                WARN_COLOR,
            )
        else:
            self.facts["drafts"].show_text(
                QCoreApplication.translate("MonthlyReturnScreen", "No claim still being entered"),
                OK_COLOR,
            )
        if p.checks:
            self.facts["checks"].show_text(
                QCoreApplication.translate("MonthlyReturnScreen", "Cross-check failed: %1").replace(
                    "%1", "；".join(text(m) for m in p.checks)
                ),
                BAD_COLOR,
            )
        else:
            self.facts["checks"].show_text(
                QCoreApplication.translate(
                    "MonthlyReturnScreen", "Cross-check: 汇总 合计 equals the detail sheets ✓"
                ),
                OK_COLOR,
            )


def summary_table(model: SummaryModel) -> QTableView:
    """The 汇总 rows and the 合计, shown, not chosen: no selection, no focus."""
    view = table_view(model, "returnSummary")
    view.setSelectionMode(view.SelectionMode.NoSelection)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    return view


def fit_summary(view: QTableView) -> None:
    """Figures fitted, the scheme's name taking the room left; the table as tall as its
    rows (at least three, so a month with one scheme does not look broken)."""
    header = view.horizontalHeader()
    view.resizeColumnsToContents()
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    rows = max(3, view.model().rowCount())
    height = (
        header.sizeHint().height()
        + rows * view.verticalHeader().defaultSectionSize()
        + 2 * view.frameWidth()
        + 2
    )
    view.setFixedHeight(height)


@dataclass(frozen=True)
class ButtonSpec:
    name: str
    text: str
    key: str
    tip: str


def button_specs() -> list[ButtonSpec]:
    """The screen's buttons: name, text, key and what each does."""
    return [
        ButtonSpec(
            "preview",
            QCoreApplication.translate("MonthlyReturnScreen", "Preview"),
            "F5",
            QCoreApplication.translate(
                "MonthlyReturnScreen", "Work out the month's figures again (F5)"
            ),
        ),
        ButtonSpec(
            "export",
            QCoreApplication.translate("MonthlyReturnScreen", "Export return…"),
            "Ctrl+E",
            QCoreApplication.translate(
                "MonthlyReturnScreen", "Write the month's return workbook for the city (Ctrl+E)"
            ),
        ),
        ButtonSpec(
            "submit",
            QCoreApplication.translate("MonthlyReturnScreen", "Submit return…"),
            "Ctrl+Return",
            QCoreApplication.translate(
                "MonthlyReturnScreen",
                "Mark the exported return as sent to the city; this locks the month (Ctrl+Enter)",
            ),
        ),
        ButtonSpec(
            "copy",
            QCoreApplication.translate("MonthlyReturnScreen", "Save a copy…"),
            "Ctrl+Shift+S",
            QCoreApplication.translate(
                "MonthlyReturnScreen",
                "Write the return chosen in the list again, byte for byte (Ctrl+Shift+S)",
            ),
        ),
        ButtonSpec(
            "folder",
            QCoreApplication.translate("MonthlyReturnScreen", "Open folder"),
            "Ctrl+O",
            QCoreApplication.translate(
                "MonthlyReturnScreen", "Open the folder the return was written to (Ctrl+O)"
            ),
        ),
    ]
