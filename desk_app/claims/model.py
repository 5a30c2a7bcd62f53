"""The claims service's plain data: what the window sends in and what it gets back.

Frozen dataclasses only, no ORM objects and no Qt (``docs/dev/api-contract.md``, section
``desk_app/claims/``). Money is ``Decimal`` yuan; dates are dates; datetimes are aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from base.errors import Message, RowError, ValidationError

# The domain's words (declared once in desk_app.terms) that claims speak.
from desk_app.terms import AMOUNT_FIELDS as AMOUNT_FIELDS
from desk_app.terms import AMOUNT_NAMES as AMOUNT_NAMES
from desk_app.terms import CLAIM_KIND_NAMES as CLAIM_KIND_NAMES
from desk_app.terms import CLAIM_KINDS as CLAIM_KINDS
from desk_app.terms import COMPONENTS as COMPONENTS
from desk_app.terms import KIND_DATES as KIND_DATES

ZERO = Decimal("0.00")

STATUSES: tuple[str, ...] = ("draft", "submitted", "approved", "rejected", "paid", "reported")
STATUS_NAMES: dict[str, tuple[str, str]] = {
    "draft": ("录入中", "draft"),
    "submitted": ("待审核", "submitted"),
    "approved": ("已审批", "approved"),
    "rejected": ("不予给付", "rejected"),
    "paid": ("已给付", "paid"),
    "reported": ("已上报", "reported"),
}


def status_names(status: str | None) -> tuple[str, str]:
    """A claim's status in both languages (an unknown code as it is)."""
    return STATUS_NAMES.get(status or "", (str(status), str(status)))


# Claims that count in a member's accumulations (deductible, brackets, days, cap), in the order
# they were submitted: everything submitted and not rejected by a reviewer.
COUNTED_STATUSES: tuple[str, ...] = ("submitted", "approved", "paid", "reported")

# Problem severities: an ``error`` stops saving a draft and submitting; ``incomplete`` (a date or
# a receipt still missing) stops only submitting; a ``warning`` stops nothing.
SEVERITIES: tuple[str, ...] = ("error", "incomplete", "warning")


@dataclass(frozen=True)
class ReceiptInput:
    """One invoice / settlement slip as typed. A blank ``hospital`` means the claim's."""

    invoice_no: str
    hospital: str
    total: Decimal
    fund_paid: Decimal = ZERO
    other_paid: Decimal = ZERO
    deductible: Decimal = ZERO
    copay: Decimal = ZERO
    over_cap: Decimal = ZERO
    class_b: Decimal = ZERO
    self_funded: Decimal = ZERO


@dataclass(frozen=True)
class ClaimInput:
    """A claim as the intake form (or an import) gives it."""

    member_id: int
    enrollment_id: int
    kind: str  # inpatient | outpatient | death
    admission: date | None = None
    discharge: date | None = None
    visit_date: date | None = None
    event_date: date | None = None
    hospital: str | None = None
    disease_code: str | None = None
    disease_name: str | None = None
    receipts: tuple[ReceiptInput, ...] = ()
    note: str | None = None
    # The checklist codes ticked as seen; None where the papers are not tracked (an import, a
    # claim from before checklists): then the checklist does not hold the claim back.
    papers: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with its place (``claim.admission``,
    ``receipts[1].total``, ``receipts[0].invoice_no``, counting receipts from 0) and the
    clerk's words."""

    where: str
    message: Message
    severity: str = "error"  # error | incomplete | warning

    @property
    def blocks_saving(self) -> bool:
        return self.severity == "error"

    @property
    def blocks_submit(self) -> bool:
        return self.severity in ("error", "incomplete")


