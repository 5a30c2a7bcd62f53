"""One claim opened for review, read-only: who and what, the receipts, the stored calculation
(计算过程), and — when the signed-in reviewer entered or edited it — why they may not decide it.
Also the dialog for 不予给付 (a reason code and the reviewer's words)."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from base.changes import Done
from base.clock import local
from base.money import fmt
from desk_app.claims import service as claims
from desk_app.claims.model import ClaimView
from desk_app.people.idcard import mask_id
from desk_app.people.rules import mask_account
from desk_app.terms import REASONS, SELF_PAID
from ui.context import AppContext
from ui.dialogs import FormDialog
from ui.screens.claims.fields import CalcPanel, kind_name, reason_name, status_name
from ui.widgets.people import PersonNames
from ui.widgets.receipt_grid import ReceiptGrid, ReceiptModel


def _when(dt: Any) -> str:
    return f"{local(dt):%Y-%m-%d %H:%M}" if dt is not None else ""


class ClaimPage(QFrame):
    """The claim under review. :meth:`show_claim` fills it; ``why_not`` says what the
    signed-in person may not do with it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person = PersonNames(ctx.db)  # who entered and reviewed it, by name
        self.claim: ClaimView | None = None
        self.setObjectName("reviewClaimPage")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title = QLabel()
        self.title.setObjectName("claimBanner")
        self.title.setStyleSheet("QLabel#claimBanner { font-size: 12pt; font-weight: 600; }")
        self.own = QLabel()
        self.own.setObjectName("ownClaimNotice")
        self.own.setWordWrap(True)
        self.own.setStyleSheet(
            "QLabel#ownClaimNotice { color: #b3261e; background: #fdecea; padding: 4px 8px; "
            "border-radius: 4px; }"
        )
        self.own.hide()
        self.details = QLabel()
        self.details.setObjectName("claimDetails")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setWordWrap(True)
        self.receipts = ReceiptModel(read_only=True)
        self.grid = ReceiptGrid(self.receipts)
        self.grid.setObjectName("reviewReceipts")
        self.grid.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.grid.setMinimumHeight(110)
        self.sums = QLabel()
        self.sums.setObjectName("hint")
        self.calc_panel = CalcPanel(ctx.lang)
        self.calc_panel.setMinimumWidth(380)

        # Who and what beside the calculation; the receipts below, the full width, so all
        # ten columns show at 1366 pixels.
        top = QVBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title)
        top.addWidget(self.own)
        top.addWidget(self.details, 1)
        # The papers' keys (D, B: ui/screens/review/papers.py) under the facts they are about.
        self.papers_row = QHBoxLayout()
        top.addLayout(self.papers_row)
        receipts_head = QHBoxLayout()
        receipts_head.addWidget(QLabel(self.tr("Receipts:")))
        receipts_head.addWidget(self.sums, 1)
        lay = QGridLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setHorizontalSpacing(12)
        lay.addLayout(top, 0, 0)
        lay.addWidget(self.calc_panel, 0, 1)
        lay.addLayout(receipts_head, 1, 0, 1, 2)
        lay.addWidget(self.grid, 2, 0, 1, 2)
        lay.setColumnStretch(0, 3)
        lay.setColumnStretch(1, 2)
        lay.setRowStretch(0, 3)
        lay.setRowStretch(2, 2)

    def show_claim(self, v: ClaimView) -> None:
        self.claim = v
        lang = self.ctx.lang
        title = (
            self.tr("Claim %1 · %2")
            .replace("%1", v.claim_no)
            .replace("%2", status_name(v.status, lang))
        )
        if v.approval_no:
            title += " · " + self.tr("approval no. %1").replace("%1", v.approval_no)
        self.title.setText(title)
        own = self.ctx.actor.login in v.entered_by
        self.own.setVisible(own)
        if own:
            self.own.setText(self.own_text(v))
        self.details.setText(self._details_html(v))
        self.receipts.claim_hospital = v.hospital or ""
        self.receipts.set_receipts(v.receipts)
        self.grid.resizeRowsToContents()
        sums = self.receipts.sums()
        self.sums.setText(
            self.tr("%1 receipt(s), total %2, self-paid parts %3")
            .replace("%1", str(len(v.receipts)))
            .replace("%2", fmt(sums["total"]))
            .replace("%3", fmt(sum((sums[f] for f in SELF_PAID), Decimal("0.00"))))
        )
        if v.calc is not None:
            self.calc_panel.show_calc(v.calc)
        else:
            self.calc_panel.show_nothing(self.tr("Not calculated yet (still a draft)."))

    def own_text(self, v: ClaimView) -> str:
        return self.tr(
            "You entered or edited claim %1: another reviewer must approve or reject it."
        ).replace("%1", v.claim_no)

    def _details_html(self, v: ClaimView) -> str:
        lang = self.ctx.lang
        if v.kind == "inpatient":
            days = v.calc.days if v.calc is not None else 0
            dates = self.tr("%1 to %2, %3 day(s) in hospital")
            dates = (
                dates.replace("%1", str(v.admission or ""))
                .replace("%2", str(v.discharge or ""))
                .replace("%3", str(days))
            )
        else:
            dates = str(v.visit_date or v.event_date or "")
        gender = self.tr("female") if v.gender == "F" else self.tr("male")
        rows: list[tuple[str, str]] = [
            (self.tr("Member"), f"{v.member_name}（{gender}）  {mask_id(v.id_number)}"),
            (self.tr("Unit"), v.unit_name or ""),
            (
                self.tr("Scheme"),
                self.tr("%1 (%2) · %3 share(s) · %4 to %5")
                .replace("%1", v.scheme_name)
                .replace("%2", v.scheme_code)
                .replace("%3", str(v.shares))
                .replace("%4", str(v.period_start))
                .replace("%5", str(v.period_end)),
            ),
            (self.tr("Kind"), f"{kind_name(v.kind, lang)}  {dates}"),
            (self.tr("Hospital"), v.hospital or ""),
            (self.tr("Diagnosis"), " ".join(p for p in (v.disease_code, v.disease_name) if p)),
            (self.tr("Account"), mask_account(v.bank_account) or self.tr("none on file")),
            (
                self.tr("Entered"),
                self.tr("%1 at %2")
                .replace("%1", self.person(v.created_by))
                .replace("%2", _when(v.created_at))
                + (self.tr(" (imported)") if v.source != "desk" else ""),
            ),
        ]
        if v.submitted_at is not None:
            rows.append(
                (
                    self.tr("Submitted"),
                    self.tr("%1 at %2")
                    .replace("%1", self.person(v.submitted_by))
                    .replace("%2", _when(v.submitted_at)),
                )
            )
        if v.reviewed_at is not None:
            rows.append(
                (
                    self.tr("Reviewed"),
                    self.tr("%1 at %2")
                    .replace("%1", self.person(v.reviewed_by))
                    .replace("%2", _when(v.reviewed_at)),
                )
            )
        if v.reject_code:
            words = reason_name(v.reject_code, lang)
            if v.reject_text:
                words += f"：{v.reject_text}" if lang == "zh" else f": {v.reject_text}"
            rows.append((self.tr("Not paid because"), words))
        if v.paid_on is not None:
            rows.append((self.tr("Paid"), f"{v.paid_on} {v.payment_batch_no or ''}"))
        if v.note:
            rows.append((self.tr("Note"), v.note))
        rows += [(self.tr("Paper"), self._paper_text(p)) for p in v.papers]
        cells = "".join(
            f"<tr><td style='color:#5f6b7a; padding-right:12px'>{html.escape(a)}</td>"
            f"<td>{html.escape(b)}</td></tr>"
            for a, b in rows
        )
        return f"<table cellspacing='2'>{cells}</table>"


    def _paper_text(self, p: Any) -> str:
        """One paper of the checklist as the reviewer must read it: attached, or only ticked
        as seen by the clerk (then the reviewer checks the paper archive), or missing."""
        need = self.tr("required") if p.required else self.tr("optional")
        head = f"{p.name}（{need}）"
        if p.state == "attached":
            n = len(p.attachments)
            return head + self.tr(": %1 scan(s) attached").replace("%1", str(n))
        if p.state == "seen":
            return head + self.tr(": only ticked as seen by %1, no scan").replace(
                "%1", self.person(p.seen_by)
            )
        return head + self.tr(": not provided")


