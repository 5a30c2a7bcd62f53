"""报表 › 月报: the monthly return of a chosen month — its figures previewed before anything is
written (the 汇总 rows and the 合计, the rows of the detail sheets, the claims still being
entered, the cross-check), exported off the GUI thread with progress and Cancel, then submitted,
which locks the month. Below, every return exported or submitted so far.

Keys: the month list has the focus first (arrows change the month, the preview follows);
F5 previews again, Ctrl+E exports, Ctrl+Enter submits (each after a confirmation that says
what it does); Ctrl+Shift+E writes the month's electronic archive (:mod:`.archive`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes, Done
from base.clock import today
from base.progress import Progress
from db import UnitOfWork
from desk_app.access.auth import Perm
from desk_app.returns import service as returns
from desk_app.returns.service import ReturnPreview, ReturnView
from desk_app.system import settings
from ui import actions as act
from ui.context import AppContext
from ui.messages import confirm, error_text
from ui.ops import run_long_op, run_op
from ui.screens.base import Screen
from ui.screens.payments.model import fit_once
from ui.screens.registry import register_screen
from ui.screens.reports import files
from ui.screens.reports.archive import MonthArchive
from ui.screens.reports.model import (
    SummaryModel,
    default_month,
    months_back,
    return_columns,
)
from ui.screens.reports.monthly_parts import (
    BAD_COLOR,
    OK_COLOR,
    PreviewFacts,
    button_specs,
    fit_summary,
    native,
    summary_table,
)
from ui.tasks import collector_paused
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.people import PersonNames
from ui.widgets.tables import ListModel, table_view


class MonthlyReturnScreen(Screen):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("monthlyReturnScreen")
        self.preview: ReturnPreview | None = None
        self.returns: list[ReturnView] = []
        self.last_file: Path | None = None

        self.month = QComboBox()
        self.month.setObjectName("returnMonth")
        self.month.setMinimumContentsLength(14)
        self.state = QLabel()
        self.state.setObjectName("returnState")
        self.summary_model = SummaryModel(ctx.lang, self)
        self.summary = summary_table(self.summary_model)
        self.facts_box = PreviewFacts()
        self.facts = self.facts_box.facts
        self.list_model = ListModel(
            return_columns(PersonNames(ctx.db)), context="Returns", parent=self
        )
        self.list = table_view(self.list_model, "returnList")
        self.message = QLabel()
        self.message.setObjectName("returnMessage")
        self.message.setWordWrap(True)
        self._build_buttons()
        self.archive = MonthArchive(ctx, self, self.chosen_month, self.say)
        self._lay_out()

        self.load_returns()
        self.fill_months()
        self.month.currentIndexChanged.connect(lambda _i: self.load_preview())
        self.load_preview()

    def _build_buttons(self) -> None:
        """A button for each action; export, copy and the folder have their keys here (F5
        and Ctrl+Enter are the window's actions)."""
        slots: dict[str, Callable[[], None]] = {
            "preview": self.load_preview,
            "export": self.export,
            "submit": self.submit,
            "copy": self.save_copy,
            "folder": self.open_folder,
        }
        self.acts: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        self.tips: dict[str, str] = {}
        for spec in button_specs():
            name, slot = spec.name, slots[spec.name]
            shown = "Ctrl+Enter" if spec.key == "Ctrl+Return" else native(spec.key)
            b = QPushButton(f"{spec.text} ({shown})")
            b.setObjectName(f"return_{name}")
            b.setAutoDefault(False)
            b.setToolTip(spec.tip)
            b.clicked.connect(slot)
            self.buttons[name] = b
            self.tips[name] = spec.tip
            if name in ("export", "copy", "folder"):
                a = QAction(spec.text, self)
                a.setShortcut(QKeySequence(spec.key))
                a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                a.triggered.connect(slot)
                self.addAction(a)
                self.acts[name] = a
        self.buttons["folder"].hide()

    def _lay_out(self) -> None:
        month_label = QLabel(self.tr("&Month:"))
        month_label.setBuddy(self.month)
        list_title = QLabel(self.tr("Returns exported and submitted"))
        list_title.setObjectName("hint")
        top = QHBoxLayout()
        top.addWidget(month_label)
        top.addWidget(self.month)
        top.addWidget(self.buttons["preview"])
        top.addSpacing(12)
        top.addWidget(self.state, 1)
        bar = QHBoxLayout()
        for name in ("export", "submit", "folder"):
            bar.addWidget(self.buttons[name])
        bar.addWidget(self.archive.button)
        bar.addStretch(1)
        list_head = QHBoxLayout()
        list_head.addWidget(list_title, 1)
        list_head.addWidget(self.buttons["copy"])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addLayout(top)
        # The summary is as tall as its rows (a county has a few schemes); the list of returns
        # below takes the rest, since it grows by a row or two every month.
        lay.addWidget(self.summary)
        lay.addWidget(self.facts_box)
        lay.addLayout(bar)
        lay.addWidget(self.message)
        lay.addSpacing(6)
        lay.addLayout(list_head)
        lay.addWidget(self.list, 1)
        QWidget.setTabOrder(self.month, self.buttons["export"])
        QWidget.setTabOrder(self.buttons["export"], self.buttons["submit"])
        QWidget.setTabOrder(self.buttons["submit"], self.list)
        QWidget.setTabOrder(self.list, self.buttons["copy"])

    # -- months and returns ----------------------------------------------------------------------
    def fill_months(self) -> None:
        """The last three years of months (and any older month with a return), newest first."""
        months = months_back(today(), 36)
        for r in self.returns:
            if r.month not in months:
                months.append(r.month)
        months.sort(reverse=True)
        keep = self.month.currentData() or default_month(today(), self.returns)
        submitted = {r.month for r in self.returns if r.status == "submitted"}
        exported = {r.month for r in self.returns}
        self.month.blockSignals(True)
        self.month.clear()
        for m in months:
            if m in submitted:
                text = self.tr("%1  submitted").replace("%1", m)
            elif m in exported:
                text = self.tr("%1  exported").replace("%1", m)
            else:
                text = m
            self.month.addItem(text, m)
        self.month.setCurrentIndex(max(0, self.month.findData(keep)))
        self.month.blockSignals(False)

    def chosen_month(self) -> str:
        return str(self.month.currentData())

    def set_month(self, month: str) -> None:
        i = self.month.findData(month)
        if i < 0:
            self.month.addItem(month, month)
            i = self.month.count() - 1
        self.month.setCurrentIndex(i)

    def load_returns(self) -> None:
        with self.ctx.db.reader() as uow:
            self.returns = returns.list_returns(uow)
        self.list_model.set_rows(self.returns)
        if self.returns:
            fit_once(
                self.list,
                [
                    5,
                    3,
                    8,
                    "月报_330602_2015-08.xlsx",
                    "2015-09-01 10:00 reviewer",
                    "2015-09-01 10:00",
                    12,
                ],
            )

    def chosen_return(self) -> ReturnView | None:
        idx = self.list.currentIndex()
        r = self.list_model.row_data(idx.row()) if idx.isValid() else None
        if r is None and self.returns:
            return self.returns[0]
        return r

    def returns_of(self, month: str) -> list[ReturnView]:
        return sorted((r for r in self.returns if r.month == month), key=lambda r: r.revision)

    # -- preview --------------------------------------------------------------------------------
    def load_preview(self) -> None:
        """Work out the chosen month's figures on the pool (a read; a busy month takes a
        moment), then show them."""
        month, db = self.chosen_month(), self.ctx.db

        def job(_p: Progress, _c: threading.Event) -> ReturnPreview:
            # The month's every detail row is made to be counted (100 000 in a city's month).
            with collector_paused(), db.reader() as uow:
                return returns.preview_return(uow, month)

        self.state.setText(self.tr("Working out %1…").replace("%1", month))
        self.ctx.runner.run(
            job,
            done=lambda p: self.show_preview(p) if p.month == self.chosen_month() else None,
            failed=lambda e: self.say(error_text(e, self.ctx.lang), error=True),
            kind="net",
        )

    def show_preview(self, p: ReturnPreview) -> None:
        self.preview = p
        self.summary_model.set_rows(p.rows, p.total)
        fit_summary(self.summary)
        self.facts_box.show_preview(p, self.ctx.text)
        self.state.setText(self.state_text(p))
        self.update_buttons()

    def state_text(self, p: ReturnPreview) -> str:
        done = self.returns_of(p.month)
        if p.locked:
            return self.tr("%1 is submitted: the month is locked.").replace("%1", p.month)
        if done:
            last = done[-1]
            return (
                self.tr("%1: revision %2 exported, not submitted yet.")
                .replace("%1", p.month)
                .replace("%2", str(last.revision))
            )
        return self.tr("%1: not exported yet.").replace("%1", p.month)

    # -- what may be done ------------------------------------------------------------------------
    def why_not(self, action: str) -> str | None:
        if action == "folder":
            return None if self.last_file is not None else "-"
        if action == "preview":
            return None
        if action == "copy":
            if not self.ctx.can(Perm.RETURNS):
                return self.tr("Only a reviewer may export and submit returns.")
            return None if self.chosen_return() is not None else self.tr("No return yet.")
        if not self.ctx.can(Perm.RETURNS):
            return self.tr("Only a reviewer may export and submit returns.")
        p = self.preview
        if p is None:
            return self.tr("Wait for the preview.")
        if p.locked:
            return self.tr("%1 is submitted and locked.").replace("%1", p.month)
        if action == "export" and p.checks:
            return self.tr("The figures do not agree (see the cross-check): nothing to export.")
        if action == "submit" and not self.returns_of(p.month):
            return self.tr("Export the return of %1 first.").replace("%1", p.month)
        return None

    def update_buttons(self) -> None:
        for name, b in self.buttons.items():
            reason = self.why_not(name)
            b.setEnabled(reason is None)
            b.setToolTip(reason if reason and reason != "-" else self.tips[name])
        self.buttons["folder"].setVisible(self.last_file is not None)
        self.actions_changed.emit()

    def say(self, text: str, *, error: bool = False) -> None:
        color = BAD_COLOR if error else OK_COLOR
        self.message.setStyleSheet(f"QLabel#returnMessage {{ color: {color}; }}")
        self.message.setText(text)
        self.ctx.status(text)

    def _refused(self, action: str) -> ReturnPreview | None:
        reason = self.why_not(action)
        if reason is not None:
            if reason != "-":
                self.say(reason, error=True)
            return None
        return self.preview

    # -- export ----------------------------------------------------------------------------------
    def file_name(self, month: str) -> str:
        with self.ctx.db.reader() as uow:
            county = settings.get(uow.session, settings.COUNTY_CODE)
        return f"月报_{county}_{month}.xlsx"

    def export(self) -> None:
        """Ctrl+E: ask where, confirm drafts if any, write the workbook on the writer thread."""
        p = self._refused("export")
        if p is None:
            return
        force = False
        if p.drafts:
            if not confirm(
                self,
                self.tr("Claims still being entered"),
                self.tr(
                    "%1 claim(s) of %2 are still being entered (drafts). They are not in the "
                    "return: its 受理件数 counts them only once they are submitted. Export "
                    "anyway?"
                )
                .replace("%1", str(p.drafts))
                .replace("%2", p.month),
                self.tr("Export anyway"),
                danger=True,
                details=self.tr("Better: finish or delete the drafts, then export."),
            ):
                return
            force = True
        path = files.choose_save(
            self, self.ctx, self.tr("Save the monthly return"), self.file_name(p.month)
        )
        if path is None:
            return
        actor, month = self.ctx.actor, p.month

        def job(uow: UnitOfWork, progress: Progress, cancel: threading.Event) -> Done[ReturnView]:
            return returns.export_return(
                uow, actor, month, path, force=force, progress=progress, cancel=cancel
            )

        def done(result: Done[ReturnView]) -> None:
            self.last_file = path
            self.say(
                self.tr(
                    "Return %1 revision %2 written to %3. Send it to the city, then submit "
                    "it here (Ctrl+Enter)."
                )
                .replace("%1", result.value.month)
                .replace("%2", str(result.value.revision))
                .replace("%3", str(path))
            )
            self.update_buttons()

        run_long_op(
            self.ctx,
            job,
            parent=self,
            title=self.tr("Exporting the return of %1…").replace("%1", month),
            done=done,
            failed=lambda e: self.say(error_text(e, self.ctx.lang), error=True),
            cancelled=lambda: self.say(self.tr("Export cancelled: nothing was written.")),
            bulk=True,  # every detail row of the month is made and written
        )

    def save_copy(self) -> None:
        """Ctrl+Shift+S: a kept return written again (the submitted one is the official copy)."""
        reason = self.why_not("copy")
        if reason is not None:
            self.say(reason, error=True)
            return
        r = self.chosen_return()
        if r is None:
            return
        path = files.choose_save(self, self.ctx, self.tr("Save a copy of the return"), r.file_name)
        if path is None:
            return
        actor, return_id = self.ctx.actor, r.id

        def done(result: Done[Path]) -> None:
            self.last_file = Path(result.value)
            self.say(
                self.tr("Revision %1 of %2 written to %3.")
                .replace("%1", str(r.revision))
                .replace("%2", r.month)
                .replace("%3", str(result.value))
            )
            self.update_buttons()

        run_op(
            self.ctx,
            lambda uow: returns.write_return_copy(uow, actor, return_id, path),
            parent=self,
            done=done,
            failed=lambda e: self.say(error_text(e, self.ctx.lang), error=True),
        )

    def open_folder(self) -> None:
        if self.last_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_file.parent)))

    # -- submit ----------------------------------------------------------------------------------
    def submit(self) -> None:
        """Ctrl+Enter: the last exported revision of the month is submitted; the month locks."""
        p = self._refused("submit")
        if p is None:
            return
        last = self.returns_of(p.month)[-1]
        if not confirm(
            self,
            self.tr("Submit return"),
            self.tr("Submit the return of %1 (revision %2, %3)?")
            .replace("%1", p.month)
            .replace("%2", str(last.revision))
            .replace("%3", last.file_name),
            self.tr("Submit and lock"),
            danger=True,
            details=self.tr(
                "Submitting locks %1 and every month before it: nothing can be paid or dated "
                "in them any more, the month's paid claims become reported, and this revision "
                "is the official copy. Submit only the file you sent to the city."
            ).replace("%1", p.month),
        ):
            return
        actor, return_id = self.ctx.actor, last.id

        def done(result: Done[ReturnView]) -> None:
            self.say(
                self.tr("Return %1 submitted: the month is locked.").replace(
                    "%1", result.value.month
                )
            )

        run_op(
            self.ctx,
            lambda uow: returns.submit_return(uow, actor, return_id),
            parent=self,
            done=done,
            failed=lambda e: self.say(error_text(e, self.ctx.lang), error=True),
        )

    # -- Screen ----------------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.returns or changes.payments or changes.claims or changes.enrollments

    def refresh(self) -> None:
        self.load_returns()
        self.fill_months()
        self.load_preview()

    def handles(self, action: str) -> bool:
        return action in (act.REFRESH, act.SUBMIT)

    def trigger(self, action: str) -> None:
        if action == act.REFRESH:
            self.load_preview()
        elif action == act.SUBMIT:
            self.submit()

    def focus_first(self) -> None:
        self.month.setFocus()

    def save_layout(self, store: Any) -> None:
        store.setValue("list_header", self.list.horizontalHeader().saveState())

    def restore_layout(self, store: Any) -> None:
        state = store.value("list_header")
        if state is not None and self.list.horizontalHeader().restoreState(state):
            self.list.setProperty("fitted", True)


register_screen(
    "monthly_return",
    MonthlyReturnScreen,
    section="reports",
    title=QT_TRANSLATE_NOOP("Screens", "Monthly return"),
    order=10,
)
