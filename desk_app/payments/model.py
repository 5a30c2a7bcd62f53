"""What the payment services return (``docs/dev/api-contract.md``, section ``desk_app/payments/``):
plain frozen dataclasses, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from base.errors import Message

ZERO = Decimal("0.00")
MAX_REASON = 500
#: How far ahead a batch may be dated (a list prepared for the bank's next pay day).
MAX_DAYS_AHEAD = 31


@dataclass(frozen=True)
class PayableRow:
    """One row to pay: an approved claim (``kind="payment"``) or a reversal (``kind="reversal"``,
    ``payout`` negative, ``bank_account`` None: a reversal is not a transfer)."""

    claim_id: int
    claim_no: str
    approval_no: str | None
    member_name: str
    id_number: str
    unit_name: str | None
    scheme_code: str
    payout: Decimal
    bank_account: str | None
    phone: str | None
    reviewed_at: datetime | None
    # Added: what the row is, a reversal's reason and id (pending_reversals.id), the member.
    kind: str = "payment"
    reason: str | None = None
    reversal_id: int | None = None
    member_id: int = 0


@dataclass(frozen=True)
class BatchView:
    """A payment batch. ``count`` counts its claims, ``total`` is what it pays net (claims minus
    reversals); ``missing_account`` counts claims whose member has no account (an open batch
    does not pay them: see ``confirm_paid``); ``missing_phone`` counts paid members without a
    phone (no SMS)."""

    id: int
    batch_no: str
    pay_date: date
    status: str  # open | paid
    count: int
    total: Decimal
    reversals: int
    missing_account: int
    missing_phone: int
    created_by: str | None
    paid_by: str | None
    paid_at: datetime | None
    # Added: the bank list's transfers (rows with an account and an amount), and when the lists
    # were last written (an open batch is confirmed only as listed).
    bank_count: int = 0
    bank_total: Decimal = ZERO
    reversal_total: Decimal = ZERO
    lists_written_at: datetime | None = None
    # Claims left out of a new batch because their payout did not verify (payments.verify).
    held: tuple[HeldClaim, ...] = ()


@dataclass(frozen=True)
class HeldClaim:
    """An approved claim kept out of payment: recalculated from its stored receipts and scheme
    it does not come to its recorded payout (or its calculation record does not say so)."""

    claim_id: int
    claim_no: str
    payout: Decimal  # what the claim says it pays
    verified: Decimal | None  # what the recalculation gives (None: it could not be made)
    message: Message


@dataclass(frozen=True)
class ListFiles:
    """The files of a batch: the bank list (FILES.md §4) and the SMS list (§5)."""

    bank: Path
    sms: Path
    # Added: the SMS list as CSV too (UTF-8 with BOM), and how many rows each holds.
    sms_csv: Path | None = None
    transfers: int = 0
    messages: int = 0
    # Added: the file that goes to the bank (the workbook itself for an xlsx layout, else the
    # csv/txt beside it) and the bank layout's code (``payments.layouts``).
    bank_file: Path | None = None
    layout: str = "standard"
    # Added: messages longer than one SMS (70 characters), sent and charged as two or more.
    long_messages: int = 0


@dataclass(frozen=True)
class ReversalRow:
    """A reversal (冲正) asked for: ``pending`` (waits for the next batch), ``batched`` (in an
    open batch) or ``paid`` (its batch was confirmed)."""

    id: int
    claim_id: int
    claim_no: str
    approval_no: str | None
    member_name: str
    amount: Decimal  # taken back, positive
    reason: str
    requested_by: str
    requested_at: datetime
    status: str
    batch_no: str | None
