"""After sign-in: the clerk's forms kept from before a crash are offered back, one question
each (issue #12; desk_app.system.form_copies, ui.widgets.recovery)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from desk_app.access.auth import Perm
from desk_app.system import form_copies
from ui.screens.claims import recovery as claim_recovery
from ui.screens.enrollment import recovery as member_recovery
from ui.widgets.recovery import ask_restore, discard_copy

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)


def offer_copies(win: MainWindow) -> None:
    """Ask about each kept form of the signed-in clerk; restore or delete it."""
    ctx = win.ctx
    with ctx.db.reader() as uow:
        kept = form_copies.copies(uow, ctx.actor)
    for copy in kept:
        if copy.form == "claim" and ctx.can(Perm.CLAIMS):
            _offer_claim(win, copy)
        elif copy.form in ("member", "enrollment", "member_edit") and ctx.can(Perm.MEMBERS):
            _offer_dialog(win, copy)
        else:
            log.info("a kept %s form was not offered and is deleted", copy.form)
            discard_copy(ctx, copy.form)


def _claim_screen(win: MainWindow, build: bool) -> object | None:
    page = win.pages.get("claims") if not build else win.page("claims")
    screen = page.widgets.get("claims") if page is not None else None
    if build and screen is not None:
        win.navigate("claims", focus=False)
        if page is not None and page.tabs is not None:
            page.tabs.setCurrentWidget(screen)
    return screen


def _offer_claim(win: MainWindow, copy: form_copies.Copy) -> None:
    if not ask_restore(win, copy, claim_recovery.summary(copy.content)):
        discard_copy(win.ctx, "claim")
        screen = _claim_screen(win, build=False)
        if screen is not None:
            screen.recovery.resume(None)  # type: ignore[attr-defined]
        return
    screen = _claim_screen(win, build=True)
    if screen is None:
        return
    claim_recovery.restore(screen, copy.content)  # type: ignore[arg-type]
    screen.recovery.resume(claim_recovery.snapshot(screen))  # type: ignore[attr-defined, arg-type]
    screen.focus_first()  # type: ignore[attr-defined]


def _offer_dialog(win: MainWindow, copy: form_copies.Copy) -> None:
    """The add-member or enrollment dialog (or the member page's edit form), opened again as
    it was; its keeper starts from the restored fields."""
    discard_copy(win.ctx, copy.form)  # the form's own keeper writes it anew if still open
    restored = None
    if ask_restore(win, copy, member_recovery.summary(win.ctx.db, copy.content)):
        restored = member_recovery.restore(win, copy.form, copy.content)
    if restored is not None:
        restored.recovery.resume(None)  # type: ignore[attr-defined]
    elif copy.form == "member_edit":  # a member page made before the answer waits for it
        page = win.pages.get("enrollment")
        screen: Any = page.widgets.get("members") if page is not None else None
        if screen is not None:
            screen.page.recovery.resume(None)
