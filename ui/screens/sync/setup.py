"""连接设置 on the 同步 screen (admin): the city server's address, the site code and the token
the city issued (typed into a password field, never shown again), the schedule's interval, a
"test the connection" button (``check_server``, off the GUI thread) and saving
(``setup_sync``, after the same check unless the admin sets up offline)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes, Done
from base.errors import ValidationError, msg
from base.progress import Progress
from db import Database, UnitOfWork
from db.models import SyncState
from desk_app.access.auth import Actor
from desk_app.sync import check_server, credentials, setup_sync
from desk_app.system import settings
from ui.context import AppContext
from ui.keyboard import wire_form
from ui.messages import confirm, error_text
from ui.ops import run_op
from ui.widgets.forms import hint

OK_STYLE = "color: #1b6e3a;"
ERROR_STYLE = "color: #b3261e;"


@dataclass(frozen=True)
class SetupValues:
    """What is stored now (the token only as "there is one")."""

    server: str
    site: str
    interval_minutes: int
    token_stored: bool
    pushed_site: str | None  # the site code the desk's records went up under


def read_setup(db: Database) -> SetupValues:
    """Worker thread."""
    with db.reader() as uow:
        s = uow.session
        st = s.get(SyncState, 1)
        site = settings.get(s, settings.SITE_CODE)
        return SetupValues(
            server=settings.get(s, settings.SYNC_SERVER),
            site=site,
            interval_minutes=settings.get(s, settings.SYNC_INTERVAL_MINUTES),
            token_stored=credentials.has_token(s, site),
            pushed_site=st.pushed_site if st is not None else None,
        )


def _stored_token(db: Database) -> str:
    with db.reader() as uow:
        s = uow.session
        return credentials.stored_token(s, settings.get(s, settings.SITE_CODE)) or ""


def _no_token() -> ValidationError:
    return ValidationError(
        msg(
            "请填写令牌：粘贴市总工会发放的令牌",
            "enter the token: paste the token the city office issued",
        )
    )


@dataclass(frozen=True)
class NeedsForce:
    """The site code changes after records went up under the old one: ask first."""

    old: str


@dataclass(frozen=True)
class Saved:
    connection: bool  # the server, site or token were stored
    interval: bool  # the interval changed


def save_setup(
    uow: UnitOfWork,
    actor: Actor,
    server: str,
    site: str,
    token: str,
    interval: int,
    *,
    connection: bool,
    site_name: str | None,
    force: bool,
) -> Done[Saved | NeedsForce]:
    """Store the connection (``setup_sync``) and the interval, one operation (ui.ops: one
    transaction). An empty ``token`` keeps the stored one. A site code changed after records
    went up under the old one changes nothing and asks first (``NeedsForce``)."""
    changes = Changes()
    if connection:
        st = uow.session.get(SyncState, 1)
        pushed = st.pushed_site if st is not None else None
        if pushed and pushed != site.strip() and not force:
            return Done(NeedsForce(pushed), changes)
        token = token or credentials.stored_token(uow.session, site.strip()) or ""
        if not token:
            raise _no_token()
        changes |= setup_sync(
            uow, actor, server, site, token, site_name=site_name, force=force
        ).changes
    changed_interval = False
    if interval != settings.get(uow.session, settings.SYNC_INTERVAL_MINUTES):
        changes |= settings.update_settings(
            uow, actor, {settings.SYNC_INTERVAL_MINUTES.key: interval}
        ).changes
        changed_interval = True
    return Done(Saved(connection, changed_interval), changes)


class SetupPanel(QWidget):
    """The admin's form. Enter moves from field to field and saves on the last one."""

    sig_saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.values: SetupValues | None = None
        self.server = QLineEdit()
        self.server.setObjectName("syncServer")
        self.server.setPlaceholderText("https://sync.example.gov.cn")
        self.site = QLineEdit()
        self.site.setObjectName("syncSite")
        self.site.setMaxLength(32)
        self.site.setPlaceholderText(self.tr("e.g. 330702, as the city office issued it"))
        self.token = QLineEdit()
        self.token.setObjectName("syncToken")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.interval = QSpinBox()
        self.interval.setObjectName("syncInterval")
        self.interval.setRange(
            settings.SYNC_INTERVAL_MINUTES.minimum or 0,
            settings.SYNC_INTERVAL_MINUTES.maximum or 1440,
        )
        self.interval.setSingleStep(5)
        self.interval.setSuffix(self.tr(" minutes"))
        self.interval.setSpecialValueText(self.tr("manual only"))
        self.interval.setValue(settings.SYNC_INTERVAL_MINUTES.default)
        self.offline = QCheckBox(self.tr("Set up &offline, without asking the server"))
        self.offline.setObjectName("syncOffline")
        self.test_button = QPushButton(self.tr("&Test the connection"))
        self.test_button.setObjectName("syncTest")
        self.test_button.clicked.connect(lambda: self.test_connection())
        self.save_button = QPushButton(self.tr("&Save settings"))
        self.save_button.setObjectName("syncSave")
        self.save_button.clicked.connect(self.save)
        self.result = QLabel()
        self.result.setObjectName("syncSetupResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, field in (
            (self.tr("City server &URL:"), self.server),
            (self.tr("Site &code:"), self.site),
            (self.tr("To&ken:"), self.token),
            (self.tr("Automatic sync e&very:"), self.interval),
        ):
            lab = QLabel(label)
            lab.setBuddy(field)
            form.addRow(lab, field)
        form.addRow("", self.offline)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        form.addRow("", self.result)
        box = QWidget()
        box.setMaximumWidth(820)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(form)
        inner.addSpacing(10)
        inner.addWidget(hint(self._about()))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 10, 0, 0)
        lay.addWidget(box)
        lay.addStretch(1)
        wire_form(self, [self.server, self.site, self.token, self.interval], self.save_button)
        self._busy = False

    def _about(self) -> str:
        """Where the token is kept and which addresses are accepted (the https:// rule)."""
        return self.tr(
            "The city office registers this desk and gives its admin the site code and a "
            "token (city-server site add). The token is kept sealed on this PC, outside "
            "the database and its backups, only for syncing: it is never shown, printed, "
            "exported or logged; after a restore it must be entered again. The address "
            "must start with https://: plain http:// is accepted only for a server on "
            "this PC. Changes made here are audited."
        )

    # -- values ----------------------------------------------------------------------------
    def set_values(self, v: SetupValues) -> None:
        """Show what is stored, without overwriting what the admin is typing."""
        self.values = v
        for field, text in ((self.server, v.server), (self.site, v.site)):
            if not field.isModified():
                field.setText(text)
        if not self.interval.hasFocus():
            self.interval.setValue(v.interval_minutes)
        self.token.setPlaceholderText(
            self.tr("Stored; leave empty to keep it")
            if v.token_stored
            else self.tr("Paste the token the city office issued")
        )

    def _connection_changed(self) -> bool:
        v = self.values
        return (
            v is None
            or not v.token_stored
            or bool(self.token.text().strip())
            or self.server.text().strip().rstrip("/") != v.server
            or self.site.text().strip() != v.site
        )

    def _say(self, text: str, ok: bool) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.result.show()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.test_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy)
        if busy:
            self.result.setStyleSheet("")
            self.result.setText(text)
            self.result.show()

    # -- test ------------------------------------------------------------------------------
    def test_connection(self, after: Any = None) -> None:
        """Ask the server whether it accepts this site and token (network pool). ``after``,
        given by :meth:`save`, runs with the site's name when the server said yes."""
        if self._busy:
            return
        db = self.ctx.db
        server, site, token = self.server.text(), self.site.text(), self.token.text().strip()

        def job(_p: Progress, _c: threading.Event) -> dict[str, Any]:
            typed = token or _stored_token(db)
            if not typed:
                raise _no_token()
            return check_server(server, site, typed)

        def done(hello: dict[str, Any]) -> None:
            self._set_busy(False)
            known = hello.get("site") if isinstance(hello.get("site"), dict) else {}
            name = str(known.get("name") or "") if known else ""
            self._say(
                self.tr("Connected: the city server (version %1) accepts site %2 %3.")
                .replace("%1", str(hello.get("server_version", "?")))
                .replace("%2", site.strip())
                .replace("%3", name)
                .replace(" .", "."),
                True,
            )
            if after is not None:
                after(name or None)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self._say(error_text(exc, self.ctx.lang), False)

        self._set_busy(True, self.tr("Asking the city server…"))
        self.ctx.runner.run(job, done=done, failed=failed, kind="net")

    # -- save ------------------------------------------------------------------------------
    def save(self) -> None:
        if self._busy:
            return
        if self._connection_changed() and not self.offline.isChecked():
            self.test_connection(after=lambda name: self._store(name, force=False))
        else:
            self._store(None, force=False)

    def _store(self, site_name: str | None, *, force: bool) -> None:
        actor = self.ctx.actor
        server, site = self.server.text(), self.site.text()
        token, interval = self.token.text().strip(), self.interval.value()
        connection = self._connection_changed()

        def job(uow: UnitOfWork) -> Done[Saved | NeedsForce]:
            return save_setup(
                uow,
                actor,
                server,
                site,
                token,
                interval,
                connection=connection,
                site_name=site_name,
                force=force,
            )

        def done(result: Done[Saved | NeedsForce]) -> None:
            self._set_busy(False)
            saved = result.value
            if isinstance(saved, NeedsForce):
                self._ask_force(saved.old, site_name)
                return
            self.token.clear()
            for f in (self.server, self.site):
                f.setModified(False)
            self._say(
                self.tr("Saved. The desk now syncs with this server; F9 syncs at once.")
                if saved.connection
                else self.tr("Saved."),
                True,
            )
            self.sig_saved.emit()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self._say(error_text(exc, self.ctx.lang), False)

        self._set_busy(True, self.tr("Saving…"))
        run_op(self.ctx, job, parent=self, done=done, failed=failed)

    def _ask_force(self, old: str, site_name: str | None) -> None:
        new = self.site.text().strip()
        if confirm(
            self,
            self.tr("Change the site code"),
            self.tr(
                "This desk's records already went to the city as site %1. As %2 the city will "
                "refuse them as another site's. Change the site code only if the city office "
                "told you to."
            )
            .replace("%1", old)
            .replace("%2", new),
            self.tr("Change to %1").replace("%1", new),
            danger=True,
        ):
            self._store(site_name, force=True)
        else:
            self._say(self.tr("Nothing was changed."), False)

    def focus_first(self) -> None:
        self.server.setFocus()
