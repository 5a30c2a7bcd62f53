"""方案: the stored schemes (code, name, plan, period, premium, cap, state, origin), each one's
rules in words and its text exactly as imported; the admin imports a scheme file
(``store.import_scheme``: a bad file is refused whole, the parser's message naming each key and
its problem) and activates or deactivates a scheme. Schemes sent by the city arrive inactive and
wait for the admin: they stand out in the list and a line above it says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes, Done
from db import UnitOfWork
from desk_app.access.auth import Perm
from desk_app.schemes import store
from desk_app.schemes.parse import decode_scheme_bytes
from desk_app.schemes.store import SchemeRow
from ui.context import AppContext
from ui.messages import confirm
from ui.ops import run_op
from ui.screens.base import Screen
from ui.screens.registry import register_screen
from ui.screens.schemes.words import scheme_html
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets import forms as mw
from ui.widgets.member_search_texts import money_text, origin_text
from ui.widgets.tables import CENTER, RIGHT, Column, ListModel, fit_columns, table_view

STATES = {
    "active": QT_TRANSLATE_NOOP("SchemesModel", "Active"),
    "inactive": QT_TRANSLATE_NOOP("SchemesModel", "Not active"),
    "waiting": QT_TRANSLATE_NOOP("SchemesModel", "Waiting for activation"),
}
PENDING_BACKGROUND = "#fff1c7"


def state(s: SchemeRow) -> str:
    if s.active:
        return "active"
    return "waiting" if s.origin == "city" else "inactive"


def waiting(s: SchemeRow) -> bool:
    """Sent by the city and not yet activated by the admin."""
    return state(s) == "waiting"


def _state_text(s: SchemeRow) -> str:
    return QCoreApplication.translate("SchemesModel", STATES[state(s)])


COLUMNS = (
    Column(QT_TRANSLATE_NOOP("SchemesModel", "Code"), lambda s: s.code),
    Column(
        QT_TRANSLATE_NOOP("SchemesModel", "Name"),
        lambda s: s.name,
        tooltip=lambda s: f"{s.name}（{s.region}）",
    ),
    Column(QT_TRANSLATE_NOOP("SchemesModel", "Plan"), lambda s: s.plan),
    Column(
        QT_TRANSLATE_NOOP("SchemesModel", "Period"),
        lambda s: f"{s.period_start:%Y-%m-%d} ～ {s.period_end:%Y-%m-%d}",
        raw=lambda s: s.period_start,
    ),
    Column(
        QT_TRANSLATE_NOOP("SchemesModel", "Premium"),
        lambda s: money_text(s.premium_per_share),
        raw=lambda s: s.premium_per_share,
        align=RIGHT,
    ),
    Column(
        QT_TRANSLATE_NOOP("SchemesModel", "Max shares"),
        lambda s: str(s.max_shares),
        raw=lambda s: s.max_shares,
        align=CENTER,
    ),
    Column(
        QT_TRANSLATE_NOOP("SchemesModel", "Cap a share"),
        lambda s: (
            money_text(s.annual_cap)
            if s.annual_cap is not None
            else QCoreApplication.translate("SchemesModel", "none")
        ),
        raw=lambda s: s.annual_cap,
        align=RIGHT,
    ),
    Column(
        QT_TRANSLATE_NOOP("SchemesModel", "State"),
        _state_text,
        raw=lambda s: ("waiting", "inactive", "active").index(state(s)),
        color=lambda s: {"active": "#1b6e3a", "waiting": "#8a4b00"}.get(state(s), "#6b7785"),
    ),
    Column(
        QT_TRANSLATE_NOOP("SchemesModel", "Origin"),
        lambda s: origin_text(s.origin),
        tooltip=lambda s: f"sha256 {s.sha256}",
    ),
)


class SchemesScreen(Screen):
    refreshable = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("schemesScreen")
        self.admin = ctx.can(Perm.SCHEMES)
        self.banner = QLabel()
        self.banner.setObjectName("schemesWaiting")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            f"background: {PENDING_BACKGROUND}; border: 1px solid #e0b84c; border-radius: 4px;"
            " padding: 6px 10px; color: #5c3b00;"
        )
        self.banner.hide()
        self.import_button = QPushButton(self.tr("&Import scheme file…"))
        self.import_button.setObjectName("schemeImport")
        self.import_button.clicked.connect(self.import_file)
        self.activate_button = QPushButton(self.tr("&Activate"))
        self.activate_button.setObjectName("schemeActivate")
        self.activate_button.clicked.connect(lambda: self.set_active(True))
        self.deactivate_button = QPushButton(self.tr("&Deactivate"))
        self.deactivate_button.setObjectName("schemeDeactivate")
        self.deactivate_button.clicked.connect(lambda: self.set_active(False))
        if not self.admin:  # hide() only: setVisible(True) on a parentless widget opens a window
            for b in (self.import_button, self.activate_button, self.deactivate_button):
                b.hide()
        self.count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.count, 1)
        bar.addWidget(self.import_button)
        bar.addWidget(self.activate_button)
        bar.addWidget(self.deactivate_button)

        self.model = ListModel(COLUMNS, context="SchemesModel", parent=self)
        self.model.background = lambda s: PENDING_BACKGROUND if waiting(s) else None
        self.model.bold = waiting
        self.view = table_view(self.model, "schemeTable", sortable=True)
        fit_columns(
            self.view,
            [
                "HZ-2026-ZDJB",
                21,
                "HZ-ZDJB",
                "2026-01-01 ～ 2026-12-31",
                "每份保费",
                "最多份数",
                "200,000.00",
                "待启用",
                6,
            ],
        )
        self.view.selectionModel().selectionChanged.connect(self._selected)

        self.words = QTextBrowser()
        self.words.setObjectName("schemeWords")
        self.words.setOpenLinks(False)
        self.text = QPlainTextEdit()
        self.text.setObjectName("schemeText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        words_box = self._titled(self.tr("&Rules in words"), self.words)
        text_box = self._titled(self.tr("Scheme &text as imported"), self.text)
        detail = QSplitter(Qt.Orientation.Horizontal)
        detail.addWidget(words_box)
        detail.addWidget(text_box)
        detail.setSizes([640, 520])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("schemesSplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(detail)
        self.splitter.setSizes([230, 380])
        self.splitter.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.banner)
        lay.addLayout(bar)
        lay.addWidget(self.splitter, 1)
        self.refresh()

    @staticmethod
    def _titled(title: str, body: QWidget) -> QWidget:
        w = QWidget()
        lab = QLabel(title)
        lab.setStyleSheet("font-weight: 600;")
        lab.setBuddy(body)
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addWidget(lab)
        lay.addWidget(body, 1)
        return w

    # -- Screen ---------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.schemes or changes.sync

    def refresh(self) -> None:
        keep = self.current()
        with self.ctx.db.reader() as uow:
            rows = store.list_schemes(uow)
        self.model.set_rows(rows)
        pending = [s for s in rows if waiting(s)]
        if pending:
            text = self.tr(
                "%1 scheme(s) sent by the city wait for activation: %2. Members can be enrolled "
                "and claims paid under a scheme only once it is active."
            )
            text = text.replace("%1", str(len(pending))).replace(
                "%2", "、".join(s.code for s in pending)
            )
            if not self.admin:
                text += " " + self.tr("An admin activates schemes.")
            self.banner.setText(text)
        self.banner.setVisible(bool(pending))
        self.count.setText(
            self.tr("%1 schemes, %2 active")
            .replace("%1", str(len(rows)))
            .replace("%2", str(sum(1 for s in rows if s.active)))
        )
        target = keep.id if keep else (pending[0].id if pending else None)
        self.select(target)

    def focus_first(self) -> None:
        self.view.setFocus()

    def save_layout(self, store_: Any) -> None:
        store_.setValue("splitter", self.splitter.saveState())

    def restore_layout(self, store_: Any) -> None:
        state_ = store_.value("splitter")
        if state_ is not None:
            self.splitter.restoreState(state_)

    # -- selection ------------------------------------------------------------------------
    def current(self) -> SchemeRow | None:
        idx = self.view.currentIndex()
        return self.model.row_data(idx.row()) if idx.isValid() else None

    def select(self, scheme_id: int | None) -> None:
        row = next((i for i, s in enumerate(self.model.rows) if s.id == scheme_id), 0)
        if self.model.rows:
            self.view.selectRow(row)
        else:
            self._show(None)

    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._show(self.current())

    def _show(self, s: SchemeRow | None) -> None:
        self.activate_button.setEnabled(s is not None and not s.active)
        self.deactivate_button.setEnabled(s is not None and s.active)
        if s is None:
            self.words.clear()
            self.text.clear()
            return
        with self.ctx.db.reader() as uow:
            text = store.load_scheme_text(uow, s.id)
            try:
                parsed = store.load_scheme(uow, s.id)
            except Exception as exc:  # an altered text: say so instead of the rules
                self.words.setPlainText(str(getattr(exc, "message", exc)))
                parsed = None
        if parsed is not None:
            self.words.setHtml(scheme_html(parsed, self.ctx.lang))
        self.text.setPlainText(text)

    # -- admin ----------------------------------------------------------------------------
    def import_file(self) -> None:
        path = mw.choose_open_file(
            self,
            self.tr("Import a scheme file"),
            self.tr("Scheme files (*.toml);;All files (*)"),
        )
        if not path:
            return
        file = Path(path)
        actor = self.ctx.actor

        def read_and_store(uow: UnitOfWork) -> Done[SchemeRow]:
            """The database thread: read, check and store the file (nothing on a refusal)."""
            text = decode_scheme_bytes(file.read_bytes(), file.name)
            return store.import_scheme(uow, actor, text, source_name=file.name)

        run_op(self.ctx, read_and_store, parent=self, done=self._imported)

    def _imported(self, done: Done[SchemeRow]) -> None:
        s = done.value
        if done.changes.schemes:
            self.ctx.status(self.tr("Scheme %1 imported.").replace("%1", s.code))
        else:
            self.ctx.status(
                self.tr(
                    "Scheme %1 was imported before with the same content; nothing changed."
                ).replace("%1", s.code)
            )
        self.refresh()
        self.select(s.id)
        self.view.setFocus()

    def set_active(self, active: bool) -> None:
        s = self.current()
        if s is None or s.active == active:
            return
        if active:
            ok = confirm(
                self,
                self.tr("Activate scheme"),
                self.tr("Activate %1? Members can then be enrolled in it and claims paid.").replace(
                    "%1", f"{s.code} {s.name}"
                ),
                self.tr("&Activate"),
            )
        else:
            ok = confirm(
                self,
                self.tr("Deactivate scheme"),
                self.tr(
                    "Deactivate %1? Nobody can be enrolled in it any more; enrollments and "
                    "claims made under it stay as they are."
                ).replace("%1", f"{s.code} {s.name}"),
                self.tr("&Deactivate"),
                danger=True,
            )
        if not ok:
            return
        actor, code = self.ctx.actor, s.code
        run_op(
            self.ctx,
            lambda uow: store.activate_scheme(uow, actor, code, active),
            parent=self,
            done=lambda d: self._activated(d, active),
        )

    def _activated(self, done: Done[SchemeRow], active: bool) -> None:
        text = self.tr("Scheme %1 activated.") if active else self.tr("Scheme %1 deactivated.")
        self.ctx.status(text.replace("%1", done.value.code))
        self.refresh()
        self.select(done.value.id)


register_screen(
    "schemes",
    SchemesScreen,
    title=QT_TRANSLATE_NOOP("Screens", "Schemes"),
    order=10,
    perm=Perm.VIEW,
)
