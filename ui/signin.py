"""Before the main window: the first admin of a new desk, the optional demo data, and the
sign-in dialog. Each dialog only collects input and calls a service through the task runner;
the start-up controller (``ui.app``) decides what comes next."""

from __future__ import annotations

import importlib.util
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QSpinBox, QWidget

from db import Database
from desk_app.access import users
from desk_app.access.users import UserView
from ui.dialogs import FormDialog, hint_label, password_rules_text
from ui.messages import error_text
from ui.tasks import TaskRunner


def demo_available() -> bool:
    """The demo-data builder exists in this build (``desk_app.demo.county``)."""
    try:
        return importlib.util.find_spec("desk_app.demo.county") is not None
    except (ImportError, ValueError):
        return False


class FirstAdminDialog(FormDialog):
    """A new desk has no users: create its first admin."""

    sig_created = Signal(object)  # UserView

    def __init__(self, db: Database, runner: TaskRunner, lang: str) -> None:
        super().__init__(None, self.tr("Set up this desk"), self.tr("Create admin"))
        self.setObjectName("firstAdminDialog")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.db, self.runner, self.lang = db, runner, lang
        intro = QLabel(
            self.tr(
                "This desk has no users yet. Create the administrator, who then adds the "
                "clerks and reviewers."
            )
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.login = QLineEdit()
        self.login.setObjectName("login")
        self.login.setPlaceholderText("admin")
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.password = self.password_field()
        self.password.setObjectName("password")
        self.again = self.password_field()
        self.again.setObjectName("again")
        self.form.addRow(self.tr("Login name:"), self.login)
        self.form.addRow(self.tr("Full name:"), self.name)
        self.form.addRow(self.tr("Password:"), self.password)
        self.form.addRow(self.tr("Password again:"), self.again)
        self.form.addRow(hint_label(password_rules_text()))
        self.finish([self.login, self.name, self.password, self.again])

    def submit(self) -> None:
        if self.password.text() != self.again.text():
            self.show_error(self.tr("The two passwords differ."), self.again)
            return
        login, name, pw = self.login.text(), self.name.text(), self.password.text()
        self.submit_op(
            self, lambda uow: users.create_first_admin(uow, login, name, pw), self._created
        )

    def _created(self, done: Any) -> None:
        self.accept()
        self.sig_created.emit(done.value)


class DemoDialog(FormDialog):
    """Offer demo data on a new desk (for trying the program out and for training)."""

    sig_finished = Signal()

    def __init__(self, db: Database, runner: TaskRunner, lang: str) -> None:
        super().__init__(None, self.tr("Demo data"), self.tr("Load demo data"))
        self.setObjectName("demoDialog")
        self.db, self.runner, self.lang = db, runner, lang
        self.ok_button.setDefault(False)
        cancel = self.buttons.button(self.buttons.StandardButton.Cancel)
        cancel.setText(self.tr("No, start empty"))
        cancel.setDefault(True)
        text = QLabel(
            self.tr(
                "Fill this new desk with invented units, members, enrollments, claims and "
                "payments, to try the program out or to train clerks? Do not load demo data "
                "into a desk that will hold real members."
            )
        )
        text.setWordWrap(True)
        self.form.addRow(text)
        self.members = QSpinBox()
        self.members.setRange(100, 100_000)
        self.members.setSingleStep(500)
        self.members.setValue(2000)
        self.form.addRow(self.tr("Members:"), self.members)
        self.finish([self.members])
        cancel.setFocus()
        self.finished.connect(self._on_finished)
        self._running = False

    def submit(self) -> None:
        from desk_app.demo import county as demo

        db, n = self.db, self.members.value()

        def job(progress: Any, cancel: Any) -> Any:
            return demo.build_demo(db, members=n, progress=progress, cancel=cancel)

        self._running = True
        self.hide()
        self.runner.run(
            job,
            done=lambda _r: self._end(),
            failed=self._failed,
            cancelled=self._end,
            title=self.tr("Creating demo data…"),
        )

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self.show()
        self.show_error(error_text(exc, self.lang))

    def _end(self) -> None:
        self._running = False
        self.accept()

    def _on_finished(self, _result: int) -> None:
        if not self._running:
            self.sig_finished.emit()


class SignInDialog(FormDialog):
    """Login and password. A wrong password, an unknown login and a locked account each get
    the service's own sentence in the window's language."""

    sig_signed_in = Signal(object)  # UserView

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        lang: str,
        *,
        county: str,
        last_login: str = "",
        notice: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, self.tr("Sign in"), self.tr("Sign in"))
        self.setObjectName("signInDialog")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.db, self.runner, self.lang = db, runner, lang
        title = QLabel(self.tr("Workers' Medical Mutual Aid"))
        title.setObjectName("dialogTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sub = QLabel(county)
        sub.setObjectName("hint")
        sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.form.addRow(title)
        self.form.addRow(sub)
        self.login = QLineEdit(last_login)
        self.login.setObjectName("login")
        self.password = self.password_field()
        self.password.setObjectName("password")
        self.form.addRow(self.tr("Login name:"), self.login)
        self.form.addRow(self.tr("Password:"), self.password)
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(self.tr("E&xit"))
        self.finish([self.login, self.password])
        if notice:
            self.show_error(notice)
        if last_login:
            self.password.setFocus()

    def submit(self) -> None:
        login, pw = self.login.text().strip(), self.password.text()
        if not login:
            self.show_error(self.tr("Enter your login name."), self.login)
            return
        if not pw:
            self.show_error(self.tr("Enter your password."), self.password)
            return
        db = self.db

        def job(_p: Any, _c: Any) -> UserView:
            with db.uow() as uow:
                return users.sign_in(uow, login, pw)

        self.set_busy(True)
        self.runner.run(job, done=self._signed_in, failed=self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        self.password.clear()
        self.show_error(error_text(exc, self.lang), self.password)

    def _signed_in(self, user: UserView) -> None:
        self.accept()
        self.sig_signed_in.emit(user)
