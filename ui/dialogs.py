"""Small dialogs shared by the shell: the form dialog base, change own password, the list of
keyboard shortcuts, about."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from base.changes import Done
from db.migrate import current_revision
from desk_app import __version__
from desk_app.access import users
from ui import actions as act
from ui.context import AppContext
from ui.keyboard import wire_form
from ui.messages import error_text
from ui.ops import Op, OpHost, run_op
from ui.screens import registry

T = TypeVar("T")


def fit_to_screen(dialog: QWidget, width: int, height: int) -> None:
    """Size ``dialog`` to ``width``×``height``, but never larger than the window it belongs to
    nor the screen (1366×768 with a taskbar, or 1093×614 at 125 %): its buttons stay in reach."""
    rooms = []
    screen = dialog.screen()
    if screen is not None:
        rooms.append(screen.availableGeometry().size())
    parent = dialog.parentWidget()
    if parent is not None:
        rooms.append(parent.window().size())
    w = min([width, *(r.width() - 16 for r in rooms)])
    h = min([height, *(r.height() - 40 for r in rooms)])  # (the title bar)
    dialog.resize(max(w, 200), max(h, 150))


class FormDialog(QDialog):
    """A dialog with a form, an error line and OK/Cancel. Subclasses add rows, call
    :meth:`finish` with the fields in order, and implement :meth:`submit`."""

    def __init__(self, parent: QWidget | None, title: str, ok_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def password_field(self) -> QLineEdit:
        f = QLineEdit()
        f.setEchoMode(QLineEdit.EchoMode.Password)
        return f

    def finish(self, fields: Sequence[QWidget]) -> None:
        self._fields = list(fields)
        wire_form(self, self._fields, self.ok_button)
        if self._fields:
            self._fields[0].setFocus()

    def show_error(self, text: str, field: QWidget | None = None) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.show()
        if field is not None:
            field.setFocus()
            if isinstance(field, QLineEdit):
                field.selectAll()

    def show_exception(self, exc: BaseException, lang: str) -> None:
        self.show_error(error_text(exc, lang))

    def set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)

    def submit_op(
        self, host: OpHost, op: Op[T], done: Callable[[Done[T]], object] | None = None
    ) -> None:
        """Run the form's operation (:func:`ui.ops.run_op`) with the OK button off meanwhile;
        a refusal shows on the form's error line, in the window's language."""
        self.set_busy(True)
        run_op(host, op, parent=self, done=done, failed=lambda e: self.show_exception(e, host.lang))

    def _on_ok(self) -> None:
        self.error.hide()
        self.submit()

    def submit(self) -> None:
        """Check the form and start the work; call ``accept()`` when it succeeded."""
        self.accept()


class ChangePasswordDialog(FormDialog):
    """The signed-in person changes their own password (everyone may)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent, self.tr("Change my password"), self.tr("Change password"))
        self.setObjectName("changePasswordDialog")
        self.ctx = ctx
        self.old = self.password_field()
        self.new = self.password_field()
        self.again = self.password_field()
        self.form.addRow(self.tr("Current password:"), self.old)
        self.form.addRow(self.tr("New password:"), self.new)
        self.form.addRow(self.tr("New password again:"), self.again)
        self.form.addRow(hint_label(password_rules_text()))
        self.finish([self.old, self.new, self.again])

    def submit(self) -> None:
        if self.new.text() != self.again.text():
            self.show_error(self.tr("The two new passwords differ."), self.again)
            return
        actor, old, new = self.ctx.actor, self.old.text(), self.new.text()
        self.submit_op(
            self.ctx, lambda uow: users.change_password(uow, actor, old, new), self._done
        )

    def _done(self, _result: Any) -> None:
        if self.ctx.shell is not None:
            self.ctx.shell.status_message(self.tr("Your password was changed."))
        self.accept()


def hint_label(text: str) -> QLabel:
    """A grey explanatory line in a form."""
    lab = QLabel(text)
    lab.setObjectName("hint")
    lab.setWordWrap(True)
    return lab


def password_rules_text() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "Dialogs",
        "At least 8 characters, with letters and digits, not containing the login name.",
    )


class ShortcutsDialog(QDialog):
    """Every shortcut of the window, to learn them (F1)."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        model = QStandardItemModel(0, 2, self)
        model.setHorizontalHeaderLabels([self.tr("What"), self.tr("Keys")])
        rows: list[tuple[str, str]] = []
        for d in act.DEFS:
            if d.shortcuts:
                rows.append((act.label(d.name), act.shortcut_text(d.name)))
        for i, sec in enumerate(registry.SECTIONS, start=1):
            rows.append((self.tr("Go to %1").replace("%1", sec.label()), f"Alt+{i}"))
        rows += [
            (self.tr("Between navigation and page"), "F6"),
            (self.tr("Next field / previous field"), "Tab / Shift+Tab"),
            (self.tr("Next field; on the last field, the form's main button"), "Enter"),
            (self.tr("Next tab / previous tab"), "Ctrl+Tab / Ctrl+Shift+Tab"),
            (self.tr("Close a dialog without saving"), "Esc"),
        ]
        for what, keys in rows:
            a, b = QStandardItem(what), QStandardItem(keys)
            a.setEditable(False)
            b.setEditable(False)
            model.appendRow([a, b])
        view = QTableView()
        view.setModel(model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(view)
        lay.addWidget(buttons)
        fit_to_screen(self, 560, 560)


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About"))
        title = QLabel(self.tr("Workers' Medical Mutual Aid — county desk"))
        title.setObjectName("dialogTitle")
        form = QFormLayout()
        form.addRow(self.tr("Version:"), QLabel(__version__))
        folder = QLabel(str(ctx.data.root))
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Data folder:"), folder)
        form.addRow(self.tr("Database schema:"), QLabel(current_revision(ctx.data.database) or ""))
        open_folder = QPushButton(self.tr("&Open data folder"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(ctx.data.root)))
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addLayout(form)
        lay.addWidget(buttons)
