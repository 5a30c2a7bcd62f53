"""系统 › 设置: every setting of ``desk_app.system.settings.REGISTRY``, grouped, each with its
description and when it takes effect. Settings only an admin may change are read-only for the
others (the settings service checks again). The data folder is shown, not editable: it is
chosen when the program starts (``--data-dir``, ``DESK_APP_DATA`` or a portable install)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes
from base.errors import DeskError
from desk_app.access.auth import Perm
from desk_app.payments import layouts, lists
from desk_app.system import relocate, settings
from desk_app.system.settings import REGISTRY, SettingDef
from ui import actions as act
from ui.context import AppContext
from ui.keyboard import wire_form
from ui.messages import confirm, show_error
from ui.ops import run_op
from ui.screens.base import Screen
from ui.screens.registry import register_screen
from ui.texts import QT_TRANSLATE_NOOP

GROUPS: dict[str, str] = {
    "site": QT_TRANSLATE_NOOP("SettingsPage", "This desk"),
    "ui": QT_TRANSLATE_NOOP("SettingsPage", "Window"),
    "print": QT_TRANSLATE_NOOP("SettingsPage", "Printing and forms"),
    "sms": QT_TRANSLATE_NOOP("SettingsPage", "SMS notices"),
    "bank": QT_TRANSLATE_NOOP("SettingsPage", "Bank lists"),
    "backup": QT_TRANSLATE_NOOP("SettingsPage", "Backups"),
    "sync": QT_TRANSLATE_NOOP("SettingsPage", "Sync with the city"),
    "review": QT_TRANSLATE_NOOP("SettingsPage", "Review"),
}
# Everything else takes effect at once (it is read where it is used).
ON_RESTART = {settings.LANGUAGE.key}
LANGUAGE_NAMES = {
    "auto": QT_TRANSLATE_NOOP("SettingsPage", "Automatic (as the system)"),
    "zh_CN": "简体中文",
    "en": "English",
}
LONG_TEXT = {settings.SMS_TEMPLATE.key, settings.SMS_ENROLL_TEMPLATE.key}


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsPage", text)


def choose_folder(parent: QWidget, title: str) -> str:
    """The folder dialog (a function, so tests can answer it)."""
    return QFileDialog.getExistingDirectory(parent, title)


class SettingsPage(Screen):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("settingsPage")
        self.editors: dict[str, QWidget] = {}
        self.values: dict[str, Any] = {}
        body = QWidget()
        body_lay = QVBoxLayout(body)
        body_lay.setContentsMargins(0, 0, 12, 0)
        folder_box = QGroupBox(self.tr("Data folder"))
        folder_lay = QHBoxLayout(folder_box)
        self.data_folder = QLineEdit(str(ctx.data.root))
        self.data_folder.setObjectName("dataFolder")
        self.data_folder.setReadOnly(True)
        self.data_folder.setToolTip(
            self.tr(
                "Chosen when the program starts (--data-dir, DESK_APP_DATA or a portable "
                "install); it holds the database, backups, exports and logs."
            )
        )
        open_button = QPushButton(self.tr("&Open"))
        open_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(ctx.data.root)))
        )
        folder_lay.addWidget(self.data_folder, 1)
        folder_lay.addWidget(open_button)
        self.move_button = QPushButton(self.tr("&Move…"))
        self.move_button.setObjectName("moveDataFolder")
        self.move_button.setToolTip(
            self.tr(
                "Copy the database, backups, exports and logs to another folder (another disk, "
                "a USB stick) and use it from now on. The old folder is left as it was."
            )
        )
        self.move_button.setVisible(ctx.can(Perm.SETTINGS))
        self.move_button.clicked.connect(self.move_data_folder)
        folder_lay.addWidget(self.move_button)
        body_lay.addWidget(folder_box)
        fields = self._build_groups(body_lay)
        body_lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.save_button = QPushButton(
            self.tr("&Save settings") + f"  ({act.shortcut_text(act.SAVE)})"
        )
        self.save_button.setObjectName("saveSettings")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton(self.tr("&Undo changes"))
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addWidget(scroll, 1)
        lay.addLayout(buttons)
        self._fields = fields
        wire_form(self, fields, self.save_button)
        self.refresh()

    def _build_groups(self, body_lay: QVBoxLayout) -> list[QWidget]:
        """A box for each group of settings, each setting with what it is and when it takes
        effect; the editable editors, in the form's order."""
        ctx = self.ctx
        fields: list[QWidget] = []
        may_admin = ctx.can(Perm.SETTINGS)
        by_group: dict[str, list[SettingDef[Any]]] = {}
        for d in REGISTRY.values():
            by_group.setdefault(d.key.split(".", 1)[0], []).append(d)
        for group, defs in by_group.items():
            box = QGroupBox(_tr(GROUPS.get(group, group)))
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for d in defs:
                editor = self._editor(d)
                editor.setObjectName(f"setting_{d.key}")
                editable = may_admin or not d.admin_only
                editor.setEnabled(editable)
                when = (
                    self.tr("Takes effect after the program is restarted.")
                    if d.key in ON_RESTART
                    else self.tr("Takes effect at once.")
                )
                if not editable:
                    when += " " + self.tr("Only an administrator may change it.")
                editor.setToolTip(when)
                desc = d.description_zh if ctx.lang == "zh" else d.description
                label = QLabel(desc + ("：" if ctx.lang == "zh" else ":"))
                label.setWordWrap(True)
                label.setToolTip(f"{d.key}\n{when}")
                label.setMinimumWidth(220)
                label.setMaximumWidth(340)
                cell = QWidget()
                cell_lay = QVBoxLayout(cell)
                cell_lay.setContentsMargins(0, 0, 0, 2)
                cell_lay.setSpacing(2)
                cell_lay.addWidget(self._with_browse(d, editor))
                if d.key == settings.SMS_TEMPLATE.key:
                    cell_lay.addWidget(self._sms_count(editor))
                if d.key in ON_RESTART or not editable:  # the unusual cases, said aloud
                    note = QLabel(when)
                    note.setObjectName("hint")
                    cell_lay.addWidget(note)
                if d.key == settings.LANGUAGE.key:
                    self.language_why = QLabel(self.language_text())
                    self.language_why.setObjectName("languageWhy")
                    self.language_why.setWordWrap(True)
                    cell_lay.addWidget(self.language_why)
                form.addRow(label, cell)
                self.editors[d.key] = editor
                if editable:
                    fields.append(editor)
            body_lay.addWidget(box)
        return fields

    def move_data_folder(self) -> None:
        chosen = choose_folder(self, self.tr("Choose the new data folder"))
        if not chosen:
            return
        try:
            target = relocate.check_target(self.ctx.data, Path(chosen))
        except DeskError as exc:
            show_error(self, exc, self.ctx.lang)
            return
        if not confirm(
            self,
            self.tr("Move the data folder"),
            self.tr("Move the data to %1?").replace("%1", str(target)),
            self.tr("Move"),
            details=self.tr(
                "Everyone is signed out while the database and the backups are copied; then "
                "the program works from the new folder. The old folder is kept."
            ),
        ):
            return
        if self.ctx.shell is not None:
            self.ctx.shell.move_data(target)

    def _editor(self, d: SettingDef[Any]) -> QWidget:
        if d.type is bool:
            return QCheckBox()
        if d.type is int:
            spin = QSpinBox()
            spin.setRange(
                d.minimum if d.minimum is not None else 0,
                d.maximum if d.maximum is not None else 1_000_000,
            )
            spin.setMaximumWidth(140)
            return spin
        if d.choices is not None:
            combo = QComboBox()
            names = self._choice_names(d)
            for c in d.choices:
                combo.addItem(names.get(c, str(c)), c)
            combo.setMaximumWidth(480 if d.key == settings.BANK_LAYOUT.key else 260)
            return combo
        if d.key in LONG_TEXT:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(64)
            edit.setMaximumWidth(640)
            return edit
        line = QLineEdit()
        line.setMaximumWidth(480)
        return line

    def _choice_names(self, d: SettingDef[Any]) -> dict[Any, str]:
        """What a choice is called in the window's language (the bank layouts name
        themselves in both languages in their files)."""
        if d.key == settings.LANGUAGE.key:
            return {c: _tr(n) for c, n in LANGUAGE_NAMES.items()}
        if d.key == settings.BANK_LAYOUT.key:
            return dict(layouts.names(self.ctx.lang))
        return {}

    def _sms_count(self, editor: QWidget) -> QLabel:
        """Under the payment SMS template: how long its text is for a long case, and how many
        messages that makes (one holds 70 characters), kept up to date while typing."""
        label = QLabel()
        label.setObjectName("smsCount")
        label.setWordWrap(True)
        assert isinstance(editor, QPlainTextEdit)

        def update() -> None:
            county_editor = self.editors.get(settings.COUNTY_NAME.key)
            county = (
                county_editor.text()
                if isinstance(county_editor, QLineEdit)
                else str(self.values.get(settings.COUNTY_NAME.key, ""))
            )
            try:
                text = lists.sms_sample(editor.toPlainText(), county)
            except DeskError as exc:
                label.setText(exc.message.text(self.ctx.lang))
                return
            parts = lists.sms_parts(text)
            words = (
                self.tr(
                    "Sample with a four-character name and a five-figure amount: "
                    "%1 characters, one SMS (up to 70)."
                )
                if parts == 1
                else self.tr(
                    "Sample with a four-character name and a five-figure amount: "
                    "%1 characters, sent and charged as %2 SMS (one holds 70)."
                ).replace("%2", str(parts))
            )
            label.setText(words.replace("%1", str(len(text))))
            label.setProperty("tooLong", parts > 1)
            label.setToolTip(text)

        editor.textChanged.connect(update)
        self._update_sms_count = update
        return label

    def _with_browse(self, d: SettingDef[Any], editor: QWidget) -> QWidget:
        if d.key != settings.BACKUP_DIR.key:
            return editor
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(editor, 1)
        browse = QPushButton(self.tr("Choose…"))
        browse.setEnabled(editor.isEnabled())
        browse.clicked.connect(lambda: self._choose_folder(editor))
        lay.addWidget(browse)
        return row

    def _choose_folder(self, editor: QWidget) -> None:
        assert isinstance(editor, QLineEdit)
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Backup folder"), editor.text() or str(self.ctx.data.backups)
        )
        if folder:
            editor.setText(folder)

    # -- values ----------------------------------------------------------------------------
    def _get(self, key: str) -> Any:
        e = self.editors[key]
        if isinstance(e, QCheckBox):
            return e.isChecked()
        if isinstance(e, QSpinBox):
            return e.value()
        if isinstance(e, QComboBox):
            return e.currentData()
        if isinstance(e, QPlainTextEdit):
            return e.toPlainText()
        assert isinstance(e, QLineEdit)
        return e.text()

    def _set(self, key: str, value: Any) -> None:
        e = self.editors[key]
        if isinstance(e, QCheckBox):
            e.setChecked(bool(value))
        elif isinstance(e, QSpinBox):
            e.setValue(int(value))
        elif isinstance(e, QComboBox):
            e.setCurrentIndex(max(0, e.findData(value)))
        elif isinstance(e, QPlainTextEdit):
            e.setPlainText(str(value))
        elif isinstance(e, QLineEdit):
            e.setText(str(value))

    def language_text(self) -> str:
        """What decided the window's language, and in which order it is decided."""
        from ui.i18n import choose_language

        with self.ctx.db.reader() as uow:
            stored = settings.get(uow.session, settings.LANGUAGE)
        c = choose_language(stored, self.ctx.lang_option)
        sources = {
            "setting": self.tr("this setting"),
            "option": self.tr("the --lang option"),
            "environment": "DESK_APP_LANG",
            "locale": self.tr("the system locale"),
            "system": self.tr("the system's language"),
        }
        return (
            self.tr(
                "The window is in %1, decided by %2 (%3). The order: this setting (Chinese or "
                "English), then --lang on the command line, then DESK_APP_LANG, then the "
                "system locale: LC_ALL, LC_MESSAGES, LANG in turn, where C and POSIX name no "
                "language."
            )
            .replace("%1", self.tr("Chinese") if self.ctx.lang == "zh" else self.tr("English"))
            .replace("%2", sources.get(c.source, c.source))
            .replace("%3", c.detail)
        )

    def refresh(self) -> None:
        with self.ctx.db.reader() as uow:
            self.values = settings.get_all(uow.session)
        for key, value in self.values.items():
            if key in self.editors:
                self._set(key, value)
        if hasattr(self, "_update_sms_count"):
            self._update_sms_count()

    def changed(self) -> dict[str, Any]:
        return {
            k: self._get(k)
            for k, e in self.editors.items()
            if e.isEnabled() and self._get(k) != self.values.get(k)
        }

    def save(self) -> None:
        values = self.changed()
        if not values:
            if self.ctx.shell is not None:
                self.ctx.shell.status_message(self.tr("Nothing was changed."))
            return
        actor = self.ctx.actor
        run_op(
            self.ctx,
            lambda uow: settings.update_settings(uow, actor, values),
            parent=self,
            done=self._saved,
        )

    def _saved(self, done: Any) -> None:
        changed: dict[str, Any] = done.value
        self.refresh()
        if self.ctx.shell is None:
            return
        text = self.tr("Settings saved.")
        if ON_RESTART & changed.keys():
            text += " " + self.tr("The language changes when the program is next started.")
        self.ctx.shell.status_message(text, 10_000)

    # -- Screen ----------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.settings

    def handles(self, action: str) -> bool:
        return action in (act.SAVE, act.REFRESH)

    def trigger(self, action: str) -> None:
        if action == act.SAVE:
            self.save()
        else:
            self.refresh()

    def focus_first(self) -> None:
        if self._fields:
            self._fields[0].setFocus(Qt.FocusReason.TabFocusReason)


register_screen(
    "settings",
    SettingsPage,
    section="system",
    title=QT_TRANSLATE_NOOP("Screens", "Settings"),
    order=20,
)
