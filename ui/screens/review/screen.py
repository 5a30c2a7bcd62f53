"""审核审批: the reviewer's queue and the claim opened from it.

The queue is a model of claim ids (``claims.queue_ids``: filtered and sorted in SQL) whose rows
are read a page at a time (``claims.queue_rows``). Enter opens a claim read-only with its
receipts and 计算过程; J/K (or the arrows) move through the queue, A approves (after a
confirmation answered with Enter), R rejects with a reason, U takes a decision back (回退)
before payment, P prints the approval form or rejection notice (Shift+P: the form with the
claim's papers as an annex), Esc returns to the queue.
批量审批 approves every payable claim the filter shows, except the reviewer's own.

Only a reviewer sees this section (the registry's permission); the services enforce the rules
anyway. A claim the reviewer entered or edited says so, and its decisions are disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes, Done
from base.errors import DeskError
from base.money import fmt
from db import UnitOfWork
from desk_app.access.auth import Perm
from desk_app.claims import service as claims
from desk_app.claims.model import ClaimView, QueueFilter
from ui.context import AppContext
from ui.messages import confirm, inform, show_error
from ui.ops import Op, run_op
from ui.screens.base import Screen
from ui.screens.claims.drafts import ClaimTable, claim_model
from ui.screens.claims.fields import reason_name, status_name
from ui.screens.registry import register_screen
from ui.screens.review import batch
from ui.screens.review import papers as review_papers
from ui.screens.review.buttons import review_buttons
from ui.screens.review.claim import ClaimPage, RejectDialog
from ui.screens.review.prints import ReviewPrints
from ui.screens.review.queue import QueueFilters
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.keyed import keyed_buttons

TAB = Qt.FocusPolicy.TabFocus

ZERO = Decimal("0.00")


class ReviewScreen(Screen):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("reviewScreen")
        self._sort: tuple[str, bool] = ("submitted_at", False)
        self._gone_row = 0  # where a decided claim was in the queue
        self._sized = False
        self.filters = QueueFilters(ctx.db, self)
        self.model = claim_model(ctx, self)
        self.table = ClaimTable(self.model)
        self.table.setObjectName("reviewQueue")
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.message = QLabel()
        self.message.setObjectName("reviewMessage")
        self.message.setWordWrap(True)
        self.page = ClaimPage(ctx)
        self.stack = QStackedWidget()

        queue = QWidget()
        q_lay = QVBoxLayout(queue)
        q_lay.setContentsMargins(0, 0, 0, 0)
        q_lay.addLayout(self.filters.layout())
        q_lay.addWidget(self.table, 1)
        self.stack.addWidget(queue)
        self.stack.addWidget(self.page)

        kb = keyed_buttons(self, review_buttons(self), prefix="review", focus=TAB)
        self.acts, self.buttons, self.tips = kb.acts, kb.buttons, kb.tips
        # On the claim page the arrows move through the queue too (in the list they do anyway).
        for key, step in (("Down", 1), ("Up", -1)):
            a = QAction(self.page)
            a.setShortcut(QKeySequence(key))
            a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            a.triggered.connect(lambda _c=False, s=step: self.go(s))
            self.page.addAction(a)
        self.batch_button = QPushButton(self.tr("Batch approve…"))
        self.batch_button.setObjectName("batchApprove")
        self.batch_button.setAutoDefault(False)
        self.batch_button.setToolTip(
            self.tr("Approve every payable claim the filter shows, except your own")
        )
        self.batch_button.clicked.connect(self.batch_approve)
        self.prints = ReviewPrints(ctx, self)
        self.prints.papers_action.triggered.connect(self.print_with_papers)
        # The decisions are also in the queue's menu (right click or the menu key).
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for name in ("open", "approve", "reject", "undo", "print"):
            self.table.addAction(self.acts[name])
        bar = QHBoxLayout()
        for name in ("back", "prev", "next", "open", "approve", "reject", "undo", "print"):
            bar.addWidget(self.buttons[name])
        for button in review_papers.install(self):
            self.page.papers_row.addWidget(button)
        self.page.papers_row.addStretch(1)
        bar.addStretch(1)
        bar.addWidget(self.count)
        bar.addWidget(self.prints.day_button)
        bar.addWidget(self.batch_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addWidget(self.stack, 1)
        lay.addWidget(self.message)
        lay.addLayout(bar)

        self.filters.changed.connect(self.reload)
        self.model.sort_requested.connect(self._sorted)
        self.table.open_requested.connect(self.open_claim)
        sel = self.table.selectionModel()
        sel.currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        self.reload()
        self._show_queue()

    # -- Screen -----------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.claims or changes.schemes or changes.units or changes.members

    def refresh(self) -> None:
        self.filters.load_lists()
        self.reload()
        if self.stack.currentWidget() is self.page and self.page.claim is not None:
            self._show_claim_id(self.page.claim.id)

    def handles(self, action: str) -> bool:
        return action == "refresh"

    def trigger(self, action: str) -> None:
        if action == "refresh":
            self.refresh()

    def focus_first(self) -> None:
        if self.stack.currentWidget() is self.page:
            self.page.setFocus()
        else:
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.select_row(0)

    def save_layout(self, store: Any) -> None:
        store.setValue("queue_header", self.table.horizontalHeader().saveState())

    def restore_layout(self, store: Any) -> None:
        state = store.value("queue_header")
        if state is not None:
            self.table.horizontalHeader().restoreState(state)
            self._sized = True

    # -- the queue --------------------------------------------------------------------------
    def queue_filter(self) -> QueueFilter:
        return self.filters.value()

    def reload(self) -> None:
        """Ask for the ids again (filter or sort changed, or a claim changed)."""
        keep = self.current_id()
        row = self.table.currentIndex().row()
        with self.ctx.db.reader() as uow:
            ids = claims.queue_ids(
                uow, self.queue_filter(), sort=self._sort[0], descending=self._sort[1]
            )
        self.model.set_ids(ids)
        # A column that says the same on every row is left out (room for the others).
        statuses = self.queue_filter().status
        self.table.setColumnHidden(1, statuses == ("submitted",))  # no approval number yet
        self.table.setColumnHidden(2, len(statuses) == 1)
        if keep is not None and self.model.row_of_id(keep) >= 0:
            self.table.select_row(self.model.row_of_id(keep))
        else:
            self.table.select_row(max(row, 0))
        self.count.setText(self.tr("%1 claim(s)").replace("%1", str(len(ids))))
        if ids and not self._sized:
            self._sized = True  # once: afterwards the reviewer's own widths stay
            self.table.resizeColumnsToContents()
        self._update_buttons()

    def _sorted(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.reload()

    def current_id(self) -> int | None:
        if self.stack.currentWidget() is self.page and self.page.claim is not None:
            return self.page.claim.id
        return self.table.current_id()

    def current_view(self) -> ClaimView | None:
        claim_id = self.current_id()
        if claim_id is None:
            return None
        if self.page.claim is not None and self.page.claim.id == claim_id:
            return self.page.claim
        with self.ctx.db.reader() as uow:
            return claims.get_claim(uow, claim_id)

    def _show_queue(self) -> None:
        self.stack.setCurrentIndex(0)
        self.buttons["back"].setVisible(False)
        self.buttons["open"].setVisible(True)
        self.batch_button.setVisible(True)
        self.table.setFocus()
        self._update_buttons()

    def back(self) -> None:
        """Esc: from the claim back to the queue, on the same row."""
        if self.stack.currentWidget() is self.page:
            claim = self.page.claim
            self._show_queue()
            if claim is not None and self.model.row_of_id(claim.id) >= 0:
                self.table.select_row(self.model.row_of_id(claim.id))

    def open_current(self) -> None:
        claim_id = self.table.current_id()
        if claim_id is not None:
            self.open_claim(claim_id)

    def open_claim(self, claim_id: int) -> None:
        self._show_claim_id(claim_id)
        self.stack.setCurrentWidget(self.page)
        self.buttons["back"].setVisible(True)
        self.buttons["open"].setVisible(False)
        self.batch_button.setVisible(False)
        self.page.setFocus()
        self._update_buttons()

    def _show_claim_id(self, claim_id: int) -> None:
        try:
            with self.ctx.db.reader() as uow:
                v = claims.get_claim(uow, claim_id)
        except DeskError as exc:
            self.say(exc.text(self.ctx.lang), error=True)
            self._show_queue()
            return
        self.page.show_claim(v)
        row = self.model.row_of_id(claim_id)
        if row >= 0:
            self.table.select_row(row)
        self._update_buttons()

    def go(self, step: int) -> None:
        """J/K: the next or previous claim (in the queue, or opened on the claim page)."""
        if self.model.rowCount() == 0:
            return
        row = self.table.currentIndex().row()
        if self.stack.currentWidget() is self.page and self.page.claim is not None:
            row = self.model.row_of_id(self.page.claim.id)
            if row < 0:  # it left the queue (decided): the one now in its place
                row = self._gone_row
                step = 0 if row < self.model.rowCount() else -1
        target = max(0, min(self.model.rowCount() - 1, row + step))
        self.table.select_row(target)
        if self.stack.currentWidget() is self.page:
            claim_id = self.model.id_at(target)
            if claim_id is not None:
                self._show_claim_id(claim_id)

    # -- what may be done ---------------------------------------------------------------------
    def why_not(self, action: str, v: ClaimView | None) -> str | None:
        """Why the signed-in person may not do ``action`` with ``v`` (None: they may)."""
        if action == "print" and self.prints.target(v) is not None:
            return None  # the claim shown, or the one just decided
        if v is None:
            return self.tr("Choose a claim first.")
        if action in ("approve", "reject", "undo") and not self.ctx.can(Perm.REVIEW):
            return self.tr("Only a reviewer may decide claims.")
        if action in ("approve", "reject"):
            if v.status != "submitted":
                return (
                    self.tr("Claim %1 is %2: only a claim waiting for review can be decided.")
                    .replace("%1", v.claim_no)
                    .replace("%2", status_name(v.status, self.ctx.lang))
                )
            if self.ctx.actor.login in v.entered_by:
                return self.page.own_text(v)
            if action == "approve" and v.calc is not None and v.calc.status != "payable":
                return (
                    self.tr("The scheme's rules do not pay claim %1 (%2): reject it (R).")
                    .replace("%1", v.claim_no)
                    .replace("%2", reason_name(v.calc.reason, self.ctx.lang))
                )
        if action == "undo" and v.status not in ("approved", "rejected"):
            return self.tr("Only an approved or rejected claim, not yet paid, can be taken back.")
        if action == "print":
            return self.tr("Only an approved or rejected claim can be printed.")
        return None

    def _update_buttons(self) -> None:
        on_page = self.stack.currentWidget() is self.page
        v = self.page.claim if on_page else None
        has = self.current_id() is not None
        for name in ("approve", "reject", "undo", "print"):
            reason = self.why_not(name, v) if on_page else (None if has else "-")
            self.buttons[name].setEnabled(reason is None)
            self.buttons[name].setToolTip(reason if reason and reason != "-" else self.tips[name])
        if self.prints.target(None) is not None:
            self.buttons["print"].setEnabled(True)  # the claim just decided
        self.buttons["open"].setEnabled(has)
        self.batch_button.setEnabled(self.ctx.can(Perm.REVIEW) and self.model.rowCount() > 0)

    def say(self, text: str, *, error: bool = False) -> None:
        color = "#b3261e" if error else "#1e7d32"
        self.message.setStyleSheet(f"QLabel#reviewMessage {{ color: {color}; }}")
        self.message.setText(text)
        self.ctx.status(text)

    # -- decisions --------------------------------------------------------------------------
    def _refused(self, action: str) -> ClaimView | None:
        v = self.current_view()
        reason = self.why_not(action, v)
        if reason is not None:
            self.say(reason, error=True)
            return None
        return v

    def _after_decision(self, v: ClaimView, text: str) -> None:
        """The claim was decided: say so (and that P prints it), and go on with the claim now
        in its place."""
        self.say(text + self.prints.decided(v))
        row = self.model.row_of_id(v.id)
        self._gone_row = max(row, 0)
        self.reload()  # the broadcast reloads too; this makes the order certain
        if self.stack.currentWidget() is self.page:
            if self.model.row_of_id(v.id) >= 0:
                self._show_claim_id(v.id)  # still listed (status filter shows it)
            elif self.model.rowCount():
                self.go(0)
            else:
                self._show_queue()

    def _run(self, job: Op[ClaimView], done: Callable[[Done[ClaimView]], None]) -> None:
        run_op(self.ctx, job, parent=self, done=done, failed=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, claims.CalculationChanged):
            inform(self, self.tr("Look again"), exc.text(self.ctx.lang))
            self.reload()
            if self.stack.currentWidget() is self.page:
                self._show_claim_id(exc.claim.id)
        elif isinstance(exc, DeskError):
            self.say(exc.text(self.ctx.lang), error=True)
        else:
            show_error(self, exc, self.ctx.lang)

    def approve(self) -> None:
        """A: approve after a confirmation (Enter confirms, Esc does not)."""
        v = self._refused("approve")
        if v is None:
            return
        payout = fmt(v.calc.payout) if v.calc is not None else "–"
        if not confirm(
            self,
            self.tr("Approve"),
            self.tr("Approve claim %1 of %2? Payout %3 yuan.")
            .replace("%1", v.claim_no)
            .replace("%2", v.member_name)
            .replace("%3", payout),
            self.tr("Approve"),
        ):
            return
        actor, claim_id = self.ctx.actor, v.id

        def job(uow: UnitOfWork) -> Done[ClaimView]:
            return claims.approve(uow, actor, claim_id)

        def done(result: Done[ClaimView]) -> None:
            a = result.value
            self._after_decision(
                a,
                self.tr("Claim %1 approved: approval no. %2, payout %3 yuan.")
                .replace("%1", a.claim_no)
                .replace("%2", a.approval_no or "")
                .replace("%3", fmt(a.calc.payout) if a.calc is not None else "–"),
            )

        self._run(job, done)

    def reject(self) -> None:
        """R: reject with a reason code and words."""
        v = self._refused("reject")
        if v is None:
            return
        dlg = RejectDialog(self.ctx, v, self)
        dlg.accepted.connect(lambda: self._rejected(dlg))
        dlg.open()

    def _rejected(self, dlg: RejectDialog) -> None:
        r = dlg.result_view
        if r is None:
            return
        self._after_decision(
            r,
            self.tr("Claim %1 rejected: %2.")
            .replace("%1", r.claim_no)
            .replace("%2", reason_name(r.reject_code, self.ctx.lang)),
        )

    def undo(self) -> None:
        """U: an approval or rejection goes back to the queue (before payment)."""
        v = self._refused("undo")
        if v is None:
            return
        if not confirm(
            self,
            self.tr("Take back"),
            self.tr("Take the decision on claim %1 (%2) back? It returns to the review queue.")
            .replace("%1", v.claim_no)
            .replace("%2", status_name(v.status, self.ctx.lang)),
            self.tr("Take back"),
        ):
            return
        actor, claim_id = self.ctx.actor, v.id

        def job(uow: UnitOfWork) -> Done[ClaimView]:
            return claims.undo_review(uow, actor, claim_id)

        def done(result: Done[ClaimView]) -> None:
            self._after_decision(
                result.value,
                self.tr("Claim %1 is waiting for review again.").replace(
                    "%1", result.value.claim_no
                ),
            )

        self._run(job, done)

    def print_current(self) -> None:
        """P: the claim shown, or the one just decided (it has left the queue)."""
        v = self.current_view()
        reason = self.why_not("print", v)
        if reason is not None:
            self.say(reason, error=True)
            return
        self.prints.print_claim(v)

    def print_with_papers(self) -> None:
        """Shift+P: the approval form with the claim's papers as an annex."""
        v = self.current_view()
        reason = self.why_not("print", v) or self.prints.print_with_papers(v)
        if reason is not None:
            self.say(reason, error=True)

    # -- batch approval ----------------------------------------------------------------------
    def batch_approve(self) -> None:
        """批量审批 (ui.screens.review.batch)."""
        batch.batch_approve(self)


register_screen(
    "review",
    ReviewScreen,
    section="review",
    title=QT_TRANSLATE_NOOP("Screens", "Review"),
    order=10,
    perm=Perm.REVIEW,
)
