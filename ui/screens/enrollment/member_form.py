"""The fields of a member, shared by the member page (edit) and the add-member dialog.

The resident ID is checked as it is typed with the service's own check
(:func:`desk_app.people.idcard.check_id_number`): once 18 characters are there the line under
it says the gender, birth date and age the number gives, or the service's reason in red. Gender and
birth date are never entered. Everything else is checked by the service when saved (its
refusal is shown in the form, with what was typed kept).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from base.clock import today
from base.errors import ValidationError
from desk_app.people import members, units
from desk_app.people.idcard import check_id_number, normalise
from desk_app.people.members import MemberDetail, MemberInput
from desk_app.people.rules import BUILTIN_CATEGORIES, known_categories
from desk_app.people.units import UnitRow
from desk_app.system import settings
from ui.context import AppContext
from ui.dialogs import FormDialog
from ui.screens.enrollment.recovery import keep_member_dialog
from ui.widgets.forms import UnitPicker
from ui.widgets.member_search_texts import (
    MEDICAL_TYPES,
    age_on,
    category_text,
    gender_text,
    medical_text,
)


class UnitNotFound(ValueError):
    """The unit field names no registered unit."""


class MemberFields(QObject):
    """Creates the member's fields and adds them as rows of ``form``."""

    changed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        form: QFormLayout,
        unit_rows: Sequence[UnitRow],
        categories: Sequence[str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        with ctx.db.reader() as uow:  # the desk's own county: its code is never warned about
            self.home_county = settings.get(uow.session, settings.COUNTY_CODE)
        self.id_number = QLineEdit()
        self.id_number.setObjectName("memberIdNumber")
        self.id_number.setMaxLength(24)
        self.id_number.setPlaceholderText(self.tr("18 characters; gender and birth date follow"))
        self.id_note = QLabel()
        self.id_note.setObjectName("idNote")
        self.id_note.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("memberName")
        self.name.setMaxLength(20)
        self.phone = QLineEdit()
        self.phone.setObjectName("memberPhone")
        self.phone.setMaxLength(20)
        self.unit = UnitPicker()
        self.unit.setObjectName("memberUnit")
        self.unit.set_units(unit_rows, keep=False)
        self.unit.line().setPlaceholderText(self.tr("Unit code or part of its name"))
        self.medical = QComboBox()
        self.medical.setObjectName("memberMedical")
        self.medical.addItem("", None)
        for code in MEDICAL_TYPES:
            self.medical.addItem(medical_text(code), code)
        self.category_boxes: dict[str, QCheckBox] = {}
        cats = QHBoxLayout()
        cats.setContentsMargins(0, 0, 0, 0)
        for code in categories:
            box = QCheckBox(category_text(code))
            box.setObjectName(f"category_{code}")
            self.category_boxes[code] = box
            cats.addWidget(box)
            box.toggled.connect(lambda _on: self.changed.emit())
        cats.addStretch(1)
        self.account = QLineEdit()
        self.account.setObjectName("memberAccount")
        self.account.setMaxLength(40)
        form.addRow(self.tr("Resident I&D:"), self.id_number)
        form.addRow("", self.id_note)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Mobile:"), self.phone)
        form.addRow(self.tr("&Unit:"), self.unit)
        form.addRow(self.tr("Medical &insurance:"), self.medical)
        form.addRow(self.tr("Categories:"), cats)
        form.addRow(self.tr("Bank &account:"), self.account)
        self.id_number.textChanged.connect(self._check_id)
        for w in (self.id_number, self.name, self.phone, self.account):
            w.textChanged.connect(lambda _t: self.changed.emit())
        self.unit.editTextChanged.connect(lambda _t: self.changed.emit())
        self.medical.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._loaded: MemberInput | None = None
        self._check_id(self.id_number.text())

    # -- the fields in order (tab order, Enter moves on) -----------------------------------
    def fields(self) -> list[QWidget]:
        return [
            self.id_number,
            self.name,
            self.phone,
            self.unit,
            self.medical,
            *self.category_boxes.values(),
            self.account,
        ]

    def set_enabled(self, on: bool) -> None:
        for w in self.fields():
            w.setEnabled(on)

    # -- values ---------------------------------------------------------------------------
    def load(self, detail: MemberDetail | None, *, id_number: str = "") -> None:
        """Fill the fields from a member (or blank, with an ID already known)."""
        m = detail.member if detail else None
        self.id_number.setText(m.id_number if m else id_number)
        self.name.setText(m.name if m else "")
        self.phone.setText((m.phone or "") if m else "")
        self.unit.set_unit_id(detail.unit_id if detail else None)
        i = self.medical.findData(detail.medical_type) if detail and detail.medical_type else 0
        self.medical.setCurrentIndex(max(0, i))
        chosen = set(m.categories) if m else set()
        for code, box in self.category_boxes.items():
            box.setChecked(code in chosen)
        self.account.setText((detail.bank_account or "") if detail else "")
        self._loaded = self.value_or_none()

    def value(self) -> MemberInput:
        """What the form says; :class:`UnitNotFound` when the unit text names no unit."""
        try:
            unit_id = self.unit.unit_id()
        except ValueError as exc:
            raise UnitNotFound(self.unit.currentText()) from exc
        return MemberInput(
            id_number=self.id_number.text(),
            name=self.name.text(),
            phone=self.phone.text() or None,
            unit_id=unit_id,
            medical_type=self.medical.currentData(),
            categories=tuple(c for c, box in self.category_boxes.items() if box.isChecked()),
            bank_account=self.account.text() or None,
        )

    def value_or_none(self) -> MemberInput | None:
        try:
            return self.value()
        except UnitNotFound:
            return None

    def dirty(self) -> bool:
        """Has the clerk changed anything since :meth:`load`?"""
        return self.value_or_none() != self._loaded

    def unit_problem(self) -> str:
        return self.tr("No unit is called “%1”: choose one from the list.").replace(
            "%1", self.unit.currentText()
        )

    # -- the ID, as typed -----------------------------------------------------------------
    def _check_id(self, text: str) -> None:
        number = normalise(text)
        if not number:
            self._note(self.tr("Gender and birth date are read from the ID number."), "hint")
            return
        if len(number) < 18 and number[:17].isdigit():
            self._note(self.tr("%1 of 18 characters").replace("%1", str(len(number))), "hint")
            return
        try:
            info = check_id_number(number, home=self.home_county)
        except ValidationError as exc:
            self._note(self.ctx.text(exc), "errorLabel")
            return
        said = (
            self.tr("%1 · born %2 · %3 years old")
            .replace("%1", gender_text(info.gender))
            .replace("%2", info.birth_date.isoformat())
            .replace("%3", str(age_on(info.birth_date, today())))
        )
        for w in info.warnings:
            said += "\n" + self.ctx.text(w)
        self._note(said, "warnLabel" if info.warnings else "okLabel")

    def _note(self, text: str, kind: str) -> None:
        self.id_note.setText(text)
        colors = {
            "hint": "#5f6b7a",
            "errorLabel": "#b3261e",
            "okLabel": "#1b6e3a",
            "warnLabel": "#8a5a00",
        }
        self.id_note.setStyleSheet(f"color: {colors[kind]};")
        self.id_note.setProperty("kind", kind)

    def id_ok(self) -> bool:
        return self.id_note.property("kind") in ("okLabel", "warnLabel")


def people_choices(ctx: AppContext) -> tuple[list[UnitRow], list[str]]:
    """The units and the member categories the forms offer (GUI thread: two short reads)."""
    with ctx.db.reader() as uow:
        unit_rows = units.list_units(uow)
        known = known_categories(uow.session)
    cats = [c for c in BUILTIN_CATEGORIES if c in known] + sorted(known - set(BUILTIN_CATEGORIES))
    return unit_rows, cats


class AddMemberDialog(FormDialog):
    """Register a new member (the ID may already be filled in: a card read at the window)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, *, id_number: str = "") -> None:
        super().__init__(parent, self.tr("Add member"), self.tr("&Register"))
        self.setObjectName("addMemberDialog")
        self.ctx = ctx
        self.added: members.MemberRow | None = None
        unit_rows, cats = people_choices(ctx)
        self.fields = MemberFields(ctx, self.form, unit_rows, cats, self)
        self.fields.load(None, id_number=id_number)
        self.setMinimumWidth(560)
        self.finish(self.fields.fields())
        if id_number:
            self.fields.name.setFocus()
        self.recovery = keep_member_dialog(self)  # what is typed survives a crash (issue #12)

    def submit(self) -> None:
        try:
            data = self.fields.value()
        except UnitNotFound:
            self.show_error(self.fields.unit_problem(), self.fields.unit)
            return
        actor = self.ctx.actor
        self.submit_op(self.ctx, lambda uow: members.add_member(uow, actor, data), self._done)

    def _done(self, done: Any) -> None:
        self.added = done.value
        self.accept()
