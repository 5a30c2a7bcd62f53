"""The member page: personal data (editable by clerks; the service checks and audits every
change), the member's enrollments with shares, premium, period and what is left of each
scheme's cap, and their claims with state and payout (``members.get_member``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from base.clock import local, today
from desk_app.access.auth import Perm
from desk_app.people import members
from desk_app.people.members import ClaimRow, MemberDetail
from ui import actions as act
from ui.context import AppContext
from ui.keyboard import wire_form
from ui.messages import confirm, error_text
from ui.ops import run_op
from ui.screens.enrollment.enroll_dialog import EnrollDialog
from ui.screens.enrollment.member_form import MemberFields, UnitNotFound, people_choices
from ui.screens.enrollment.recovery import keep_member_page
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.forms import error_label, hint
from ui.widgets.member_search_texts import (
    age_on,
    claim_kind_text,
    claim_state_text,
    day_text,
    gender_text,
    money_text,
    period_text,
)
from ui.widgets.tables import CENTER, RIGHT, Column, ListModel, fit_columns, table_view


@dataclass(frozen=True)
class EnrollmentLine:
    """An enrollment with what is left of its scheme's cap (one row of the table)."""

    id: int
    scheme_code: str
    scheme_name: str
    period_start: date
    period_end: date
    shares: int
    premium: Decimal
    enrolled_on: date
    renewal: bool
    unit_name: str | None
    batch_no: str | None
    cap: Decimal | None
    paid: Decimal
    left: Decimal | None


def enrollment_lines(detail: MemberDetail) -> list[EnrollmentLine]:
    caps = {c.scheme_id: c for c in detail.caps}
    out = []
    for e in detail.enrollments:
        c = caps.get(e.scheme_id)
        out.append(
            EnrollmentLine(
                e.id,
                e.scheme_code,
                e.scheme_name,
                e.period_start,
                e.period_end,
                e.shares,
                e.premium,
                e.enrolled_on,
                e.renewal,
                e.unit_name,
                e.batch_no,
                c.cap if c else None,
                c.paid if c else Decimal("0.00"),
                c.left if c else None,
            )
        )
    return out


def _left_text(e: EnrollmentLine) -> str:
    if e.cap is None:
        return QCoreApplication.translate("MemberEnrollments", "no cap")
    return money_text(e.left)


RENEWAL = {
    True: QT_TRANSLATE_NOOP("MemberEnrollments", "Renewal"),
    False: QT_TRANSLATE_NOOP("MemberEnrollments", "New"),
}


def _renewal_text(renewal: bool) -> str:
    return QCoreApplication.translate("MemberEnrollments", RENEWAL[renewal])


def _cap_tip(e: EnrollmentLine) -> str | None:
    if e.cap is None:
        return None
    return (
        QCoreApplication.translate("MemberEnrollments", "Cap %1, paid %2")
        .replace("%1", money_text(e.cap))
        .replace("%2", money_text(e.paid))
    )