class RejectDialog(FormDialog):
    """不予给付: a reason from ``REJECT_REASONS`` (the engine's own reason chosen when the
    scheme's rules refuse the claim) and the reviewer's words, which go on the notice."""

    def __init__(self, ctx: AppContext, claim: ClaimView, parent: QWidget | None) -> None:
        super().__init__(
            parent,
            self.tr("Reject claim %1").replace("%1", claim.claim_no),
            self.tr("Reject"),
        )
        self.setObjectName("rejectDialog")
        self.ctx = ctx
        self.claim = claim
        self.result_view: ClaimView | None = None
        self.reason = QComboBox()
        self.reason.setObjectName("rejectReason")
        for code, words in claims.REJECT_REASONS.items():
            self.reason.addItem(words.text(ctx.lang), code)
        engine = claim.calc.reason if claim.calc is not None else None
        default = engine if engine in REASONS else "incomplete_documents"
        self.reason.setCurrentIndex(max(0, self.reason.findData(default)))
        self.text = QLineEdit()
        self.text.setObjectName("rejectText")
        self.text.setMaxLength(500)
        self.text.setPlaceholderText(self.tr("What the member is told (printed on the notice)"))
        who = QLabel(
            self.tr("%1, %2, payout as calculated %3")
            .replace("%1", claim.member_name)
            .replace("%2", kind_name(claim.kind, ctx.lang))
            .replace("%3", fmt(claim.calc.payout) if claim.calc is not None else "–")
        )
        who.setObjectName("hint")
        self.form.addRow(who)
        self.form.addRow(self.tr("&Reason:"), self.reason)
        self.form.addRow(self.tr("Re&view opinion:"), self.text)
        self.finish([self.reason, self.text])

    def submit(self) -> None:
        actor = self.ctx.actor
        claim_id, code, words = self.claim.id, str(self.reason.currentData()), self.text.text()
        self.submit_op(
            self.ctx, lambda uow: claims.reject(uow, actor, claim_id, code, words), self._done
        )

    def _done(self, result: Done[ClaimView]) -> None:
        self.result_view = result.value
        self.accept()
