"""Recovery copies of the add-member dialog (form ``member``) and the enrollment dialog (form
``enrollment``), issue #12: every named field of the dialog as typed, looked at every half
second while the dialog is open and written when it changed (ui.widgets.recovery); deleted when
the dialog is closed — registered, enrolled or cancelled on purpose. After a crash the dialog
is opened again over the member list (or the member's page) with the fields as they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from desk_app.people import members
from ui.widgets.recovery import FormKeeper, set_widget_state, widget_state

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.screens.enrollment.enroll_dialog import EnrollDialog
    from ui.screens.enrollment.member_form import AddMemberDialog

LOOK_MS = 500


def keep_dialog(dialog: QDialog, form: str, extra: dict[str, Any]) -> FormKeeper:
    """A keeper for ``dialog``: a copy while it is open and differs from how it opened."""
    opened = widget_state(dialog)

    def snapshot() -> dict[str, Any] | None:
        if not dialog.isVisible() or dialog.result() == QDialog.DialogCode.Accepted:
            return None
        fields = widget_state(dialog)
        return {"fields": fields, **extra} if fields != opened else None

    keeper = FormKeeper(dialog.ctx, form, snapshot, dialog)  # type: ignore[attr-defined]
    timer = QTimer(dialog)
    timer.setInterval(LOOK_MS)
    timer.timeout.connect(keeper.changed)
    timer.start()
    dialog.finished.connect(keeper.write_now)  # closed: the copy goes at once
    return keeper


def keep_member_dialog(dlg: AddMemberDialog) -> FormKeeper:
    return keep_dialog(dlg, "member", {})


def keep_enroll_dialog(dlg: EnrollDialog) -> FormKeeper:
    return keep_dialog(dlg, "enrollment", {"member_id": dlg.detail.member.id})


def summary(content: dict[str, Any]) -> str:
    fields = content.get("fields") or {}
    for key in ("memberName", "memberIdNumber", "enrollScheme"):
        value = fields.get(key)
        text = value.get("text") if isinstance(value, dict) else value
        if text:
            return str(text)[:40]
    return "…"


def restore(win: MainWindow, form: str, content: dict[str, Any]) -> QDialog | None:
    """Open the dialog of ``form`` again with the fields as they were."""
    from ui.screens.enrollment.enroll_dialog import EnrollDialog
    from ui.screens.enrollment.member_form import AddMemberDialog

    if not win.navigate("enrollment", focus=False):
        return None
    page = win.page("enrollment")
    screen: Any = page.widgets.get("members")
    if screen is None:
        return None
    if page.tabs is not None:
        page.tabs.setCurrentWidget(screen)
    dlg: Any
    if form == "member":
        screen.add_member()
        dlg = next((d for d in screen.findChildren(AddMemberDialog) if d.isVisible()), None)
    else:
        member_id = content.get("member_id")
        if not isinstance(member_id, int):
            return None
        with win.ctx.db.reader() as uow:
            if not members.member_rows(uow, [member_id]):
                return None
        screen.open_member(member_id)
        screen.page.enroll()
        dlg = next((d for d in screen.page.findChildren(EnrollDialog) if d.isVisible()), None)
    if dlg is None:
        return None
    set_widget_state(dlg, dict(content.get("fields") or {}))
    return dlg
