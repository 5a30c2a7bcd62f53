"""What the 试算 screen (:mod:`ui.screens.schemes.trial`) says about the engine's answer: the
payout line and each claim's verdict, benefits, cap left and 计算过程, as rich text. Its words
keep the screen's translation context (``TrialScreen``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from desk_app.schemes.model import REASON_NAMES_ZH, ClaimResult
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.forms import hint
from ui.widgets.member_search_texts import money_text

REASONS = {
    "invalid_receipt": QT_TRANSLATE_NOOP("Trial", "receipt or dates wrong"),
    "outside_period": QT_TRANSLATE_NOOP("Trial", "not in the period"),
    "not_enrolled": QT_TRANSLATE_NOOP("Trial", "not yet enrolled on that day"),
    "waiting_period": QT_TRANSLATE_NOOP("Trial", "in the waiting period"),
    "cap_reached": QT_TRANSLATE_NOOP("Trial", "the cap is used up"),
    "not_covered": QT_TRANSLATE_NOOP("Trial", "not covered by this scheme"),
}


def reason_text(code: str | None, lang: str) -> str:
    """Why a claim is not payable, in the window's language."""
    if code is None:
        return ""
    if lang == "zh" and code in REASON_NAMES_ZH:
        return REASON_NAMES_ZH[code]
    return QCoreApplication.translate("Trial", REASONS[code]) if code in REASONS else code


def payout_text(results: Sequence[ClaimResult]) -> str:
    """ "Payout … yuan · cap left … yuan" over all the claims entered."""
    total = sum((r.payout for r in results), start=Decimal("0.00"))
    last = results[-1] if results else None
    head = QCoreApplication.translate("TrialScreen", "Payout %1 yuan").replace(
        "%1", money_text(total)
    )
    if last is not None and last.cap_left is not None:
        head += QCoreApplication.translate("TrialScreen", " · cap left %1 yuan").replace(
            "%1", money_text(last.cap_left)
        )
    return head


def results_html(results: Sequence[ClaimResult], lang: str) -> str:
    """Each claim in order: verdict, benefits, the cap left after it, how it was calculated."""
    parts: list[str] = []
    for i, r in enumerate(results, start=1):
        parts.append(_verdict_html(i, r, lang))
        if r.benefits:
            rows = "".join(
                f"<tr><td>{escape(b.label)}</td>"
                f"<td align='right'>{escape(money_text(b.amount))}</td></tr>"
                for b in r.benefits
            )
            parts.append(f"<table cellspacing='0' cellpadding='2'>{rows}</table>")
        if r.cap_left is not None:
            left = QCoreApplication.translate("TrialScreen", "Cap left after it: %1 yuan")
            parts.append("<p>" + escape(left.replace("%1", money_text(r.cap_left))) + "</p>")
        if r.lines:
            how = QCoreApplication.translate("TrialScreen", "How it was calculated")
            parts.append(f"<p><b>{escape(how)}</b></p>")
            parts.append(
                "<ol style='margin-top:0'>"
                + "".join(f"<li>{escape(line)}</li>" for line in r.lines)
                + "</ol>"
            )
    return "".join(parts)


def _verdict_html(i: int, r: ClaimResult, lang: str) -> str:
    if r.payable:
        verdict = QCoreApplication.translate("TrialScreen", "payable, %1 yuan").replace(
            "%1", money_text(r.payout)
        )
        color = "#1b6e3a"
    else:
        verdict = QCoreApplication.translate("TrialScreen", "not payable: %1").replace(
            "%1", reason_text(r.reason, lang)
        )
        color = "#b3261e"
    title = QCoreApplication.translate("TrialScreen", "Claim %1").replace("%1", str(i))
    return (
        f"<p style='margin-top:10px'><b>{escape(title)}</b>　"
        f"<span style='color:{color}'>{escape(verdict)}</span></p>"
    )


class TrialResult(QWidget):
    """The right-hand column: the payout in large type, the answer claim by claim, and the
    reminder that a trial writes nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.payout_label = QLabel()
        self.payout_label.setObjectName("trialPayout")
        self.payout_label.setStyleSheet("font-size: 15pt; font-weight: 600; color: #0d3c66;")
        self.payout_label.setWordWrap(True)
        self.view = QTextBrowser()
        self.view.setObjectName("trialResult")
        self.view.setOpenLinks(False)
        self.note = hint(
            QCoreApplication.translate(
                "TrialScreen",
                "A trial writes nothing. Earlier claims of the member in this period count only "
                "when they are entered here too.",
            )
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.payout_label)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.note)

    def show_problem(self, text: str) -> None:
        """Nothing could be calculated: why, in place of the answer."""
        self.payout_label.setText(QCoreApplication.translate("TrialScreen", "Not calculated yet"))
        self.view.setHtml(f"<p style='color:#8a4b00'>{escape(text)}</p>")

    def show_results(self, results: Sequence[ClaimResult], lang: str) -> None:
        self.payout_label.setText(payout_text(results))
        self.view.setHtml(results_html(results, lang))
