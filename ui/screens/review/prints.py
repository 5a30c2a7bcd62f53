"""Printing from 审核审批 without leaving it: the form of the claim just decided, and the day's
approval forms.

An approved claim leaves the queue at once (the next one opens), so the reviewer could not
print it from there; :class:`ReviewPrints` remembers the claim last approved or rejected, and
P prints it while the claim shown cannot be printed (a claim still to review). The button
打印今日审批表 (Ctrl+Shift+P) lays out every approval form of the day in one PDF, as 理赔受理 ›
审批表打印 does. Shift+P prints the approval form with the claim's scanned papers as an annex
(one page each, as in the month's electronic archive). All go through
:mod:`desk_app.documents`, the one audited print path.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

from base.clock import today
from desk_app import documents
from desk_app.access.auth import Perm
from desk_app.claims.model import ClaimView
from ui.context import AppContext
from ui.printing import preview, preview_claim

PRINTABLE = ("approved", "paid", "reported", "rejected")
DAY_KEYS = "Ctrl+Shift+P"
PAPERS_KEYS = "Shift+P"  # P, with the papers


class ReviewPrints(QObject):
    """The review screen's printing: the claim just decided, the day's forms."""

    def __init__(self, ctx: AppContext, screen: QWidget) -> None:
        super().__init__(screen)
        self.ctx = ctx
        self.screen = screen
        self.last: ClaimView | None = None  # the claim last approved or rejected here
        self.day_button = QPushButton(
            self.tr("Print today's approval forms (%1)").replace("%1", DAY_KEYS)
        )
        self.day_button.setObjectName("review_print_day")
        self.day_button.setAutoDefault(False)
        self.day_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.day_button.setToolTip(
            self.tr("Every approval form of the claims approved today, in one PDF")
        )
        self.day_button.clicked.connect(self.print_day)
        self.day_button.setVisible(ctx.can(Perm.PRINT))
        a = QAction(screen)
        a.setShortcut(QKeySequence(DAY_KEYS))
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(self.print_day)
        screen.addAction(a)
        self.papers_action = QAction(screen)
        self.papers_action.setShortcut(QKeySequence(PAPERS_KEYS))
        self.papers_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        screen.addAction(self.papers_action)

    def decided(self, v: ClaimView) -> str:
        """A decision was made (or taken back); the words that tell how to print it."""
        if v.status in ("approved", "rejected"):
            self.last = v
            if not self.ctx.can(Perm.PRINT):
                return ""
            return " " + (
                self.tr("P prints its approval form.")
                if v.status == "approved"
                else self.tr("P prints its rejection notice.")
            )
        if self.last is not None and self.last.id == v.id:
            self.last = None  # taken back: nothing to print any more
        return ""

    def target(self, shown: ClaimView | None) -> ClaimView | None:
        """What P prints: the claim shown when it can be printed, else the one just decided."""
        if shown is not None and shown.status in PRINTABLE:
            return shown
        return self.last

    def print_claim(self, shown: ClaimView | None) -> bool:
        """P: the approval form (or rejection notice) in the preview; False when there is
        nothing to print."""
        v = self.target(shown)
        if v is None or not self.ctx.can(Perm.PRINT):
            return False
        preview_claim(self.ctx, v.id, self.screen)
        return True

    def print_with_papers(self, shown: ClaimView | None) -> str | None:
        """Shift+P: the approval form with the claim's papers as an annex, in the preview; the
        reason in words when it cannot be printed so."""
        v = self.target(shown)
        if v is None or not self.ctx.can(Perm.PRINT):
            return self.tr("Only an approved or rejected claim can be printed.")
        if v.status == "rejected":
            return self.tr(
                "Claim %1 was rejected: it has no approval form to carry its papers. P prints "
                "its rejection notice."
            ).replace("%1", v.claim_no)
        db, actor, lang, claim_id = self.ctx.db, self.ctx.actor, self.ctx.lang, v.id
        preview(
            self.ctx,
            lambda: documents.approval_form(db, actor, claim_id, lang=lang, with_papers=True),
            self.screen,
        )
        return None

    def print_day(self) -> None:
        """Ctrl+Shift+P: today's approval forms in one PDF, then the preview."""
        if not self.ctx.can(Perm.PRINT):
            return
        db, actor, day = self.ctx.db, self.ctx.actor, today()
        preview(self.ctx, lambda: documents.day_forms(db, actor, day), self.screen)
