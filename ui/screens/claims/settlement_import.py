"""理赔受理 › 结算数据导入: the insurance bureau's settlement export (FILES.md §2) becomes
submitted, calculated claims. Choose the scheme and the file, Enter imports it on the task
runner (a progress dialog with Cancel after half a second; a cancelled import writes nothing),
then the summary and every bad row — its row number as Excel shows it and the reason — in a
table that can be saved as .xlsx to send back or correct."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes, Done
from base.errors import DeskError
from base.money import fmt
from base.progress import Progress
from db import UnitOfWork
from desk_app.access.auth import Perm
from desk_app.claims import service as claims
from desk_app.claims.model import SettlementReport
from desk_app.schemes.store import list_schemes
from desk_app.xlsx.guard import FILE_PATTERN
from ui.context import AppContext
from ui.keyboard import wire_form
from ui.messages import error_text, show_error
from ui.ops import run_long_op
from ui.screens.base import Screen
from ui.screens.registry import register_screen
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.tables import RIGHT, Column, ListModel


def write_error_rows(path: Path, report: SettlementReport, lang: str = "zh") -> Path:
    """The rejected rows with their row number, the reason and the values read, as .xlsx
    (values as text, so ID numbers stay whole). No Qt; any thread."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "错误行" if lang == "zh" else "rejected rows"
    keys: list[str] = []
    for e in report.errors:
        keys += [k for k in e.values if k not in keys]
    head = (["行号", "错误原因"] if lang == "zh" else ["row", "reason"]) + keys
    for i, h in enumerate(head, start=1):
        ws.cell(row=1, column=i, value=h).font = Font(bold=True)
    for r, e in enumerate(report.errors, start=2):
        ws.cell(row=r, column=1, value=e.row)
        c = ws.cell(row=r, column=2, value=e.message.text(lang))
        c.alignment = Alignment(wrap_text=True, vertical="top")
        for i, k in enumerate(keys, start=3):
            v = ws.cell(row=r, column=i, value=str(e.values.get(k, "")))
            v.number_format = "@"
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 60
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return path


def error_columns(lang: str) -> list[Column]:
    """The bad rows of an import: row number, reason, and who and which slip it was."""
    reason = Column(
        QT_TRANSLATE_NOOP("ErrorModel", "Reason"),
        lambda e: e.message.text(lang),
        tooltip=lambda e: e.message.text(lang),
    )
    return [
        Column(
            QT_TRANSLATE_NOOP("ErrorModel", "Row"),
            lambda e: str(e.row),
            raw=lambda e: e.row,
            align=RIGHT,
            tooltip=lambda e: str(e.row),
        ),
        reason,
        Column(
            QT_TRANSLATE_NOOP("ErrorModel", "Name"),
            lambda e: str(e.values.get("姓名", "")),
            tooltip=lambda e: str(e.values.get("姓名", "")),
        ),
        Column(
            QT_TRANSLATE_NOOP("ErrorModel", "Invoice no."),
            lambda e: str(e.values.get("票据号", "")),
            tooltip=lambda e: str(e.values.get("票据号", "")),
        ),
    ]


def ask_open_path(parent: QWidget) -> str | None:
    title = QCoreApplication.translate("SettlementImportScreen", "Settlement file")
    kinds = QCoreApplication.translate("SettlementImportScreen", "Workbooks")
    path, _ = QFileDialog.getOpenFileName(parent, title, "", f"{kinds} ({FILE_PATTERN})")
    return path or None


def ask_save_path(parent: QWidget, suggested: str) -> str | None:
    title = QCoreApplication.translate("SettlementImportScreen", "Save the rejected rows")
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, "Excel (*.xlsx)")
    return path or None


