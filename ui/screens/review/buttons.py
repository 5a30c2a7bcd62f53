"""The review screen's buttons: the decisions and the moves through the queue, each with its
key and what it does (their words keep the screen's translation context, ``ReviewScreen``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.widgets.keyed import Keyed

if TYPE_CHECKING:  # the screen imports this module
    from ui.screens.review.screen import ReviewScreen


def review_buttons(screen: ReviewScreen) -> list[Keyed]:
    """In the order of the screen's button bar."""
    return [
        Keyed(
            "back",
            QCoreApplication.translate("ReviewScreen", "Back to the queue"),
            "Esc",
            screen.back,
            QCoreApplication.translate("ReviewScreen", "Back to the queue (Esc)"),
        ),
        Keyed(
            "prev",
            QCoreApplication.translate("ReviewScreen", "Previous"),
            "K",
            lambda: screen.go(-1),
            QCoreApplication.translate("ReviewScreen", "Previous claim in the queue (K or ↑)"),
        ),
        Keyed(
            "next",
            QCoreApplication.translate("ReviewScreen", "Next"),
            "J",
            lambda: screen.go(1),
            QCoreApplication.translate("ReviewScreen", "Next claim in the queue (J or ↓)"),
        ),
        Keyed(
            "open",
            QCoreApplication.translate("ReviewScreen", "Open"),
            "O",
            screen.open_current,
            QCoreApplication.translate("ReviewScreen", "Open the claim (Enter or O)"),
        ),
        Keyed(
            "approve",
            QCoreApplication.translate("ReviewScreen", "Approve"),
            "A",
            screen.approve,
            QCoreApplication.translate("ReviewScreen", "Approve the claim (A); Enter confirms"),
        ),
        Keyed(
            "reject",
            QCoreApplication.translate("ReviewScreen", "Reject"),
            "R",
            screen.reject,
            QCoreApplication.translate("ReviewScreen", "Reject with a reason (R)"),
        ),
        Keyed(
            "undo",
            QCoreApplication.translate("ReviewScreen", "Take back"),
            "U",
            screen.undo,
            QCoreApplication.translate(
                "ReviewScreen", "Take an approval or rejection back before payment (U)"
            ),
        ),
        Keyed(
            "print",
            QCoreApplication.translate("ReviewScreen", "Print"),
            "P",
            screen.print_current,
            QCoreApplication.translate(
                "ReviewScreen",
                "Approval form or rejection notice (P); the approval form with the claim's "
                "papers as an annex (Shift+P)",
            ),
        ),
    ]
