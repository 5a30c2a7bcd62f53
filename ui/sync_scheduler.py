"""Sync in the window: 立即同步 (F9), the schedule, and what the status bar says about sync.

One :class:`SyncScheduler` per main window (the window makes it; ``DeskApp`` starts its
schedule after sign-in). Every run goes through the task runner's *network* pool and
:func:`desk_app.sync.run_sync`, which never holds the database's write lock while it waits on
the city: the clerk types on while a sync runs. There is never more than one run at a time
(a second F9 says so and does nothing else; a tick during a run is skipped, and the next one
is counted from the end of the run). A run that fails is recorded in the history by the sync
service and tried again at the next tick.

The status bar's sync text is computed from a :class:`DeskSyncState` read off the GUI thread
(after every run, after every broadcast change — each local change adds to what waits to go
up — and every 30 s for a ``desk-app sync`` run by the system scheduler), so the GUI thread
counts the outbox only once, when the window opens. The state's values and words are in
:mod:`ui.sync_status`.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from base.changes import Changes, Done
from base.clock import now
from base.progress import Progress
from desk_app.access.auth import Perm
from desk_app.sync import RetryPolicy, run_sync
from desk_app.system import settings
from ui import actions as act
from ui.context import AppContext
from ui.messages import error_text
from ui.sync_status import (
    MANUAL,
    SCHEDULE,
    STARTUP,
    DeskSyncState,
    RunOutcome,
    WaitingScheme,
    read_state,
    short_error,
    sync_held,
    when,
)
from ui.tasks import TaskHandle

log = logging.getLogger(__name__)

STARTUP_DELAY_MS = 8_000  # the first run after sign-in: the window is up, the clerk started
STATUS_DEBOUNCE_MS = 300  # a burst of saves reads the state once
STATUS_EVERY_MS = 30_000  # also notices a ``desk-app sync`` run by the system scheduler


class SyncScheduler(QObject):
    """Runs syncs for one window session and says how sync stands (GUI thread). The main
    window holds it (``MainWindow.sync_scheduler``, reached by screens as
    ``ctx.shell.sync_scheduler``) and gives it the status bar's ``label`` to keep up to
    date."""

    sig_state = Signal(object)  # DeskSyncState: read again
    sig_started = Signal(str)  # trigger
    sig_progress = Signal(float, str)  # fraction, phase text
    sig_finished = Signal(object)  # RunOutcome, or None when the run failed unexpectedly
    _sig_worker_progress = Signal(float)  # emitted on the sync thread, delivered queued

    # One "minute" of the interval in milliseconds (tests shorten it).
    minute_ms = 60_000

    def __init__(
        self,
        ctx: AppContext,
        parent: QObject | None = None,
        *,
        label: QLabel | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.label = label  # the status bar's sync text, kept up to date here
        self.window = parent if isinstance(parent, QWidget) else None  # for questions asked
        self.policy = policy  # None: the client's own (6 attempts, backoff with jitter)
        # The first reading once, on the GUI thread, so the status bar says something true
        # from the start; later ones come off the GUI thread (read_state).
        self.state: DeskSyncState | None = read_state(ctx.db)
        self.last_outcome: RunOutcome | None = None
        self.next_run_at: datetime | None = None  # when the schedule runs next (desk clock)
        self._handle: TaskHandle | None = None
        self._trigger = ""
        self._fraction = 0.0
        self._started = False
        self._first_tick = False
        self._stopped = False
        self._reading = False
        self._read_again = False
        self._interval: int | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(STATUS_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.read_state)
        self._every = QTimer(self)
        self._every.setInterval(STATUS_EVERY_MS)
        self._every.timeout.connect(self.read_state)
        self._every.start()
        self._sig_worker_progress.connect(self._on_progress)
        # Owner: this scheduler; the connection goes with it.
        ctx.hub.sig_changes.connect(self._on_changes)
        self._show()

    # -- the schedule ----------------------------------------------------------------------
    def start(self, *, startup_delay_ms: int | None = None) -> None:
        """Start the schedule: a run shortly after sign-in (``STARTUP_DELAY_MS``), then every
        ``sync.interval_minutes`` (nothing when it is 0: manual only). GUI thread."""
        self._started = True
        self._first_tick = True
        with self.ctx.db.reader() as uow:  # one settings row
            self._interval = settings.get(uow.session, settings.SYNC_INTERVAL_MINUTES)
        if self._interval > 0:
            self._arm(STARTUP_DELAY_MS if startup_delay_ms is None else startup_delay_ms)

    def stop(self) -> None:
        """The window closes: no more runs; a running one is cancelled (it stops at its next
        safe point; nothing is lost, what did not go up goes next time)."""
        self._stopped = True
        self._started = False
        for t in (self._timer, self._debounce, self._every):
            t.stop()
        if self._handle is not None:
            self._handle.cancel()
        self.next_run_at = None

    def interval_minutes(self) -> int:
        return self._interval if self._interval is not None else 0

    def _arm(self, ms: int) -> None:
        if self._stopped:
            return
        self._timer.start(max(0, ms))
        self.next_run_at = now() + timedelta(milliseconds=ms)

    def _arm_interval(self) -> None:
        minutes = self.interval_minutes()
        if self._started and minutes > 0:
            self._arm(minutes * self.minute_ms)
        else:
            self._timer.stop()
            self.next_run_at = None

    def _tick(self) -> None:
        self.next_run_at = None
        if self.running():
            self._arm_interval()  # a run is going (F9): the next tick counts from its end
            return
        first, self._first_tick = self._first_tick, False
        self._start_run(STARTUP if first else SCHEDULE)

    # -- running ---------------------------------------------------------------------------
    def running(self) -> bool:
        return self._handle is not None and not self._handle.finished

    def fraction(self) -> float:
        """How far the running sync is (0 … 1)."""
        return self._fraction if self.running() else 0.0

    def sync_now(self) -> bool:
        """立即同步 (F9, the menu, the 同步 screen's button): start a run as the signed-in
        person. A press while one runs says so and does nothing else. True when a run
        started."""
        if self.running():
            self.ctx.status(self.tr("A sync is already running; it goes on in the background."))
            return False
        return self._start_run(MANUAL)

    def cancel(self) -> None:
        """Stop the running sync at its next safe point (GUI thread)."""
        if self._handle is not None:
            self._handle.cancel()

    def _start_run(self, trigger: str) -> bool:
        if self._stopped:
            return False
        db, policy = self.ctx.db, self.policy
        actor = self.ctx.actor if trigger == MANUAL else None  # scheduled runs: the system
        emit = self._sig_worker_progress.emit

        def job(progress: Progress, cancel: threading.Event) -> Done[RunOutcome]:
            """Sync thread: the whole run, then the state the window shows afterwards."""

            def both(fraction: float, message: str = "") -> None:
                progress(fraction, message)
                emit(fraction)

            # Asked here, not from the window's last reading, which may be older than a set-up
            # made meanwhile (the command line, another window).
            before = read_state(db)
            if not before.status.configured:
                return Done(RunOutcome(trigger, None, before), Changes())
            report = run_sync(
                db, trigger=trigger, progress=both, cancel=cancel, actor=actor, policy=policy
            )
            return Done(RunOutcome(trigger, report, read_state(db)), report.changes)

        self._trigger = trigger
        self._fraction = 0.0
        self._timer.stop()
        self.next_run_at = None
        # No title: no progress dialog, ever; progress is in the status bar and the screen.
        self._handle = self.ctx.runner.run(
            job,
            done=self._on_done,
            failed=self._on_failed,
            cancelled=self._on_cancelled,
            kind="net",
        )
        if self.running():
            self.sig_started.emit(trigger)
            self._show()
        return True

    def _on_progress(self, fraction: float) -> None:
        if self._stopped or not self.running():
            return
        if int(fraction * 100) == int(self._fraction * 100):
            return
        self._fraction = fraction
        self.sig_progress.emit(fraction, self.phase_text())
        self._show()

    def _on_done(self, result: Done[RunOutcome]) -> None:
        if self._stopped:
            return
        out = result.value
        self._handle = None
        if out.report is not None:
            self.last_outcome = out
        self._set_state(out.state)
        self._arm_interval()
        if out.trigger == MANUAL:
            r = out.report
            if r is not None and not r.ok and r.error is not None:
                # The gist: the status bar's own sync text says it too, the screen in full.
                text = self.tr("Sync failed: %1 (details on the Sync screen)").replace(
                    "%1", short_error(r.error, self.ctx.lang)
                )
            else:
                text = self.result_text(out)
            self.ctx.status(text, 10_000)
        self.sig_finished.emit(out)

    def _on_failed(self, exc: BaseException) -> None:
        """Something outside the sync's own error handling (e.g. the person may not sync)."""
        if self._stopped:
            return
        self._handle = None
        self._arm_interval()
        self.ctx.status(
            self.tr("Sync failed: %1").replace("%1", error_text(exc, self.ctx.lang)), 10_000
        )
        self.sig_finished.emit(None)
        self.read_state()

    def _on_cancelled(self) -> None:
        if self._stopped:
            return
        self._handle = None
        self._arm_interval()
        self.sig_finished.emit(None)
        self.read_state()

    # -- the state -------------------------------------------------------------------------
    def read_state(self) -> None:
        """Read the sync state again, off the GUI thread (coalesced: one read at a time)."""
        if self._stopped:
            return
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        db = self.ctx.db

        def job(_p: Progress, _c: threading.Event) -> DeskSyncState:
            return read_state(db)

        def done(state: DeskSyncState) -> None:
            self._reading = False
            if self._stopped:
                return
            self._set_state(state)
            if self._read_again:
                self._read_again = False
                self.read_state()

        def failed(exc: BaseException) -> None:
            self._reading = False
            log.warning("reading the sync state failed: %s", exc)

        def cancelled() -> None:  # the runner shut down with the window
            self._reading = False

        self.ctx.runner.run(job, done=done, failed=failed, cancelled=cancelled, kind="net")

    def _set_state(self, state: DeskSyncState) -> None:
        was = self.state
        self.state = state
        if state.interval_minutes != self._interval:
            self._interval = state.interval_minutes
            if self._started and not self.running():
                self._arm_interval()
        if (
            self._started
            and was is not None
            and not was.status.configured
            and state.status.configured
            and self.interval_minutes() > 0
            and not self.running()
        ):
            self._arm(STARTUP_DELAY_MS)  # just set up: the first sync comes soon
        self._show()
        if state.status.behind is not None and (was is None or was.status.behind is None):
            from ui.screens.sync.behind import offer_recovery  # the screen's own words

            self._behind_prompt = offer_recovery(self.ctx, self.window)
        self.sig_state.emit(state)

    def _on_changes(self, changes: Changes) -> None:
        # Any change the desk commits may add to what waits to go up.
        if changes.any() and not self._stopped:
            self._debounce.start()

    # -- words -----------------------------------------------------------------------------
    def phase_text(self) -> str:
        f = self._fraction
        if f < 0.05:
            return self.tr("Syncing: connecting to the city server…")
        if f < 0.9:
            return self.tr("Syncing: sending changes %1%").replace("%1", str(int(f * 100)))
        return self.tr("Syncing: receiving the city's updates…")

    def status_text(self) -> str:
        """The status bar's sync text (GUI thread; no database access)."""
        if self.running():
            return self.phase_text()
        if self.state is None:
            return self.tr("Sync state unknown")
        st = self.state.status
        if not st.configured:
            text = self.tr("Sync not set up")
        elif st.behind is not None:
            text = self.tr("Behind the city: recover on the Sync screen before new work")
        elif st.restored:
            text = self.tr("Backup restored: sync before new work")
        else:
            if st.last_sync_at is None:
                text = self.tr("Never synced")
            elif st.last_ok:
                text = self.tr("Synced %1").replace("%1", when(st.last_sync_at))
            else:
                why = short_error(st.last_error, self.ctx.lang) if st.last_error else ""
                text = (
                    self.tr("Sync failed %1: %2")
                    .replace("%1", when(st.last_sync_at))
                    .replace("%2", why)
                )
            text += " · " + self.tr("%1 waiting").replace("%1", str(max(0, st.pending)))
        if self.state.waiting_schemes and self.ctx.can(Perm.SCHEMES):
            text += " · " + self.tr("%1 new schemes to activate").replace(
                "%1", str(len(self.state.waiting_schemes))
            )
        if st.open_findings and self.ctx.can(Perm.REVIEW):
            text += " · " + self.tr("%1 city findings open").replace("%1", str(st.open_findings))
        return text

    def status_tooltip(self) -> str:
        if self.state is None:
            return ""
        st = self.state.status
        lines = []
        if st.configured:
            lines.append(
                self.tr("City server %1, site %2").replace("%1", st.server).replace("%2", st.site)
            )
        if st.last_ok_at is not None:
            lines.append(self.tr("Last successful sync: %1").replace("%1", when(st.last_ok_at)))
        if st.behind is not None:
            lines.append(self.ctx.text(st.behind))
        elif st.last_error is not None and st.last_ok is False:
            lines.append(self.tr("Last error: %1").replace("%1", self.ctx.text(st.last_error)))
        if st.configured:
            lines.append(self.tr("%1 changes wait to go up").replace("%1", str(max(0, st.pending))))
            minutes = self.interval_minutes()
            lines.append(
                self.tr("Automatic sync every %1 minutes").replace("%1", str(minutes))
                if minutes > 0
                else self.tr("Automatic sync is off: manual only")
            )
        lines.append(self.tr("Sync now: %1").replace("%1", act.shortcut_text(act.SYNC_NOW)))
        return "\n".join(lines)

    def result_text(self, out: RunOutcome) -> str:
        """One sentence on how a run went (status bar after 立即同步, the 同步 screen)."""
        r = out.report
        if r is None:
            return self.tr(
                "Sync is not set up yet: an admin enters the city server, the site code and "
                "the token on the Sync screen."
            )
        if r.error_code == "busy":
            return self.tr("A sync is already running; it goes on in the background.")
        if not r.ok:
            why = self.ctx.text(r.error) if r.error else ""
            return self.tr("Sync failed: %1").replace("%1", why)
        text = (
            self.tr("Sync done: %1 changes sent, %2 items received")
            .replace("%1", str(r.pushed))
            .replace("%2", str(r.pulled))
        )
        if r.new_findings:
            text += self.tr("; %1 new findings from the city").replace("%1", str(r.new_findings))
        if r.changes.schemes and out.state.waiting_schemes:
            text += self.tr("; new schemes wait for activation on the Schemes screen")
        return text

    def show_status(self) -> None:
        """Put the text into the window's status bar (GUI thread; no database access)."""
        self._show()

    def _show(self) -> None:
        if self.label is None:
            return
        self.label.setText(self.status_text())
        self.label.setToolTip(self.status_tooltip())


__all__ = [
    "MANUAL",
    "SCHEDULE",
    "STARTUP",
    "DeskSyncState",
    "RunOutcome",
    "SyncScheduler",
    "WaitingScheme",
    "read_state",
    "short_error",
    "sync_held",
    "when",
]
