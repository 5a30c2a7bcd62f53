"""理赔受理 › 审批表打印: every approval form of a day in one PDF — for the clerk to print,
have signed and stamped, and file. Type the day (today by default); the claims approved that
day are listed; Ctrl+P lays the forms out on the task runner (progress per form, Cancel) and
opens the preview, which prints to any printer or saves the PDF."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from base.changes import Changes
from base.clock import today
from base.money import fmt
from base.progress import Progress
from desk_app.access.auth import Perm
from desk_app.claims.model import ClaimView
from desk_app.documents import Document, approved_on, day_forms
from ui.context import AppContext
from ui.keyboard import wire_form
from ui.messages import show_error
from ui.printing import PdfPreviewDialog
from ui.screens.base import Screen
from ui.screens.claims.drafts import ClaimTable, claim_model
from ui.screens.claims.fields import DateField
from ui.screens.registry import register_screen
from ui.texts import QT_TRANSLATE_NOOP


class BatchPrintScreen(Screen):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("batchPrint")
        self.day = DateField()
        self.day.setObjectName("printDay")
        self.day.set_value(today())
        self.find_button = QPushButton(self.tr("&List"))
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.load)
        self.print_button = QPushButton(self.tr("Make the PDF and preview (Ctrl+P)"))
        self.print_button.setObjectName("printDayButton")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.make_pdf)
        self.model = claim_model(ctx, self)
        self.table = ClaimTable(self.model)
        self.table.setObjectName("printDayList")
        self.table.setSortingEnabled(False)  # in approval-number order, as filed
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.views: list[ClaimView] = []
        self.last_pdf: Document | None = None
        a = QAction(self)
        a.setShortcut(QKeySequence("Ctrl+P"))
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(self.make_pdf)
        self.addAction(a)

        head = QHBoxLayout()
        label = QLabel(self.tr("Approved on:"))
        label.setBuddy(self.day)
        head.addWidget(label)
        head.addWidget(self.day)
        head.addWidget(self.find_button)
        head.addSpacing(16)
        head.addWidget(self.summary, 1)
        head.addWidget(self.print_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addLayout(head)
        lay.addWidget(self.table, 1)
        hint = QLabel(
            self.tr(
                "Each form starts on a new page, in approval-number order, with its own page "
                "numbers. Print them, have them signed and stamped, and file them."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        wire_form(self, [self.day], self.find_button)
        self._loaded = False

    # -- Screen -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.load()

    def affected_by(self, changes: Changes) -> bool:
        return changes.claims

    def refresh(self) -> None:
        self.load()

    def handles(self, action: str) -> bool:
        return action == "refresh"

    def trigger(self, action: str) -> None:
        self.refresh()

    def focus_first(self) -> None:
        self.day.setFocus()

    # -- the day's claims ---------------------------------------------------------------------
    def chosen_day(self) -> date | None:
        return self.day.value()

    def load(self) -> None:
        """The claims approved on the day typed (read on the pool: one look per claim)."""
        day = self.chosen_day()
        if day is None:
            self.summary.setText(self.tr("Type a date, e.g. 2015-09-01."))
            return
        db = self.ctx.db

        def job(_p: Progress, cancel: threading.Event) -> list[ClaimView]:
            return approved_on(db, day, cancel)

        self.ctx.runner.run(
            job,
            kind="net",
            done=self._listed,
            failed=lambda e: show_error(self, e, self.ctx.lang),
            parent=self,
        )

    def _listed(self, views: list[ClaimView]) -> None:
        self.views = views
        self.model.set_ids([v.id for v in views])
        self.table.resizeColumnsToContents()
        self.table.select_row(0)
        total = sum((v.calc.payout for v in views if v.calc is not None), Decimal("0.00"))
        self.summary.setText(
            self.tr("%1 approval form(s), payout %2 yuan in all")
            .replace("%1", str(len(views)))
            .replace("%2", fmt(total))
        )
        self.print_button.setEnabled(bool(views))

    def make_pdf(self) -> None:
        """Ctrl+P: all the day's forms in one PDF, then the preview."""
        day = self.chosen_day()
        if day is None or not self.views:
            self.summary.setText(self.tr("No claim was approved on this day."))
            return
        db, actor, ids = self.ctx.db, self.ctx.actor, [v.id for v in self.views]

        def job(progress: Progress, cancel: threading.Event) -> Document:
            return day_forms(db, actor, day, ids, progress=progress, cancel=cancel)

        self.print_button.setEnabled(False)
        self.ctx.runner.run(
            job,
            kind="net",
            title=self.tr("Laying out the approval forms…"),
            parent=self,
            done=self._made,
            failed=self._failed,
            cancelled=self._cancelled,
        )

    def _made(self, pdf: Document) -> None:
        self.print_button.setEnabled(True)
        self.last_pdf = pdf
        PdfPreviewDialog(self.ctx, pdf, self).open()

    def _failed(self, exc: BaseException) -> None:
        self.print_button.setEnabled(True)
        show_error(self, exc, self.ctx.lang)

    def _cancelled(self) -> None:
        self.print_button.setEnabled(True)
        self.summary.setText(self.tr("Cancelled: nothing was made."))


register_screen(
    "print_day",
    BatchPrintScreen,
    section="claims",
    title=QT_TRANSLATE_NOOP("Screens", "Print approval forms"),
    order=30,
    perm=Perm.PRINT,
)
