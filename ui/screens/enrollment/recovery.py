"""Recovery copies of the add-member dialog (form ``member``), the enrollment dialog (form
``enrollment``) and the member page's own edit form (修改, F2; form ``member_edit``), issue #12:
every named field as typed (ui.widgets.recovery). A dialog is looked at every half second while
it is open and its copy deleted when it is closed — registered, enrolled or cancelled on
purpose; the edit form is kept within half a second of each change while it differs from the
member's stored data, and its copy goes when it is saved or left without saving. After a crash
the dialog (or the member's page, editing) is opened again with the fields as they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QWidget

from desk_app.people import members
from ui.widgets.recovery import FormKeeper, set_widget_state, widget_state

if TYPE_CHECKING:
    from db import Database
    from ui.main_window import MainWindow
    from ui.screens.enrollment.enroll_dialog import EnrollDialog
    from ui.screens.enrollment.member_form import AddMemberDialog
    from ui.screens.enrollment.member_page import MemberPage

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


def keep_member_page(page: MemberPage) -> FormKeeper:
    """A keeper for the member page's edit form: a copy while it is being edited and differs
    from the member's stored data; none once it is saved, reloaded or left."""

    def snapshot() -> dict[str, Any] | None:
        if not page.editing or page.member_id is None or not page.dirty():
            return None
        return {"fields": widget_state(page.personal), "member_id": page.member_id}

    keeper = FormKeeper(page.ctx, "member_edit", snapshot, page)
    page.fields.changed.connect(keeper.changed)
    return keeper


def summary(db: Database, content: dict[str, Any]) -> str:
    """What the question names: the member's stored name when the copy belongs to a member
    (an enrollment, an edit), else the name or ID typed."""
    member_id = content.get("member_id")
    if isinstance(member_id, int):
        with db.reader() as uow:
            rows = members.member_rows(uow, [member_id])
        if rows:
            return rows[0].name
    fields = content.get("fields") or {}
    for key in ("memberName", "memberIdNumber", "enrollScheme"):
        value = fields.get(key)
        text = value.get("text") if isinstance(value, dict) else value
        if text:
            return str(text)[:40]
    return "…"


def restore(win: MainWindow, form: str, content: dict[str, Any]) -> QWidget | None:
    """Open the dialog of ``form`` (or the member's page) again with the fields as they were;
    the widget whose ``recovery`` keeper is to resume."""
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
    elif form == "member_edit":
        return _restore_edit(screen, content)
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


def _restore_edit(screen: Any, content: dict[str, Any]) -> QWidget | None:
    """The member's page, editing, with the personal data as they were typed."""
    member_id = content.get("member_id")
    page: MemberPage = screen.page
    if not isinstance(member_id, int) or not page.can_edit:
        return None
    with page.ctx.db.reader() as uow:
        if not members.member_rows(uow, [member_id]):
            return None
    screen.open_member(member_id)
    page.start_editing()
    set_widget_state(page.personal, dict(content.get("fields") or {}))
    return page
