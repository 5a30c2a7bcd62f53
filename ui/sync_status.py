"""How sync stands, in plain values the window shows: the state read off the GUI thread
(:func:`read_state`), a run's outcome, and the short words for the status bar. No Qt: the
scheduler (:mod:`ui.sync_scheduler`) reads, runs and shows; this module only says what."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from base.clock import local
from base.errors import DeskError, Message, msg
from db import Database
from desk_app.schemes import store
from desk_app.sync import SyncReport, SyncStatus, sync_status
from desk_app.system import settings

MANUAL, SCHEDULE, STARTUP = "manual", "schedule", "startup"


@dataclass(frozen=True)
class WaitingScheme:
    code: str
    name: str


@dataclass(frozen=True)
class DeskSyncState:
    """What the window shows about sync, read in one go off the GUI thread."""

    status: SyncStatus
    interval_minutes: int  # sync.interval_minutes (0: manual only)
    waiting_schemes: tuple[WaitingScheme, ...]  # sent by the city, not yet activated


@dataclass(frozen=True)
class RunOutcome:
    trigger: str
    report: SyncReport | None  # None: not set up, nothing was tried (and nothing recorded)
    state: DeskSyncState


def read_state(db: Database) -> DeskSyncState:
    """The sync status, the schedule's interval and the city's schemes still waiting for the
    admin (worker thread: a few indexed reads and one count of the outbox)."""
    with db.reader() as uow:
        st = sync_status(uow)
        minutes = settings.get(uow.session, settings.SYNC_INTERVAL_MINUTES)
        waiting = tuple(
            WaitingScheme(s.code, s.name)
            for s in store.list_schemes(uow)
            if s.origin == "city" and not s.active
        )
    return DeskSyncState(st, minutes, waiting)


_PARENS = re.compile(r"（[^）]*）|\([^)]*\)")


def short_error(message: Message, lang: str) -> str:
    """The gist of a sync error for the status bar ("无法连接市级服务器"): the first clause,
    without addresses in brackets. The whole sentence is in the tool tip and on the 同步
    screen."""
    text = _PARENS.sub("", message.text(lang)).strip()
    if lang == "zh":
        text = re.split(r"[：。；:]", text, maxsplit=1)[0].strip()
        limit = 22
    else:
        text = re.split(r": |\. |; ", text, maxsplit=1)[0].strip().rstrip(".")
        limit = 48
    if len(text) > limit:
        head = re.split(r"[，,]", text, maxsplit=1)[0]
        text = head if 6 <= len(head) <= limit else text[: limit - 1] + "…"
    return text


def when(dt: datetime | None) -> str:
    return f"{local(dt):%m-%d %H:%M}" if dt is not None else ""


@contextmanager
def sync_held(timeout: float = 180.0) -> Iterator[None]:
    """Keep syncs out while the database file itself is replaced (restore, moving the data
    folder): waits for a running sync (the closing window has cancelled it) to end, and a sync
    asked for meanwhile answers "busy". Worker or GUI thread."""
    from desk_app.sync import service

    # The sync service's own one-run-at-a-time lock (docs/sync.md §3).
    if not service._RUNNING.acquire(timeout=timeout):
        raise DeskError(
            msg(
                "同步仍在进行，请一分钟后再试",
                "a sync is still running; try again in a minute",
            )
        )
    try:
        yield
    finally:
        service._RUNNING.release()
