"""All models, imported here so ``Base.metadata`` knows every table."""

from db.models.claims import (
    AttachmentBlob,
    Calculation,
    CalculationLine,
    Claim,
    ClaimAttachment,
    Receipt,
)
from db.models.payments import (
    MonthLock,
    MonthlyReturn,
    Payment,
    PaymentBatch,
    PendingReversal,
)
from db.models.people import Member, MemberSearchKey, Unit
from db.models.recovery import FormCopy
from db.models.schemes import Enrollment, EnrollmentBatch, Scheme
from db.models.system import (
    AuditEntry,
    AuditHead,
    Counter,
    Disease,
    Hospital,
    ImportLog,
    OutboxEntry,
    PaperSent,
    Setting,
    SyncFinding,
    SyncRun,
    SyncState,
    User,
)

__all__ = [
    "AttachmentBlob",
    "AuditEntry",
    "AuditHead",
    "Calculation",
    "CalculationLine",
    "Claim",
    "ClaimAttachment",
    "Counter",
    "Disease",
    "Enrollment",
    "EnrollmentBatch",
    "FormCopy",
    "Hospital",
    "ImportLog",
    "Member",
    "MemberSearchKey",
    "MonthLock",
    "MonthlyReturn",
    "OutboxEntry",
    "PaperSent",
    "Payment",
    "PaymentBatch",
    "PendingReversal",
    "Receipt",
    "Scheme",
    "Setting",
    "SyncFinding",
    "SyncRun",
    "SyncState",
    "Unit",
    "User",
]
