"""One claim of a trial calculation: its kind, its dates, its disease and its receipts."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.schemes.model import Claim
from ui.keyboard import wire_form
from ui.screens.schemes.trial_receipts import ReceiptColumns, ReceiptGrid, ReceiptProblem
from ui.widgets.forms import DateField
from ui.widgets.member_search_texts import CLAIM_KINDS, claim_kind_text


class TrialInputError(ValueError):
    """What is missing or wrong in the input, in the clerk's words, and where."""

    def __init__(self, text: str, widget: QWidget | None = None) -> None:
        super().__init__(text)
        self.text = text
        self.widget = widget


class ClaimEditor(QWidget):
    """The fields of one claim. ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.setObjectName("trialKind")
        for code in CLAIM_KINDS:
            self.kind.addItem(claim_kind_text(code), code)
        self.admission = DateField()
        self.admission.setObjectName("trialAdmission")
        self.discharge = DateField()
        self.discharge.setObjectName("trialDischarge")
        self.visit = DateField()
        self.visit.setObjectName("trialVisit")
        self.death_day = DateField()
        self.death_day.setObjectName("trialEvent")
        self.disease = QLineEdit()
        self.disease.setObjectName("trialDisease")
        self.disease.setMaxLength(20)
        self.disease.setPlaceholderText(self.tr("ICD-10, e.g. C50.9"))
        self.disease.setMinimumWidth(self.disease.fontMetrics().horizontalAdvance("0") * 24)
        self.receipts = ReceiptColumns(self)
        self.grid = ReceiptGrid(self.receipts)
        self.add_receipt_button = QPushButton(self.tr("Add recei&pt"))
        self.add_receipt_button.setObjectName("trialAddReceipt")
        self.add_receipt_button.clicked.connect(self.add_receipt)
        self.remove_receipt_button = QPushButton(self.tr("Remove receipt"))
        self.remove_receipt_button.setObjectName("trialRemoveReceipt")
        self.remove_receipt_button.clicked.connect(self.remove_receipt)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.form.addRow(self.tr("&Kind:"), self.kind)
        self.stay = QWidget()
        stay = QHBoxLayout(self.stay)
        stay.setContentsMargins(0, 0, 0, 0)
        stay.addWidget(self.admission)
        stay.addWidget(QLabel("～"))
        stay.addWidget(self.discharge)
        stay.addStretch(1)
        self.form.addRow(self.tr("Ad&mitted ～ discharged:"), self.stay)
        self.form.addRow(self.tr("&Visit date:"), self.visit)
        self.form.addRow(self.tr("Da&te of death:"), self.death_day)
        self.form.addRow(self.tr("&Diagnosis code:"), self.disease)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_receipt_button)
        buttons.addWidget(self.remove_receipt_button)
        buttons.addStretch(1)
        self.receipt_box = QWidget()
        rl = QVBoxLayout(self.receipt_box)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.grid, 1)
        rl.addLayout(buttons)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self.form)
        lay.addWidget(self.receipt_box, 1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        for f in (self.admission, self.discharge, self.visit, self.death_day, self.disease):
            f.textChanged.connect(lambda _t: self.changed.emit())
        self.receipts.receipts_changed.connect(self.changed.emit)
        wire_form(
            self,
            [self.kind, self.admission, self.discharge, self.visit, self.death_day, self.disease],
            lambda: self.grid.setFocus(),
        )
        self._kind_changed()

    # -- kind -----------------------------------------------------------------------------
    def kind_code(self) -> str:
        return str(self.kind.currentData())

    def _kind_changed(self, _i: int = 0) -> None:
        k = self.kind_code()
        self.form.setRowVisible(1, k == "inpatient")
        self.form.setRowVisible(2, k == "outpatient")
        self.form.setRowVisible(3, k == "death")
        self.receipt_box.setVisible(k != "death")
        self.changed.emit()

    def add_receipt(self) -> None:
        c = self.receipts.add_receipt()
        self.grid.setCurrentIndex(self.receipts.index(0, c))
        self.grid.setFocus()

    def remove_receipt(self) -> None:
        idx = self.grid.currentIndex()
        self.receipts.remove_receipt(
            idx.column() if idx.isValid() else self.receipts.columnCount() - 1
        )
        self.grid.setFocus()

    # -- values ---------------------------------------------------------------------------
    def _day(self, field: DateField, what: str, required: bool = True) -> date | None:
        try:
            d = field.value()
        except ValueError:
            raise TrialInputError(
                self.tr("%1 is not a date: %2").replace("%1", what).replace("%2", field.text()),
                field,
            ) from None
        if d is None and required:
            raise TrialInputError(self.tr("Fill in the %1.").replace("%1", what), field)
        return d

    def engine_claim(self) -> Claim:
        """The claim as the engine takes it; TrialInputError says what is missing."""
        k = self.kind_code()
        disease = self.disease.text().strip().upper() or None
        if k == "death":
            day = self._day(self.death_day, self.tr("date of death"))
            return Claim(kind=k, event_date=day, disease=disease)
        try:
            receipts = tuple(self.receipts.receipts())
        except ReceiptProblem as p:
            self.grid.setCurrentIndex(self.receipts.index(0, p.column))
            if p.field == "total" and not p.text:
                raise TrialInputError(
                    self.tr("Receipt %1 has no total cost.").replace("%1", str(p.column + 1)),
                    self.grid,
                ) from None
            raise TrialInputError(
                self.tr("Receipt %1: “%2” is not an amount.")
                .replace("%1", str(p.column + 1))
                .replace("%2", p.text),
                self.grid,
            ) from None
        if k == "inpatient":
            return Claim(
                kind=k,
                admission=self._day(self.admission, self.tr("admission date")),
                discharge=self._day(self.discharge, self.tr("discharge date")),
                disease=disease,
                receipts=receipts,
            )
        return Claim(
            kind=k,
            visit_date=self._day(self.visit, self.tr("visit date")),
            disease=disease,
            receipts=receipts,
        )

    def load(self, c: Claim) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(c.kind)))
        self.admission.set_value(c.admission)
        self.discharge.set_value(c.discharge)
        self.visit.set_value(c.visit_date)
        self.death_day.set_value(c.event_date)
        self.disease.setText(c.disease or "")
        self.receipts.set_receipts(list(c.receipts))

    def summary(self) -> str:
        """A line for the list of claims."""
        k = self.kind_code()
        text = claim_kind_text(k)
        if k == "inpatient" and self.admission.text():
            text += f" {self.admission.text()}"
        elif k == "outpatient" and self.visit.text():
            text += f" {self.visit.text()}"
        elif k == "death" and self.death_day.text():
            text += f" {self.death_day.text()}"
        if self.disease.text().strip():
            text += f" {self.disease.text().strip().upper()}"
        return text

    def first_field(self) -> QWidget:
        return self.kind
