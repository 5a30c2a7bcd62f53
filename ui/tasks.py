"""The one task runner for long work (Anki's TaskManager, Picard's ``run_task``).

- ``kind="db"``: a single worker thread, so database writes queue in order and never block the
  window (SQLite has one writer anyway; a second writer thread would only wait).
- ``kind="net"``: a small pool for network and file work that must not wait behind writes.

A job is ``fn(progress, cancel)`` with the core's conventions (:mod:`base.progress`): it
may call ``progress(fraction, message)`` from its thread and should check ``cancel`` at safe
points. Its result or exception comes back to the GUI thread through a Qt signal; a
``Done(value, Changes)`` result is broadcast on the :class:`ChangeHub` before ``done`` runs,
so every affected view refreshes. A progress dialog appears only if the job is still running
after ``SHOW_AFTER_MS`` and has a title; its Cancel button sets the ``cancel`` event.

Tests pass :class:`SyncExecutor` for both executors (Picard's ``FakeThreadPool``): every job
then runs at once in the calling thread and its callbacks before ``run`` returns.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from base.changes import Changes, Done
from base.errors import DeskError
from base.progress import Cancelled, Progress

log = logging.getLogger(__name__)

T = TypeVar("T")
Job = Callable[[Progress, threading.Event], Any]
Kind = Literal["db", "net"]

SHOW_AFTER_MS = 500
_PROGRESS_EVERY_S = 0.05  # at most 20 progress signals a second per job


class SyncExecutor(Executor):
    """Runs each job immediately in the calling thread (for tests)."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        fut: Future[T] = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # the runner reports it through its signal
            fut.set_exception(exc)
        return fut


class ChangeHub(QObject):
    """Where the main window broadcasts what a service changed. Views connect to
    ``sig_changes`` (their own slot, so the connection dies with them) and refresh only when
    the :class:`Changes` concern them. No view reaches into another view."""

    sig_changes = Signal(object)  # Changes

    def broadcast(self, changes: Changes) -> None:
        """GUI thread."""
        if changes.any():
            self.sig_changes.emit(changes)


@dataclass
class TaskHandle:
    """A running job: cancel it, or ask whether it finished."""

    id: int
    title: str | None
    cancel_event: threading.Event = field(default_factory=threading.Event)
    finished: bool = False

    def cancel(self) -> None:
        self.cancel_event.set()


@dataclass
class _Pending:
    handle: TaskHandle
    done: Callable[[Any], object] | None
    failed: Callable[[BaseException], object] | None
    cancelled: Callable[[], object] | None
    parent: QWidget | None
    cancellable: bool
    kind: Kind = "db"
    dialog: QProgressDialog | None = None
    timer: QTimer | None = None
    last_fraction: float = 0.0
    last_message: str = ""


