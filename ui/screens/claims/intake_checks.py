"""What must be right before the intake screen stores a claim (Ctrl+S, Ctrl+Enter): the member,
the scheme, every date shown and the receipts; otherwise the screen says what to fix and puts
the cursor there. The texts keep the screen's translation context, ``ClaimIntakeScreen``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desk_app.claims.model import ClaimInput

if TYPE_CHECKING:
    from ui.screens.claims.intake import ClaimIntakeScreen


def input_or_say(screen: ClaimIntakeScreen) -> ClaimInput | None:
    """The input to store, or None after saying what to fix first."""
    screen.form.grid.commit_open_editor()
    if screen.form.member is None:
        screen.board.say(QCoreApplication.translate("ClaimIntakeScreen", "Find the member first."))
        screen.form.member_line.setFocus()
        return None
    if screen.form.enrollment_id() is None:
        screen.board.say(
            QCoreApplication.translate("ClaimIntakeScreen", "Choose the scheme the claim is under.")
        )
        screen.form.enrollment.setFocus()
        return None
    bad_date = next((f for f in screen.form.dates.values() if f.isVisible() and f.invalid()), None)
    if bad_date is not None:
        screen.board.say(
            QCoreApplication.translate("ClaimIntakeScreen", "“%1” is not a date.").replace(
                "%1", bad_date.text()
            )
        )
        bad_date.setFocus()
        return None
    data = screen.form.to_input()
    local_errors = [
        (row, f, p) for row, f, p in screen.form.receipts.all_problems() if p.severity == "error"
    ]
    if data is None or local_errors:
        screen.run_preview()
        screen.board.focus_first_problem()
        return None
    return data
