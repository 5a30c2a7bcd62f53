"""方案 › 试算: "what would I get?" at the counter, with no database writes.

Pick a scheme, say what matters about the member (shares, enrollment date, renewal,
categories; or bring them in from a registered member by ID number), enter one or more claims
with their dates, disease and receipts, and the engine (``desk_app.schemes.engine``) answers as
the clerk types: each benefit, the payout, the cap left and every line of the 计算过程. The same
engine calculates real claims, so the answer here is the answer the member will get, as long as
the member has no earlier claims in the period that are not entered here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes
from base.clock import today
from base.errors import DeskError
from desk_app.access.auth import Perm
from desk_app.people import members
from desk_app.people.idcard import normalise, typed_id_problem
from desk_app.people.rules import BUILTIN_CATEGORIES, known_categories
from desk_app.schemes import case, engine, store
from desk_app.schemes.model import ClaimResult, MemberFacts, Scheme
from ui import actions as act
from ui.context import AppContext
from ui.keyboard import set_tab_order, wire_form
from ui.messages import show_error
from ui.screens.base import Screen
from ui.screens.enrollment.enroll_dialog import default_scheme
from ui.screens.registry import register_screen
from ui.screens.schemes.trial_claim import ClaimEditor, TrialInputError
from ui.screens.schemes.trial_result import TrialResult
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets import forms as mw
from ui.widgets.forms import DateField, SchemePicker
from ui.widgets.member_search_texts import category_text

RECALC_MS = 200  # a pause in typing this long recalculates


class TrialScreen(Screen):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("trialScreen")
        self.results: tuple[ClaimResult, ...] = ()
        self.problem: str = ""
        self._scheme_cache: tuple[int, Scheme] | None = None
        top = self._build_member_row()
        left = self._build_claims_column()
        self.result = TrialResult()
        self.payout_label, self.result_view = self.result.payout_label, self.result.view
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("trialSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editors)
        self.splitter.addWidget(self.result)
        self.splitter.setSizes([190, 470, 520])
        self.splitter.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.splitter, 1)
        self._connect()
        self._load_schemes()
        self.add_claim(focus=False)
        self.enrolled_on.set_value(self._default_enrolled_on())
        self._tab_order()
        self.calculate()

    def _build_member_row(self) -> QGridLayout:
        """The scheme and what matters about the member, or their ID number to bring it in."""
        self.scheme = SchemePicker()
        self.scheme.setObjectName("trialScheme")
        self.shares = QSpinBox()
        self.shares.setObjectName("trialShares")
        self.shares.setRange(1, 1)
        self.enrolled_on = DateField()
        self.enrolled_on.setObjectName("trialEnrolledOn")
        self.renewal = QCheckBox(self.tr("&Renewal (enrolled in the previous period)"))
        self.renewal.setObjectName("trialRenewal")
        self.lump_before = QCheckBox(self.tr("Lump sum paid in an earlier &year"))
        self.lump_before.setObjectName("trialLumpBefore")
        self.category_row = QHBoxLayout()
        self.category_row.setContentsMargins(0, 0, 0, 0)
        self.category_boxes: dict[str, QCheckBox] = {}
        self.member_id = QLineEdit()
        self.member_id.setObjectName("trialMemberId")
        self.member_id.setPlaceholderText(self.tr("ID number of a registered member"))
        self.member_id.setMaxLength(24)
        self.member_id.setMaximumWidth(
            self.member_id.fontMetrics().horizontalAdvance("33060219800101123X") + 40
        )
        self.member_button = QPushButton(self.tr("&Bring in"))
        self.member_button.setObjectName("trialBringIn")
        self.member_button.setToolTip(
            self.tr("Fill in the member's shares, enrollment date, renewal and categories")
        )
        self.member_button.clicked.connect(self.bring_in_member)
        self.member_id.returnPressed.connect(self.bring_in_member)

        top = QGridLayout()
        top.setHorizontalSpacing(8)
        top.addWidget(self._label(self.tr("&Scheme:"), self.scheme), 0, 0)
        top.addWidget(self.scheme, 0, 1, 1, 3)
        top.addWidget(self._label(self.tr("Shares:"), self.shares), 0, 4)
        top.addWidget(self.shares, 0, 5)
        top.addWidget(self._label(self.tr("&Enrolled on:"), self.enrolled_on), 0, 6)
        top.addWidget(self.enrolled_on, 0, 7)
        top.addWidget(self._label(self.tr("Member &ID:"), self.member_id), 0, 8)
        top.addWidget(self.member_id, 0, 9)
        top.addWidget(self.member_button, 0, 10)
        cats = QWidget()
        cats.setLayout(self.category_row)
        top.addWidget(QLabel(self.tr("Categories:")), 1, 0, Qt.AlignmentFlag.AlignRight)
        top.addWidget(cats, 1, 1, 1, 3)
        top.addWidget(self.renewal, 1, 4, 1, 4)
        top.addWidget(self.lump_before, 1, 8, 1, 3)
        top.setColumnStretch(3, 1)
        top.setColumnStretch(9, 1)
        return top

    def _build_claims_column(self) -> QWidget:
        """The claims entered, oldest first, and the buttons that add, remove and load."""
        self.claim_list = QListWidget()
        self.claim_list.setObjectName("trialClaims")
        self.claim_list.setMaximumWidth(220)
        self.editors = QStackedWidget()
        self.add_claim_button = QPushButton(self.tr("&Add a claim"))
        self.add_claim_button.setObjectName("trialAddClaim")
        self.add_claim_button.clicked.connect(lambda: self.add_claim(focus=True))
        self.remove_claim_button = QPushButton(self.tr("Remove this c&laim"))
        self.remove_claim_button.setObjectName("trialRemoveClaim")
        self.remove_claim_button.clicked.connect(self.remove_claim)
        self.clear_button = QPushButton(self.tr("&New trial"))
        self.clear_button.setObjectName("trialClear")
        self.clear_button.clicked.connect(self.clear)
        self.case_button = QPushButton(self.tr("Load a &case file…"))
        self.case_button.setObjectName("trialLoadCase")
        self.case_button.clicked.connect(self.load_case_file)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        claims_title = self._label(self.tr("Claims in the period, oldest first"), self.claim_list)
        claims_title.setStyleSheet("font-weight: 600;")
        ll.addWidget(claims_title)
        ll.addWidget(self.claim_list, 1)
        ll.addWidget(self.add_claim_button)
        ll.addWidget(self.remove_claim_button)
        ll.addSpacing(12)
        ll.addWidget(self.clear_button)
        ll.addWidget(self.case_button)
        return left

    def _connect(self) -> None:
        """Every change recalculates after a pause in typing (``RECALC_MS``)."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECALC_MS)
        self._timer.timeout.connect(self.calculate)
        self.scheme.currentIndexChanged.connect(lambda _i: self._scheme_changed())
        self.scheme.editTextChanged.connect(lambda _t: self._scheme_changed())
        self.shares.valueChanged.connect(lambda _v: self.changed())
        self.enrolled_on.textChanged.connect(lambda _t: self.changed())
        self.renewal.toggled.connect(lambda _b: self.changed())
        self.lump_before.toggled.connect(lambda _b: self.changed())
        self.claim_list.currentRowChanged.connect(self._claim_selected)
        wire_form(
            self,
            [self.scheme, self.shares, self.enrolled_on],
            lambda: self.current_editor().first_field().setFocus(),
        )

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        lab = QLabel(text)
        lab.setBuddy(buddy)
        lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return lab

    def _tab_order(self) -> None:
        order: list[QWidget] = [self.scheme, self.shares, self.enrolled_on, self.member_id]
        order += [self.member_button, *self.category_boxes.values(), self.renewal]
        order += [self.lump_before, self.claim_list]
        ed = self.current_editor()
        order += [ed.kind, ed.admission, ed.discharge, ed.visit, ed.death_day, ed.disease, ed.grid]
        order += [ed.add_receipt_button, ed.remove_receipt_button, self.add_claim_button]
        order += [self.remove_claim_button, self.clear_button, self.case_button]
        order += [self.result_view]
        set_tab_order(order)

    # -- Screen ---------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.schemes

    def refresh(self) -> None:
        self._load_schemes()

    def handles(self, action: str) -> bool:
        return action in (act.SUBMIT, act.REFRESH)

    def trigger(self, action: str) -> None:
        if action == act.SUBMIT:
            self.calculate()
            self.result_view.setFocus()
        elif action == act.REFRESH:
            self.refresh()

    def focus_first(self) -> None:
        self.scheme.setFocus()
        self.scheme.line().selectAll()

    def save_layout(self, store_: Any) -> None:
        store_.setValue("splitter", self.splitter.saveState())

    def restore_layout(self, store_: Any) -> None:
        state = store_.value("splitter")
        if state is not None:
            self.splitter.restoreState(state)

    # -- scheme and member ----------------------------------------------------------------
    def _load_schemes(self) -> None:
        with self.ctx.db.reader() as uow:
            schemes = store.list_schemes(uow)
            known = known_categories(uow.session)
        current = self.scheme.scheme()
        active = [s for s in schemes if s.active]
        pick = current or default_scheme(active or schemes, today())
        self.scheme.set_schemes(schemes, prefer=pick.id if pick else None)
        cats = [c for c in BUILTIN_CATEGORIES if c in known]
        cats += sorted(known - set(BUILTIN_CATEGORIES))
        if list(self.category_boxes) != cats:
            chosen = self.categories()
            for box in self.category_boxes.values():
                box.deleteLater()
            self.category_boxes = {}
            while self.category_row.count():
                self.category_row.takeAt(0)
            for code in cats:
                box = QCheckBox(category_text(code))
                box.setObjectName(f"trialCategory_{code}")
                box.setChecked(code in chosen)
                box.toggled.connect(lambda _b: self.changed())
                self.category_boxes[code] = box
                self.category_row.addWidget(box)
            self.category_row.addStretch(1)

    def _default_enrolled_on(self) -> date:
        s = self.scheme.scheme()
        return s.period_start if s is not None else today()

    def _scheme_changed(self) -> None:
        s = self.scheme.scheme()
        self.shares.setMaximum(s.max_shares if s else 1)
        self.changed()

    def categories(self) -> tuple[str, ...]:
        return tuple(c for c, box in self.category_boxes.items() if box.isChecked())

    def loaded_scheme(self) -> Scheme | None:
        s = self.scheme.scheme()
        if s is None:
            return None
        if self._scheme_cache is None or self._scheme_cache[0] != s.id:
            with self.ctx.db.reader() as uow:
                self._scheme_cache = (s.id, store.load_scheme(uow, s.id))
        return self._scheme_cache[1]

    def bring_in_member(self) -> None:
        """Fill the member's facts from the register: categories always; shares, enrollment
        date and renewal from their enrollment in the chosen scheme."""
        number = normalise(self.member_id.text())
        if not number:
            return
        with self.ctx.db.reader() as uow:
            row = members.find_by_id_number(uow, number)
            detail = members.get_member(uow, row.id) if row is not None else None
        wrong = typed_id_problem(number)
        if detail is None and wrong is not None:
            self.ctx.status(wrong.text(self.ctx.lang))
            self.member_id.selectAll()
            return
        if detail is None:
            self.ctx.status(self.tr("No member has the ID number %1.").replace("%1", number))
            self.member_id.selectAll()
            return
        chosen = set(detail.member.categories)
        for code, box in self.category_boxes.items():
            box.setChecked(code in chosen)
        s = self.scheme.scheme()
        e = next((e for e in detail.enrollments if s is not None and e.scheme_id == s.id), None)
        if e is None:
            self.ctx.status(
                self.tr(
                    "%1 is not enrolled in this scheme; only the categories were filled in."
                ).replace("%1", detail.member.name)
            )
        else:
            self.shares.setValue(e.shares)
            self.enrolled_on.set_value(e.enrolled_on)
            self.renewal.setChecked(e.renewal)
            self.ctx.status(
                self.tr("%1's enrollment brought in.").replace("%1", detail.member.name)
            )
        self.changed()
        self.current_editor().first_field().setFocus()

    # -- claims ---------------------------------------------------------------------------
    def editors_list(self) -> list[ClaimEditor]:
        return [self.editors.widget(i) for i in range(self.editors.count())]  # type: ignore[misc]

    def current_editor(self) -> ClaimEditor:
        w = self.editors.currentWidget()
        assert isinstance(w, ClaimEditor)
        return w

    def add_claim(self, *, focus: bool = True) -> ClaimEditor:
        ed = ClaimEditor()
        ed.changed.connect(self.changed)
        self.editors.addWidget(ed)
        self.claim_list.addItem("")
        self.claim_list.setCurrentRow(self.claim_list.count() - 1)
        self._name_claims()
        if focus:
            ed.first_field().setFocus()
        return ed

    def remove_claim(self) -> None:
        row = self.claim_list.currentRow()
        if self.editors.count() <= 1 or row < 0:
            return
        ed = self.editors.widget(row)
        if ed is None:
            return
        self.editors.removeWidget(ed)
        ed.deleteLater()
        self.claim_list.takeItem(row)
        self.claim_list.setCurrentRow(min(row, self.claim_list.count() - 1))
        self._name_claims()
        self.changed()
        self.claim_list.setFocus()

    def _claim_selected(self, row: int) -> None:
        if 0 <= row < self.editors.count():
            self.editors.setCurrentIndex(row)
            self._tab_order()

    def _name_claims(self) -> None:
        for i, ed in enumerate(self.editors_list()):
            item = self.claim_list.item(i)
            if item is not None:
                item.setText(f"{i + 1}. {ed.summary()}")  # the same in every language

    def clear(self) -> None:
        """A new trial: one empty claim, the member's facts reset."""
        while self.editors.count() > 1:
            self.claim_list.setCurrentRow(self.editors.count() - 1)
            self.remove_claim()
        first = self.editors_list()[0]
        self.editors.removeWidget(first)
        first.deleteLater()
        self.claim_list.clear()
        self.add_claim(focus=False)
        self.shares.setValue(1)
        self.renewal.setChecked(False)
        self.lump_before.setChecked(False)
        for box in self.category_boxes.values():
            box.setChecked(False)
        self.member_id.clear()
        self.enrolled_on.set_value(self._default_enrolled_on())
        self.calculate()
        self.focus_first()

    def load_case_file(self) -> None:
        """A case file of the spec's format (the city's worked examples)."""
        path = mw.choose_open_file(
            self, self.tr("Load a case file"), self.tr("Case files (*.json);;All files (*)")
        )
        if not path:
            return
        try:
            data = case.read_case_file(Path(path))
        except DeskError as exc:
            show_error(self, exc, self.ctx.lang)
            return
        self.load_case(data.member, list(data.claims))

    def load_case(self, member: MemberFacts, claims: list[Any]) -> None:
        self.shares.setValue(member.shares)
        self.enrolled_on.set_value(member.enrolled_on)
        self.renewal.setChecked(member.renewal)
        self.lump_before.setChecked(member.lump_sum_paid_before)
        for code, box in self.category_boxes.items():
            box.setChecked(code in member.categories)
        while self.editors.count() > 1:
            self.claim_list.setCurrentRow(self.editors.count() - 1)
            self.remove_claim()
        for i, c in enumerate(claims):
            ed = self.editors_list()[0] if i == 0 else self.add_claim(focus=False)
            ed.load(c)
        self.claim_list.setCurrentRow(0)
        self._name_claims()
        self.calculate()

    # -- the calculation ------------------------------------------------------------------
    def changed(self) -> None:
        self._name_claims()
        self._timer.start()

    def member_facts(self) -> MemberFacts:
        try:
            enrolled_on = self.enrolled_on.value()
        except ValueError:
            raise TrialInputError(
                self.tr("The enrollment date is not a date."), self.enrolled_on
            ) from None
        if enrolled_on is None:
            raise TrialInputError(self.tr("Fill in the enrollment date."), self.enrolled_on)
        return MemberFacts(
            shares=self.shares.value(),
            enrolled_on=enrolled_on,
            renewal=self.renewal.isChecked(),
            categories=self.categories(),
            lump_sum_paid_before=self.lump_before.isChecked(),
        )

    def calculate(self) -> None:
        """Run the engine on what is typed (GUI thread: pure arithmetic, microseconds)."""
        self._timer.stop()
        try:
            scheme = self.loaded_scheme()
        except DeskError as exc:
            self._show_problem(self.ctx.text(exc))
            return
        if scheme is None:
            self._show_problem(self.tr("Choose a scheme from the list."))
            return
        try:
            member = self.member_facts()
            claims = []
            for i, ed in enumerate(self.editors_list()):
                try:
                    claims.append(ed.engine_claim())
                except TrialInputError as exc:
                    raise TrialInputError(
                        self.tr("Claim %1: %2").replace("%1", str(i + 1)).replace("%2", exc.text),
                        exc.widget,
                    ) from None
        except TrialInputError as exc:
            self._show_problem(exc.text)
            return
        self.problem = ""
        self.results = engine.calculate(scheme, member, claims)
        self._show_results(scheme)

    def _show_problem(self, text: str) -> None:
        self.problem = text
        self.results = ()
        self.result.show_problem(text)

    def _show_results(self, _scheme: Scheme) -> None:
        self.result.show_results(self.results, self.ctx.lang)

    def result_lines(self) -> list[str]:
        """Every 计算过程 line shown, in order (for tests and copying)."""
        return [line for r in self.results for line in r.lines]


register_screen(
    "trial",
    TrialScreen,
    section="schemes",
    title=QT_TRANSLATE_NOOP("Screens", "Trial calculation"),
    order=20,
    perm=Perm.VIEW,
)
