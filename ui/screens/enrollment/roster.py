"""参保登记 › 单位参保: a unit's roster becomes an enrollment batch.

The clerk chooses the unit and the scheme (typing any part of the code or name), the premium's
receipt number if the unit has paid, and the roster file, and imports it
(``roster.import_roster``) on the database thread with a progress dialog that can be cancelled:
a cancelled import is rolled back whole. The bad rows are listed with the worksheet's row number
and every problem of the row; they can be exported to an .xlsx to send back to the unit
(``roster.write_error_rows``). The roster template (``roster.write_template``) is one key away.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from threading import Event
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from base.changes import Changes, Done
from base.clock import today
from base.errors import RowError
from base.progress import Progress, check
from db import UnitOfWork
from desk_app.access.auth import Perm
from desk_app.people import roster, units
from desk_app.people.roster import RosterReport
from desk_app.schemes import store
from desk_app.xlsx.guard import FILE_PATTERN
from ui.context import AppContext
from ui.keyboard import wire_form
from ui.messages import error_text
from ui.ops import run_long_op
from ui.printing import preview_vouchers
from ui.screens.base import Screen
from ui.screens.enrollment.enroll_dialog import default_scheme
from ui.screens.registry import register_screen
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets import forms as mw
from ui.widgets.forms import SchemePicker, UnitPicker
from ui.widgets.member_search_texts import money_text
from ui.widgets.tables import CENTER, Column, ListModel, fit_columns, table_view

XLSX_FILTER = QT_TRANSLATE_NOOP("RosterScreen", "Excel workbooks (*.xlsx)")  # what it writes
KINDS = {
    "error": QT_TRANSLATE_NOOP("RosterRows", "Error"),
    "warning": QT_TRANSLATE_NOOP("RosterRows", "Note"),
}


class RosterLine:
    """One row of the table: a bad row (or a note on a good one) of the roster."""

    __slots__ = ("kind", "row", "text", "values")

    def __init__(self, kind: str, e: RowError, lang: str) -> None:
        self.kind = kind
        self.row = e.row
        self.text = e.message.text(lang)
        self.values = e.values


def row_columns(lines: list[RosterLine]) -> list[Column]:
    """Row number, kind and reason, then the roster's own columns as read."""
    cols = [
        Column(
            QT_TRANSLATE_NOOP("RosterRows", "Row"),
            lambda r: str(r.row),
            raw=lambda r: r.row,
            align=CENTER,
        ),
        Column(
            QT_TRANSLATE_NOOP("RosterRows", "Kind"),
            lambda r: QCoreApplication.translate("RosterRows", KINDS[r.kind]),
            color=lambda r: "#b3261e" if r.kind == "error" else "#8a5a00",
        ),
        Column(
            QT_TRANSLATE_NOOP("RosterRows", "Problem"),
            lambda r: r.text,
            tooltip=lambda r: r.text,
        ),
    ]
    seen: list[str] = []
    for line in lines:
        for k in line.values:
            if k not in seen:
                seen.append(k)
    for k in seen:
        cols.append(Column(k, _value_of(k)))
    return cols


def _value_of(key: str) -> Callable[[RosterLine], str]:
    def value(r: RosterLine) -> str:
        return str(r.values.get(key, "") or "")

    return value


