"""The fields of the intake form (理赔受理) and how they read back as a :class:`ClaimInput`.

Order, which is also the Tab order: member → kind → the kind's dates → hospital → diagnosis →
enrollment (the member's enrollments covering the date whose scheme pays on such a claim; a
critical-illness scheme only for a listed diagnosis; chosen by itself, and skipped, when only
one is left) → note → receipts. Enter follows the same order but passes over what the clerk
rarely types: the kind (a card read lands in the first date; Shift+Tab or Alt+K reach the kind)
and the note (Tab reaches it). A pick in a list — a digit or the list in 类别, the list of
参保方案 — moves on by itself. Only the screen (:mod:`ui.screens.claims.intake`) decides what
happens with the input.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from db import Database
from desk_app.claims import service as claims
from desk_app.claims.model import KIND_DATES, ClaimInput, ClaimView
from desk_app.people.members import EnrollmentRow, MemberRow
from ui.keyboard import EnterMovesFocus, set_tab_order
from ui.screens.claims.fields import DateField, PickCombo
from ui.screens.claims.papers import PapersBox
from ui.widgets.completers import (
    MemberFinder,
    disease_completer,
    disease_text,
    first_focusable,
    hospital_completer,
    split_disease,
)
from ui.widgets.receipt_grid import ReceiptGrid, ReceiptModel

DATE_FIELDS = ("admission", "discharge", "visit_date", "event_date")


class ClaimForm(QObject):
    """The widgets of the form, laid out by :meth:`layout`; ``changed`` after any edit that the
    clerk made (not while a claim is being loaded)."""

    changed = Signal()
    member_changed = Signal(object)  # MemberRow | None
    not_found = Signal(str)

    def __init__(self, db: Database, owner: QWidget) -> None:
        super().__init__(owner)
        self.db = db
        self._loading = False
        self._auto_chosen = False  # the enrollment shown was chosen by the form, not the clerk
        self.enrollments: list[EnrollmentRow] = []  # every enrollment of the member
        self.disease: tuple[str | None, str | None] = (None, None)
        self._make_member_and_kind()
        self._make_dates()
        self._make_fields(db, owner)

        self.order: list[QWidget] = [
            self.kind,
            *self.dates.values(),
            self.hospital,
            self.disease_line,
            self.enrollment,
            self.note,
        ]
        # Enter passes over these (Tab still visits them).
        self.enter_skips: tuple[QWidget, ...] = (self.kind, self.note)
        self.enter = EnterMovesFocus(owner, self.order, self.focus_grid, skip=self.enter_skips)

        # After the Enter filter, so that the lists see Enter first.
        self.finder = MemberFinder(
            db, self.member_line, advance=self._after_member, not_found=self.not_found.emit
        )
        self.hospital_completer = hospital_completer(
            db, self.hospital, advance=lambda: self.advance_from(self.hospital)
        )
        self.disease_completer = disease_completer(
            db, self.disease_line, advance=lambda: self.advance_from(self.disease_line)
        )
        self._connect()
        self._on_kind()

    def _make_member_and_kind(self) -> None:
        """The member field (the card reader types into it) and the kind of claim."""
        self.member_line = QLineEdit()
        self.member_line.setObjectName("claimMember")
        self.member_line.setPlaceholderText(
            self.tr("ID card (reader), ID number, name or pinyin initials")
        )
        self.member_info = QLabel()
        self.member_info.setObjectName("hint")
        self.kind = PickCombo()
        self.kind.setObjectName("claimKind")
        for i, (k, text) in enumerate(
            [
                ("inpatient", self.tr("Inpatient")),
                ("outpatient", self.tr("Outpatient")),
                ("death", self.tr("Death")),
            ],
            start=1,
        ):
            self.kind.addItem(f"{i} {text}", k)  # typing the digit picks it
        self.kind.setToolTip(self.tr("1 inpatient, 2 outpatient, 3 death"))

    def _make_dates(self) -> None:
        """One date field (and its label) for each date a kind may need."""
        self.dates: dict[str, DateField] = {}
        self.date_labels: dict[str, QLabel] = {}
        names = {
            "admission": self.tr("Adm&itted:"),
            "discharge": self.tr("Discharged (o&ut):"),
            "visit_date": self.tr("&Visit date:"),
            "event_date": self.tr("Da&te of death:"),
        }
        for f in DATE_FIELDS:
            field = DateField()
            field.setObjectName(f"claimDate_{f}")
            label = QLabel(names[f])
            label.setBuddy(field)
            self.dates[f] = field
            self.date_labels[f] = label

    def _make_fields(self, db: Database, owner: QWidget) -> None:
        """The scheme, hospital, diagnosis and note, the receipt grid and the papers."""
        self.enrollment = PickCombo()
        self.enrollment.setObjectName("claimEnrollment")
        self.enrollment.setPlaceholderText(self.tr("Choose the scheme the claim is under"))
        self.enrollment.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.enrollment.setMinimumContentsLength(20)
        self.hospital = QLineEdit()
        self.hospital.setObjectName("claimHospital")
        self.hospital.setPlaceholderText(self.tr("Hospital name or code"))
        self.disease_line = QLineEdit()
        self.disease_line.setObjectName("claimDisease")
        self.disease_line.setPlaceholderText(
            self.tr("ICD-10 code or name of the diagnosis, e.g. C50.9")
        )
        self.note = QLineEdit()
        self.note.setObjectName("claimNote")
        self.note.setMaxLength(1000)
        self.receipts = ReceiptModel()
        self.grid = ReceiptGrid(self.receipts, db)
        self.papers = PapersBox(owner)

    def _connect(self) -> None:
        """Each field's edits: the form follows them (and says ``changed``)."""
        self.finder.member_chosen.connect(self._on_member)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.kind.picked.connect(lambda: self.advance_from(self.kind))
        self.enrollment.picked.connect(lambda: self.advance_from(self.enrollment))
        for field in self.dates.values():
            field.date_changed.connect(self._on_date)
        self.enrollment.currentIndexChanged.connect(self._on_enrollment)
        self.hospital.textChanged.connect(self._on_hospital)
        self.disease_line.textChanged.connect(self._on_disease_text)
        self.disease_completer.chosen.connect(self._on_disease_chosen)
        self.note.textChanged.connect(self._edited)
        self.receipts.receipts_changed.connect(self._edited)
        self.papers.changed.connect(self._edited)

    # -- layout ---------------------------------------------------------------------------
    def set_tab_order(self, after: list[QWidget]) -> None:
        """Tab visits the fields, the grid, then ``after`` (once all are in the window)."""
        set_tab_order([self.member_line, *self.order, self.grid, *after])

    def layout(self) -> QGridLayout:
        g = QGridLayout()
        g.setHorizontalSpacing(8)
        g.setVerticalSpacing(6)
        g.setColumnStretch(1, 1)

        def label(text: str, buddy: QWidget) -> QLabel:
            lab = QLabel(text)
            lab.setBuddy(buddy)
            return lab

        g.addWidget(label(self.tr("&Member:"), self.member_line), 0, 0)
        g.addWidget(self.member_line, 0, 1)
        g.addWidget(self.member_info, 1, 1)
        g.addWidget(label(self.tr("&Kind:"), self.kind), 2, 0)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.kind.setFixedWidth(110)
        row.addWidget(self.kind)
        row.addSpacing(12)
        for f in DATE_FIELDS:
            row.addWidget(self.date_labels[f])
            row.addWidget(self.dates[f])
        row.addStretch(1)
        g.addLayout(row, 2, 1)
        g.addWidget(label(self.tr("Hos&pital:"), self.hospital), 3, 0)
        g.addWidget(self.hospital, 3, 1)
        g.addWidget(label(self.tr("&Diagnosis:"), self.disease_line), 4, 0)
        g.addWidget(self.disease_line, 4, 1)
        g.addWidget(label(self.tr("Sch&eme:"), self.enrollment), 5, 0)
        g.addWidget(self.enrollment, 5, 1)
        g.addWidget(label(self.tr("N&ote:"), self.note), 6, 0)
        g.addWidget(self.note, 6, 1)
        self.papers_label = label(self.tr("P&apers:"), self.papers.list)
        self.papers_label.setVisible(bool(self.papers.items))  # only with a checklist
        self.papers.label = self.papers_label
        g.addWidget(self.papers_label, 7, 0, Qt.AlignmentFlag.AlignTop)
        g.addWidget(self.papers, 7, 1)
        return g

    # -- moving on ------------------------------------------------------------------------
    def advance_from(self, widget: QWidget) -> None:
        """Enter after ``widget``: the next field that takes the focus (passing over the kind
        and the note), or the grid."""
        chain = [self.member_line, *self.order]
        i = chain.index(widget) if widget in chain else -1
        nxt = first_focusable([w for w in chain[i + 1 :] if w not in self.enter_skips])
        if nxt is None:
            self.focus_grid()
        else:
            nxt.setFocus(Qt.FocusReason.TabFocusReason)

    def _after_member(self) -> None:
        self.advance_from(self.member_line)

    def focus_grid(self) -> None:
        """Into the receipts, at the first cell of the first blank row."""
        rows = self.receipts.rowCount()
        blank = next((i for i, r in enumerate(self.receipts.rows) if r.blank()), rows - 1)
        self.grid.setFocus(Qt.FocusReason.TabFocusReason)
        if rows:
            self.grid.setCurrentIndex(self.receipts.index(max(blank, 0), 0))

    # -- reading ----------------------------------------------------------------------------
    @property
    def member(self) -> MemberRow | None:
        return self.finder.member

    def kind_code(self) -> str:
        return str(self.kind.currentData())

    def enrollment_id(self) -> int | None:
        data = self.enrollment.currentData()
        return int(data) if data is not None else None

    def day(self, f: str) -> date | None:
        return self.dates[f].value()

    def to_input(self) -> ClaimInput | None:
        """The claim as typed, or None while there is no member or a receipt's amount cannot
        be read (the grid says which)."""
        member = self.member
        receipts = self.receipts.receipts()
        if member is None or receipts is None:
            return None
        kind = self.kind_code()
        wanted = KIND_DATES[kind]
        code, name = self.disease
        days: dict[str, Any] = {f: (self.day(f) if f in wanted else None) for f in DATE_FIELDS}
        return ClaimInput(
            member_id=member.id,
            enrollment_id=self.enrollment_id() or 0,
            kind=kind,
            **days,
            hospital=self.hospital.text().strip() or None,
            disease_code=code,
            disease_name=name,
            receipts=tuple(receipts),
            note=self.note.text().strip() or None,
            papers=self.papers.seen_codes(),
        )

    # -- filling ----------------------------------------------------------------------------
    def clear(self) -> None:
        self._loading = True
        try:
            self.finder.set_member(None)
            self.kind.setCurrentIndex(0)
            for f in self.dates.values():
                f.set_value(None)
            self.enrollments = []
            self.enrollment.clear()
            self.hospital.clear()
            self.disease_line.clear()
            self.disease = (None, None)
            self.note.clear()
            self.receipts.set_claim_hospital("")
            self.receipts.clear()
            self.papers.set_items(())
        finally:
            self._loading = False
        self._on_kind()

    def choose_member(self, member: MemberRow) -> None:
        """Start the claim for ``member`` (carried from the member's page)."""
        self.finder.set_member(member)

    def load(self, v: ClaimView, member: MemberRow | None) -> None:
        """Show a stored claim."""
        self._loading = True
        try:
            self.finder.set_member(member)
            self.kind.setCurrentIndex(max(0, self.kind.findData(v.kind)))
            for f in DATE_FIELDS:
                self.dates[f].set_value(getattr(v, f))
            self.hospital.setText(v.hospital or "")
            self.disease = (v.disease_code, v.disease_name)
            self.disease_line.setText(disease_text(v.disease_code, v.disease_name))
            self.note.setText(v.note or "")
            self.receipts.set_claim_hospital(v.hospital or "")
            self.receipts.set_receipts(v.receipts)
            self._fill_enrollments(keep=v.enrollment_id)
            self.papers.set_items(self._checklist(), v.papers_seen or (), v.papers)
        finally:
            self._loading = False
        self._show_dates()

    def set_editable(self, editable: bool) -> None:
        for w in (self.member_line, self.hospital, self.disease_line, self.note):
            w.setReadOnly(not editable)
        for w in self.dates.values():
            w.setReadOnly(not editable)
        for c in (self.kind, self.enrollment):
            c.setEnabled(editable)
        self.receipts.read_only = not editable
        self.grid.set_read_only(not editable)
        self.papers.set_read_only(not editable)

    # -- reactions ------------------------------------------------------------------------
    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def _on_member(self, member: MemberRow | None) -> None:
        if self._loading and member is None:
            return
        self.enrollments = []
        if member is not None:
            with self.db.reader() as uow:
                self.enrollments = claims.covering_enrollments(uow, member.id, None)
            info = [
                self.tr("female") if member.gender == "F" else self.tr("male"),
                self.tr("born %1").replace("%1", member.birth_date.isoformat()),
            ]
            if member.phone:
                info.append(member.phone)
            info.append(self.tr("%1 enrollment(s)").replace("%1", str(len(self.enrollments))))
            self.member_info.setText(" · ".join(info))
        else:
            self.member_info.setText("")
        if not self._loading:
            self._fill_enrollments()
        self.member_changed.emit(member)
        self._edited()

    def _on_kind(self, *_args: object) -> None:
        self._show_dates()
        if not self._loading:
            self._fill_enrollments()
        self._edited()

    def _show_dates(self) -> None:
        wanted = KIND_DATES[self.kind_code()]
        for f in DATE_FIELDS:
            self.dates[f].setVisible(f in wanted)
            self.date_labels[f].setVisible(f in wanted)

    def _on_date(self, _d: object) -> None:
        if not self._loading:
            self._fill_enrollments()
        self._edited()

    def _covered_on(self) -> tuple[date | None, date | None]:
        kind = self.kind_code()
        if kind == "inpatient":
            return self.day("admission"), self.day("discharge")
        return self.day(KIND_DATES[kind][0]), None

    def _offered(self) -> list[EnrollmentRow]:
        """The enrollments offered for the claim as typed: those fitting its kind, dates and
        diagnosis; failing that, those covering the dates; failing that, all of the member's
        (the checks then say why)."""
        member = self.member
        if member is None:
            return []
        on, discharge = self._covered_on()
        with self.db.reader() as uow:
            rows = claims.fitting_enrollments(
                uow, member.id, self.kind_code(), on, discharge=discharge, disease=self.disease[0]
            )
            if not rows and (on is not None or discharge is not None):
                rows = claims.covering_enrollments(uow, member.id, on, discharge=discharge)
        return rows or list(self.enrollments)

    def _fill_enrollments(self, keep: int | None = None) -> None:
        """Offer the enrollments that fit (:meth:`_offered`); the clerk's choice is kept, one
        made by the form itself is made again; chosen by itself when only one is left."""
        if keep is None and not self._auto_chosen:
            keep = self.enrollment_id()
        rows = self._offered()
        if keep is not None and all(r.id != keep for r in rows):
            rows += [r for r in self.enrollments if r.id == keep]
        was_loading, self._loading = self._loading, True
        try:
            self.enrollment.clear()
            for r in rows:
                self.enrollment.addItem(self.enrollment_text(r), r.id)
            index = self.enrollment.findData(keep) if keep is not None else -1
            auto = index < 0 and len(rows) == 1
            self.enrollment.setCurrentIndex(0 if auto else index)
        finally:
            self._loading = was_loading
        self._auto_chosen = auto
        # Chosen by itself: Tab and Enter pass over it (the clerk still sees which).
        self.enrollment.setFocusPolicy(
            Qt.FocusPolicy.ClickFocus if auto else Qt.FocusPolicy.StrongFocus
        )
        self.refresh_papers()
        self._edited()

    def _checklist(self) -> tuple[Any, ...]:
        enrollment_id = self.enrollment_id()
        if enrollment_id is None:
            return ()
        with self.db.reader() as uow:
            return claims.checklist_for(uow, enrollment_id, self.kind_code())

    def refresh_papers(self) -> None:
        """The checklist of the scheme and kind now chosen, keeping the ticks still listed."""
        items = self._checklist()
        if items != self.papers.items:
            self.papers.set_items(items, self.papers.seen_codes())

    def _on_enrollment(self, *_args: object) -> None:
        if not self._loading:
            self._auto_chosen = False  # the clerk chose
            self.refresh_papers()
        self._edited()

    def _on_hospital(self, text: str) -> None:
        self.receipts.set_claim_hospital(text)
        self._edited()

    def _on_disease_text(self, text: str) -> None:
        if not self._loading:
            self._set_disease(split_disease(text))
        self._edited()

    def _on_disease_chosen(self, value: object) -> None:
        if isinstance(value, tuple):
            self._set_disease((value[0], value[1]))
            self._edited()

    def _set_disease(self, disease: tuple[str | None, str | None]) -> None:
        """A listed diagnosis may bring a critical-illness scheme into the offer."""
        code_before = self.disease[0]
        self.disease = disease
        if disease[0] != code_before and not self._loading:
            self._fill_enrollments()

    def enrollment_text(self, r: EnrollmentRow) -> str:
        """``衢州市2015年度职工医疗互助 · 1 份 · 2015-01-01 至 2015-12-31``."""
        return (
            self.tr("%1 · %2 share(s) · %3 to %4")
            .replace("%1", r.scheme_name)
            .replace("%2", str(r.shares))
            .replace("%3", r.period_start.isoformat())
            .replace("%4", r.period_end.isoformat())
        )

    def problem_widget(self, where: str) -> QWidget | None:
        """The field a service problem (``claim.admission`` …) is about."""
        name = where.removeprefix("claim.")
        if name in self.dates:
            return self.dates[name]
        return {
            "member_id": self.member_line,
            "enrollment_id": self.enrollment,
            "kind": self.kind,
            "hospital": self.hospital,
            "disease_code": self.disease_line,
            "disease_name": self.disease_line,
            "note": self.note,
            "receipts": self.grid,
        }.get(name)