ENROLLMENT_COLUMNS = (
    Column(
        QT_TRANSLATE_NOOP("MemberEnrollments", "Scheme"),
        lambda e: e.scheme_code,
        tooltip=lambda e: e.scheme_name,
    ),
    Column(
        QT_TRANSLATE_NOOP("MemberEnrollments", "Period"),
        lambda e: period_text(e.period_start, e.period_end),
        tooltip=lambda e: f"{e.period_start:%Y-%m-%d} ～ {e.period_end:%Y-%m-%d}",
        raw=lambda e: e.period_start,
    ),
    Column(
        QT_TRANSLATE_NOOP("MemberEnrollments", "Shares"),
        lambda e: str(e.shares),
        raw=lambda e: e.shares,
        align=CENTER,
    ),
    Column(
        QT_TRANSLATE_NOOP("MemberEnrollments", "Premium"),
        lambda e: money_text(e.premium),
        raw=lambda e: e.premium,
        align=RIGHT,
    ),
    Column(
        QT_TRANSLATE_NOOP("MemberEnrollments", "Enrolled"),
        lambda e: day_text(e.enrolled_on),
        raw=lambda e: e.enrolled_on,
    ),
    Column(
        QT_TRANSLATE_NOOP("MemberEnrollments", "Renewal"),
        lambda e: _renewal_text(e.renewal),
        raw=lambda e: e.renewal,
        align=CENTER,
    ),
    Column(
        QT_TRANSLATE_NOOP("MemberEnrollments", "Cap left"),
        _left_text,
        raw=lambda e: e.left,
        align=RIGHT,
        tooltip=lambda e: _cap_tip(e),
        color=lambda e: "#b3261e" if e.left is not None and e.left <= 0 else None,
    ),
    Column(QT_TRANSLATE_NOOP("MemberEnrollments", "Batch"), lambda e: e.batch_no or ""),
    Column(
        QT_TRANSLATE_NOOP("MemberEnrollments", "Unit"),
        lambda e: e.unit_name or "",
        tooltip=lambda e: e.unit_name,
    ),
)


CLAIM_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("MemberClaims", "Claim no."), lambda c: c.claim_no),
    Column(QT_TRANSLATE_NOOP("MemberClaims", "Scheme"), lambda c: c.scheme_code),
    Column(
        QT_TRANSLATE_NOOP("MemberClaims", "Kind"), lambda c: claim_kind_text(c.kind), align=CENTER
    ),
    Column(
        QT_TRANSLATE_NOOP("MemberClaims", "Date covered"),
        lambda c: day_text(c.covered_date),
        raw=lambda c: c.covered_date,
    ),
    Column(
        QT_TRANSLATE_NOOP("MemberClaims", "State"),
        lambda c: claim_state_text(c.status),
        color=lambda c: "#b3261e" if c.status == "rejected" else None,
    ),
    Column(
        QT_TRANSLATE_NOOP("MemberClaims", "Payout"),
        lambda c: money_text(c.payout),
        raw=lambda c: c.payout,
        align=RIGHT,
    ),
    Column(
        QT_TRANSLATE_NOOP("MemberClaims", "Entered"),
        lambda c: f"{local(c.created_at):%Y-%m-%d %H:%M}",
        raw=lambda c: c.created_at,
    ),
    Column(QT_TRANSLATE_NOOP("MemberClaims", "Approval no."), lambda c: c.approval_no or ""),
)


