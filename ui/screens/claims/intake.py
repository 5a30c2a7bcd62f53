"""理赔受理 › 理赔录入: the clerk's main form, all by keyboard.

Find the member (the ID card reader, an ID prefix, a name or pinyin initials), the kind and its
dates, the enrollment covering them, hospital, diagnosis and the receipts; a live panel shows
the calculation — every line of 计算过程, each benefit, the payout, the cap left — recomputed on
every change. Ctrl+S saves a draft, Ctrl+Enter submits, Ctrl+N starts the next claim, Ctrl+O
opens one of the clerk's own claims, Ctrl+P prints the approval form (or rejection notice) of an
approved (rejected) claim.

The live preview runs on every change without making typing wait
(:mod:`ui.screens.claims.preview`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QInputMethodEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes, Done
from base.clock import local
from base.errors import DeskError
from base.money import fmt
from db import UnitOfWork
from desk_app.access.auth import Perm
from desk_app.claims import service as claims
from desk_app.claims.model import ClaimInput, ClaimProblems, ClaimView, Preview
from desk_app.people import members
from desk_app.people.idcard import typed_id_problem
from desk_app.people.members import MemberRow
from ui import actions as act
from ui.context import AppContext
from ui.messages import confirm, error_text, show_error
from ui.ops import Op, run_op
from ui.printing import preview_claim
from ui.screens.base import Screen
from ui.screens.claims.capture import attach_pages
from ui.screens.claims.drafts import MyClaimsDialog, my_draft_count
from ui.screens.claims.fields import CalcPanel, status_name
from ui.screens.claims.form import ClaimForm
from ui.screens.claims.preview import LivePreview
from ui.screens.claims.problems import ProblemBoard
from ui.screens.claims.recovery import keep_claim_form
from ui.screens.registry import register_screen
from ui.texts import QT_TRANSLATE_NOOP

T = TypeVar("T")


class ClaimIntakeScreen(Screen):
    """One claim at a time: new, a reopened draft, or a claim already submitted (read-only)."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("claimIntake")
        self.claim: ClaimView | None = None  # the stored claim shown, if any
        self.editable = True
        self.dirty = False
        self.preview: Preview | None = None
        self._busy = False
        self._carried: int | None = None  # the member brought along by Ctrl+N (F3 first)

        self.form = ClaimForm(ctx.db, self)
        self.banner = QLabel()
        self.banner.setObjectName("claimBanner")
        self.banner.setStyleSheet("QLabel#claimBanner { font-size: 11pt; font-weight: 600; }")
        self.drafts_button = QPushButton()
        self.drafts_button.setObjectName("draftsButton")
        self.drafts_button.setFlat(True)
        self.drafts_button.setToolTip(self.tr("Open one of my claims (Ctrl+O)"))
        self.drafts_button.clicked.connect(self.open_my_claims)
        self.calc_panel = CalcPanel(ctx.lang)
        self.calc_panel.setMinimumWidth(300)  # the window fits 1366×768 at 125 % (1093 px)
        self.board = ProblemBoard(self.form, ctx.lang)
        self.totals = QLabel()
        self.totals.setObjectName("hint")
        self.totals.setWordWrap(True)  # (it must not hold the window wider than the screen)

        self.save_button = QPushButton(self.tr("Save draft (%1)").replace("%1", "Ctrl+S"))
        self.save_button.setObjectName("saveDraftButton")
        self.save_button.clicked.connect(self.save)
        self.submit_button = QPushButton(
            self.tr("Submit for review (%1)").replace("%1", "Ctrl+Enter")
        )
        self.submit_button.setObjectName("submitButton")
        self.submit_button.clicked.connect(self.submit)
        self.withdraw_button = QPushButton(self.tr("Withdraw to correct"))
        self.withdraw_button.setObjectName("withdrawButton")
        self.withdraw_button.setToolTip(
            self.tr("Take a submitted claim back to draft before it is reviewed")
        )
        self.withdraw_button.clicked.connect(self.withdraw)
        self.print_button = QPushButton(self.tr("Print (%1)").replace("%1", "Ctrl+P"))
        self.print_button.setObjectName("printButton")
        self.print_button.clicked.connect(self.print_claim)
        self.new_button = QPushButton(self.tr("New claim (%1)").replace("%1", "Ctrl+N"))
        self.new_button.setObjectName("newClaimButton")
        self.new_button.clicked.connect(lambda: self.trigger(act.NEW_CLAIM))
        for b in (
            self.save_button,
            self.submit_button,
            self.withdraw_button,
            self.print_button,
            self.new_button,
        ):
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        for keys, slot in (
            ("Ctrl+O", self.open_my_claims),
            ("Ctrl+P", self.print_claim),
            ("F8", lambda: self.board.next_problem(1)),
            ("Shift+F8", lambda: self.board.next_problem(-1)),
        ):
            a = QAction(self)
            a.setShortcut(QKeySequence(keys))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(slot)
            self.addAction(a)

        self._build_layout()
        self.form.set_tab_order(
            [
                self.save_button,
                self.submit_button,
                self.withdraw_button,
                self.print_button,
                self.new_button,
                self.calc_panel.lines,
            ]
        )
        self.setStyleSheet(
            'QLineEdit[invalid="true"], QComboBox[invalid="true"] '
            "{ border: 1px solid #b3261e; background: #fff6f5; }"
        )
        self.live = LivePreview(ctx, self)
        self.live.due.connect(self.run_preview)
        self.live.ready.connect(self._previewed)
        self.live.failed.connect(self._preview_failed)
        # Typing into the member field of a claim only shown (just submitted, say) starts the
        # next claim: the next person's ID card can be read without Ctrl+N first.
        self.form.member_line.installEventFilter(self)
        self.form.changed.connect(self._on_changed)
        self.form.not_found.connect(self._member_not_found)
        self.form.papers.attach_requested.connect(lambda code: attach_pages(self, code))
        self.form.member_changed.connect(lambda _m: self._update_totals())
        self.new_claim(ask=False)
        self.recovery = keep_claim_form(self)  # what is typed survives a crash (issue #12)

    def _build_layout(self) -> None:
        head = QHBoxLayout()
        head.addWidget(self.banner, 1)
        head.addWidget(self.drafts_button)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(head)
        left.addLayout(self.form.layout())
        left.addStretch(1)
        top = QWidget()
        top_lay = QHBoxLayout(top)
        top_lay.setContentsMargins(0, 0, 0, 0)
        top_lay.setSpacing(12)
        top_lay.addLayout(left, 3)
        top_lay.addWidget(self.calc_panel, 2)

        receipts_label = QLabel(self.tr("&Receipts:"))
        receipts_label.setBuddy(self.form.grid)
        grid_head = QHBoxLayout()
        grid_head.addWidget(receipts_label)
        grid_head.addWidget(self.totals, 1)
        bottom = QWidget()
        b_lay = QVBoxLayout(bottom)
        b_lay.setContentsMargins(0, 0, 0, 0)
        b_lay.setSpacing(4)
        b_lay.addLayout(grid_head)
        b_lay.addWidget(self.form.grid, 1)
        b_lay.addWidget(self.board)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        b_lay.addLayout(buttons)
        self.form.grid.setMinimumHeight(110)  # two receipts and the blank row at 125 %
        self.form.grid.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("intakeSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addWidget(self.splitter)

    # -- Screen -----------------------------------------------------------------------------
    def handles(self, action: str) -> bool:
        if action == act.NEW_CLAIM:
            return True
        if action in (act.SAVE, act.SUBMIT):
            return self.editable and self.ctx.can(Perm.CLAIMS)
        return action == act.REFRESH

    def take_member(self, member_id: int) -> None:
        self._carried = member_id

    def carried_member(self) -> int | None:
        member = self.form.member
        return member.id if member is not None else None

    def trigger(self, action: str) -> None:
        if action == act.NEW_CLAIM:
            self.new_claim()
        elif action == act.SAVE:
            self.save()
        elif action == act.SUBMIT:
            self.submit()
        elif action == act.REFRESH:
            self.refresh()

    def focus_first(self) -> None:
        if self.editable and self.form.member is None:
            self.form.member_line.setFocus()
        elif self.editable:
            self.form.advance_from(self.form.member_line)
        else:
            self.form.member_line.setFocus()  # the next card or name starts the next claim

    def affected_by(self, changes: Changes) -> bool:
        return changes.claims or changes.members or changes.enrollments or changes.schemes

    def refresh(self) -> None:
        """Another claim (or the member) changed: reload a stored claim that is only shown,
        and calculate the one being typed again."""
        self._update_drafts()
        if self.claim is not None and not self.editable:
            self._reload(self.claim.id)
        elif self.editable:
            self.schedule_preview()

    def save_layout(self, store: Any) -> None:
        store.setValue("splitter", self.splitter.saveState())

    def restore_layout(self, store: Any) -> None:
        state = store.value("splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.form.member_line and not self.editable:
            starts = False
            if event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                starts = bool(event.text().strip()) and mods in (
                    Qt.KeyboardModifier.NoModifier,
                    Qt.KeyboardModifier.ShiftModifier,
                )
            elif event.type() == QEvent.Type.InputMethod:
                assert isinstance(event, QInputMethodEvent)
                starts = bool(event.commitString() or event.preeditString())
            if starts:
                self.new_claim(ask=False)  # the line is editable again and takes this key
        return False

    # -- the claim shown --------------------------------------------------------------------
    def new_claim(self, *, ask: bool = True) -> None:
        """Ctrl+N: an empty form, the cursor in the member field; or, coming from a member's
        page (F3), the form for that member, the cursor in the first date."""
        carried, self._carried = self._carried, None
        if ask:
            self.leave_then(lambda: self._new_claim_for(carried))
            return
        self._new_claim_for(carried)

    def _new_claim_for(self, member_id: int | None) -> None:
        self.claim = None
        self._set_editable(True)
        self.form.clear()
        self.dirty = False
        self.preview = None
        self.board.clear()
        self.calc_panel.show_nothing(self.tr("Find the member to begin."))
        self._show_banner()
        self._update_drafts()
        self._update_totals()
        rows: list[MemberRow] = []
        if member_id is not None:
            with self.ctx.db.reader() as uow:
                rows = members.member_rows(uow, [member_id])
        if rows:
            self.form.choose_member(rows[0])
            self.dirty = False
            self.form.advance_from(self.form.member_line)
        else:
            self.form.member_line.setFocus()

    def load_claim(self, claim_id: int) -> None:
        """Show a stored claim: a draft to continue, anything else read-only."""
        with self.ctx.db.reader() as uow:
            v = claims.get_claim(uow, claim_id)
            rows = members.member_rows(uow, [v.member_id])
        self.claim = v
        self._set_editable(v.status == "draft" and self.ctx.can(Perm.CLAIMS))
        self.form.load(v, rows[0] if rows else None)
        self.dirty = False
        self.board.clear()
        if self.editable:
            self.run_preview()
        elif v.calc is not None:
            self.calc_panel.show_calc(v.calc)
        else:
            self.calc_panel.show_nothing()
        self._show_banner()
        self._update_totals()
        self.focus_first()

    def _reload(self, claim_id: int) -> None:
        try:
            self.load_claim(claim_id)
        except DeskError:  # deleted meanwhile (a draft deleted from another desk)
            self.new_claim(ask=False)

    def _set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.form.set_editable(editable)
        status = self.claim.status if self.claim is not None else "draft"
        self.save_button.setEnabled(editable)
        self.submit_button.setEnabled(editable)
        self.withdraw_button.setVisible(status == "submitted")
        self.print_button.setEnabled(
            status in ("approved", "paid", "reported", "rejected") and self.ctx.can(Perm.PRINT)
        )
        self.actions_changed.emit()

    def _show_banner(self) -> None:
        v = self.claim
        if v is None:
            self.banner.setText(self.tr("New claim"))
            return
        text = (
            self.tr("Claim %1 · %2")
            .replace("%1", v.claim_no)
            .replace("%2", status_name(v.status, self.ctx.lang))
        )
        if v.approval_no:
            text += " · " + self.tr("approval no. %1").replace("%1", v.approval_no)
        if v.submitted_at is not None:
            text += " · " + self.tr("submitted %1").replace(
                "%1", f"{local(v.submitted_at):%Y-%m-%d %H:%M}"
            )
        self.banner.setText(text)

    def _update_drafts(self) -> None:
        n = my_draft_count(self.ctx)
        self.drafts_button.setText(self.tr("My drafts: %1 (Ctrl+O)").replace("%1", str(n)))

    def _update_totals(self) -> None:
        model = self.form.receipts
        n = len(model.filled_rows())
        sums = model.sums()
        self.totals.setText(
            self.tr("%1 receipt(s), total %2, pooled fund %3")
            .replace("%1", str(n))
            .replace("%2", fmt(sums["total"]))
            .replace("%3", fmt(sums["fund_paid"]))
            if n
            else self.tr("Type each invoice: Enter moves to the next cell.")
        )

    def leave_then(self, then: Callable[[], None]) -> None:
        """Before the form is replaced: offer to keep what was typed, then do ``then`` (after
        the draft is saved, or at once)."""
        if not (self.dirty and self.editable and self.form.member is not None):
            then()
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Unsaved claim"))
        box.setText(self.tr("The claim being typed is not saved. Save it as a draft?"))
        save = box.addButton(self.tr("Save draft"), QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        box.exec()
        if box.clickedButton() is save:
            self.save(then=then)
        elif box.clickedButton() is drop:
            then()

    # -- live check and calculation ---------------------------------------------------------
    def _on_changed(self) -> None:
        self.dirty = True
        self._update_totals()
        self.schedule_preview()

    def schedule_preview(self) -> None:
        if self.editable:
            self.live.schedule()

    def run_preview(self) -> None:
        """Check and calculate the claim as typed (see :mod:`ui.screens.claims.preview`)."""
        data = self.form.to_input()
        if data is None:
            self.live.cancel()
            self.preview = None
            if self.form.member is not None or self.form.receipts.filled_rows():
                # (with nothing typed yet, what was said about the member field stays)
                self.board.show_problems(None, self.form.receipts)
            why = (
                self.tr("Find the member to begin.")
                if self.form.member is None
                else self.tr("Correct the amounts marked red.")
            )
            self.calc_panel.show_nothing(why)
            return
        self.live.request(data, self.claim.id if self.claim is not None else None)

    def _previewed(self, p: Preview) -> None:
        if not self.editable:
            return  # stored meanwhile (submitted): the panel shows the stored calculation
        self.preview = p
        self.board.show_problems(p.problems, self.form.receipts)
        if p.calc is not None:
            self.calc_panel.show_calc(p.calc, live=True)
        else:
            self.calc_panel.show_nothing(self.board.first_text())

    def _preview_failed(self, exc: BaseException) -> None:
        self.calc_panel.show_nothing(error_text(exc, self.ctx.lang))

    def _member_not_found(self, text: str) -> None:
        wrong = typed_id_problem(text)
        if wrong is not None:  # a misread card or a typo: say what is wrong with the number
            self.board.say(wrong.text(self.ctx.lang), error=True)
            self.form.member_line.selectAll()
            return
        self.board.say(
            self.tr("No member matches “%1”. Enroll the member first (参保登记).").replace(
                "%1", text
            )
        )

    # -- saving -----------------------------------------------------------------------------
    def _input_or_say(self) -> ClaimInput | None:
        """The input to store, or None after saying what to fix first."""
        self.form.grid.commit_open_editor()
        if self.form.member is None:
            self.board.say(self.tr("Find the member first."))
            self.form.member_line.setFocus()
            return None
        if self.form.enrollment_id() is None:
            self.board.say(self.tr("Choose the scheme the claim is under."))
            self.form.enrollment.setFocus()
            return None
        bad_date = next(
            (f for f in self.form.dates.values() if f.isVisible() and f.invalid()), None
        )
        if bad_date is not None:
            self.board.say(self.tr("“%1” is not a date.").replace("%1", bad_date.text()))
            bad_date.setFocus()
            return None
        data = self.form.to_input()
        local_errors = [
            (row, f, p) for row, f, p in self.form.receipts.all_problems() if p.severity == "error"
        ]
        if data is None or local_errors:
            self.run_preview()
            self.board.focus_first_problem()
            return None
        return data

    def save(self, *, then: Callable[[], None] | None = None) -> None:
        """Ctrl+S: store the claim as a draft (录入中); ``then`` runs once it is stored."""
        if not self.editable or self._busy:
            return
        data = self._input_or_say()
        if data is None:
            return
        actor = self.ctx.actor
        claim_id = self.claim.id if self.claim is not None else None

        def job(uow: UnitOfWork) -> Done[ClaimView]:
            return claims.save_draft(uow, actor, data, claim_id=claim_id)

        def done(result: Done[ClaimView]) -> None:
            v = result.value
            self._stored(v, self.tr("Draft %1 saved.").replace("%1", v.claim_no))
            if then is not None:
                then()

        self._run(job, done)

    def submit(self) -> None:
        """Ctrl+Enter: save and submit for review in one transaction (nothing is stored when
        the claim cannot be submitted)."""
        if not self.editable or self._busy:
            return
        data = self._input_or_say()
        if data is None:
            return
        actor = self.ctx.actor
        claim_id = self.claim.id if self.claim is not None else None

        def job(uow: UnitOfWork) -> Done[ClaimView]:
            saved = claims.save_draft(uow, actor, data, claim_id=claim_id)
            done = claims.submit(uow, actor, saved.value.id)
            return Done(done.value, saved.changes | done.changes)

        def done(result: Done[ClaimView]) -> None:
            v = result.value
            calc = v.calc
            if calc is not None and calc.status == "payable":
                text = (
                    self.tr("Claim %1 submitted for review: payout %2 yuan.")
                    .replace("%1", v.claim_no)
                    .replace("%2", fmt(calc.payout))
                )
            else:
                text = self.tr("Claim %1 submitted for review.").replace("%1", v.claim_no)
            self._stored(v, text)
            self.form.member_line.setFocus()  # the next card or name starts the next claim

        self._run(job, done)

    def _run(self, job: Op[T], done: Callable[[Done[T]], None]) -> None:
        """Run an operation on the claim (ui.ops); the form is busy until it comes back."""
        self._busy = True

        def finished(result: Any) -> None:
            self._busy = False
            done(result)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._refused(exc)

        run_op(self.ctx, job, parent=self, done=finished, failed=failed)

    def _stored(self, v: ClaimView, text: str) -> None:
        self.live.cancel()
        self.claim = v
        self.dirty = False
        self._set_editable(v.status == "draft")
        if not self.editable:
            self.form.load(v, self.form.member)
            if v.calc is not None:
                self.calc_panel.show_calc(v.calc)
        self._show_banner()
        self._update_drafts()
        self.board.say(text, ok=True)
        self.ctx.status(text)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ClaimProblems):
            self.board.show_problems(exc.problems, self.form.receipts, blocking_only=True)
            self.board.focus_first_problem()
        elif isinstance(exc, DeskError):
            self.board.say(exc.text(self.ctx.lang), error=True)
        else:
            show_error(self, exc, self.ctx.lang)

    # -- other actions ----------------------------------------------------------------------
    def withdraw(self) -> None:
        v = self.claim
        if v is None or v.status != "submitted":
            return
        if not confirm(
            self,
            self.tr("Withdraw claim"),
            self.tr(
                "Take claim %1 back to draft to correct it? It leaves the review queue."
            ).replace("%1", v.claim_no),
            self.tr("Withdraw"),
        ):
            return
        actor = self.ctx.actor

        def job(uow: UnitOfWork) -> Done[ClaimView]:
            return claims.withdraw(uow, actor, v.id)

        def done(result: Done[ClaimView]) -> None:
            self.load_claim(result.value.id)
            self.board.say(self.tr("Claim %1 is a draft again.").replace("%1", v.claim_no), ok=True)

        self._run(job, done)

    def print_claim(self) -> None:
        """Ctrl+P: the approval form (approved) or the rejection notice (rejected)."""
        v = self.claim
        if v is None or not self.print_button.isEnabled():
            self.board.say(
                self.tr("Only an approved or rejected claim can be printed."), error=True
            )
            return
        preview_claim(self.ctx, v.id, self)

    def open_my_claims(self) -> None:
        """Ctrl+O: my drafts (and my other claims), to continue or look at."""
        dlg = MyClaimsDialog(self.ctx, self)
        dlg.chosen.connect(self._open_chosen)
        dlg.open()

    def _open_chosen(self, claim_id: int) -> None:
        self.leave_then(lambda: self._reload(claim_id))


register_screen(
    "claims",
    ClaimIntakeScreen,
    section="claims",
    title=QT_TRANSLATE_NOOP("Screens", "Claim intake"),
    order=10,
    perm=Perm.CLAIMS,
)
