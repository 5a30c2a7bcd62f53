"""Printed documents (reportlab, no Qt, no database): the approval form, the rejection notice,
the enrollment payment voucher, and batches of approval forms in one PDF.

Every renderer takes a frozen dataclass from :mod:`printing.data` and ``out``, a path or a
binary stream. Chinese text is set in an installed TrueType font that is embedded in the PDF,
or the built-in ``STSong-Light`` when none is found (:func:`active_font` says which).
"""

from printing.annex import AnnexPage
from printing.approval import render_approval, render_approvals
from printing.common import PrintOutputError, amount_in_capitals, mask_id, money
from printing.data import (
    ApprovalData,
    Benefit,
    Member,
    Receipt,
    RejectionData,
    Signatory,
    VoucherData,
    VoucherMember,
)
from printing.fonts import FontInfo, active_font
from printing.rejection import REASONS, render_rejection
from printing.voucher import render_voucher

__all__ = [
    "REASONS",
    "AnnexPage",
    "ApprovalData",
    "Benefit",
    "FontInfo",
    "Member",
    "PrintOutputError",
    "Receipt",
    "RejectionData",
    "Signatory",
    "VoucherData",
    "VoucherMember",
    "active_font",
    "amount_in_capitals",
    "mask_id",
    "money",
    "render_approval",
    "render_approvals",
    "render_rejection",
    "render_voucher",
]
