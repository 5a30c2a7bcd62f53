"""The intake form's live check and calculation (``claims.preview``), on every change, without
ever making typing wait.

A preview reads a few rows and runs the engine: about 3 ms (docs/claims-window.md), so it runs
on the GUI thread right after the change that needs it (a zero-delay timer coalesces the
changes of one event-loop turn). Should one take longer than :data:`SLOW_PREVIEW_MS` (a member
with a very long history on a slow PC), the next ones run on the task runner's pool
:data:`ASYNC_DEBOUNCE_MS` after typing pauses. Each request has a generation number; an answer
to older input is dropped.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, QTimer, Signal

from base.progress import Progress
from desk_app.claims import service as claims
from desk_app.claims.model import ClaimInput, Preview
from ui.context import AppContext

SLOW_PREVIEW_MS = 40.0
ASYNC_DEBOUNCE_MS = 100


class LivePreview(QObject):
    """``due`` when a preview should be made (the owner then calls :meth:`request` with the
    input); ``ready(Preview)`` with the answer to the newest input; ``failed(exc)``."""

    due = Signal()
    ready = Signal(object)
    failed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.is_async = False  # the last preview was slow: the pool, after a pause
        self.last_ms = 0.0
        self.runs = 0
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.due.emit)

    def schedule(self) -> None:
        """Something changed: a new preview is due (at once, or after a pause when slow)."""
        self._generation += 1
        self._timer.start(ASYNC_DEBOUNCE_MS if self.is_async else 0)

    def idle(self) -> bool:
        """No preview is waiting for its turn (or for a pause in typing)."""
        return not self._timer.isActive()

    def cancel(self) -> None:
        self._timer.stop()
        self._generation += 1

    def request(self, data: ClaimInput, claim_id: int | None) -> None:
        """Preview ``data`` (``claim_id``: the draft being edited). GUI thread."""
        self._timer.stop()
        generation = self._generation
        db = self.ctx.db
        if self.is_async:

            def job(_p: Progress, _c: threading.Event) -> tuple[Preview, float]:
                t = time.perf_counter()
                with db.reader() as uow:
                    p = claims.preview(uow, data, claim_id=claim_id)
                return p, (time.perf_counter() - t) * 1000

            def done(result: tuple[Preview, float]) -> None:
                self._answer(generation, *result)

            self.ctx.runner.run(job, kind="net", done=done, failed=self.failed.emit)
            return
        t = time.perf_counter()
        try:
            with db.reader() as uow:
                p = claims.preview(uow, data, claim_id=claim_id)
        except Exception as exc:  # the panel says so; typing goes on
            self.failed.emit(exc)
            return
        self._answer(generation, p, (time.perf_counter() - t) * 1000)

    def _answer(self, generation: int, p: Preview, ms: float) -> None:
        self.runs += 1
        self.last_ms = ms
        self.is_async = ms > SLOW_PREVIEW_MS
        if generation == self._generation:  # else the clerk typed on meanwhile
            self.ready.emit(p)
