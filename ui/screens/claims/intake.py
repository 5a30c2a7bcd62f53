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
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
)

from base.changes import Changes, Done
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
from ui.screens.claims.fields import CalcPanel
from ui.screens.claims.form import ClaimForm
from ui.screens.claims.intake_checks import input_or_say
from ui.screens.claims.intake_layout import (
    add_shortcuts,
    banner_text,
    build_layout,
    buttons,
    make_buttons,
    totals_text,
)
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
        self.save_button: QPushButton
        self.submit_button: QPushButton
        self.withdraw_button: QPushButton
        self.print_button: QPushButton
        self.new_button: QPushButton
        self.splitter: QSplitter

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

        make_buttons(self)
        add_shortcuts(self)
        build_layout(self)
        self.form.set_tab_order([*buttons(self), self.calc_panel.lines])
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
        self.banner.setText(banner_text(self.claim, self.ctx.lang))

    def _update_drafts(self) -> None:
        n = my_draft_count(self.ctx)
        self.drafts_button.setText(self.tr("My drafts: %1 (Ctrl+O)").replace("%1", str(n)))

    def _update_totals(self) -> None:
        self.totals.setText(totals_text(self.form.receipts))

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
        return input_or_say(self)

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
