"""What the printed documents say: plain frozen dataclasses, filled by the services.

Nothing here knows the database: the claims and enrollment services map their stored rows onto
these (``printing`` never queries anything). Money is ``Decimal`` yuan; a ``float`` is refused at
construction, because a float on a signed form is a bug that must not reach the paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

#: Claim kinds of the engine (SCHEMES.md) and their names on paper.
CLAIM_KINDS = {"inpatient": "住院", "outpatient": "门诊", "death": "身故"}

#: The engine's rejection reasons (SCHEMES.md, "Eligibility and limits").
REASON_CODES = (
    "invalid_receipt",
    "outside_period",
    "not_enrolled",
    "waiting_period",
    "cap_reached",
    "not_covered",
)


def _check_money(obj: object, *names: str) -> None:
    for name in names:
        value = getattr(obj, name)
        if value is None:
            continue
        if not isinstance(value, Decimal) or isinstance(value, bool):
            raise TypeError(f"{type(obj).__name__}.{name} must be a Decimal, not {value!r}")
        if not value.is_finite():
            raise ValueError(f"{type(obj).__name__}.{name} is not an amount: {value!r}")


def _check_kind(kind: str) -> None:
    if kind not in CLAIM_KINDS:
        raise ValueError(f"unknown claim kind {kind!r}; expected one of {sorted(CLAIM_KINDS)}")


@dataclass(frozen=True)
class Signatory:
    """A signature box: the printed name of who did the step and when (blank lines if unknown)."""

    name: str = ""
    on: date | None = None


@dataclass(frozen=True)
class Member:
    """The member as printed. ``gender`` is ``"M"``/``"F"`` (or already ``"男"``/``"女"``)."""

    name: str
    id_number: str
    gender: str = ""
    unit_name: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Receipt:
    """One invoice / settlement slip with the seven components of SCHEMES.md."""

    invoice_no: str
    total: Decimal
    fund_paid: Decimal = Decimal("0")
    other_paid: Decimal = Decimal("0")
    deductible: Decimal = Decimal("0")
    copay: Decimal = Decimal("0")
    over_cap: Decimal = Decimal("0")
    class_b: Decimal = Decimal("0")
    self_funded: Decimal = Decimal("0")
    hospital: str | None = None  # printed under the number when it differs from the claim's

    def __post_init__(self) -> None:
        amounts = (f.name for f in fields(self) if f.name not in ("invoice_no", "hospital"))
        _check_money(self, *amounts)


#: Receipt amount columns in print order, with their headings (SCHEMES.md's names).
RECEIPT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("total", "医疗费总额"),
    ("fund_paid", "统筹基金支付"),
    ("other_paid", "大病保险/医疗救助等支付"),
    ("deductible", "起付标准自付"),
    ("copay", "按比例自付"),
    ("over_cap", "超封顶线自付"),
    ("class_b", "自付二（乙类先自付）"),
    ("self_funded", "自费"),
)


@dataclass(frozen=True)
class Benefit:
    """One benefit of the engine's result: its label and rounded amount."""

    label: str
    amount: Decimal

    def __post_init__(self) -> None:
        _check_money(self, "amount")