class ClaimProblems(ValidationError):
    """Input that cannot be stored (or submitted); ``problems`` lists every one with its place."""

    code = "claim_problems"

    def __init__(self, message: Message, problems: tuple[Problem, ...]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class CalcView:
    """A calculation as the window and the form show it."""

    status: str  # payable | rejected
    reason: str | None
    payout: Decimal
    cap_left: Decimal | None
    benefits: tuple[tuple[str, Decimal], ...]
    lines: tuple[str, ...]
    days: int
    # Beyond the contract:
    scheme_sha256: str = ""
    computed_at: datetime | None = None
    computed_by: str | None = None


@dataclass(frozen=True)
class Preview:
    """The live check and calculation of the intake form (nothing stored)."""

    problems: tuple[Problem, ...]
    calc: CalcView | None  # None when the input is unusable for the engine


@dataclass(frozen=True, kw_only=True)
class ReceiptView(ReceiptInput):
    """A stored receipt; it is also a :class:`ReceiptInput`, so an edit form can send it back."""

    id: int
    seq: int


@dataclass(frozen=True)
class ClaimView:
    """One claim with everything the claim screen, the review screen and the forms show."""

    id: int
    claim_no: str
    approval_no: str | None
    status: str
    kind: str
    member_id: int
    member_name: str
    id_number: str
    gender: str
    phone: str | None
    unit_name: str | None
    enrollment_id: int
    scheme_id: int
    scheme_code: str
    scheme_name: str
    shares: int
    period_start: date
    period_end: date
    admission: date | None
    discharge: date | None
    visit_date: date | None
    event_date: date | None
    hospital: str | None
    disease_code: str | None
    disease_name: str | None
    receipts: tuple[ReceiptView, ...]
    total_cost: Decimal
    calc: CalcView | None
    reject_code: str | None
    reject_text: str | None
    note: str | None
    created_by: str
    created_at: datetime
    submitted_by: str | None
    submitted_at: datetime | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    paid_on: date | None
    payment_batch_no: str | None
    source: str
    # Beyond the contract:
    covered_date: date | None = None
    bank_account: str | None = None
    # Who may not review it: the logins that entered, edited or submitted it.
    entered_by: tuple[str, ...] = ()
    # Drawn at approval for a second look by another reviewer (review.sample_percent).
    second_look: bool = False
    # The scheme's checklist for the claim and where each paper stands (PaperView); the
    # papers' codes ticked as seen, None where the claim does not track papers.
    papers: tuple[Any, ...] = ()
    papers_seen: tuple[str, ...] | None = None

    def to_input(self) -> ClaimInput:
        """The claim as intake input again (to edit a draft)."""
        return ClaimInput(
            member_id=self.member_id,
            enrollment_id=self.enrollment_id,
            kind=self.kind,
            admission=self.admission,
            discharge=self.discharge,
            visit_date=self.visit_date,
            event_date=self.event_date,
            hospital=self.hospital,
            disease_code=self.disease_code,
            disease_name=self.disease_name,
            receipts=tuple(self.receipts),
            note=self.note,
            papers=self.papers_seen,
        )


@dataclass(frozen=True)
class QueueRow:
    """One line of the claim lists (review queue, drafts, search)."""

    id: int
    claim_no: str
    status: str
    member_name: str
    id_number: str
    unit_name: str | None
    scheme_code: str
    kind: str
    covered_date: date | None
    payout: Decimal
    total_cost: Decimal
    created_by: str
    submitted_at: datetime | None
    calc_status: str | None
    # Beyond the contract:
    approval_no: str | None = None
    calc_reason: str | None = None
    second_look: bool = False


@dataclass(frozen=True)
class QueueFilter:
    """Which claims a list shows. ``date_from``/``date_to`` are desk days of submission
    (both inclusive); ``text`` matches a claim or approval number prefix, an ID number prefix,
    a name or its pinyin."""

    status: tuple[str, ...] = ("submitted",)
    scheme_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    min_payout: Decimal | None = None
    max_payout: Decimal | None = None
    created_by: str | None = None
    unit_id: int | None = None
    text: str = ""
    # Beyond the contract: the engine's verdict (payable | rejected), the member, and only the
    # claims drawn for a second look (True) or only the others (False).
    calc_status: str | None = None
    member_id: int | None = None
    second_look: bool | None = None


QUEUE_SORTS: tuple[str, ...] = (
    "submitted_at",
    "created_at",
    "claim_no",
    "member_name",
    "id_number",
    "unit",
    "scheme_code",
    "kind",
    "covered_date",
    "payout",
    "total_cost",
    "status",
    "created_by",
    "reviewed_at",
)


@dataclass(frozen=True)
class ApproveAllReport:
    """What batch review did (``desk-app claims approve --all``)."""

    approved: int
    rejected: int
    skipped_own: int  # entered by the reviewer: left for someone else
    changed: int  # calculation changed since submission: stored anew, left for a second look
    payout_total: Decimal
    approval_nos: tuple[str, ...] = ()
    changed_claims: tuple[str, ...] = ()
    second_look: int = 0  # approvals drawn for a second look

    def summary(self, lang: str = "zh") -> str:
        """One line for the command line and the window's status bar."""
        if lang == "zh":
            text = (
                f"审批 {self.approved} 件（给付合计 {self.payout_total:,.2f} 元），"
                f"不予给付 {self.rejected} 件，本人录入未审 {self.skipped_own} 件，"
                f"计算结果有变需重新核对 {self.changed} 件"
            )
            return text + (f"，抽中复核 {self.second_look} 件" if self.second_look else "")
        text = (
            f"approved {self.approved} (payout {self.payout_total:,.2f}), "
            f"rejected {self.rejected}, left {self.skipped_own} entered by you, "
            f"{self.changed} recalculated (look again)"
        )
        return text + (f", {self.second_look} drawn for a second look" if self.second_look else "")


@dataclass(frozen=True)
class SettlementReport:
    """What a settlement import did. ``accepted``/``skipped``/``rejected`` count rows
    (receipts), as the errors do; ``claims`` counts the claims created."""

    accepted: int
    skipped: int
    rejected: int
    errors: tuple[RowError, ...]
    claims: int = 0
    claim_nos: tuple[str, ...] = ()
    payout_total: Decimal = ZERO
    file_name: str = ""
    sheet_name: str = ""
    header_row: int = 0
    engine_rejected: int = 0  # claims created whose calculation is a rejection
    warnings: tuple[RowError, ...] = field(default=())

    def to_json(self, lang: str = "zh") -> dict[str, object]:
        """The summary of CLI.md: accepted, skipped, rejected and each error's row and
        message."""
        return {
            "accepted": self.accepted,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "errors": [{"row": e.row, "message": e.message.text(lang)} for e in self.errors],
        }