class MemberPage(QWidget):
    """One member. Esc goes back to the list (asking first when there are unsaved changes)."""

    sig_back = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memberPage")
        self.ctx = ctx
        self.member_id: int | None = None
        self.detail: MemberDetail | None = None
        self.can_edit = ctx.can(Perm.MEMBERS)
        top = self._build_top()
        box = self._build_personal()
        self._build_history(top, box)
        self.recovery = keep_member_page(self)  # what is typed survives a crash (issue #12)

    def _build_top(self) -> QHBoxLayout:
        """Back to the list, who this is, and 参保 in a scheme."""
        ctx = self.ctx
        self.back_button = QPushButton(self.tr("← Back to the list (Esc)"))
        self.back_button.setObjectName("memberBack")
        self.back_button.clicked.connect(self.go_back)
        self.heading = QLabel()
        self.heading.setObjectName("memberHeading")
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600; color: #1d2733;")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.enroll_button = QPushButton(self.tr("&Enroll in a scheme…"))
        self.enroll_button.setObjectName("memberEnroll")
        self.enroll_button.clicked.connect(self.enroll)
        if not ctx.can(Perm.ENROLL):
            self.enroll_button.hide()
        self.save_button = QPushButton(
            self.tr("&Save (%1)").replace("%1", act.shortcut_text(act.SAVE))
        )
        self.save_button.setObjectName("memberSave")
        self.save_button.clicked.connect(self.save)
        # The page opens to read: the personal data are edited only after 修改 (F2), so that
        # the next card read (or a key meant elsewhere) cannot land in 姓名.
        self.editing = False
        self.edit_button = QPushButton(self.tr("&Modify personal data (F2)"))
        self.edit_button.setObjectName("memberEdit")
        self.edit_button.clicked.connect(self.start_editing)
        edit_key = QShortcut(QKeySequence(Qt.Key.Key_F2), self)
        edit_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        edit_key.activated.connect(self.start_editing)
        if not self.can_edit:
            self.save_button.hide()
            self.edit_button.hide()
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(12)
        top.addWidget(self.heading, 1)
        top.addWidget(self.enroll_button)
        return top

    def _build_personal(self) -> QGroupBox:
        """The member's personal data, editable by whoever may edit members."""
        ctx = self.ctx
        # Personal data
        box = self.personal = QGroupBox(self.tr("Personal data"))
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        unit_rows, cats = people_choices(ctx)
        self.fields = MemberFields(ctx, self.form, unit_rows, cats, self)
        self.fields.set_enabled(False)
        self.fields.changed.connect(self._update_save)
        self.error = error_label()
        self.audit_hint = hint(self.tr("Changes are recorded in the audit log."))
        box_lay = QVBoxLayout(box)
        box_lay.addLayout(self.form)
        box_lay.addWidget(self.error)
        save_row = QHBoxLayout()
        save_row.addWidget(self.audit_hint, 1)
        save_row.addWidget(self.edit_button)
        save_row.addWidget(self.save_button)
        box_lay.addLayout(save_row)
        box_lay.addStretch(1)
        wire_form(self, self.fields.fields(), self.save_button)
        return box

    def _build_history(self, top: QHBoxLayout, box: QGroupBox) -> None:
        """The member's enrollments and claims beside the personal data; the page's layout."""
        # Enrollments and claims
        self.enrollments = ListModel(ENROLLMENT_COLUMNS, context="MemberEnrollments", parent=self)
        self.enrollment_view = table_view(self.enrollments, "memberEnrollments", sortable=True)
        fit_columns(
            self.enrollment_view,
            [
                "HZ-2026-ZDJB",
                "2026-01-01～12-31",
                "份数",
                "1,000.00",
                "2026-01-01",
                "新参保",
                "剩余额度",
                "CB2026-00000",
                8,
            ],
        )
        self.claims = ListModel(CLAIM_COLUMNS, context="MemberClaims", parent=self)
        self.claim_view = table_view(self.claims, "memberClaims", sortable=True)
        fit_columns(
            self.claim_view,
            [
                "LP2026-000000",
                "HZ-2026-ZDJB",
                "类别",
                "2026-01-01",
                "不予给付",
                "20,000.00",
                "2026-01-01 00:00",
                8,
            ],
        )
        self.enrollment_title = QLabel()
        self.claim_title = QLabel()
        for lab in (self.enrollment_title, self.claim_title):
            lab.setStyleSheet("font-weight: 600;")
        self.enrollment_title.setBuddy(self.enrollment_view)
        self.claim_title.setBuddy(self.claim_view)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.enrollment_title)
        rl.addWidget(self.enrollment_view, 1)
        rl.addWidget(self.claim_title)
        rl.addWidget(self.claim_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("memberSplitter")
        self.splitter.addWidget(box)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([380, 810])

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.splitter, 1)

        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.go_back)

    # -- loading --------------------------------------------------------------------------
    def show_member(self, member_id: int) -> None:
        """Load a member (GUI thread: a handful of indexed reads)."""
        self.member_id = member_id
        self.reload(force=True)

    def reload(self, *, force: bool = False) -> None:
        """Read the member again; unsaved edits are kept unless ``force``."""
        if self.member_id is None:
            return
        with self.ctx.db.reader() as uow:
            detail = members.get_member(uow, self.member_id)
        keep_form = not force and self.fields.dirty()
        self.detail = detail
        m = detail.member
        age = age_on(m.birth_date, today())
        self.heading.setText(
            f"{m.name}\u3000{m.id_number}\u3000{gender_text(m.gender)}\u3000"
            + self.tr("born %1 (%2)").replace("%1", day_text(m.birth_date)).replace("%2", str(age))
        )
        if not keep_form:
            self.fields.load(detail)
            self.error.hide()
            self._set_editing(False)
        lines = enrollment_lines(detail)
        self.enrollments.set_rows(lines)
        self.claims.set_rows(list(detail.claims))
        self.enrollment_title.setText(self.tr("En&rollments (%1)").replace("%1", str(len(lines))))
        self.claim_title.setText(self.tr("C&laims (%1)").replace("%1", str(len(detail.claims))))
        self._update_save()

    def refresh_choices(self) -> None:
        """The unit list changed (a unit was added or renamed)."""
        unit_rows, _cats = people_choices(self.ctx)
        self.fields.unit.set_units(unit_rows)

    def claim_rows(self) -> list[ClaimRow]:
        return list(self.claims.rows)

    # -- actions --------------------------------------------------------------------------
    def focus_first(self) -> None:
        if self.editing:
            self.fields.name.setFocus()
        else:
            self.enrollment_view.setFocus()

    def start_editing(self) -> None:
        """修改 (F2): the personal data become editable, the cursor in 姓名."""
        if not self.can_edit or self.detail is None:
            return
        self._set_editing(True)
        self.fields.name.setFocus()
        self.fields.name.selectAll()

    def _set_editing(self, on: bool) -> None:
        self.editing = on and self.can_edit
        self.fields.set_enabled(self.editing)
        self.edit_button.setVisible(self.can_edit and not self.editing)
        self.save_button.setVisible(self.editing)

    def dirty(self) -> bool:
        return self.can_edit and self.detail is not None and self.fields.dirty()

    def _update_save(self) -> None:
        self.save_button.setEnabled(self.dirty())

    def go_back(self) -> None:
        if self.dirty() and not confirm(
            self,
            self.tr("Unsaved changes"),
            self.tr("The changes to this member are not saved. Leave without saving?"),
            self.tr("Leave without saving"),
            danger=True,
        ):
            return
        if self.detail is not None:
            self.fields.load(self.detail)
        self.recovery.write_now()  # left without saving on purpose: the copy goes
        self.sig_back.emit()

    def save(self) -> None:
        if self.member_id is None or not self.dirty():
            return
        try:
            data = self.fields.value()
        except UnitNotFound:
            self._refused(self.fields.unit_problem(), self.fields.unit)
            return
        actor, member_id = self.ctx.actor, self.member_id
        self.save_button.setEnabled(False)
        run_op(
            self.ctx,
            lambda uow: members.update_member(uow, actor, member_id, data),
            parent=self,
            done=self._saved,
            failed=lambda e: self._refused(error_text(e, self.ctx.lang)),
        )

    def _saved(self, done: Any) -> None:
        self.error.hide()
        self.reload(force=True)
        self.recovery.write_now()  # saved: the copy goes at once
        self.ctx.status(self.tr("Saved: %1").replace("%1", done.value.name))

    def _refused(self, text: str, field: QWidget | None = None) -> None:
        self.error.setText(text)
        self.error.show()
        self._update_save()
        if field is not None:
            field.setFocus()

    def enroll(self) -> None:
        if self.detail is None:
            return
        dlg = EnrollDialog(self.ctx, self.detail, self)
        dlg.finished.connect(lambda _r: self._after_enroll(dlg))
        dlg.open()

    def _after_enroll(self, dlg: EnrollDialog) -> None:
        if dlg.enrolled is not None:
            self.reload()
            self.ctx.status(self.tr("Enrolled in %1").replace("%1", dlg.enrolled.scheme_name))
        self.enrollment_view.setFocus()