@dataclass(frozen=True)
class ApprovalData:
    """Everything on one approval form (职工医疗互助保障金给付审批表).

    ``explanation`` is the claim's 计算过程, one line per step, printed as given. Dates that do
    not apply to the claim's kind stay ``None``: an inpatient claim has ``admission`` and
    ``discharge``, an outpatient claim ``visit_date``, a death claim ``event_date``.
    ``hospital_days`` is computed from the dates (SCHEMES.md: at least 1) when not given.
    """

    county_union: str
    approval_no: str
    claim_no: str
    member: Member
    scheme_name: str
    scheme_code: str
    shares: int
    period_start: date
    period_end: date
    kind: str
    payout: Decimal
    hospital: str | None = None
    admission: date | None = None
    discharge: date | None = None
    visit_date: date | None = None
    event_date: date | None = None
    hospital_days: int | None = None
    diagnosis_code: str | None = None
    diagnosis_name: str | None = None
    receipts: tuple[Receipt, ...] = ()
    explanation: tuple[str, ...] = ()
    benefits: tuple[Benefit, ...] = ()
    clerk: Signatory = field(default_factory=Signatory)
    reviewer: Signatory = field(default_factory=Signatory)
    head: Signatory = field(default_factory=Signatory)
    mask_id: bool = True
    bank_account: str | None = None
    remarks: str | None = None
    # The scanned papers printed after the form (printing.annex.AnnexPage), when asked for.
    annex: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        _check_kind(self.kind)
        _check_money(self, "payout")
        if self.payout < 0:
            raise ValueError(f"negative payout {self.payout} on approval {self.approval_no}")
        # Lists are accepted for convenience but stored as tuples: the dataclass stays hashable.
        for name in ("receipts", "explanation", "benefits", "annex"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))

    @property
    def days(self) -> int | None:
        """Hospital days as printed: given, or discharge − admission, at least 1."""
        if self.hospital_days is not None:
            return self.hospital_days
        if self.kind == "inpatient" and self.admission and self.discharge:
            return max(1, (self.discharge - self.admission).days)
        return None


@dataclass(frozen=True)
class RejectionData:
    """A rejection notice (不予给付通知书) to the member.

    ``reason_code`` is one of :data:`REASON_CODES`, or ``None`` when the reviewer rejected for a
    reason of their own; ``reason_text`` is the reviewer's words (printed as the review opinion,
    and on its own when there is no code). At least one of the two is required.
    """

    county_union: str
    claim_no: str
    member: Member
    scheme_name: str
    scheme_code: str
    kind: str
    notice_date: date
    phone: str
    reason_code: str | None = None
    reason_text: str | None = None
    notice_no: str | None = None
    applied_on: date | None = None
    covered_date: date | None = None  # admission / visit / event date the claim is about
    hospital: str | None = None
    diagnosis_name: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    service_center: str | None = None  # e.g. "示范县总工会职工服务中心"; defaults from the union
    address: str | None = None
    mask_id: bool = True

    def __post_init__(self) -> None:
        _check_kind(self.kind)
        if self.reason_code is not None and self.reason_code not in REASON_CODES:
            raise ValueError(f"unknown rejection reason {self.reason_code!r}")
        if self.reason_code is None and not (self.reason_text or "").strip():
            raise ValueError("a rejection notice needs a reason code or the reviewer's reason")


@dataclass(frozen=True)
class VoucherMember:
    """One line of the voucher's annex (参保人员名单)."""

    name: str
    id_number: str
    shares: int
    premium: Decimal
    gender: str = ""

    def __post_init__(self) -> None:
        _check_money(self, "premium")


@dataclass(frozen=True)
class VoucherData:
    """An enrollment payment voucher (缴费凭证) for one enrollment batch.

    ``shares`` is the batch's total number of shares; ``members`` (optional) prints the member
    list as an annex after the voucher.
    """

    county_union: str
    unit_name: str
    scheme_name: str
    scheme_code: str
    period_start: date
    period_end: date
    batch_no: str
    head_count: int
    shares: int
    premium_per_share: Decimal
    premium_total: Decimal
    paid_on: date
    clerk: str
    receipt_no: str | None = None
    unit_code: str | None = None
    members: tuple[VoucherMember, ...] = ()
    mask_id: bool = True

    def __post_init__(self) -> None:
        _check_money(self, "premium_per_share", "premium_total")
        if not isinstance(self.members, tuple):
            object.__setattr__(self, "members", tuple(self.members))
        # An annex that does not list the whole batch would be signed as if it did.
        if self.members and len(self.members) != self.head_count:
            raise ValueError(
                f"batch {self.batch_no}: {len(self.members)} members listed,"
                f" head count {self.head_count}"
            )
