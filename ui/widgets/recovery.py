"""The window's side of recovery copies (desk_app.system.form_copies): a :class:`FormKeeper`
watches one form and writes what is on screen within a second of each change; after a crash
:func:`offer_copies` offers the signed-in clerk their kept forms back.

A keeper writes at most ``DELAY_MS`` after the first change of a burst (the timer is not
restarted by later keys, so steady typing is still kept every half second), and only when the
form's state differs from what it last wrote. ``snapshot()`` returning None means "nothing worth
keeping" (a saved, submitted or cleared form): the copy is then deleted. A keeper made while its
user still has a copy from before the crash holds off (``waiting``) until that copy is restored
or declined, so an empty new form never overwrites it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from base.changes import Done
from base.clock import local
from db import UnitOfWork
from desk_app.system import form_copies
from desk_app.system.form_copies import Copy
from ui.context import AppContext
from ui.ops import run_op, transaction

log = logging.getLogger(__name__)

DELAY_MS = 500
Snapshot = Callable[[], dict[str, Any] | None]


class FormKeeper(QObject):
    """Keeps ``ctx.actor``'s recovery copy of one form (``form``: claim | enrollment | member |
    member_edit)."""

    def __init__(self, ctx: AppContext, form: str, snapshot: Snapshot, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = form
        self.snapshot = snapshot
        self._last: str | None = None  # the JSON last written ("" = deleted, None = unknown)
        with ctx.db.reader() as uow:
            self.waiting = form_copies.copy_of(uow, ctx.actor, form) is not None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.write_now)

    def changed(self, *_args: object) -> None:
        """Something on the form changed: write within ``DELAY_MS``."""
        if not self._timer.isActive():
            self._timer.start()

    def resume(self, written: dict[str, Any] | None) -> None:
        """The copy from before was restored into the form (``written``) or declined (None)."""
        self.waiting = False
        self._last = _dump(written) if written is not None else ""
        self.changed()

    def write_now(self, *_args: object) -> None:
        self._timer.stop()
        if self.waiting:
            return
        try:
            content = self.snapshot()
        except Exception:  # a snapshot must never disturb the form; the error is logged
            log.exception("the %s form could not be copied", self.form)
            return
        text = _dump(content) if content is not None else ""
        if text == self._last or (not text and self._last is None and not self._had_copy()):
            self._last = text
            return
        self._last = text
        actor, form = self.ctx.actor, self.form

        def job(uow: UnitOfWork) -> Done[None]:
            if content is None:
                return form_copies.discard(uow, actor, form)
            return form_copies.keep(uow, actor, form, content)

        def failed(exc: BaseException) -> None:
            self._last = None  # try again at the next change
            log.warning("the recovery copy of the %s form was not written: %s", form, exc)

        run_op(self.ctx, job, parent=None, failed=failed)

    def _had_copy(self) -> bool:
        with self.ctx.db.reader() as uow:
            return form_copies.copy_of(uow, self.ctx.actor, self.form) is not None


def _dump(content: dict[str, Any]) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True)


def discard_copy(ctx: AppContext, form: str) -> None:
    """Delete the clerk's copy of ``form`` at once (the clerk declined it)."""
    transaction(ctx.db, lambda uow: form_copies.discard(uow, ctx.actor, form))


def ask_restore(parent: QWidget, copy: Copy, summary: str) -> bool:
    """Ask whether to open a kept form again; True for yes."""
    names = {
        "claim": QCoreApplication.translate("Recovery", "a claim"),
        "enrollment": QCoreApplication.translate("Recovery", "an enrollment"),
        "member": QCoreApplication.translate("Recovery", "a member's details"),
        "member_edit": QCoreApplication.translate("Recovery", "changes to a member's details"),
    }
    box = QMessageBox(parent)
    box.setObjectName("recoveryQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("Recovery", "Unfinished form"))
    box.setText(
        QCoreApplication.translate(
            "Recovery",
            "When the program last ended you were typing %1 (%2), kept at %3. Open it again as it was?",  # noqa: E501  (one literal: lupdate reads no concatenation)
        )
        .replace("%1", names.get(copy.form, copy.form))
        .replace("%2", summary)
        .replace("%3", f"{local(copy.saved_at):%Y-%m-%d %H:%M:%S}")
    )
    restore = box.addButton(
        QCoreApplication.translate("Recovery", "&Restore"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(
        QCoreApplication.translate("Recovery", "&Discard"), QMessageBox.ButtonRole.DestructiveRole
    )
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


# -- a dialog's fields, generically -------------------------------------------------------------
def _fields(root: QWidget) -> list[QWidget]:
    """The named input widgets under ``root`` (not the line edits inside combos and spin boxes),
    in the order they were made."""
    out: list[QWidget] = []
    for w in root.findChildren(QWidget):
        name = w.objectName()
        if not name or name.startswith("qt_"):
            continue
        parent = w.parentWidget()
        if isinstance(w, QLineEdit) and isinstance(parent, (QComboBox, QAbstractSpinBox)):
            continue
        if isinstance(w, (QComboBox, QSpinBox, QCheckBox, QLineEdit)):
            out.append(w)
    return out


def widget_state(root: QWidget) -> dict[str, Any]:
    """What each named field under ``root`` holds, by object name."""
    state: dict[str, Any] = {}
    for w in _fields(root):
        if isinstance(w, QComboBox):
            state[w.objectName()] = {"index": w.currentIndex(), "text": w.currentText()}
        elif isinstance(w, QSpinBox):
            state[w.objectName()] = w.value()
        elif isinstance(w, QCheckBox):
            state[w.objectName()] = w.isChecked()
        elif isinstance(w, QLineEdit):
            state[w.objectName()] = w.text()
    return state


def set_widget_state(root: QWidget, state: dict[str, Any]) -> None:
    """Put :func:`widget_state` back; fields that are gone or of another kind are left."""
    for w in _fields(root):
        value = state.get(w.objectName())
        if value is None:
            continue
        if isinstance(w, QComboBox) and isinstance(value, dict):
            index = int(value.get("index", -1))
            if 0 <= index < w.count():
                w.setCurrentIndex(index)
            if w.isEditable():
                w.setEditText(str(value.get("text", "")))
        elif isinstance(w, QSpinBox) and isinstance(value, int):
            w.setValue(value)
        elif isinstance(w, QCheckBox) and isinstance(value, bool):
            w.setChecked(value)
        elif isinstance(w, QLineEdit) and isinstance(value, str):
            w.setText(value)
