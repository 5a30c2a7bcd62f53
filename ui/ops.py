"""One way to run an operation from the window (Anki's ``CollectionOp``).

An operation is a mutating service call: ``op(uow)`` returns ``Done(value, Changes)``.
:func:`run_op` runs it on the database thread inside one unit of work and commits only when
the operation returned; the task runner then broadcasts its ``Changes`` on the window's
:class:`~ui.tasks.ChangeHub` before ``done(result)`` runs, so every affected view refreshes. If
the operation raises (a refusal in the clerk's words, a file that cannot be written, a bug),
leaving the unit of work rolls everything back, nothing is broadcast, and ``failed(exc)`` gets
the error — by default a message box in the window's language (:func:`ui.messages.show_error`).

:func:`run_long_op` is the same for long work that reports progress and can be cancelled:
``op(uow, progress, cancel)``. An operation that raises ``Cancelled`` leaves nothing behind and
calls ``cancelled()``.

No screen opens a writing unit of work or commits by hand; so none can forget the commit, commit
half a refusal, or forget to broadcast what changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import nullcontext
from typing import Protocol, TypeVar

from PySide6.QtWidgets import QWidget

from base.changes import Done
from base.progress import Progress
from db import Database, UnitOfWork
from ui.messages import show_error
from ui.tasks import TaskHandle, TaskRunner, collector_paused

T = TypeVar("T")
Op = Callable[[UnitOfWork], Done[T]]
LongOp = Callable[[UnitOfWork, Progress, threading.Event], Done[T]]


class OpHost(Protocol):
    """Where an operation runs: the database, the task runner and the window's language (an
    ``AppContext``, or a dialog before the main window exists)."""

    @property
    def db(self) -> Database: ...
    @property
    def runner(self) -> TaskRunner: ...
    @property
    def lang(self) -> str: ...


class NotAnOperation(TypeError):
    """An operation returned something other than ``Done``: a programming error, so nothing of
    it is committed."""


def run_op(
    host: OpHost,
    op: Op[T],
    *,
    parent: QWidget | None,
    done: Callable[[Done[T]], object] | None = None,
    failed: Callable[[BaseException], object] | None = None,
    title: str | None = None,
    cancellable: bool = True,
) -> TaskHandle:
    """Run ``op(uow)`` on the database thread, commit, broadcast its changes, then
    ``done(result)`` on the GUI thread; on an error, roll back and ``failed(exc)`` (a message
    box by default). GUI thread."""
    return _run(
        host,
        lambda uow, _progress, _cancel: op(uow),
        parent=parent,
        done=done,
        failed=failed,
        title=title,
        cancellable=cancellable,
    )


def run_long_op(
    host: OpHost,
    op: LongOp[T],
    *,
    parent: QWidget | None,
    title: str | None,
    done: Callable[[Done[T]], object] | None = None,
    failed: Callable[[BaseException], object] | None = None,
    cancelled: Callable[[], object] | None = None,
    cancellable: bool = True,
    bulk: bool = False,
) -> TaskHandle:
    """:func:`run_op` for work with progress and a cancel button: ``op(uow, progress,
    cancel)``. With ``bulk`` (thousands of rows), the garbage collector is held off while it
    runs and commits (:func:`ui.tasks.collector_paused`). GUI thread."""
    return _run(
        host,
        op,
        parent=parent,
        done=done,
        failed=failed,
        cancelled=cancelled,
        title=title,
        cancellable=cancellable,
        bulk=bulk,
    )


def transaction(db: Database, op: Op[T]) -> Done[T]:
    """``op(uow)`` in one unit of work, committed only when it returned ``Done``; an error
    leaves nothing behind. The database thread (a job of :func:`run_op`, or one step of work
    that commits item by item, such as 批量审批)."""
    with db.uow() as uow:
        result = op(uow)
        if not isinstance(result, Done):
            raise NotAnOperation(f"{op!r} returned {type(result).__name__}, not Done")
        uow.commit()
        return result


def _run(
    host: OpHost,
    op: LongOp[T],
    *,
    parent: QWidget | None,
    done: Callable[[Done[T]], object] | None,
    failed: Callable[[BaseException], object] | None,
    cancelled: Callable[[], object] | None = None,
    title: str | None,
    cancellable: bool,
    bulk: bool = False,
) -> TaskHandle:
    db, lang = host.db, host.lang

    def job(progress: Progress, cancel: threading.Event) -> Done[T]:
        with collector_paused() if bulk else nullcontext():
            return transaction(db, lambda uow: op(uow, progress, cancel))

    def report(exc: BaseException) -> None:
        show_error(parent, exc, lang)

    return host.runner.run(
        job,
        done=done,
        failed=failed or report,
        cancelled=cancelled,
        title=title,
        parent=parent,
        cancellable=cancellable,
    )
