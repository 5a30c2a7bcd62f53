"""Enrolling one member in one scheme at the window (``enrollment.enroll_member``): the scheme
(active ones the member is not in yet), shares within the scheme's maximum, the enrollment date
and unit; the premium and whether it is a renewal are shown as the choice changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QSpinBox, QWidget

from base.clock import today
from desk_app.people import enrollment
from desk_app.people.members import EnrollmentRow, MemberDetail
from desk_app.schemes import store
from desk_app.schemes.store import SchemeRow
from ui.context import AppContext
from ui.dialogs import FormDialog
from ui.screens.enrollment.member_form import people_choices
from ui.screens.enrollment.recovery import keep_enroll_dialog
from ui.widgets.forms import DateField, SchemePicker, UnitPicker
from ui.widgets.member_search_texts import money_text


def default_scheme(schemes: list[SchemeRow], on: date) -> SchemeRow | None:
    """The scheme a clerk most likely means: one whose period covers ``on`` (the latest
    starting), else the next one to start, else the latest."""
    covering = [s for s in schemes if s.period_start <= on <= s.period_end]
    if covering:
        return max(covering, key=lambda s: (s.period_start, s.code))
    coming = [s for s in schemes if s.period_start > on]
    if coming:
        return min(coming, key=lambda s: (s.period_start, s.code))
    return max(schemes, key=lambda s: (s.period_end, s.code)) if schemes else None


class EnrollDialog(FormDialog):
    """One member, one scheme. ``enrolled`` holds the new enrollment after OK."""

    def __init__(self, ctx: AppContext, detail: MemberDetail, parent: QWidget | None) -> None:
        m = detail.member
        super().__init__(parent, self.tr("Enroll %1").replace("%1", m.name), self.tr("&Enroll"))
        self.setObjectName("enrollDialog")
        self.ctx = ctx
        self.detail = detail
        self.enrolled: EnrollmentRow | None = None
        taken = {e.scheme_id for e in detail.enrollments}
        with ctx.db.reader() as uow:
            offered = [s for s in store.list_schemes(uow, active_only=True) if s.id not in taken]
        # Periods still open first (the newest on top), then the ones that have ended.
        day = today()
        self.schemes = sorted(
            offered, key=lambda s: (s.period_end < day, -s.period_start.toordinal(), s.code)
        )
        unit_rows, _cats = people_choices(ctx)
        who = QLabel(f"{m.name}\u3000{m.id_number}")
        self.scheme = SchemePicker()
        self.scheme.setObjectName("enrollScheme")
        self.shares = QSpinBox()
        self.shares.setObjectName("enrollShares")
        self.shares.setRange(1, 1)
        self.enrolled_on = DateField()
        self.enrolled_on.setObjectName("enrollDate")
        self.enrolled_on.set_value(today())
        self.unit = UnitPicker()
        self.unit.setObjectName("enrollUnit")
        self.unit.set_units(unit_rows, keep=False)
        self.unit.set_unit_id(detail.unit_id)
        self.summary = QLabel()
        self.summary.setObjectName("enrollSummary")
        self.summary.setWordWrap(True)
        self.form.addRow(self.tr("Member:"), who)
        self.form.addRow(self.tr("&Scheme:"), self.scheme)
        self.form.addRow(self.tr("S&hares:"), self.shares)
        self.form.addRow(self.tr("Enrolled &on:"), self.enrolled_on)
        self.form.addRow(self.tr("&Unit:"), self.unit)
        self.form.addRow("", self.summary)
        self.scheme.currentIndexChanged.connect(lambda _i: self._scheme_changed())
        self.scheme.editTextChanged.connect(lambda _t: self._scheme_changed())
        self.shares.valueChanged.connect(lambda _v: self._update_summary())
        pick = default_scheme(self.schemes, today())
        self.scheme.set_schemes(self.schemes, prefer=pick.id if pick else None)
        if not self.schemes:
            self.show_error(self.tr("There is no active scheme this member is not enrolled in."))
            self.ok_button.setEnabled(False)
        self.setMinimumWidth(600)
        self.finish([self.scheme, self.shares, self.enrolled_on, self.unit])
        self.recovery = keep_enroll_dialog(self)  # what is typed survives a crash (issue #12)

    def _scheme_changed(self) -> None:
        s = self.scheme.scheme()
        self.shares.setMaximum(s.max_shares if s else 1)
        self.shares.setEnabled(s is not None and s.max_shares > 1)
        self._update_summary()

    def _update_summary(self) -> None:
        s = self.scheme.scheme()
        if s is None:
            self.summary.setText(self.tr("Choose a scheme from the list."))
            return
        with self.ctx.db.reader() as uow:
            renewal = enrollment.is_renewal(uow, self.detail.member.id, s.id)
            waiting = store.load_scheme(uow, s.id).waiting_days
        if s.period_end < today():
            self.summary.setText(
                self.tr(
                    "The period of this scheme ended on %1: nobody can be enrolled in it."
                ).replace("%1", f"{s.period_end:%Y-%m-%d}")
            )
            self.summary.setStyleSheet("color: #b3261e;")
            return
        self.summary.setStyleSheet("")
        n = self.shares.value()
        text = (
            self.tr("Premium %1 yuan (%2 × %3 yuan). Period %4 to %5.")
            .replace("%1", money_text(s.premium_per_share * n))
            .replace("%2", str(n))
            .replace("%3", money_text(s.premium_per_share))
            .replace("%4", f"{s.period_start:%Y-%m-%d}")
            .replace("%5", f"{s.period_end:%Y-%m-%d}")
        )
        if renewal:
            text += "\n" + self.tr("Renewal: enrolled in the previous period, no waiting period.")
        elif waiting:
            text += "\n" + self.tr("First enrollment: a waiting period of %1 days.").replace(
                "%1", str(waiting)
            )
        else:
            text += "\n" + self.tr("First enrollment (this scheme has no waiting period).")
        self.summary.setText(text)

    def submit(self) -> None:
        s = self.scheme.scheme()
        if s is None:
            self.show_error(self.tr("Choose a scheme from the list."), self.scheme)
            return
        try:
            day = self.enrolled_on.value()
        except ValueError:
            self.show_error(self.tr("The enrollment date is not a date."), self.enrolled_on)
            return
        try:
            unit_id = self.unit.unit_id()
        except ValueError:
            self.show_error(
                self.tr("No unit is called “%1”: choose one from the list.").replace(
                    "%1", self.unit.currentText()
                ),
                self.unit,
            )
            return
        actor, member_id, shares = self.ctx.actor, self.detail.member.id, self.shares.value()
        self.submit_op(
            self.ctx,
            lambda uow: enrollment.enroll_member(
                uow, actor, member_id, s.id, shares=shares, enrolled_on=day, unit_id=unit_id
            ),
            self._done,
        )

    def _done(self, done: Any) -> None:
        self.enrolled = done.value
        self.accept()
