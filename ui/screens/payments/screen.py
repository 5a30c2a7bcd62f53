"""给付: the approved claims waiting for payment, made into a payment batch, and the batches.

Two pages (Ctrl+Tab between them):
- 待给付: every approved claim not yet in a batch (``payments.payable_claims``), all ticked
  when the list is first read; Space ticks or unticks the selected rows, Ctrl+Shift+A ticks
  all, Ctrl+Shift+N none. Claims without a bank account (red row) or a mobile number (red
  cell) stand out. A pay date, then 生成给付批次 (Ctrl+B, or Ctrl+Enter) after a confirmation.
- 给付批次: the batches and their state (``payments_batches``): lists, confirmation, cancel,
  reversal.

Only a reviewer may pay (``Perm.PAY``; the services enforce it too). Anyone else who reaches the
screen sees the lists, the buttons greyed, and a line saying why.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes, Done
from base.clock import today
from base.money import fmt
from desk_app.access.auth import Perm
from desk_app.payments import service as payments
from desk_app.payments.service import BatchView, PayableRow
from ui import actions as act
from ui.context import AppContext
from ui.messages import confirm, error_text
from ui.ops import run_op
from ui.screens.base import Screen
from ui.screens.claims.fields import DateField
from ui.screens.payments.batches import BatchesPanel
from ui.screens.payments.model import (
    RowsModel,
    TextFilter,
    TickTable,
    fit_once,
    is_reversal,
    reversal_as_row,
    row_columns,
)
from ui.screens.registry import register_screen
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.keyed import Keyed, keyed_buttons

ZERO = Decimal("0.00")


class PayablePanel(QWidget):
    """待给付: the claims to pay, ticked, and the batch made of them."""

    def __init__(self, ctx: AppContext, screen: PaymentsScreen) -> None:
        super().__init__()
        self.setObjectName("payablePanel")
        self.ctx = ctx
        self.host = screen
        self.model = RowsModel(row_columns(), checkable=True, parent=self)
        self.proxy = TextFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = TickTable(self.proxy, "payableTable")
        self.search = QLineEdit()
        self.search.setObjectName("payableFind")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Name, approval no., ID number or unit"))
        find_label = QLabel(self.tr("Fin&d:"))
        find_label.setBuddy(self.search)
        self.summary = QLabel()
        self.summary.setObjectName("payableSummary")
        self.summary.setWordWrap(True)
        self.held = QLabel()
        self.held.setObjectName("hint")
        self.held.setWordWrap(True)
        self.held.hide()
        self.pay_date = DateField()
        self.pay_date.setObjectName("payDate")
        self.pay_date.set_value(today())
        date_label = QLabel(self.tr("Pa&y date:"))
        date_label.setBuddy(self.pay_date)

        specs = [
            Keyed(
                "all",
                self.tr("Tick all"),
                "Ctrl+Shift+A",
                lambda: self.tick_all(True),
                self.tr("Tick every claim shown (Ctrl+Shift+A); Space ticks the selected rows"),
            ),
            Keyed(
                "none",
                self.tr("Tick none"),
                "Ctrl+Shift+N",
                lambda: self.tick_all(False),
                self.tr("Untick every claim shown (Ctrl+Shift+N)"),
            ),
            Keyed(
                "create",
                self.tr("Make payment batch"),
                "Ctrl+B",
                self.create_batch,
                self.tr(
                    "Put the ticked claims into a new payment batch paid on the pay date "
                    "(Ctrl+B or Ctrl+Enter)"
                ),
            ),
            Keyed(
                "withdraw",
                self.tr("Withdraw reversal"),
                "Del",
                self.withdraw_reversal,
                self.tr("Withdraw the chosen reversal, asked for by mistake (Delete)"),
            ),
        ]
        kb = keyed_buttons(self, specs, prefix="payable")
        self.acts, self.buttons, self.tips = kb.acts, kb.buttons, kb.tips
        self.buttons["all"].setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.buttons["none"].setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.buttons["withdraw"].setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for name in ("all", "none", "create", "withdraw"):
            self.table.addAction(self.acts[name])
        self._lay_out(find_label, date_label)
        self.search.textChanged.connect(self.proxy.set_text)
        self.search.returnPressed.connect(self.table.setFocus)
        self.pay_date.returnPressed.connect(self.create_batch)
        self.table.space_pressed.connect(self.toggle_selected)
        self.model.ticks_changed.connect(self.update_summary)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.update_buttons())

    def _lay_out(self, find_label: QLabel, date_label: QLabel) -> None:
        """The search and the tick buttons above the table, the pay date and the batch
        button below it."""
        head = QHBoxLayout()
        head.addWidget(find_label)
        head.addWidget(self.search, 2)
        head.addSpacing(12)
        keys = QLabel(self.tr("Space: tick or untick the selected rows"))
        keys.setObjectName("hint")
        head.addWidget(keys)
        head.addStretch(1)
        head.addWidget(self.buttons["withdraw"])
        head.addWidget(self.buttons["all"])
        head.addWidget(self.buttons["none"])
        foot = QHBoxLayout()
        foot.addWidget(self.summary, 1)
        foot.addWidget(date_label)
        foot.addWidget(self.pay_date)
        foot.addWidget(self.buttons["create"])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addLayout(head)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.held)
        lay.addLayout(foot)
        QWidget.setTabOrder(self.search, self.table)
        QWidget.setTabOrder(self.table, self.pay_date)
        QWidget.setTabOrder(self.pay_date, self.buttons["create"])

    # -- reading ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the payable claims and the pending reversals again (GUI thread: a few indexed
        queries), keeping the ticks. While every row shown is ticked (the reviewer has not
        picked a few), rows that come in are ticked too: paying all is the usual month end."""
        everything = len(self.model.ticked) == len(self.model.rows)
        with self.ctx.db.reader() as uow:
            rows = payments.payable_claims(uow)
            rows += [
                reversal_as_row(r) for r in payments.pending_reversals(uow) if r.status == "pending"
            ]
            held = len(payments.held_claims(uow))
        self.model.set_rows(rows)
        if everything:
            self.model.tick_all(True)
        if rows:
            fit_once(
                self.table,
                [
                    1.4,
                    "SP2015080001",
                    5,
                    "330602********1234",
                    15,
                    "SX-2015-ZY",
                    "12,345.67",
                    "6222 0000 1111 2222 333",
                    "13800000000",
                    7,
                ],
            )
        if not self.table.currentIndex().isValid():
            self.table.select_row(0)
        self.held.setVisible(held > 0)
        self.held.setText(
            self.tr(
                "%1 more approved claim(s) were drawn for a second look: they can be paid once "
                "another reviewer confirms them (审核审批)."
            ).replace("%1", str(held))
        )
        self.update_summary()

    def ticked(self) -> list[PayableRow]:
        return self.model.ticked_rows()

    def update_summary(self) -> None:
        rows = self.model.rows
        ticked = self.ticked()
        claims = [r for r in ticked if not is_reversal(r)]
        reversals = [r for r in ticked if is_reversal(r)]
        total = sum((r.payout for r in ticked), ZERO)
        no_account = sum(1 for r in claims if not r.bank_account)
        no_phone = sum(1 for r in claims if not r.phone)
        text = (
            self.tr("Ticked %1 of %2 claim(s), %3 yuan.")
            .replace("%1", str(len(claims)))
            .replace("%2", str(sum(1 for r in rows if not is_reversal(r))))
            .replace("%3", fmt(total))
        )
        if reversals:
            text += " " + self.tr("With %1 reversal(s) taking back %2 yuan.").replace(
                "%1", str(len(reversals))
            ).replace("%2", fmt(-sum((r.payout for r in reversals), ZERO)))
        if no_account or no_phone:
            text += " " + (
                self.tr("Without a bank account: %1; without a mobile number: %2.")
                .replace("%1", str(no_account))
                .replace("%2", str(no_phone))
            )
            self.summary.setStyleSheet("QLabel#payableSummary { color: #b3261e; }")
        else:
            self.summary.setStyleSheet("")
        if not rows:
            text = self.tr("No approved claim or reversal is waiting for payment.")
        self.summary.setText(text)
        self.host.set_count(len(rows))
        self.update_buttons()

    def update_buttons(self) -> None:
        may = self.ctx.can(Perm.PAY)
        why = self.host.no_pay_text()
        # The action stays on: Ctrl+B says why when nothing can be made.
        self.buttons["create"].setEnabled(may and bool(self.ticked()))
        self.buttons["create"].setToolTip(why if not may else self.tips["create"])
        for name in ("all", "none"):
            self.buttons[name].setEnabled(bool(self.model.rows))
        current = self.current_row()
        self.buttons["withdraw"].setEnabled(may and current is not None and is_reversal(current))

    def current_row(self) -> PayableRow | None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        return self.model.row_data(self.proxy.mapToSource(idx).row())

    def withdraw_reversal(self) -> None:
        """Delete on a reversal row: it was asked for by mistake (not yet in a batch)."""
        r = self.current_row()
        if r is None or not is_reversal(r) or r.reversal_id is None:
            self.host.say(self.tr("Choose a reversal (a red row) first."), error=True)
            return
        if not self.ctx.can(Perm.PAY):
            self.host.say(self.host.no_pay_text(), error=True)
            return
        if not confirm(
            self,
            self.tr("Withdraw reversal"),
            self.tr("Withdraw the reversal of %1 yuan on %2 (%3)? Nothing is taken back then.")
            .replace("%1", fmt(-r.payout))
            .replace("%2", r.approval_no or r.claim_no)
            .replace("%3", r.reason or ""),
            self.tr("Withdraw"),
            danger=True,
        ):
            return
        actor, reversal_id = self.ctx.actor, r.reversal_id
        run_op(
            self.ctx,
            lambda uow: payments.cancel_reversal(uow, actor, reversal_id),
            parent=self,
            done=lambda _r: self.host.say(self.tr("Reversal withdrawn.")),
            failed=lambda e: self.host.say(error_text(e, self.ctx.lang), error=True),
        )

    # -- ticking -----------------------------------------------------------------------------
    def toggle_selected(self) -> None:
        """Space: the selected rows all ticked, or all unticked when they all were."""
        rows = self.proxy.source_rows(self.table.selected_rows())
        if not rows:
            return
        all_on = all(self.model.row_id(self.model.rows[r]) in self.model.ticked for r in rows)
        self.model.set_ticked(rows, not all_on)

    def tick_all(self, on: bool) -> None:
        """Every row the filter shows."""
        self.model.set_ticked(self.proxy.source_rows(list(range(self.proxy.rowCount()))), on)

    # -- making a batch ----------------------------------------------------------------------
    def create_batch(self) -> None:
        """Ctrl+B: the ticked claims into a new batch, after a confirmation."""
        if not self.ctx.can(Perm.PAY):
            self.host.say(self.host.no_pay_text(), error=True)
            return
        rows = self.ticked()
        if not rows:
            self.host.say(self.tr("Tick the claims to pay first (Space)."), error=True)
            self.table.setFocus()
            return
        pay_date: date | None = self.pay_date.value()
        if pay_date is None:
            self.host.say(self.tr("Type the pay date, e.g. 2015-08-20."), error=True)
            self.pay_date.setFocus()
            return
        total = sum((r.payout for r in rows), ZERO)
        no_account = [r for r in rows if not r.bank_account and not is_reversal(r)]
        details = self.tr(
            "The batch's lists are written next (W on the batch page); the claims count as "
            "paid only when you confirm the batch paid."
        )
        if no_account:
            details = (
                self.tr(
                    "%1 of them have no bank account: they go on the sheet 缺少账号 of the "
                    "bank list and are not paid by this batch (they wait for the next one once "
                    "the account is entered)."
                ).replace("%1", str(len(no_account)))
                + " "
                + details
            )
        if not confirm(
            self,
            self.tr("Make payment batch"),
            self.tr("Make a payment batch of %1 row(s), %2 yuan, paid on %3?")
            .replace("%1", str(len(rows)))
            .replace("%2", fmt(total))
            .replace("%3", pay_date.isoformat()),
            self.tr("Make batch"),
            details=details,
        ):
            return
        actor = self.ctx.actor
        ids = [r.claim_id for r in rows if not is_reversal(r)]
        reversal_ids = [r.reversal_id for r in rows if is_reversal(r) and r.reversal_id]
        run_op(
            self.ctx,
            lambda uow: payments.create_batch(uow, actor, pay_date, ids, reversal_ids=reversal_ids),
            parent=self,
            done=self._created,
            failed=lambda e: self.host.say(error_text(e, self.ctx.lang), error=True),
            title=self.tr("Making the payment batch…"),
            cancellable=False,
        )

    def _created(self, result: Done[BatchView]) -> None:
        b = result.value
        self.host.show_batches(b.id)
        made = (
            self.tr("Payment batch %1 made: %2 claim(s), %3 yuan. Next: write its lists (W).")
            .replace("%1", b.batch_no)
            .replace("%2", str(b.count))
            .replace("%3", fmt(b.total))
        )
        if not b.held:
            self.host.say(made)
            return
        # Recalculated from their receipts and scheme, these did not come to their payout.
        held = "\n".join(h.message.text(self.ctx.lang) for h in b.held)
        self.host.say(
            made
            + "\n"
            + self.tr("%1 claim(s) held out of the batch, not paid:").replace(
                "%1", str(len(b.held))
            )
            + "\n"
            + held,
            error=True,
        )