class SettlementImportScreen(Screen):
    # Replaced in tests (no file dialogs there).
    choose_open_path = staticmethod(ask_open_path)
    choose_save_path = staticmethod(ask_save_path)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("settlementImport")
        self.report: SettlementReport | None = None
        self.scheme = QComboBox()
        self.scheme.setObjectName("importScheme")
        self.path = QLineEdit()
        self.path.setObjectName("importPath")
        self.path.setPlaceholderText(self.tr("The bureau's settlement workbook (.xlsx)"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setObjectName("importButton")
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(self.run_import)
        self.summary = QLabel(
            self.tr(
                "Rows of the same person, kind, dates and hospital become one claim with several "
                "receipts; each claim is calculated and submitted for review. A row imported "
                "before is skipped, so a corrected file can be imported again."
            )
        )
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.errors = ListModel(error_columns(ctx.lang), context="ErrorModel", parent=self)
        self.table = QTableView()
        self.table.setObjectName("importErrors")
        self.table.setModel(self.errors)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.export_button = QPushButton(self.tr("&Save rejected rows as Excel…"))
        self.export_button.setObjectName("exportErrors")
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.export_errors)
        self.export_button.setEnabled(False)

        form = QFormLayout()
        form.addRow(self.tr("Sch&eme:"), self.scheme)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        file_label = QLabel(self.tr("Fi&le:"))
        file_label.setBuddy(self.path)
        form.addRow(file_label, file_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addLayout(form)
        lay.addLayout(buttons)
        lay.addWidget(self.summary)
        errors_label = QLabel(self.tr("Rejected &rows:"))
        errors_label.setBuddy(self.table)
        lay.addWidget(errors_label)
        lay.addWidget(self.table, 1)
        wire_form(self, [self.scheme, self.path], self.import_button)
        self._load_schemes()

    def _load_schemes(self) -> None:
        keep = self.scheme.currentData()
        with self.ctx.db.reader() as uow:
            rows = list_schemes(uow, active_only=True)
        self.scheme.clear()
        # The newest period first: that is the one settlements usually come for.
        for s in sorted(rows, key=lambda r: (r.period_start, r.code), reverse=True):
            self.scheme.addItem(f"{s.name} ({s.code})", s.code)
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(keep)))

    # -- Screen -----------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.schemes

    def refresh(self) -> None:
        self._load_schemes()

    def handles(self, action: str) -> bool:
        return action == "refresh"

    def trigger(self, action: str) -> None:
        self.refresh()

    def focus_first(self) -> None:
        self.path.setFocus()

    # -- importing --------------------------------------------------------------------------
    def _browse(self) -> None:
        path = type(self).choose_open_path(self)
        if path:
            self.path.setText(path)
            self.import_button.setFocus()

    def run_import(self) -> None:
        code = self.scheme.currentData()
        text = self.path.text().strip().strip('"')
        if not code:
            self._say(self.tr("No active scheme: an admin loads and activates the scheme first."))
            return
        if not text:
            self._say(self.tr("Choose the settlement file first."))
            self.path.setFocus()
            return
        path = Path(text)
        if not path.is_file():
            self._say(self.tr("There is no file %1.").replace("%1", text))
            self.path.setFocus()
            return
        actor = self.ctx.actor

        def job(
            uow: UnitOfWork, progress: Progress, cancel: threading.Event
        ) -> Done[SettlementReport]:
            return claims.import_settlements(
                uow, actor, path, str(code), progress=progress, cancel=cancel
            )

        self.import_button.setEnabled(False)
        run_long_op(
            self.ctx,
            job,
            parent=self,
            title=self.tr("Importing settlement data…"),
            done=lambda r: self._imported(r.value),
            failed=self._failed,
            cancelled=self._cancelled,
        )

    def _imported(self, report: SettlementReport) -> None:
        self.import_button.setEnabled(True)
        self.report = report
        self.errors.set_rows(report.errors)
        self.table.resizeRowsToContents()
        self.export_button.setEnabled(bool(report.errors))
        text = (
            self.tr(
                "%1: %2 row(s) imported as %3 claim(s) submitted for review (payout %4 yuan); "
                "%5 row(s) skipped (imported before); %6 row(s) rejected."
            )
            .replace("%1", report.file_name)
            .replace("%2", str(report.accepted))
            .replace("%3", str(report.claims))
            .replace("%4", fmt(report.payout_total))
            .replace("%5", str(report.skipped))
            .replace("%6", str(report.rejected))
        )
        if report.engine_rejected:
            text += " " + self.tr("%1 claim(s) are not payable under the scheme's rules.").replace(
                "%1", str(report.engine_rejected)
            )
        self._say(text, ok=not report.errors)
        self.ctx.status(text)
        if report.errors:
            self.table.setFocus()
            self.table.selectRow(0)

    def _failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        if isinstance(exc, (DeskError, OSError)):
            self._say(error_text(exc, self.ctx.lang))
        else:
            show_error(self, exc, self.ctx.lang)

    def _cancelled(self) -> None:
        self.import_button.setEnabled(True)
        self._say(self.tr("Import cancelled: nothing was stored."))

    def _say(self, text: str, *, ok: bool = False) -> None:
        color = "#1e7d32" if ok else "#b3261e"
        self.summary.setStyleSheet(f"QLabel#importSummary {{ color: {color}; }}")
        self.summary.setText(text)

    def export_errors(self) -> None:
        report = self.report
        if report is None or not report.errors:
            return
        stem = Path(report.file_name).stem or "结算数据"
        path = type(self).choose_save_path(self, f"{stem}_错误行.xlsx")
        if not path:
            return
        try:
            write_error_rows(Path(path), report, self.ctx.lang)
        except OSError as exc:
            show_error(self, exc, self.ctx.lang)
            return
        self.ctx.status(self.tr("Rejected rows saved as %1").replace("%1", path))


register_screen(
    "settlement_import",
    SettlementImportScreen,
    section="claims",
    title=QT_TRANSLATE_NOOP("Screens", "Settlement import"),
    order=20,
    perm=Perm.CLAIMS,
)
