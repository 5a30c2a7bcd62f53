"""The intake screen's buttons, shortcuts and layout, and the texts of its banner and totals
line (:mod:`ui.screens.claims.intake`). Its texts keep the screen's translation context,
``ClaimIntakeScreen``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from base.clock import local
from base.money import fmt
from desk_app.claims.model import ClaimView
from ui import actions as act
from ui.screens.claims.fields import status_name
from ui.widgets.receipt_grid import ReceiptModel

if TYPE_CHECKING:
    from ui.screens.claims.intake import ClaimIntakeScreen


def make_buttons(screen: ClaimIntakeScreen) -> None:
    """Save, submit, withdraw, print and next claim: reached by Tab, never by Enter."""
    screen.save_button = QPushButton(
        QCoreApplication.translate("ClaimIntakeScreen", "Save draft (%1)").replace("%1", "Ctrl+S")
    )
    screen.save_button.setObjectName("saveDraftButton")
    screen.save_button.clicked.connect(screen.save)
    screen.submit_button = QPushButton(
        QCoreApplication.translate("ClaimIntakeScreen", "Submit for review (%1)").replace(
            "%1", "Ctrl+Enter"
        )
    )
    screen.submit_button.setObjectName("submitButton")
    screen.submit_button.clicked.connect(screen.submit)
    screen.withdraw_button = QPushButton(
        QCoreApplication.translate("ClaimIntakeScreen", "Withdraw to correct")
    )
    screen.withdraw_button.setObjectName("withdrawButton")
    screen.withdraw_button.setToolTip(
        QCoreApplication.translate(
            "ClaimIntakeScreen", "Take a submitted claim back to draft before it is reviewed"
        )
    )
    screen.withdraw_button.clicked.connect(screen.withdraw)
    screen.print_button = QPushButton(
        QCoreApplication.translate("ClaimIntakeScreen", "Print (%1)").replace("%1", "Ctrl+P")
    )
    screen.print_button.setObjectName("printButton")
    screen.print_button.clicked.connect(screen.print_claim)
    screen.new_button = QPushButton(
        QCoreApplication.translate("ClaimIntakeScreen", "New claim (%1)").replace("%1", "Ctrl+N")
    )
    screen.new_button.setObjectName("newClaimButton")
    screen.new_button.clicked.connect(lambda: screen.trigger(act.NEW_CLAIM))
    for b in buttons(screen):
        b.setAutoDefault(False)
        b.setFocusPolicy(Qt.FocusPolicy.TabFocus)


def buttons(screen: ClaimIntakeScreen) -> list[QPushButton]:
    """The buttons in their row's (and the Tab) order."""
    return [
        screen.save_button,
        screen.submit_button,
        screen.withdraw_button,
        screen.print_button,
        screen.new_button,
    ]


def add_shortcuts(screen: ClaimIntakeScreen) -> None:
    """Ctrl+O, Ctrl+P and F8/Shift+F8 (the next or previous problem), within the screen."""
    for keys, slot in (
        ("Ctrl+O", screen.open_my_claims),
        ("Ctrl+P", screen.print_claim),
        ("F8", lambda: screen.board.next_problem(1)),
        ("Shift+F8", lambda: screen.board.next_problem(-1)),
    ):
        a = QAction(screen)
        a.setShortcut(QKeySequence(keys))
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(slot)
        screen.addAction(a)


def build_layout(screen: ClaimIntakeScreen) -> None:
    """The form and the calculation side by side above the receipts, the problems and the
    buttons; the two halves in a splitter the clerk can move (its place is kept)."""
    head = QHBoxLayout()
    head.addWidget(screen.banner, 1)
    head.addWidget(screen.drafts_button)
    left = QVBoxLayout()
    left.setContentsMargins(0, 0, 0, 0)
    left.addLayout(head)
    left.addLayout(screen.form.layout())
    left.addStretch(1)
    top = QWidget()
    top_lay = QHBoxLayout(top)
    top_lay.setContentsMargins(0, 0, 0, 0)
    top_lay.setSpacing(12)
    top_lay.addLayout(left, 3)
    top_lay.addWidget(screen.calc_panel, 2)

    receipts_label = QLabel(QCoreApplication.translate("ClaimIntakeScreen", "&Receipts:"))
    receipts_label.setBuddy(screen.form.grid)
    grid_head = QHBoxLayout()
    grid_head.addWidget(receipts_label)
    grid_head.addWidget(screen.totals, 1)
    bottom = QWidget()
    b_lay = QVBoxLayout(bottom)
    b_lay.setContentsMargins(0, 0, 0, 0)
    b_lay.setSpacing(4)
    b_lay.addLayout(grid_head)
    b_lay.addWidget(screen.form.grid, 1)
    b_lay.addWidget(screen.board)
    row = QHBoxLayout()
    for b in buttons(screen)[:-1]:
        row.addWidget(b)
    row.addStretch(1)
    row.addWidget(screen.new_button)
    b_lay.addLayout(row)
    screen.form.grid.setMinimumHeight(110)  # two receipts and the blank row at 125 %
    screen.form.grid.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    screen.splitter = QSplitter(Qt.Orientation.Vertical)
    screen.splitter.setObjectName("intakeSplitter")
    screen.splitter.setChildrenCollapsible(False)
    screen.splitter.addWidget(top)
    screen.splitter.addWidget(bottom)
    screen.splitter.setStretchFactor(0, 5)
    screen.splitter.setStretchFactor(1, 2)
    lay = QVBoxLayout(screen)
    lay.setContentsMargins(0, 4, 0, 0)
    lay.addWidget(screen.splitter)


def banner_text(v: ClaimView | None, lang: str) -> str:
    """The line above the form: a new claim, or the stored claim's number, state, approval
    number and when it was submitted."""
    if v is None:
        return QCoreApplication.translate("ClaimIntakeScreen", "New claim")
    text = (
        QCoreApplication.translate("ClaimIntakeScreen", "Claim %1 · %2")
        .replace("%1", v.claim_no)
        .replace("%2", status_name(v.status, lang))
    )
    if v.approval_no:
        text += " · " + QCoreApplication.translate("ClaimIntakeScreen", "approval no. %1").replace(
            "%1", v.approval_no
        )
    if v.submitted_at is not None:
        text += " · " + QCoreApplication.translate("ClaimIntakeScreen", "submitted %1").replace(
            "%1", f"{local(v.submitted_at):%Y-%m-%d %H:%M}"
        )
    return text


def totals_text(model: ReceiptModel) -> str:
    """The line above the receipts: how many, their total and the pooled fund's part."""
    n = len(model.filled_rows())
    if not n:
        return QCoreApplication.translate(
            "ClaimIntakeScreen", "Type each invoice: Enter moves to the next cell."
        )
    sums = model.sums()
    return (
        QCoreApplication.translate("ClaimIntakeScreen", "%1 receipt(s), total %2, pooled fund %3")
        .replace("%1", str(n))
        .replace("%2", fmt(sums["total"]))
        .replace("%3", fmt(sums["fund_paid"]))
    )