class TaskRunner(QObject):
    """Runs jobs off the GUI thread and hands their outcome back to it."""

    # Worker thread -> GUI thread (queued, because the runner lives in the GUI thread).
    sig_result = Signal(int, object, object)  # job id, result, exception
    sig_progress = Signal(int, float, str)
    busy_changed = Signal(bool)
    sig_error = Signal(object, object)  # exception, parent widget: a job failed unhandled

    def __init__(
        self,
        hub: ChangeHub | None = None,
        *,
        db_executor: Executor | None = None,
        net_executor: Executor | None = None,
        show_after_ms: int = SHOW_AFTER_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.hub = hub
        self._db = db_executor or ThreadPoolExecutor(1, thread_name_prefix="desk-db")
        self._net = net_executor or ThreadPoolExecutor(4, thread_name_prefix="desk-net")
        self._show_after_ms = show_after_ms
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)
        self.sig_result.connect(self._on_result, Qt.ConnectionType.QueuedConnection)
        self.sig_progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        if isinstance(self._db, SyncExecutor):
            # Everything in one thread: deliver at once, so callbacks run before run() returns.
            self.sig_result.disconnect(self._on_result)
            self.sig_result.connect(self._on_result, Qt.ConnectionType.DirectConnection)
            self.sig_progress.disconnect(self._on_progress)
            self.sig_progress.connect(self._on_progress, Qt.ConnectionType.DirectConnection)

    # -- public API (GUI thread) ---------------------------------------------------------
    def run(
        self,
        fn: Job,
        *,
        done: Callable[[Any], object] | None = None,
        failed: Callable[[BaseException], object] | None = None,
        cancelled: Callable[[], object] | None = None,
        kind: Kind = "db",
        title: str | None = None,
        parent: QWidget | None = None,
        cancellable: bool = True,
    ) -> TaskHandle:
        """Start ``fn(progress, cancel)``. ``done(result)`` or ``failed(exc)`` runs later in
        the GUI thread; with no ``failed``, errors go to ``sig_error`` (the window shows them).
        A job that raises ``Cancelled`` calls ``cancelled()`` instead."""
        handle = TaskHandle(next(self._ids), title)
        pending = _Pending(handle, done, failed, cancelled, parent, cancellable, kind)
        self._pending[handle.id] = pending
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        if title is not None:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda: self._show_dialog(handle.id))
            timer.start(self._show_after_ms)
            pending.timer = timer
        executor = self._db if kind == "db" else self._net
        executor.submit(self._work, handle.id, fn, handle.cancel_event)
        return handle

    def busy(self) -> bool:
        return bool(self._pending)

    def holds_work(self) -> bool:
        """A job that closing the window should wait for: a database write (the one writer)
        or work the person started and watches (a titled job, with its progress dialog).
        Background reads and sync runs are not: they are cancelled and lose nothing."""
        return any(p.kind == "db" or p.handle.title is not None for p in self._pending.values())

    def shutdown(self, *, wait: bool = True, network_too: bool = False) -> None:
        """Stop taking jobs; with ``wait``, let the queued database writes finish first (and
        with ``network_too`` the running network jobs, which are cancelled, as well)."""
        for pending in self._pending.values():
            pending.handle.cancel()
        self._db.shutdown(wait=wait)
        self._net.shutdown(wait=wait and network_too, cancel_futures=True)

    # -- worker thread ----------------------------------------------------------------------
    def _work(self, job_id: int, fn: Job, cancel: threading.Event) -> None:
        """Runs in a worker thread: never touches widgets, only emits signals."""
        last = [0.0]

        def progress(fraction: float, message: str = "") -> None:
            t = time.monotonic()
            if t - last[0] >= _PROGRESS_EVERY_S or fraction >= 1.0:
                last[0] = t
                self.sig_progress.emit(job_id, float(fraction), str(message))

        try:
            if cancel.is_set():
                raise Cancelled()
            result = fn(progress, cancel)
        except BaseException as exc:
            self.sig_result.emit(job_id, None, exc)
            return
        self.sig_result.emit(job_id, result, None)

    # -- GUI thread -------------------------------------------------------------------------
    def _show_dialog(self, job_id: int) -> None:
        pending = self._pending.get(job_id)
        if pending is None or pending.dialog is not None:
            return
        dlg = QProgressDialog(pending.parent)
        dlg.setWindowTitle(pending.handle.title or "")
        dlg.setLabelText(pending.last_message or pending.handle.title or "")
        dlg.setRange(0, 1000)
        dlg.setValue(int(pending.last_fraction * 1000))
        dlg.setMinimumDuration(0)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumWidth(420)
        if pending.cancellable:
            dlg.setCancelButtonText(self.tr("Cancel"))
            dlg.canceled.connect(lambda: self._cancel_from_dialog(job_id))
            # Esc rejects the dialog; QProgressDialog does not always say ``canceled`` then
            # (seen on a loaded machine: the dialog gone, the import carried on and
            # committed), so a rejection cancels too.
            dlg.rejected.connect(lambda: self._cancel_from_dialog(job_id))
        else:
            dlg.setCancelButton(None)  # type: ignore[arg-type]
        pending.dialog = dlg
        dlg.show()

    def _cancel_from_dialog(self, job_id: int) -> None:
        pending = self._pending.get(job_id)
        if pending is None:
            return
        pending.handle.cancel()
        if pending.dialog is not None:
            pending.dialog.setLabelText(self.tr("Cancelling…"))

    @Slot(int, float, str)
    def _on_progress(self, job_id: int, fraction: float, message: str) -> None:
        pending = self._pending.get(job_id)
        if pending is None:
            return
        pending.last_fraction = fraction
        if message:
            pending.last_message = message
        if pending.dialog is not None and not pending.handle.cancel_event.is_set():
            pending.dialog.setValue(int(fraction * 1000))
            if message:
                pending.dialog.setLabelText(message)

    @Slot(int, object, object)
    def _on_result(self, job_id: int, result: Any, exc: BaseException | None) -> None:
        pending = self._pending.pop(job_id, None)
        if pending is None:
            return
        pending.handle.finished = True
        if pending.timer is not None:
            pending.timer.stop()
            pending.timer.deleteLater()
        if pending.dialog is not None:
            pending.dialog.close()
            pending.dialog.deleteLater()
        if not self._pending:
            self.busy_changed.emit(False)
        if exc is None:
            if isinstance(result, Done) and self.hub is not None:
                self.hub.broadcast(result.changes)
            if pending.done is not None:
                pending.done(result)
            return
        if isinstance(exc, Cancelled):
            log.info("task %s cancelled", pending.handle.title or job_id)
            if pending.cancelled is not None:
                pending.cancelled()
            return
        if not isinstance(exc, (DeskError, OSError)):
            # An unexpected error: its stack goes to the log whoever handles it (the log
            # scrubs personal data); show_error does not log it a second time. A refusal in
            # the clerk's words and a file or network failure are the handler's to report.
            log.error("task %s failed", pending.handle.title or job_id, exc_info=exc)
            mark_logged(exc)
        if pending.failed is not None:
            pending.failed(exc)
        else:
            self.sig_error.emit(exc, pending.parent)


def mark_logged(exc: BaseException) -> None:
    with contextlib.suppress(AttributeError):  # an exception type without a __dict__
        exc._desk_logged = True  # type: ignore[attr-defined]


def was_logged(exc: BaseException) -> bool:
    """The task runner has written this error to the log already."""
    return bool(getattr(exc, "_desk_logged", False))


# -- bulk work on a worker thread ----------------------------------------------------------
_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = True


def freeze_heap() -> None:
    """Collect once, then move every object alive into the collector's permanent generation
    (``gc.freeze``), when the main window has just been built. GUI thread.

    What a session keeps from its start — the modules, the ORM's mappers, the Qt wrappers, the
    window — is some 400 000 objects, and every full collection walked them all: 300 ms or
    more with the interpreter lock held, on whichever thread triggered it (a worker making the
    100 000 rows of a monthly return triggers several), so the window froze. Frozen, they are
    not walked any more; a full collection costs what the work in hand has made. The objects
    frozen by an earlier window (before a sign-out) are unfrozen first, so that window can be
    collected now.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector while bulk work (a 20 000-row roster) runs
    on a worker thread.

    A full collection in the middle of such an import walks every object of the program and
    holds the interpreter lock for about half a second, freezing the window on the GUI
    thread. Reference counting still frees nearly everything the import makes; afterwards
    the collector resumes and finds little new to scan. Nested and concurrent uses count.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()
