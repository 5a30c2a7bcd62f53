"""给付 dialogs: confirming that the bank paid a batch (typed, since it cannot be undone) and
a reversal (冲正) of a paid claim."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from base.changes import Done
from base.money import MoneyError, fmt, parse_money
from desk_app.payments import service as payments
from desk_app.payments.service import BatchView, PayableRow
from ui.context import AppContext
from ui.dialogs import FormDialog, hint_label

ZERO = Decimal("0.00")


def warning_label(text: str) -> QLabel:
    """A sentence the reviewer must not miss (what cannot be undone)."""
    lab = QLabel(text)
    lab.setObjectName("warningLabel")
    lab.setWordWrap(True)
    lab.setStyleSheet(
        "QLabel#warningLabel { color: #8a1c14; background: #fdecea; border: 1px solid #f1b8b2;"
        " border-radius: 4px; padding: 6px 8px; }"
    )
    return lab


class ConfirmPaidDialog(FormDialog):
    """The bank has paid the batch: the reviewer types the total the bank paid (the 合计 of
    the bank list, less any transfer it sent back) to confirm. Payments are then recorded for
    good; claims without an account, and transfers sent back, leave the batch unpaid."""

    def __init__(
        self, ctx: AppContext, batch: BatchView, failed: Sequence[PayableRow], parent: QWidget
    ) -> None:
        super().__init__(
            parent,
            self.tr("Confirm batch %1 paid").replace("%1", batch.batch_no),
            self.tr("Confirm &paid"),
        )
        self.setObjectName("confirmPaidDialog")
        self.ctx = ctx
        self.batch = batch
        self.failed = list(failed)
        self.result_view: BatchView | None = None
        self.released = batch.missing_account + len(self.failed)
        back = sum((r.payout for r in self.failed), ZERO)
        self.expected = batch.bank_total - back
        lines = [
            self.tr("Batch %1, pay date %2: %3 claim(s), %4 yuan.")
            .replace("%1", batch.batch_no)
            .replace("%2", batch.pay_date.isoformat())
            .replace("%3", str(batch.count))
            .replace("%4", fmt(batch.total)),
            self.tr("The bank list holds %1 transfer(s), %2 yuan.")
            .replace("%1", str(batch.bank_count))
            .replace("%2", fmt(batch.bank_total)),
        ]
        if self.failed:
            lines.append(
                self.tr("Sent back by the bank (ticked): %1 transfer(s), %2 yuan.")
                .replace("%1", str(len(self.failed)))
                .replace("%2", fmt(back))
            )
        if batch.missing_account:
            lines.append(
                self.tr("Without a bank account: %1 claim(s), not paid by this batch.").replace(
                    "%1", str(batch.missing_account)
                )
            )
        if self.released:
            lines.append(
                self.tr(
                    "These %1 claim(s) leave the batch unpaid and wait for the next one."
                ).replace("%1", str(self.released))
            )
        if batch.reversals:
            lines.append(
                self.tr("Reversals: %1, %2 yuan taken back.")
                .replace("%1", str(batch.reversals))
                .replace("%2", fmt(batch.reversal_total))
            )
        self.form.addRow(hint_label("\n".join(lines)))
        self.form.addRow(
            warning_label(
                self.tr(
                    "This cannot be undone. Once confirmed, the claims are paid and the payments "
                    "are kept for good: no one can edit or delete them. A mistake is corrected "
                    "later by a reversal (冲正) of the claim, which goes into the next batch."
                )
            )
        )
        self.amount = QLineEdit()
        self.amount.setObjectName("bankTotal")
        self.amount.setPlaceholderText(
            self.tr("as on the bank's receipt: %1").replace("%1", fmt(self.expected))
        )
        self.form.addRow(self.tr("&Total the bank paid (yuan):"), self.amount)
        self.setMinimumWidth(600)
        self.finish([self.amount])

    def submit(self) -> None:
        try:
            typed = parse_money(self.amount.text(), allow_negative=True)
        except MoneyError:
            self.show_error(self.tr("Type the amount, e.g. 1830.00."), self.amount)
            return
        if typed != self.expected:
            self.show_error(
                self.tr(
                    "%1 yuan is not what this batch's bank list pays (%2 yuan). Check the "
                    "bank's receipt: nothing was confirmed."
                )
                .replace("%1", fmt(typed))
                .replace("%2", fmt(self.expected)),
                self.amount,
            )
            return
        actor, batch_id = self.ctx.actor, self.batch.id
        failed = [r.claim_id for r in self.failed]
        self.submit_op(
            self.ctx,
            lambda uow: payments.confirm_paid(uow, actor, batch_id, failed=failed),
            self._done,
        )

    def _done(self, result: Done[BatchView]) -> None:
        self.result_view = result.value
        self.accept()


class ReversalDialog(FormDialog):
    """冲正: money paid on a claim is taken back (all or part) by a negative entry that goes
    into the next batch; the paid amount itself is never edited."""

    def __init__(
        self, ctx: AppContext, row: PayableRow, parent: QWidget, *, already: Decimal = ZERO
    ) -> None:
        """``already``: reversals of this claim asked for before (paid or still waiting)."""
        super().__init__(parent, self.tr("Reverse a payment (冲正)"), self.tr("&Record reversal"))
        self.setObjectName("reversalDialog")
        self.ctx = ctx
        self.row = row
        self.left = row.payout - already
        self.done_amount: Decimal | None = None
        self.form.addRow(
            self.tr("Claim:"),
            QLabel(f"{row.approval_no or row.claim_no}  {row.member_name}  {row.scheme_code}"),
        )
        self.form.addRow(
            self.tr("Paid:"), QLabel(self.tr("%1 yuan").replace("%1", fmt(row.payout)))
        )
        if already:
            self.form.addRow(
                self.tr("Reversed before:"),
                QLabel(
                    self.tr("%1 yuan (paid or waiting); at most %2 yuan can still be reversed")
                    .replace("%1", fmt(already))
                    .replace("%2", fmt(self.left))
                ),
            )
        self.form.addRow(
            warning_label(
                self.tr(
                    "Paid money is never edited. The reversal is a separate negative entry for "
                    "this claim; it goes into the next payment batch, where it is deducted."
                )
            )
        )
        self.amount = QLineEdit(str(self.left))
        self.amount.setObjectName("reversalAmount")
        self.reason = QLineEdit()
        self.reason.setObjectName("reversalReason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("e.g. paid twice; wrong member; receipt refunded"))
        self.form.addRow(self.tr("&Amount to take back (yuan):"), self.amount)
        self.form.addRow(self.tr("R&eason:"), self.reason)
        self.setMinimumWidth(540)
        self.finish([self.amount, self.reason])
        self.amount.selectAll()

    def submit(self) -> None:
        try:
            amount = parse_money(self.amount.text())
        except MoneyError:
            self.show_error(self.tr("Type the amount, e.g. 1830.00."), self.amount)
            return
        if amount <= 0 or amount > self.left:
            self.show_error(
                self.tr("The amount must be more than 0 and at most %1 yuan.").replace(
                    "%1", fmt(self.left)
                ),
                self.amount,
            )
            return
        reason = self.reason.text().strip()
        if not reason:
            self.show_error(self.tr("Say why the payment is reversed."), self.reason)
            return
        actor, claim_id = self.ctx.actor, self.row.claim_id
        self.submit_op(
            self.ctx,
            lambda uow: payments.reverse_payment(uow, actor, claim_id, amount, reason),
            lambda _r: self._done(amount),
        )

    def _done(self, amount: Decimal) -> None:
        self.done_amount = amount
        self.accept()
