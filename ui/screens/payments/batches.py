"""给付 › 给付批次: the batches with their state, the rows of the chosen one, and what is done
with a batch — its lists written to a folder (W), the bank's payment confirmed (P), an open
batch cancelled (Delete), a paid claim reversed (R)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from base.changes import Done
from base.clock import local, today
from base.money import fmt
from db import UnitOfWork
from desk_app.access.auth import Perm
from desk_app.payments import service as payments
from desk_app.payments.service import BatchView, ListFiles, PayableRow
from ui.context import AppContext
from ui.messages import confirm
from ui.ops import run_op
from ui.screens.payments.dialogs import ConfirmPaidDialog, ReversalDialog
from ui.screens.payments.model import (
    RowsModel,
    TextFilter,
    TickTable,
    batch_columns,
    fit_once,
    row_columns,
)
from ui.widgets.keyed import Keyed, keyed_buttons
from ui.widgets.people import PersonNames
from ui.widgets.tables import ID_ROLE


def ask_folder(parent: QWidget, title: str, start: str) -> str | None:
    """The system's folder chooser; None when the reviewer cancels."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getExistingDirectory(parent, title, start) or None


def reversed_before(ctx: AppContext, claim_id: int) -> Decimal:
    """What reversals of this claim already take back (paid, or waiting for a batch)."""
    with ctx.db.reader() as uow:
        before = payments.pending_reversals(uow, include_paid=True)
    return sum((r.amount for r in before if r.claim_id == claim_id), Decimal("0.00"))


# Screens call it through the module, so a test can stand in for the file dialog.
choose_folder: Callable[[QWidget, str, str], str | None] = ask_folder
LAST_FOLDER_KEY = "payments/lists_folder"


