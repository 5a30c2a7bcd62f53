"""The payment service as the window and the command line see it (``docs/dev/api-contract.md``,
section ``desk_app/payments/``). The work is done in the modules named beside each group.

A batch: ``create_batch`` (open) → ``write_lists`` → ``confirm_paid`` (payments appended for
good, claims paid) or ``cancel_batch``. Reversals (冲正) wait in ``pending_reversals`` for the next
batch. See ``docs/month-end.md``.
"""

from __future__ import annotations

from desk_app.payments.batches import (
    batch_rows,
    cancel_batch,
    create_batch,
    get_batch,
    held_claims,
    list_batches,
    payable_claims,
    remove_from_batch,
    summary_line,
    write_lists,
)
from desk_app.payments.confirm import confirm_paid
from desk_app.payments.model import BatchView, ListFiles, PayableRow, ReversalRow
from desk_app.payments.reversals import cancel_reversal, pending_reversals, reverse_payment

__all__ = [
    "BatchView",
    "ListFiles",
    "PayableRow",
    "ReversalRow",
    "batch_rows",
    "cancel_batch",
    "cancel_reversal",
    "confirm_paid",
    "create_batch",
    "get_batch",
    "held_claims",
    "list_batches",
    "payable_claims",
    "pending_reversals",
    "remove_from_batch",
    "reverse_payment",
    "summary_line",
    "write_lists",
]