class PaymentsScreen(Screen):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("paymentsScreen")
        self.banner = QLabel(self.no_pay_text())
        self.banner.setObjectName("noPayBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel#noPayBanner { background: #fff4e5; border: 1px solid #f0c27b; "
            "border-radius: 4px; padding: 6px 10px; color: #6b4500; }"
        )
        self.banner.setVisible(not ctx.can(Perm.PAY))
        self.message = QLabel()
        self.message.setObjectName("paymentsMessage")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("paymentTabs")
        self.tabs.setDocumentMode(True)
        self.payable = PayablePanel(ctx, self)
        self.batches = BatchesPanel(ctx, self.say)
        self.tabs.addTab(self.payable, self.tr("Waiting for payment"))
        self.tabs.addTab(self.batches, self.tr("Payment batches"))
        self.tabs.setTabToolTip(0, self.tr("Approved claims not yet in a batch (Ctrl+Tab)"))
        self.tabs.setTabToolTip(1, self.tr("Batches, their lists and their payment (Ctrl+Tab)"))
        self.tabs.currentChanged.connect(self._tab_changed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.banner)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        self.refresh()

    def no_pay_text(self) -> str:
        return self.tr(
            "Only a reviewer may make payment batches, confirm payments and reverse them. "
            "You (%1) can look at the lists."
        ).replace("%1", self.ctx.role_name())

    def set_count(self, n: int) -> None:
        self.tabs.setTabText(0, self.tr("Waiting for payment (%1)").replace("%1", str(n)))

    def say(self, text: str, *, error: bool = False) -> None:
        color = "#b3261e" if error else "#1e7d32"
        self.message.setStyleSheet(f"QLabel#paymentsMessage {{ color: {color}; }}")
        self.message.setText(text)
        self.ctx.status(text)

    def show_batches(self, batch_id: int | None = None) -> None:
        """The batch page, with ``batch_id`` chosen."""
        self.tabs.setCurrentWidget(self.batches)
        self.batches.reload(batch_id)
        self.batches.batches.setFocus()

    def _tab_changed(self, _i: int) -> None:
        self.actions_changed.emit()

    # -- Screen -------------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.payments or changes.claims or changes.members or changes.returns

    def refresh(self) -> None:
        self.payable.reload()
        self.batches.reload()

    def handles(self, action: str) -> bool:
        if action == act.SUBMIT:
            return self.tabs.currentWidget() is self.payable
        return action == act.REFRESH

    def trigger(self, action: str) -> None:
        if action == act.REFRESH:
            self.refresh()
        elif action == act.SUBMIT and self.tabs.currentWidget() is self.payable:
            self.payable.create_batch()

    def focus_first(self) -> None:
        if self.tabs.currentWidget() is self.payable:
            self.payable.table.setFocus()
        else:
            self.batches.batches.setFocus()

    def save_layout(self, store: Any) -> None:
        store.setValue("payable_header", self.payable.table.horizontalHeader().saveState())
        self.batches.save_layout(store)

    def restore_layout(self, store: Any) -> None:
        self.payable.table.restore_header(store.value("payable_header"))
        self.batches.restore_layout(store)


register_screen(
    "payments",
    PaymentsScreen,
    section="payments",
    title=QT_TRANSLATE_NOOP("Screens", "Payments"),
    order=10,
)
