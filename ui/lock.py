"""The screen lock: after some minutes without keyboard or mouse input (``ui.idle_lock_minutes``)
or on Ctrl+L, every open window of the desk is covered and the signed-in person's password is
asked again. Nothing underneath is touched: forms keep what was typed, dialogs stay open, and
the focus returns where it was.

The unlock prompt is an application-modal dialog, so it also takes input over a dialog that was
open when the lock came. The password check runs through the task runner (it is a slow hash,
and it counts like a sign-in: five wrong ones lock the account).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.access import users
from desk_app.access.users import SignInFailed
from ui.context import AppContext
from ui.messages import confirm, error_text

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Emits ``sig_idle`` once after ``timeout_ms`` without input anywhere in the program.

    An event filter on the application notes the time of each input event (cheap: a set
    lookup per event); a timer compares."""

    sig_idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout_ms = timeout_ms
        self._last = time.monotonic()
        self._fired = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        self._set_interval()
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self._timer.start()

    def _set_interval(self) -> None:
        self._timer.setInterval(max(50, min(5000, self._timeout_ms // 4)))

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    def set_timeout_ms(self, ms: int) -> None:
        self._timeout_ms = ms
        self._set_interval()

    def reset(self) -> None:
        self._last = time.monotonic()
        self._fired = False

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self._last = time.monotonic()
            self._fired = False
        return False

    def _check(self) -> None:
        if self._fired:
            return
        if (time.monotonic() - self._last) * 1000 >= self._timeout_ms:
            self._fired = True
            self.sig_idle.emit()


class _Cover(QWidget):
    """An opaque sheet over one window while the desk is locked (hides what is on it)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        label = QLabel(self.tr("Locked"), self)
        label.setObjectName("lockCoverLabel")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay = QVBoxLayout(self)
        lay.addWidget(label)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(obj, QWidget):
            self.setGeometry(obj.rect())
            self.raise_()
        return False


class UnlockDialog(QDialog):
    """Asks the signed-in person's password. Escape and the close button do nothing: the only
    ways out are the right password, signing out, or leaving the program."""

    sig_unlock = Signal(str)  # the password typed
    sig_sign_out = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.setWindowTitle(self.tr("Screen locked"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        who = f"{ctx.actor.name}（{ctx.actor.login}，{ctx.role_name()}）"
        title = QLabel(self.tr("The screen is locked"))
        title.setObjectName("dialogTitle")
        info = QLabel(
            self.tr("Signed in: %1. Enter your password to go on where you left off.").replace(
                "%1", who
            )
        )
        info.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.hide()
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setDefault(True)
        self.sign_out_button = QPushButton(self.tr("Sign &out…"))
        self.sign_out_button.setToolTip(
            self.tr("Another person wants to sign in. Anything not saved is lost.")
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(info)
        lay.addWidget(self.password)
        lay.addWidget(self.error)
        lay.addLayout(buttons)
        self.setMinimumWidth(440)
        self.unlock_button.clicked.connect(self._unlock)
        self.password.returnPressed.connect(self._unlock)
        self.sign_out_button.clicked.connect(self.sig_sign_out)

    def _unlock(self) -> None:
        if not self.password.text():
            self.show_error(self.tr("Enter your password."))
            return
        self.unlock_button.setEnabled(False)
        self.sig_unlock.emit(self.password.text())

    def show_error(self, text: str) -> None:
        self.unlock_button.setEnabled(True)
        self.error.setText(text)
        self.error.show()
        self.password.selectAll()
        self.password.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.ignore()  # no way around the lock
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        pass  # Escape / the window manager's close: stay locked

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()


class LockController(QObject):
    """Locks and unlocks the desk for one signed-in session (owned by the main window)."""

    locked_changed = Signal(bool)
    sig_sign_out = Signal()

    def __init__(self, ctx: AppContext, window: QWidget, idle_minutes: int) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.idle = IdleWatcher(idle_minutes * 60_000, self)
        self.idle.sig_idle.connect(self.lock)
        self.dialog: UnlockDialog | None = None
        self._covers: list[_Cover] = []
        self._focus: QWidget | None = None
        self._verify: Callable[[str], None] = self._verify_password

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def set_idle_minutes(self, minutes: int) -> None:
        self.idle.set_timeout_ms(minutes * 60_000)

    def lock(self) -> None:
        """Cover every window and ask for the password (GUI thread)."""
        if self.locked:
            return
        self._focus = QApplication.focusWidget()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()  # a menu or completer left open would show through
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and w.isWindow() and not isinstance(w, UnlockDialog):
                if w.windowType() in (Qt.WindowType.ToolTip, Qt.WindowType.Popup):
                    continue
                self._covers.append(_Cover(w))
        dlg = UnlockDialog(self.ctx, self.window)
        dlg.sig_unlock.connect(self._verify)
        dlg.sig_sign_out.connect(self._sign_out)
        self.dialog = dlg
        self.locked_changed.emit(True)
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()
        dlg.password.setFocus()

    def _verify_password(self, password: str) -> None:
        actor = self.ctx.actor
        db = self.ctx.db

        def job(_progress: object, _cancel: object) -> object:
            # sign_in rather than verify_password: its refusal says *why* (a wrong password,
            # or the account now locked after five), which the person needs to read.
            with db.uow() as uow:
                return users.sign_in(uow, actor.login, password)

        self.ctx.runner.run(
            job, done=lambda _u: self.unlock(), failed=self._failed, parent=self.dialog
        )

    def _failed(self, exc: BaseException) -> None:
        if self.dialog is None:
            return
        if isinstance(exc, SignInFailed) and exc.code != "locked":
            self.dialog.show_error(self.tr("Wrong password. Try again."))
        else:
            self.dialog.show_error(error_text(exc, self.ctx.lang))

    def unlock(self) -> None:
        """Take the covers away and give the focus back (after the right password)."""
        if self.dialog is None:
            return
        dlg, self.dialog = self.dialog, None
        dlg.hide()
        dlg.deleteLater()
        for cover in self._covers:
            if shiboken6.isValid(cover):  # its window may have closed meanwhile
                cover.hide()
                cover.deleteLater()
        self._covers.clear()
        self.idle.reset()
        self.locked_changed.emit(False)
        target = self._focus
        if target is not None and shiboken6.isValid(target):
            target.window().activateWindow()
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus = None

    def _sign_out(self) -> None:
        if confirm(
            self.dialog,
            self.tr("Sign out"),
            self.tr("Sign out and let another person sign in?"),
            self.tr("Sign out"),
            danger=True,
            details=self.tr("Anything typed and not saved is lost."),
        ):
            self.unlock_quietly()
            self.sig_sign_out.emit()

    def unlock_quietly(self) -> None:
        """Drop the lock without a password (the session is ending)."""
        self.unlock()

    def shutdown(self) -> None:
        self.idle.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
