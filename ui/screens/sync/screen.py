"""同步: how the desk stands with the city (when it last synced, what waits to go up, the last
error in words, the schedule), 立即同步 with its progress, the history of runs, the findings
the city reported, and — for the admin — the connection settings. New schemes that arrived by
sync and wait for the admin's activation are announced here.

The runs themselves belong to the window's :class:`ui.sync_scheduler.SyncScheduler` (F9
works on every screen); this screen shows them and asks it to start one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from base.changes import Changes, Done
from base.progress import Progress
from desk_app.access.auth import Perm
from desk_app.sync import FindingRow, SyncRunRow, list_findings, list_runs, resolve_finding
from ui import actions as act
from ui.context import AppContext
from ui.messages import show_error
from ui.ops import run_op
from ui.screens.base import Screen
from ui.screens.registry import register_screen
from ui.screens.sync.behind import BehindBanner
from ui.screens.sync.lists import FAILED_COLOR, OK_COLOR, FindingsPanel, RunsPanel
from ui.screens.sync.setup import SetupPanel, SetupValues, read_setup
from ui.sync_scheduler import DeskSyncState, RunOutcome, SyncScheduler, when
from ui.texts import QT_TRANSLATE_NOOP

RUNS_SHOWN = 50
BANNER_STYLE = (
    "background: #fff1c7; border: 1px solid #e0b84c; border-radius: 4px; padding: 6px 10px;"
    " color: #5c3b00;"
)


@dataclass(frozen=True)
class SyncPageData:
    runs: list[SyncRunRow]
    findings: list[FindingRow]
    setup: SetupValues


class SyncScreen(Screen):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("syncScreen")
        # The window's scheduler; a screen shown on its own (no window) runs its own.
        shell = ctx.shell
        self.sched = shell.sync_scheduler if shell is not None else SyncScheduler(ctx, self)
        self.admin = ctx.can(Perm.SYNC_SETUP)
        self.data: SyncPageData | None = None
        self._loading = False
        self._load_again = False
        self._build_sections(self._build_card())
        self.refresh()

    def _build_card(self) -> QFrame:
        """How sync stands, the running sync's progress, and 立即同步 / Stop."""
        card = QFrame()
        card.setObjectName("card")
        self.headline = QLabel()
        self.headline.setObjectName("syncHeadline")
        self.headline.setStyleSheet("font-size: 14pt; font-weight: 600; color: #1d2733;")
        self.facts = QLabel()
        self.facts.setObjectName("syncFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel()
        self.error.setObjectName("syncError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {FAILED_COLOR};")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.progress.setMaximumHeight(16)
        self.progress.hide()
        self.result = QLabel()
        self.result.setObjectName("syncResult")
        self.result.setWordWrap(True)
        self.result.hide()
        sync_text = QCoreApplication.translate("Actions", act.BY_NAME[act.SYNC_NOW].text)
        self.sync_button = QPushButton(f"{sync_text}  ({act.shortcut_text(act.SYNC_NOW)})")
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setDefault(True)
        self.sync_button.setMinimumWidth(160)
        self.sync_button.clicked.connect(self.sched.sync_now)
        self.stop_button = QPushButton(self.tr("Sto&p"))
        self.stop_button.setObjectName("syncStop")
        self.stop_button.setToolTip(
            self.tr("Stop the sync; what did not go up yet goes with the next one.")
        )
        self.stop_button.clicked.connect(self.sched.cancel)
        self.stop_button.hide()
        grid = QGridLayout(card)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.headline, 0, 0)
        grid.addWidget(self.facts, 1, 0)
        grid.addWidget(self.error, 2, 0)
        grid.addWidget(self.progress, 3, 0)
        grid.addWidget(self.result, 4, 0)
        buttons = QVBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 0, 1, 5, 1)
        grid.setColumnStretch(0, 1)
        return card

    def _build_sections(self, card: QFrame) -> None:
        """Under the card: the schemes waiting for the admin, then the runs, the city's
        findings and (for an admin) the connection."""
        ctx = self.ctx
        # -- new schemes waiting for the admin ---------------------------------------------
        self.banner = QFrame()
        self.banner.setObjectName("syncSchemesWaiting")
        self.banner.setStyleSheet(f"QFrame#syncSchemesWaiting {{ {BANNER_STYLE} }}")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setStyleSheet("color: #5c3b00;")
        self.goto_schemes = QPushButton(self.tr("Go to Sch&emes"))
        self.goto_schemes.setObjectName("syncGotoSchemes")
        self.goto_schemes.clicked.connect(self._go_to_schemes)
        if not ctx.can(Perm.SCHEMES):
            self.goto_schemes.hide()
        b = QHBoxLayout(self.banner)
        b.setContentsMargins(10, 6, 10, 6)
        b.addWidget(self.banner_text, 1)
        b.addWidget(self.goto_schemes)
        self.banner.hide()

        # -- behind the city: recovery first ----------------------------------------------
        self.behind = BehindBanner(ctx)
        self.behind.sig_recovered.connect(self._recovered)

        # -- runs, findings, set-up ------------------------------------------------------------
        self.runs = RunsPanel(ctx)
        self.runs.running = self.sched.running
        self.findings = FindingsPanel(ctx)
        self.findings.sig_resolve.connect(self._resolve)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("syncTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.runs, self.tr("Sync &runs"))
        self.tabs.addTab(self.findings, self.tr("C&ity findings"))
        self.setup: SetupPanel | None = None
        if self.admin:
            self.setup = SetupPanel(ctx)
            self.setup.sig_saved.connect(self.sched.read_state)
            self.tabs.addTab(self.setup, self.tr("Co&nnection"))
        self.tabs.currentChanged.connect(lambda _i: self.actions_changed.emit())

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        lay.addWidget(card)
        lay.addWidget(self.behind)
        lay.addWidget(self.banner)
        lay.addWidget(self.tabs, 1)

        self.sched.sig_state.connect(self._show_state)
        self.sched.sig_started.connect(self._started)
        self.sched.sig_progress.connect(lambda _f, _t: self._show_running())
        self.sched.sig_finished.connect(self._finished)
        if self.sched.state is not None:
            self._show_state(self.sched.state)
        else:
            self.headline.setText(self.tr("Reading the sync state…"))

    # -- Screen ------------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.sync or changes.settings or changes.schemes

    def refresh(self) -> None:
        """Read the runs, the findings and the settings again (network pool: reads only)."""
        if self._loading:
            self._load_again = True
            return
        self._loading = True
        db = self.ctx.db

        def job(_p: Progress, _c: threading.Event) -> SyncPageData:
            with db.reader() as uow:
                runs = list_runs(uow, RUNS_SHOWN)
                findings = list_findings(uow)
            return SyncPageData(runs, findings, read_setup(db))

        def done(data: SyncPageData) -> None:
            self._loading = False
            self._show_data(data)
            if self._load_again:
                self._load_again = False
                self.refresh()

        def failed(exc: BaseException) -> None:
            self._loading = False
            show_error(self, exc, self.ctx.lang)

        def cancelled() -> None:
            self._loading = False

        self.ctx.runner.run(job, done=done, failed=failed, cancelled=cancelled, kind="net")

    def handles(self, action: str) -> bool:
        return action == act.REFRESH or (action == act.SAVE and self._on_setup())

    def trigger(self, action: str) -> None:
        if action == act.REFRESH:
            self.sched.read_state()
            self.refresh()
        elif action == act.SAVE and self.setup is not None and self._on_setup():
            self.setup.save()

    def focus_first(self) -> None:
        st = self.sched.state.status if self.sched.state is not None else None
        if self.setup is not None and st is not None and not st.configured:
            self.tabs.setCurrentWidget(self.setup)
            self.setup.focus_first()
        else:
            self.sync_button.setFocus()

    def save_layout(self, store: QSettings) -> None:
        store.setValue("findings_splitter", self.findings.splitter.saveState())

    def restore_layout(self, store: QSettings) -> None:
        state = store.value("findings_splitter")
        if state is not None:
            self.findings.splitter.restoreState(state)

    def _on_setup(self) -> bool:
        return self.setup is not None and self.tabs.currentWidget() is self.setup

    # -- showing -----------------------------------------------------------------------------
    def _show_data(self, data: SyncPageData) -> None:
        self.data = data
        self.runs.set_runs(data.runs)
        self.findings.set_findings(data.findings)
        n_open = self.findings.open_count()
        self.tabs.setTabText(
            self.tabs.indexOf(self.findings),
            self.tr("C&ity findings (%1)").replace("%1", str(n_open))
            if n_open
            else self.tr("C&ity findings"),
        )
        if self.setup is not None:
            self.setup.set_values(data.setup)

    def _show_state(self, state: DeskSyncState) -> None:
        st = state.status
        if self.sched.running():
            self._show_running()
        else:
            self.progress.hide()
            self.stop_button.hide()
            if not st.configured:
                self.headline.setText(self.tr("This desk is not connected to the city yet"))
            elif st.last_sync_at is None:
                self.headline.setText(self.tr("Not synced yet"))
            elif st.last_ok:
                self.headline.setText(self.tr("Synced %1").replace("%1", when(st.last_sync_at)))
            else:
                self.headline.setText(
                    self.tr("The last sync failed (%1)").replace("%1", when(st.last_sync_at))
                )
        self.facts.setText(self._facts(state))
        failed = st.configured and st.last_ok is False and st.last_error is not None
        if failed and st.last_error is not None:
            text = self.tr("Why: %1").replace("%1", self.ctx.text(st.last_error))
            if st.pending > 0:
                text += "\n" + self.tr(
                    "Nothing is lost: the %1 changes stay waiting and go with the next sync."
                ).replace("%1", str(st.pending))
            self.error.setText(text)
        self.error.setVisible(bool(failed))
        self._show_banner(state)
        self.behind.show_state(state)

    def _facts(self, state: DeskSyncState) -> str:
        st = state.status
        if not st.configured:
            return (
                self.tr(
                    "Enter the city server, the site code and the token under Connection below."
                )
                if self.admin
                else self.tr("An admin sets up the link to the city on this screen.")
            )
        sep = "　　"
        line1 = [self.tr("Waiting to go up: %1 changes").replace("%1", str(max(0, st.pending)))]
        if st.last_ok_at is not None and not st.last_ok:
            line1.append(self.tr("Last successful sync: %1").replace("%1", when(st.last_ok_at)))
        line1.append(self.tr("Open city findings: %1").replace("%1", str(st.open_findings)))
        minutes = state.interval_minutes
        if minutes > 0:
            schedule = self.tr("Automatic sync every %1 minutes").replace("%1", str(minutes))
            if self.sched.next_run_at is not None:
                schedule += self.tr(" (next about %1)").replace(
                    "%1", when(self.sched.next_run_at)[-5:]
                )
        else:
            schedule = self.tr("Automatic sync is off: manual only")
        line2 = [
            schedule,
            self.tr("City server %1, site %2").replace("%1", st.server).replace("%2", st.site),
        ]
        return sep.join(line1) + "\n" + sep.join(line2)

    def _show_banner(self, state: DeskSyncState) -> None:
        waiting = state.waiting_schemes
        if waiting:
            names = "、".join(f"{s.code} {s.name}" for s in waiting[:3])
            if len(waiting) > 3:
                names += "……"
            text = (
                self.tr(
                    "%1 new scheme(s) from the city wait for an admin to activate them on the "
                    "Schemes screen: %2. Until then nobody can be enrolled in them."
                )
                .replace("%1", str(len(waiting)))
                .replace("%2", names)
            )
            self.banner_text.setText(text)
        self.banner.setVisible(bool(waiting))

    def _show_running(self) -> None:
        if not self.sched.running():
            return
        self.headline.setText(self.sched.phase_text())
        self.progress.setValue(int(self.sched.fraction() * 100))
        self.progress.show()
        self.stop_button.show()
        self.runs.model.layoutChanged.emit()  # "running" in the newest row

    def _started(self, _trigger: str) -> None:
        self.result.hide()
        self._show_running()
        self.refresh()  # the new run's row, "running"

    def _finished(self, out: RunOutcome | None) -> None:
        self.progress.hide()
        self.stop_button.hide()
        # A failure is said in full by the card's "why" line; the result line is for the rest.
        if out is not None and (out.report is None or out.report.ok):
            self.result.setText(self.sched.result_text(out))
            ok = out.report is not None
            self.result.setStyleSheet(f"color: {OK_COLOR if ok else FAILED_COLOR};")
            self.result.show()
        else:
            self.result.hide()
        if self.sched.state is not None:
            self._show_state(self.sched.state)
        self.refresh()

    # -- doing -------------------------------------------------------------------------------
    def _recovered(self, rep: Any) -> None:
        """Recovered: every view reads again, and a sync sends what was typed here since."""
        self.ctx.hub.broadcast(rep.changes)
        self.sched.read_state()
        self.sched.sync_now()
        self.refresh()

    def _go_to_schemes(self) -> None:
        if self.ctx.shell is not None:
            self.ctx.shell.navigate("schemes")

    def _resolve(self, finding_id: int, resolved: bool) -> None:
        actor = self.ctx.actor

        def done(_d: Done[Any]) -> None:
            self.ctx.status(
                self.tr("Finding marked resolved.") if resolved else self.tr("Finding open again.")
            )

        run_op(
            self.ctx,
            lambda uow: resolve_finding(uow, actor, finding_id, resolved),
            parent=self,
            done=done,
        )


register_screen(
    "sync",
    SyncScreen,
    title=QT_TRANSLATE_NOOP("Screens", "Sync"),
    perm=Perm.SYNC,
)
