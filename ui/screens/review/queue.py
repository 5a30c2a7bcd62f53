"""The filters above the review queue (审核审批): status, scheme, submission dates, payout range,
clerk, unit and free text (claim or approval number, name, pinyin, ID number, hospital). Every
filter is a ``WHERE`` of ``claims.queue_ids``; the screen asks again when one changes (text
after a short pause in typing)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from base.money import MoneyError, parse_money
from db import Database
from desk_app.claims.model import QueueFilter
from desk_app.people.units import list_units
from desk_app.schemes.store import list_schemes
from ui.screens.claims.fields import DateField

STATUS_CHOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("submitted", ("submitted",)),
    ("approved", ("approved",)),
    ("rejected", ("rejected",)),
    ("reviewed", ("approved", "rejected")),
    ("all", ("submitted", "approved", "rejected", "paid", "reported")),
)


class QueueFilters(QObject):
    """The filter fields; ``changed`` when the filter they make changes."""

    changed = Signal()

    def __init__(self, db: Database, owner: QWidget) -> None:
        super().__init__(owner)
        self.db = db
        self.status = QComboBox()
        self.status.setObjectName("queueStatus")
        names = {
            "submitted": self.tr("Waiting for review"),
            "approved": self.tr("Approved, not paid"),
            "rejected": self.tr("Rejected"),
            "reviewed": self.tr("Reviewed (approved or rejected)"),
            "all": self.tr("All except drafts"),
        }
        for key, statuses in STATUS_CHOICES:
            self.status.addItem(names[key], statuses)
        self.scheme = QComboBox()
        self.scheme.setObjectName("queueScheme")
        for combo in (self.status, self.scheme):
            # Long scheme names must not widen the window past a 1366-pixel screen.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
        self.date_from = DateField()
        self.date_from.setObjectName("queueFrom")
        self.date_to = DateField()
        self.date_to.setObjectName("queueTo")
        self.min_payout = QLineEdit()
        self.min_payout.setObjectName("queueMin")
        self.max_payout = QLineEdit()
        self.max_payout.setObjectName("queueMax")
        for w in (self.min_payout, self.max_payout):
            w.setFixedWidth(96)
            w.setAlignment(Qt.AlignmentFlag.AlignRight)
            w.setPlaceholderText(self.tr("yuan"))
        self.clerk = QLineEdit()
        self.clerk.setObjectName("queueClerk")
        self.clerk.setPlaceholderText(self.tr("login"))
        self.clerk.setFixedWidth(100)
        self.unit = QComboBox()
        self.unit.setObjectName("queueUnit")
        self.unit.setEditable(True)
        self.unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.unit.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.unit.setMinimumContentsLength(14)
        completer = self.unit.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.text = QLineEdit()
        self.text.setObjectName("queueText")
        self.text.setPlaceholderText(
            self.tr("Claim or approval no., name, pinyin, ID number, hospital")
        )
        self.text.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.changed.emit)
        self.load_lists()
        for combo in (self.status, self.scheme):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.unit.currentIndexChanged.connect(lambda _i: self.changed.emit())
        unit_line = self.unit.lineEdit()
        if unit_line is not None:
            unit_line.editingFinished.connect(self._unit_typed)
        for line in (
            self.date_from,
            self.date_to,
            self.min_payout,
            self.max_payout,
            self.clerk,
            self.text,
        ):
            line.textChanged.connect(lambda _t: self._timer.start())

    def load_lists(self) -> None:
        """Schemes and units (again after they changed)."""
        with self.db.reader() as uow:
            schemes = list_schemes(uow)
            units = list_units(uow)
        keep_scheme, keep_unit = self.scheme.currentData(), self.unit.currentData()
        for combo in (self.scheme, self.unit):
            combo.blockSignals(True)
        self.scheme.clear()
        self.scheme.addItem(self.tr("All schemes"), None)
        for s in schemes:
            self.scheme.addItem(f"{s.name} ({s.code})", s.id)
        self.unit.clear()
        self.unit.addItem(self.tr("All units"), None)
        for u in units:
            self.unit.addItem(f"{u.code} {u.name}", u.id)
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(keep_scheme)))
        self.unit.setCurrentIndex(max(0, self.unit.findData(keep_unit)))
        for combo in (self.scheme, self.unit):
            combo.blockSignals(False)

    def _unit_typed(self) -> None:
        """A unit name typed without picking it from the list: the first that contains it."""
        text = self.unit.currentText().strip()
        if self.unit.findText(text) >= 0:
            return
        for i in range(self.unit.count()):
            if text and text in self.unit.itemText(i):
                self.unit.setCurrentIndex(i)
                return

    def layout(self) -> QGridLayout:
        g = QGridLayout()
        g.setHorizontalSpacing(6)
        g.setVerticalSpacing(4)

        def label(text: str, buddy: QWidget) -> QLabel:
            lab = QLabel(text)
            lab.setBuddy(buddy)
            return lab

        def pair(a: QWidget, b: QWidget) -> QHBoxLayout:
            h = QHBoxLayout()
            h.setSpacing(4)
            h.addWidget(a)
            h.addWidget(QLabel("—"))
            h.addWidget(b)
            h.addStretch(1)
            return h

        g.addWidget(label(self.tr("&Status:"), self.status), 0, 0)
        g.addWidget(self.status, 0, 1)
        g.addWidget(label(self.tr("Sche&me:"), self.scheme), 0, 2)
        g.addWidget(self.scheme, 0, 3)
        g.addWidget(label(self.tr("Submitted &between:"), self.date_from), 0, 4)
        g.addLayout(pair(self.date_from, self.date_to), 0, 5)
        g.addWidget(label(self.tr("Fin&d:"), self.text), 1, 0)
        g.addWidget(self.text, 1, 1)
        g.addWidget(label(self.tr("&Unit:"), self.unit), 1, 2)
        g.addWidget(self.unit, 1, 3)
        g.addWidget(label(self.tr("&Payout:"), self.min_payout), 1, 4)
        h = pair(self.min_payout, self.max_payout)
        h.insertSpacing(h.count() - 1, 10)
        h.insertWidget(h.count() - 1, label(self.tr("C&lerk:"), self.clerk))
        h.insertWidget(h.count() - 1, self.clerk)
        g.addLayout(h, 1, 5)
        g.setColumnStretch(1, 2)
        g.setColumnStretch(3, 2)
        g.setColumnStretch(5, 3)
        return g

    def widgets(self) -> list[QWidget]:
        return [
            self.status,
            self.scheme,
            self.date_from,
            self.date_to,
            self.text,
            self.unit,
            self.min_payout,
            self.max_payout,
            self.clerk,
        ]

    @staticmethod
    def _money(line: QLineEdit) -> Decimal | None:
        try:
            return parse_money(line.text()) if line.text().strip() else None
        except MoneyError:
            return None

    def value(self) -> QueueFilter:
        unit = self.unit.currentData() if self.unit.currentText().strip() else None
        return QueueFilter(
            status=tuple(self.status.currentData()),
            scheme_id=self.scheme.currentData(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            min_payout=self._money(self.min_payout),
            max_payout=self._money(self.max_payout),
            created_by=self.clerk.text().strip() or None,
            unit_id=unit,
            text=self.text.text().strip(),
        )

    def show_status(self, key: str) -> None:
        """Choose a status entry by its key (``submitted``, ``approved`` …)."""
        keys = [k for k, _s in STATUS_CHOICES]
        self.status.setCurrentIndex(keys.index(key))