class BatchesPanel(QWidget):
    """The list of batches and the chosen batch's rows. ``say(text, error)`` reports to the
    screen's message line."""

    def __init__(self, ctx: AppContext, say: Callable[..., None]) -> None:
        super().__init__()
        self.setObjectName("paymentBatches")
        self.ctx = ctx
        self.say = say
        self.last_files: ListFiles | None = None
        self._rows_of: int | None = None
        self.batch_model = RowsModel(
            batch_columns(PersonNames(ctx.db)), checkable=False, parent=self
        )
        self.batch_proxy = TextFilter(self)
        self.batch_proxy.setSourceModel(self.batch_model)
        self.batches = TickTable(self.batch_proxy, "batchList")
        self.batches.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.batches.setSortingEnabled(False)  # newest first, as the service lists them
        # The ticks mark transfers the bank sent back (an open batch only).
        self.row_model = RowsModel(row_columns(), checkable=True, parent=self)
        self.row_proxy = TextFilter(self)
        self.row_proxy.setSourceModel(self.row_model)
        self.rows = TickTable(self.row_proxy, "batchRows")
        self.rows.space_pressed.connect(self.toggle_failed)
        self.rows_title = QLabel()
        self.rows_title.setObjectName("hint")

        specs = [
            Keyed(
                "lists",
                self.tr("Write lists…"),
                "W",
                self.write_lists,
                self.tr("Write the bank transfer list and the SMS list to a folder (W)"),
            ),
            Keyed(
                "paid",
                self.tr("Confirm paid…"),
                "P",
                self.confirm_paid,
                self.tr("The bank has paid this batch: confirm it (P). This cannot be undone."),
            ),
            Keyed(
                "cancel",
                self.tr("Cancel batch"),
                "Del",
                self.cancel_batch,
                self.tr("Cancel an open batch: its claims wait for payment again (Delete)"),
            ),
            Keyed(
                "reverse",
                self.tr("Reverse…"),
                "R",
                self.reverse,
                self.tr("Reverse (冲正) the chosen paid claim in the next batch (R)"),
            ),
            Keyed(
                "folder",
                self.tr("Open folder"),
                "O",
                self.open_folder,
                self.tr("Open the folder the lists were written to (O)"),
            ),
        ]
        kb = keyed_buttons(self, specs, prefix="batch", focus=Qt.FocusPolicy.TabFocus)
        self.acts, self.buttons, self.tips = kb.acts, kb.buttons, kb.tips
        for name in ("lists", "paid", "cancel"):
            self.batches.addAction(self.acts[name])
        self.rows.addAction(self.acts["reverse"])
        for view in (self.batches, self.rows):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.buttons["folder"].hide()
        self._lay_out()
        self.batches.selectionModel().currentRowChanged.connect(lambda _c, _p: self.show_rows())
        self.rows.selectionModel().currentRowChanged.connect(lambda _c, _p: self.update_buttons())

    def _lay_out(self) -> None:
        """The batches above, the chosen batch's rows below, the buttons under both."""
        top = QWidget()
        t_lay = QVBoxLayout(top)
        t_lay.setContentsMargins(0, 0, 0, 0)
        t_lay.addWidget(self.batches)
        bottom = QWidget()
        b_lay = QVBoxLayout(bottom)
        b_lay.setContentsMargins(0, 4, 0, 0)
        b_lay.addWidget(self.rows_title)
        b_lay.addWidget(self.rows, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("batchSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([200, 300])
        bar = QHBoxLayout()
        for name in ("lists", "paid", "cancel", "reverse", "folder"):
            bar.addWidget(self.buttons[name])
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addWidget(self.splitter, 1)
        lay.addLayout(bar)
        QWidget.setTabOrder(self.batches, self.rows)

    # -- reading ------------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        """Read the batches again (GUI thread: a hundred short rows), keeping the choice."""
        keep = select_id if select_id is not None else self.current_batch_id()
        with self.ctx.db.reader() as uow:
            rows = payments.list_batches(uow)
        self.batch_model.set_rows(rows)
        if not self.batch_model.rows:
            self.row_model.set_rows([])
        row = 0
        for i in range(self.batch_proxy.rowCount()):
            if self.batch_proxy.index(i, 0).data(ID_ROLE) == keep:
                row = i
        self.batches.select_row(row)
        if self.batch_model.rows:
            fit_once(
                self.batches,
                ["ZF2015-0001", "2015-08-20", 8, 3, "1,234,567.89", 3, 4, 4, "08-20 10:00", 5],
            )
        self.show_rows()

    def current_batch(self) -> BatchView | None:
        idx = self.batches.currentIndex()
        if not idx.isValid():
            return None
        return self.batch_model.row_data(self.batch_proxy.mapToSource(idx).row())

    def current_batch_id(self) -> int | None:
        b = self.current_batch()
        return b.id if b is not None else None

    def current_row(self) -> PayableRow | None:
        idx = self.rows.currentIndex()
        if not idx.isValid():
            return None
        return self.row_model.row_data(self.row_proxy.mapToSource(idx).row())

    def show_rows(self) -> None:
        b = self.current_batch()
        if b is None:
            self.row_model.set_rows([])
            self.rows_title.setText(self.tr("No payment batch yet."))
            self.update_buttons()
            return
        with self.ctx.db.reader() as uow:
            rows = payments.batch_rows(uow, b.id)
        if self.row_model.rows and self._rows_of != b.id:
            self.row_model.ticked.clear()
        self._rows_of = b.id
        self.row_model.set_rows(rows)
        self.rows.setColumnHidden(0, b.status != "open")
        self.rows.select_row(0)
        if rows:
            fit_once(
                self.rows,
                [
                    1.4,
                    "SP2015080001",
                    5,
                    "330602********1234",
                    12,
                    "SX-2015-ZY",
                    "12,345.67",
                    "6222 0000 1111 2222 333",
                    "13800000000",
                    7,
                ],
            )
        title = (
            self.tr("Batch %1 — %2 row(s), %3 yuan")
            .replace("%1", b.batch_no)
            .replace("%2", str(len(rows)))
            .replace("%3", fmt(b.total))
        )
        if b.status == "open":
            title += "  " + self.tr(
                "Before confirming: tick with Space any transfer the bank sent back."
            )
        self.rows_title.setText(title)
        self.update_buttons()

    def toggle_failed(self) -> None:
        """Space on a row of an open batch: the bank sent this transfer back (or not)."""
        b = self.current_batch()
        if b is None or b.status != "open":
            return
        rows = [
            r
            for r in self.row_proxy.source_rows(self.rows.selected_rows())
            if self.row_model.rows[r].bank_account and self.row_model.rows[r].kind == "payment"
        ]
        if not rows:
            return
        on = not all(
            self.row_model.row_id(self.row_model.rows[r]) in self.row_model.ticked for r in rows
        )
        self.row_model.set_ticked(rows, on)

    def failed_rows(self) -> list[PayableRow]:
        """Transfers marked as sent back by the bank."""
        return [r for r in self.row_model.ticked_rows() if r.kind == "payment"]

    # -- what may be done ---------------------------------------------------------------------
    def why_not(self, action: str) -> str | None:
        """Why the chosen batch or row cannot take ``action`` now (None: it can)."""
        if action == "folder":
            return None if self.last_files is not None else "-"
        if not self.ctx.can(Perm.PAY):
            return self.tr("Only a reviewer may handle payment batches.")
        b = self.current_batch()
        if b is None:
            return self.tr("Choose a batch first.")
        if action in ("paid", "cancel") and b.status != "open":
            return self.tr("Batch %1 is paid already: it cannot be changed.").replace(
                "%1", b.batch_no
            )
        if action == "paid" and b.lists_written_at is None:
            return self.tr("Write the batch's lists first (W) and give the bank list to the bank.")
        if action == "paid" and b.pay_date > today():
            return (
                self.tr("Batch %1 is to be paid on %2: confirm it on that day or later.")
                .replace("%1", b.batch_no)
                .replace("%2", b.pay_date.isoformat())
            )
        if action == "reverse":
            r = self.current_row()
            if b.status != "paid":
                return self.tr("Only a claim of a paid batch can be reversed.")
            if r is None:
                return self.tr("Choose the claim in the batch's rows first.")
            if r.payout <= 0:
                return self.tr("This row is a reversal itself.")
        return None

    def update_buttons(self) -> None:
        for name, b in self.buttons.items():
            reason = self.why_not(name)
            b.setEnabled(reason is None)
            self.acts[name].setEnabled(reason is None)
            b.setToolTip(reason if reason and reason != "-" else self.tips[name])
        self.buttons["folder"].setVisible(self.last_files is not None)

    def _refused(self, action: str) -> BatchView | None:
        reason = self.why_not(action)
        if reason is not None:
            self.say(reason, error=True)
            return None
        return self.current_batch()

    # -- the work -------------------------------------------------------------------------------
    def write_lists(self) -> None:
        """W: the bank transfer list and the SMS list into a folder the reviewer chooses."""
        b = self._refused("lists")
        if b is None:
            return
        start = str(self.ctx.layout.value(LAST_FOLDER_KEY, "") or self.ctx.data.exports)
        folder = choose_folder(
            self, self.tr("Folder for the lists of batch %1").replace("%1", b.batch_no), start
        )
        if not folder:
            return
        self.ctx.layout.setValue(LAST_FOLDER_KEY, folder)
        actor, batch_id, out = self.ctx.actor, b.id, Path(folder)

        def write(uow: UnitOfWork) -> Done[ListFiles]:
            out.mkdir(parents=True, exist_ok=True)
            return payments.write_lists(uow, actor, batch_id, out)

        def done(result: Done[ListFiles]) -> None:
            self.last_files = result.value
            self.update_buttons()
            self.say(
                self.tr("Lists of batch %1 written: %2 and %3 in %4. Open the folder with O.")
                .replace("%1", b.batch_no)
                .replace("%2", (result.value.bank_file or result.value.bank).name)
                .replace("%3", result.value.sms.name)
                .replace("%4", str(result.value.bank.parent))
            )

        run_op(
            self.ctx,
            write,
            parent=self,
            done=done,
            failed=self._failed,
            title=self.tr("Writing the lists…"),
            cancellable=False,
        )

    def open_folder(self) -> None:
        if self.last_files is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_files.bank.parent)))

    def confirm_paid(self) -> None:
        """P: the reviewer types the bank list's total to confirm the batch paid."""
        b = self._refused("paid")
        if b is None:
            return
        dlg = ConfirmPaidDialog(self.ctx, b, self.failed_rows(), self)
        dlg.accepted.connect(lambda: self._paid(dlg))
        dlg.open()

    def _paid(self, dlg: ConfirmPaidDialog) -> None:
        v = dlg.result_view
        if v is None:
            return
        self.row_model.ticked.clear()
        self.reload(v.id)
        text = (
            self.tr("Batch %1 confirmed paid: %2 claim(s), %3 yuan. The claims are paid.")
            .replace("%1", v.batch_no)
            .replace("%2", str(v.count))
            .replace("%3", fmt(v.total))
        )
        if dlg.released:
            text += " " + self.tr(
                "%1 claim(s) not paid (no account, or sent back) wait for the next batch."
            ).replace("%1", str(dlg.released))
        self.say(text)

    def cancel_batch(self) -> None:
        """Delete: an open batch is dropped; its claims wait for payment again."""
        b = self._refused("cancel")
        if b is None:
            return
        listed = b.lists_written_at is not None
        text = (
            self.tr("Cancel batch %1 (%2 claim(s), %3 yuan)? Its claims wait for payment again.")
            .replace("%1", b.batch_no)
            .replace("%2", str(b.count))
            .replace("%3", fmt(b.total))
        )
        details = ""
        if listed:
            assert b.lists_written_at is not None
            details = self.tr(
                "Its bank list was written on %1. Cancel only if the bank did not get it or "
                "sent it back: a list the bank pays must be confirmed, not cancelled."
            ).replace("%1", f"{local(b.lists_written_at):%Y-%m-%d %H:%M}")
        if not confirm(
            self,
            self.tr("Cancel batch"),
            text,
            self.tr("The bank did not get it: cancel") if listed else self.tr("Cancel batch"),
            danger=True,
            details=details,
        ):
            return
        actor, batch_id = self.ctx.actor, b.id

        def done(_r: Done[None]) -> None:
            self.reload()
            self.say(self.tr("Batch %1 cancelled.").replace("%1", b.batch_no))

        run_op(
            self.ctx,
            lambda uow: payments.cancel_batch(uow, actor, batch_id, even_if_listed=listed),
            parent=self,
            done=done,
            failed=self._failed,
        )

    def reverse(self) -> None:
        """R: a reversal (冲正) of the chosen paid claim."""
        if self._refused("reverse") is None:
            return
        row = self.current_row()
        assert row is not None
        dlg = ReversalDialog(self.ctx, row, self, already=reversed_before(self.ctx, row.claim_id))
        dlg.accepted.connect(lambda: self._reversed(dlg))
        dlg.open()

    def _reversed(self, dlg: ReversalDialog) -> None:
        if dlg.done_amount is None:
            return
        self.say(
            self.tr("Reversal of %1 yuan on %2 recorded: it goes into the next payment batch.")
            .replace("%1", fmt(dlg.done_amount))
            .replace("%2", dlg.row.approval_no or dlg.row.claim_no)
        )

    def _failed(self, exc: BaseException) -> None:
        from ui.messages import error_text

        self.say(error_text(exc, self.ctx.lang), error=True)

    def save_layout(self, store: Any) -> None:
        store.setValue("batch_splitter", self.splitter.saveState())
        store.setValue("batch_header", self.batches.horizontalHeader().saveState())
        store.setValue("rows_header", self.rows.horizontalHeader().saveState())

    def restore_layout(self, store: Any) -> None:
        state = store.value("batch_splitter")
        if state is not None:
            self.splitter.restoreState(state)
        self.batches.restore_header(store.value("batch_header"))
        self.rows.restore_header(store.value("rows_header"))
