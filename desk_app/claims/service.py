"""The claims service as the window and the command line see it (``docs/dev/api-contract.md``,
section ``desk_app/claims/``). The work is done in the modules named beside each group.

A claim's life: ``draft`` (录入中) → ``submitted`` (待审核) → ``approved`` (已审批) or ``rejected``
(不予给付) → ``paid`` → ``reported``. See ``docs/claims.md``.
"""

from __future__ import annotations

from desk_app.claims.batch_review import approve_all
from desk_app.claims.forms import approval_form, enrollment_voucher, rejection_notice
from desk_app.claims.intake import (
    check_claim,
    covering_enrollments,
    delete_draft,
    fitting_enrollments,
    preview,
    save_draft,
    submit,
    withdraw,
)
from desk_app.claims.lookup import diseases, hospitals
from desk_app.claims.model import (
    COMPONENTS,
    ApproveAllReport,
    CalcView,
    ClaimInput,
    ClaimProblems,
    ClaimView,
    Preview,
    Problem,
    QueueFilter,
    QueueRow,
    ReceiptInput,
    ReceiptView,
    SettlementReport,
)
from desk_app.claims.papers import attach, checklist_for, remove, send_back
from desk_app.claims.review import (
    REJECT_REASONS,
    CalculationChanged,
    approve,
    confirm_second_look,
    reject,
    undo_review,
)
from desk_app.claims.settlement import import_settlements, write_error_rows
from desk_app.claims.views import get_claim, queue_ids, queue_rows

__all__ = [
    "COMPONENTS",
    "REJECT_REASONS",
    "ApproveAllReport",
    "CalcView",
    "CalculationChanged",
    "ClaimInput",
    "ClaimProblems",
    "ClaimView",
    "Preview",
    "Problem",
    "QueueFilter",
    "QueueRow",
    "ReceiptInput",
    "ReceiptView",
    "SettlementReport",
    "approval_form",
    "approve",
    "approve_all",
    "attach",
    "check_claim",
    "checklist_for",
    "confirm_second_look",
    "covering_enrollments",
    "delete_draft",
    "diseases",
    "enrollment_voucher",
    "fitting_enrollments",
    "get_claim",
    "hospitals",
    "import_settlements",
    "preview",
    "queue_ids",
    "queue_rows",
    "reject",
    "rejection_notice",
    "remove",
    "save_draft",
    "send_back",
    "submit",
    "undo_review",
    "withdraw",
    "write_error_rows",
]
