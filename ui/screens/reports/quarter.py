"""报表 › 一对一核实: after each quarter's payouts, the list of what was paid to whom, for the
unit unions to check with each member (the Beijing practice). Choose the year, the quarter and,
if the list is for one unit only, the unit; the batches paid in that quarter are shown so the
reviewer sees what the list will hold; Ctrl+E (or Enter on the last field) exports it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes, Done
from base.clock import today
from base.money import fmt
from desk_app.access.auth import Perm
from desk_app.payments import service as payments
from desk_app.payments.service import BatchView
from desk_app.people.units import list_units
from desk_app.returns import service as returns
from desk_app.system import settings
from ui.context import AppContext
from ui.keyboard import wire_form
from ui.messages import error_text
from ui.ops import run_op
from ui.screens.base import Screen
from ui.screens.payments.model import RowsModel, TickTable, batch_columns, fit_once
from ui.screens.registry import register_screen
from ui.screens.reports import files
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.forms import UnitPicker, hint

ZERO = Decimal("0.00")


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def last_quarter(d: date) -> tuple[int, int]:
    """The quarter before the one ``d`` is in: the one whose payouts are checked now."""
    q = quarter_of(d)
    return (d.year, q - 1) if q > 1 else (d.year - 1, 4)


class VerificationScreen(Screen):
    refreshable = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("verificationScreen")
        self.last_file: Path | None = None
        self._build_choices()
        left_box = self._build_form()
        right = self._build_batches()
        self.message = QLabel()
        self.message.setObjectName("verifyMessage")
        self.message.setWordWrap(True)
        body = QHBoxLayout()
        body.addWidget(left_box)
        body.addSpacing(16)
        body.addLayout(right, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addLayout(body, 1)
        lay.addWidget(self.message)
        wire_form(self, [self.year, self.quarter, self.unit], self.export_button)
        self.year.currentIndexChanged.connect(lambda _i: self.show_quarter())
        self.quarter.currentIndexChanged.connect(lambda _i: self.show_quarter())
        self.refresh()

    def _build_choices(self) -> None:
        """Year, quarter (the last one ended by default) and unit; export and its folder."""
        year, quarter = last_quarter(today())
        self.year = QComboBox()
        self.year.setObjectName("verifyYear")
        for y in range(today().year, today().year - 10, -1):
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(max(0, self.year.findData(year)))
        self.quarter = QComboBox()
        self.quarter.setObjectName("verifyQuarter")
        for q, text in (
            (1, self.tr("Q1 (January–March)")),
            (2, self.tr("Q2 (April–June)")),
            (3, self.tr("Q3 (July–September)")),
            (4, self.tr("Q4 (October–December)")),
        ):
            self.quarter.addItem(text, q)
        self.quarter.setCurrentIndex(quarter - 1)
        self.unit = UnitPicker()
        self.unit.setObjectName("verifyUnit")
        self.unit.line().setPlaceholderText(self.tr("blank: every unit"))
        self.export_button = QPushButton(self.tr("Export verification list… (Ctrl+E)"))
        self.export_button.setObjectName("verifyExport")
        self.export_button.setAutoDefault(False)
        self.export_tip = self.tr("Write the quarter's one-to-one verification list (Ctrl+E)")
        self.export_button.setToolTip(self.export_tip)
        self.export_button.clicked.connect(self.export)
        self.folder_button = QPushButton(self.tr("Open folder (Ctrl+O)"))
        self.folder_button.setObjectName("verifyFolder")
        self.folder_button.setAutoDefault(False)
        self.folder_button.clicked.connect(self.open_folder)
        self.folder_button.hide()
        for key, slot in (("Ctrl+E", self.export), ("Ctrl+O", self.open_folder)):
            a = QAction(self)
            a.setShortcut(QKeySequence(key))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(slot)
            self.addAction(a)

    def _build_form(self) -> QWidget:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.tr("&Year:"), self.year)
        form.addRow(self.tr("&Quarter:"), self.quarter)
        form.addRow(self.tr("&Unit:"), self.unit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        about = hint(
            self.tr(
                "The list shows every payment of the quarter — member, ID number, the account's "
                "last four digits, amount, approval number, pay date — one sheet per unit, for "
                "each unit union to check with its members one by one, sign and report back "
                "what does not agree."
            )
        )
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(about)
        left.addStretch(1)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setMaximumWidth(520)
        return left_box

    def _build_batches(self) -> QVBoxLayout:
        """The quarter's paid batches, which the list covers."""
        self.batch_model = RowsModel(batch_columns(), checkable=False, parent=self)
        self.batches = TickTable(self.batch_model, "verifyBatches")
        self.batches.setSortingEnabled(False)
        self.batches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Every batch here is paid: its state, missing data and list times are not the point.
        for col in (2, 6, 7, 8, 9):
            self.batches.setColumnHidden(col, True)
        self.quarter_summary = QLabel()
        self.quarter_summary.setObjectName("verifySummary")
        self.quarter_summary.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(self.quarter_summary)
        right.addWidget(self.batches, 1)
        return right

    # -- reading --------------------------------------------------------------------------------
    def chosen(self) -> tuple[int, int]:
        return int(self.year.currentData()), int(self.quarter.currentData())

    def refresh(self) -> None:
        with self.ctx.db.reader() as uow:
            self.unit.set_units(list_units(uow))
        self.show_quarter()

    def quarter_batches(self) -> list[BatchView]:
        year, q = self.chosen()
        with self.ctx.db.reader() as uow:
            batches = payments.list_batches(uow, limit=1000)
        return [
            b
            for b in batches
            if b.status == "paid" and b.pay_date.year == year and quarter_of(b.pay_date) == q
        ]

    def show_quarter(self) -> None:
        """The paid batches of the chosen quarter: what the list will be made of."""
        batches = self.quarter_batches()
        self.batch_model.set_rows(batches)
        if batches:
            fit_once(
                self.batches, ["B20150820-0001", "2015-08-20", 7, 4, "1,234,567.89", 3, 4, 4, 5]
            )
        year, q = self.chosen()
        count = sum(b.count for b in batches)
        total = sum((b.total for b in batches), ZERO)
        if batches:
            text = (
                self.tr("Paid in %1 Q%2: %3 batch(es), %4 claim(s), %5 yuan.")
                .replace("%1", str(year))
                .replace("%2", str(q))
                .replace("%3", str(len(batches)))
                .replace("%4", str(count))
                .replace("%5", fmt(total))
            )
        else:
            text = (
                self.tr("Nothing was paid in %1 Q%2: the list would be empty.")
                .replace("%1", str(year))
                .replace("%2", str(q))
            )
        self.quarter_summary.setText(text)
        may = self.ctx.can(Perm.RETURNS)
        self.export_button.setEnabled(may)
        self.export_button.setToolTip(
            self.export_tip if may else self.tr("Only a reviewer may export the lists.")
        )

    def say(self, text: str, *, error: bool = False) -> None:
        color = "#b3261e" if error else "#1e7d32"
        self.message.setStyleSheet(f"QLabel#verifyMessage {{ color: {color}; }}")
        self.message.setText(text)
        self.ctx.status(text)

    # -- export ---------------------------------------------------------------------------------
    def export(self) -> None:
        if not self.ctx.can(Perm.RETURNS):
            self.say(self.tr("Only a reviewer may export the lists."), error=True)
            return
        try:
            unit_id = self.unit.unit_id()
        except ValueError:
            self.say(
                self.tr("No unit is called “%1”.").replace("%1", self.unit.currentText()),
                error=True,
            )
            self.unit.setFocus()
            return
        year, q = self.chosen()
        with self.ctx.db.reader() as uow:
            county = settings.get(uow.session, settings.COUNTY_CODE)
        unit_part = f"_{self.unit.unit_code()}" if unit_id is not None else ""
        name = f"一对一核实_{county}_{year}Q{q}{unit_part}.xlsx"
        path = files.choose_save(self, self.ctx, self.tr("Save the verification list"), name)
        if path is None:
            return
        actor = self.ctx.actor

        def done(result: Done[Path]) -> None:
            self.last_file = Path(result.value)
            self.folder_button.show()
            self.say(self.tr("Verification list written to %1.").replace("%1", str(result.value)))

        run_op(
            self.ctx,
            lambda uow: returns.write_verification_list(uow, actor, year, q, path, unit_id=unit_id),
            parent=self,
            done=done,
            failed=lambda e: self.say(error_text(e, self.ctx.lang), error=True),
            title=self.tr("Writing the verification list…"),
            cancellable=False,
        )

    def open_folder(self) -> None:
        if self.last_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_file.parent)))

    # -- Screen ---------------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.payments or changes.units

    def focus_first(self) -> None:
        self.year.setFocus()

    def save_layout(self, store: Any) -> None:
        pass


register_screen(
    "verification",
    VerificationScreen,
    section="reports",
    title=QT_TRANSLATE_NOOP("Screens", "One-to-one verification"),
    order=20,
)