class RosterScreen(Screen):
    refreshable = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("rosterScreen")
        self.report: RosterReport | None = None
        self.roster_path: Path | None = None
        grid = self._build_choices()
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.template_button)
        row_bar = self._build_report()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(grid)
        lay.addLayout(buttons)
        lay.addWidget(self.summary)
        lay.addLayout(row_bar)
        lay.addWidget(self.row_view, 1)
        wire_form(self, [self.unit, self.scheme, self.receipt, self.file], self.import_button)
        self.refresh()

    def _build_choices(self) -> QGridLayout:
        """The unit, the scheme, the premium's receipt number and the workbook."""
        self.unit = UnitPicker()
        self.unit.setObjectName("rosterUnit")
        self.unit.line().setPlaceholderText(self.tr("Blank: each row names its unit"))
        self.scheme = SchemePicker()
        self.scheme.setObjectName("rosterScheme")
        self.receipt = QLineEdit()
        self.receipt.setObjectName("rosterReceipt")
        self.receipt.setMaxLength(40)
        self.receipt.setPlaceholderText(self.tr("Can be recorded later on the unit's page"))
        self.file = QLineEdit()
        self.file.setObjectName("rosterFile")
        self.file.setPlaceholderText(self.tr("The roster workbook (.xlsx)"))
        self.browse = QPushButton(self.tr("&Open…"))
        self.browse.setObjectName("rosterBrowse")
        self.browse.clicked.connect(self.choose_file)
        self.import_button = QPushButton(self.tr("&Import roster"))
        self.import_button.setObjectName("rosterImport")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.template_button = QPushButton(self.tr("Roster &template…"))
        self.template_button.setObjectName("rosterTemplate")
        self.template_button.clicked.connect(self.save_template)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        lab_unit = QLabel(self.tr("&Unit:"))
        lab_unit.setBuddy(self.unit)
        lab_scheme = QLabel(self.tr("&Scheme:"))
        lab_scheme.setBuddy(self.scheme)
        lab_receipt = QLabel(self.tr("&Receipt no.:"))
        lab_receipt.setBuddy(self.receipt)
        lab_file = QLabel(self.tr("Roster wor&kbook:"))
        lab_file.setBuddy(self.file)
        grid.addWidget(lab_unit, 0, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.unit, 0, 1)
        grid.addWidget(lab_scheme, 0, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.scheme, 0, 3)
        grid.addWidget(lab_receipt, 1, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.receipt, 1, 1)
        grid.addWidget(lab_file, 1, 2, Qt.AlignmentFlag.AlignRight)
        files = QHBoxLayout()
        files.addWidget(self.file, 1)
        files.addWidget(self.browse)
        grid.addLayout(files, 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        return grid

    def _build_report(self) -> QHBoxLayout:
        """What the import did, its bad rows, and what to do with them."""
        self.summary = QLabel(
            self.tr(
                "Choose the unit and the scheme, then the roster workbook, and import it. "
                "Rows already enrolled are skipped, so a roster can be imported again after "
                "the unit has corrected its bad rows."
            )
        )
        self.summary.setObjectName("rosterSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rows = ListModel([], context="RosterRows", parent=self)
        self.row_view = table_view(self.rows, "rosterErrors", sortable=True)
        self.rows_title = QLabel(self.tr("Rows with problems"))
        self.rows_title.setStyleSheet("font-weight: 600;")
        self.export_button = QPushButton(self.tr("&Export bad rows…"))
        self.export_button.setObjectName("rosterExport")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_errors)
        # The payment voucher (缴费凭证) of the batches the import made, for the unit.
        self.print_button = QPushButton(self.tr("&Print payment voucher…"))
        self.print_button.setObjectName("rosterPrint")
        self.print_button.setEnabled(False)
        self.print_button.setToolTip(
            self.tr("The payment voucher of the batch just imported, with its member list")
        )
        self.print_button.clicked.connect(self.print_voucher)
        row_bar = QHBoxLayout()
        row_bar.addWidget(self.rows_title, 1)
        row_bar.addWidget(self.export_button)
        row_bar.addWidget(self.print_button)
        return row_bar

    # -- Screen ---------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.units or changes.schemes

    def refresh(self) -> None:
        with self.ctx.db.reader() as uow:
            unit_rows = units.list_units(uow)
            schemes = store.list_schemes(uow, active_only=True)
        self.unit.set_units(unit_rows)
        current = self.scheme.scheme()
        pick = current or default_scheme(schemes, today())
        self.scheme.set_schemes(schemes, prefer=pick.id if pick else None)

    def focus_first(self) -> None:
        self.unit.setFocus()
        self.unit.line().selectAll()

    def save_layout(self, store_: Any) -> None:
        store_.setValue("rows", self.row_view.horizontalHeader().saveState())

    # -- the import -----------------------------------------------------------------------
    def choose_file(self) -> None:
        folder = str(Path(self.file.text()).parent) if self.file.text() else ""
        path = mw.choose_open_file(
            self, self.tr("Choose the roster"), self.tr("Workbooks") + f" ({FILE_PATTERN})", folder
        )
        if path:
            self.file.setText(path)
            self.import_button.setFocus()

    def _say(self, text: str, *, bad: bool = False) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #b3261e;" if bad else "")

    def start_import(self) -> None:
        if not self.ctx.can(Perm.ENROLL):
            self._say(self.tr("Your role may not enroll members."), bad=True)
            return
        s = self.scheme.scheme()
        if s is None:
            self._say(self.tr("Choose the scheme from the list."), bad=True)
            self.scheme.setFocus()
            return
        try:
            unit_id = self.unit.unit_id()
        except ValueError:
            self._say(
                self.tr("No unit is called “%1”: choose one from the list.").replace(
                    "%1", self.unit.currentText()
                ),
                bad=True,
            )
            self.unit.setFocus()
            return
        text = self.file.text().strip().strip('"')
        if not text:
            self._say(self.tr("Choose the roster workbook first."), bad=True)
            self.file.setFocus()
            return
        path = Path(text)
        unit_code = self.unit.unit_code() if unit_id is not None else None
        receipt = self.receipt.text()
        actor = self.ctx.actor

        def job(uow: UnitOfWork, progress: Progress, cancel: Event) -> Done[RosterReport]:
            """The database thread: import, committed unless cancelled meanwhile."""
            done = roster.import_roster(
                uow,
                actor,
                path,
                s.code,
                unit_code=unit_code,
                receipt_no=receipt,
                progress=progress,
                cancel=cancel,
            )
            check(cancel)  # the last moment a cancel can still leave nothing behind
            return done

        self.import_button.setEnabled(False)
        self._say(self.tr("Importing %1…").replace("%1", path.name))
        self.roster_path = path
        run_long_op(
            self.ctx,
            job,
            parent=self,
            title=self.tr("Importing the roster…"),
            done=self._imported,
            failed=self._refused,
            cancelled=self._cancelled,
            bulk=True,
        )

    def _imported(self, done: Done[RosterReport]) -> None:
        self.import_button.setEnabled(True)
        r = done.value
        self.report = r
        text = (
            self.tr(
                "%1: %2 enrolled (%3 new members, %4 renewals), %5 already enrolled and "
                "skipped, %6 rows with errors."
            )
            .replace("%1", r.file_name)
            .replace("%2", f"{r.accepted:,}")
            .replace("%3", f"{r.new_members:,}")
            .replace("%4", f"{r.renewals:,}")
            .replace("%5", f"{r.skipped:,}")
            .replace("%6", f"{r.rejected:,}")
        )
        self.print_button.setEnabled(bool(r.batch_nos))
        if r.batch_nos:
            text += " " + (
                self.tr("Batch %1, premium total %2 yuan.")
                .replace("%1", "、".join(r.batch_nos))
                .replace("%2", money_text(r.premium_total))
            )
        if r.rejected:
            text += " " + self.tr(
                "Export the bad rows and send them back to the unit; once corrected, import "
                "the whole roster again."
            )
        self._say(text)
        lines = [RosterLine("error", e, self.ctx.lang) for e in r.errors]
        lines += [RosterLine("warning", e, self.ctx.lang) for e in r.warnings]
        lines.sort(key=lambda x: (x.row, x.kind))
        self.rows.columns = tuple(row_columns(lines))
        self.rows.set_rows(lines)
        wide = ("身份证号", "身份证号码", "公民身份号码", "银行账号", "单位名称")
        widths: list[float | str] = ["行号", "类型", 26]
        widths += ["33060219800101123X" if c.title in wide else 6 for c in self.rows.columns[3:]]
        fit_columns(self.row_view, widths)
        self.rows_title.setText(
            self.tr("Rows with problems (%1 errors, %2 notes)")
            .replace("%1", str(len(r.errors)))
            .replace("%2", str(len(r.warnings)))
        )
        self.export_button.setEnabled(bool(r.errors))
        self.ctx.status(
            self.tr("Roster imported: %1 enrolled, %2 rows with errors.")
            .replace("%1", f"{r.accepted:,}")
            .replace("%2", f"{r.rejected:,}")
        )
        (self.export_button if r.errors else self.import_button).setFocus()

    def _refused(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        self._say(
            self.tr("The roster was not imported: %1").replace(
                "%1", error_text(exc, self.ctx.lang)
            ),
            bad=True,
        )
        self.file.setFocus()

    def _cancelled(self) -> None:
        self.import_button.setEnabled(True)
        self._say(self.tr("The import was cancelled. Nothing was changed."), bad=True)
        self.import_button.setFocus()

    # -- files for the unit ---------------------------------------------------------------
    def print_voucher(self) -> None:
        r = self.report
        if r is not None and r.batch_nos:
            preview_vouchers(self.ctx, list(r.batch_nos), self)

    def export_errors(self) -> None:
        r = self.report
        if r is None or not r.errors:
            return
        base = self.roster_path or Path(r.file_name)
        word = self.tr("bad rows")
        suggested = str(base.with_name(f"{base.stem}-{word}.xlsx"))
        target = mw.choose_save_file(
            self, self.tr("Export the bad rows"), suggested, self.tr(XLSX_FILTER)
        )
        if not target:
            return
        path = Path(target)
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        lang = self.ctx.lang

        def job(_p: Any, _c: Any) -> Path:
            return roster.write_error_rows(path, r, lang)

        self.ctx.runner.run(
            job,
            done=lambda p: self.ctx.status(
                self.tr("%1 bad rows saved to %2")
                .replace("%1", str(len(r.errors)))
                .replace("%2", str(p))
            ),
            failed=lambda e: self._say(error_text(e, self.ctx.lang), bad=True),
            kind="net",
            parent=self,
        )

    def save_template(self) -> None:
        s = self.scheme.scheme()
        max_shares = s.max_shares if s else 1
        name = self.tr("roster template")
        suggested = str(self.ctx.data.root / "exports" / f"{name}.xlsx")
        target = mw.choose_save_file(
            self, self.tr("Save the roster template"), suggested, self.tr(XLSX_FILTER)
        )
        if not target:
            return
        path = Path(target)
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")

        def job(_p: Any, _c: Any) -> Path:
            return roster.write_template(path, max_shares=max_shares)

        self.ctx.runner.run(
            job,
            done=lambda p: self.ctx.status(self.tr("Template saved to %1").replace("%1", str(p))),
            failed=lambda e: self._say(error_text(e, self.ctx.lang), bad=True),
            kind="net",
            parent=self,
        )


register_screen(
    "roster",
    RosterScreen,
    section="enrollment",
    title=QT_TRANSLATE_NOOP("Screens", "Unit enrollment"),
    order=30,
    perm=Perm.ENROLL,
)
