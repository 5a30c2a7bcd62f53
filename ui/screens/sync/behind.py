"""The 同步 screen's warning when the desk is behind the city (a restored backup, a new PC), or a
backup was just restored, and — for the admin — 从市里恢复: after a confirmation the city's copy
of this site's records comes back (desk_app.sync.recover, audited), then a sync sends what was
typed here since. Clerks read what to do and whom to ask.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from base.progress import Progress
from desk_app.access.auth import Perm
from desk_app.sync.recover import RecoveryReport, recover
from ui.context import AppContext
from ui.messages import confirm, show_error
from ui.sync_scheduler import DeskSyncState, sync_held

STYLE = (
    "QFrame#syncBehind { background: #fde8e8; border: 1px solid #d9534f; border-radius: 4px;"
    " padding: 6px 10px; }"
)


class BehindBanner(QFrame):
    """Shown while ``sync_status`` says the desk is behind the city or was restored."""

    sig_recovered = Signal(object)  # the RecoveryReport

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("syncBehind")
        self.setStyleSheet(STYLE)
        self.text = QLabel()
        self.text.setObjectName("syncBehindText")
        self.text.setWordWrap(True)
        self.text.setStyleSheet("color: #7a1f1c;")
        self.button = QPushButton(self.tr("Reco&ver from the city…"))
        self.button.setObjectName("syncRecover")
        self.button.clicked.connect(self.ask)
        self.admin = ctx.can(Perm.SYNC_SETUP)
        self.button.setVisible(self.admin)
        self.running = False
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.button)
        self.hide()

    def show_state(self, state: DeskSyncState) -> None:
        st = state.status
        if st.behind is not None:
            text = self.ctx.text(st.behind)
            if not self.admin:
                text += "\n" + self.tr("Ask the admin to recover from the city on this screen.")
        elif st.restored:
            text = self.tr(
                "A backup was restored: what reached the city after it is not on this desk. "
                "Sync now; if the desk is behind the city it will say so and offer recovery."
            )
        else:
            self.hide()
            return
        self.text.setText(text)
        self.button.setVisible(self.admin and st.behind is not None)
        self.button.setEnabled(not self.running)
        self.show()

    def ask(self) -> None:
        """The admin confirms, then the recovery runs off the GUI thread."""
        if self.running or not confirm(
            self,
            self.tr("Recover from the city"),
            self.tr(
                "Bring back from the city every record of this site that this desk lacks? "
                "The city's versions replace older ones here; changes typed here since the "
                "restore that the city holds newer are kept as findings. This is recorded in "
                "the audit log."
            ),
            self.tr("&Recover"),
        ):
            return
        db, actor = self.ctx.db, self.ctx.actor

        def job(progress: Progress, cancel: threading.Event) -> RecoveryReport:
            with sync_held(timeout=5):
                return recover(db, actor, progress=progress, cancel=cancel)

        def done(rep: RecoveryReport) -> None:
            self.running = False
            self.button.setEnabled(True)
            summary = (
                self.tr(
                    "Recovered from the city: %1 records written, %2 conflicts kept as "
                    "findings, %3 changes typed here to send."
                )
                .replace("%1", str(rep.created + rep.updated + rep.deleted))
                .replace("%2", str(rep.conflicts))
                .replace("%3", str(rep.kept))
            )
            self.ctx.status(summary)
            self._tell(rep, summary)
            self.sig_recovered.emit(rep)

        def failed(exc: BaseException) -> None:
            self.running = False
            self.button.setEnabled(True)
            show_error(self, exc, self.ctx.lang)

        self.running = True
        self.button.setEnabled(False)
        self.ctx.runner.run(
            job,
            done=done,
            failed=failed,
            cancelled=lambda: failed(RuntimeError("cancelled")),
            kind="net",
            title=self.tr("Recovering from the city…"),
            parent=self,
        )

    def _tell(self, rep: RecoveryReport, summary: str) -> None:
        """The admin reads what the recovery did, and what became of the audit log (not modal:
        the sync that follows runs meanwhile)."""
        box = QMessageBox(self)
        box.setObjectName("syncRecovered")
        box.setWindowTitle(self.tr("Recover from the city"))
        box.setIcon(QMessageBox.Icon.Information)
        lines = [summary]
        seq = str(rep.audit_seq)
        if rep.audit == "reanchored":
            lines.append(
                self.tr(
                    "This desk's audit log was shorter than the one the city received: it now "
                    "continues after the city's entry %1, and the entries up to %1 are held at "
                    "the city (Verify the chain on the audit page says so)."
                ).replace("%1", seq)
            )
        elif rep.audit == "conflict":
            box.setIcon(QMessageBox.Icon.Warning)
            lines.append(
                self.tr(
                    "Audit log: entry %1 here is not the one the city received. It is kept as a "
                    "finding on this screen; find out at once whether this desk's database was "
                    "changed."
                ).replace("%1", seq)
            )
        box.setText("\n\n".join(lines))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.open()


def offer_recovery(ctx: AppContext, parent: QWidget | None) -> QMessageBox:
    """The window's prompt when it finds the desk behind the city: go to the 同步 screen to
    recover before typing more (not modal: nothing waits on it)."""
    box = QMessageBox(parent)
    box.setObjectName("syncBehindPrompt")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("BehindBanner", "This desk is behind the city"))
    box.setText(
        QCoreApplication.translate(
            "BehindBanner",
            "This desk holds less than the city has of it (a backup was restored, or this is "
            "a new PC). Recover from the city before entering new work, so that nothing "
            "collides with what the city holds.",
        )
    )
    go = box.addButton(
        QCoreApplication.translate("BehindBanner", "Go to &Sync"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(
        QCoreApplication.translate("BehindBanner", "&Later"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(go)

    def clicked(button: object) -> None:
        if button is go and ctx.shell is not None:
            ctx.shell.navigate("sync")

    box.buttonClicked.connect(clicked)
    box.open()
    return box
