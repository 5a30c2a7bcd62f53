"""Sync with the city, as the window and the command line use it.

- :func:`sync_status` and :func:`list_runs` read (any thread, a reader uow); the findings are
  in :mod:`desk_app.sync.findings`.
- :func:`~desk_app.sync.setup.setup_sync` stores the server, site code and token (admin; the
  caller commits), in :mod:`desk_app.sync.setup`.
- :func:`run_sync` does one whole sync on the calling thread — a worker thread, never the GUI
  thread. It manages its own short transactions and never holds the write lock while it waits
  on the network: batches are read in a read-only snapshot, and each acknowledgement is pruned
  in a transaction of its own after the answer came.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import func, select

from base.changes import Changes
from base.clock import now
from base.errors import Message, msg
from base.progress import Cancelled, Progress, check, report
from db import Database
from db.engine import UnitOfWork
from db.models import SyncFinding, SyncRun, SyncState
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.sync import behind as behind_mod
from desk_app.sync import credentials
from desk_app.sync import papers as papers_mod
from desk_app.sync import pull as pull_mod
from desk_app.sync import push as push_mod
from desk_app.sync.client import CityClient, RetryPolicy, SyncError
from desk_app.sync.setup import check_site as check_site
from desk_app.sync.setup import check_url as check_url
from desk_app.sync.setup import checked_url
from desk_app.system import settings

log = logging.getLogger(__name__)

_RUNNING = threading.Lock()
PULL_PAGE = 500

# Exit codes of ``desk-app sync`` by error code (docs/sync.md).
EXIT_CODES = {
    None: 0,
    "unreachable": 3,
    "auth": 4,
    "revoked": 4,
    "schema": 5,
    "not_owner": 6,
    "behind": 7,
    "cancelled": 130,
}


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    server: str
    site: str
    last_sync_at: datetime | None  # when the last run ended, ok or not
    last_ok: bool | None  # None: never ran
    last_ok_at: datetime | None
    pending: int  # changes waiting to go up
    last_error: Message | None  # the last run's error (None when it went well)
    open_findings: int
    running: bool  # a sync is running in this process
    # The desk is behind the city (a restored backup, a rebuilt PC): it sends nothing until it
    # recovered from the city. ``restored``: a backup was put back and not yet checked.
    behind: Message | None = None
    restored: bool = False


@dataclass(frozen=True)
class SyncRunRow:
    id: int
    started_at: datetime
    finished_at: datetime | None
    trigger: str
    ok: bool
    pushed: int
    pulled: int
    error: Message | None


@dataclass(frozen=True)
class SyncReport:
    ok: bool
    pushed: int  # changes the city acknowledged in this run
    pulled: int  # items received from the city
    pending: int  # changes still waiting
    error: Message | None
    error_code: str | None
    run_id: int | None
    new_findings: int
    changes: Changes
    papers: papers_mod.PapersSent | None = None  # claim papers sent up (the city wants them)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES.get(self.error_code, 2)


# --------------------------------------------------------------------------- reading


def sync_status(uow: UnitOfWork) -> SyncStatus:
    """What the window's status bar shows: when, how many waiting, the last error."""
    s = uow.session
    server = settings.get(s, settings.SYNC_SERVER)
    site = settings.get(s, settings.SITE_CODE)
    st = s.get(SyncState, 1)
    last = (
        s.execute(
            select(SyncRun).where(SyncRun.finished_at.is_not(None)).order_by(SyncRun.id.desc())
        )
        .scalars()
        .first()
    )
    last_ok_at = s.execute(
        select(func.max(SyncRun.finished_at)).where(SyncRun.ok.is_(True))
    ).scalar_one()
    open_findings = s.execute(
        select(func.count()).select_from(SyncFinding).where(SyncFinding.resolved.is_(False))
    ).scalar_one()
    return SyncStatus(
        configured=bool(server and credentials.has_token(s, site)),
        server=server,
        site=site,
        last_sync_at=last.finished_at if last else None,
        last_ok=last.ok if last else None,
        last_ok_at=last_ok_at,
        pending=push_mod.pending_count(s),
        last_error=_run_error(last) if last is not None and not last.ok else None,
        open_findings=int(open_findings),
        running=_RUNNING.locked(),
        behind=(
            behind_mod.behind_message(st.behind_seq, st.acked_seq or 0)
            if st is not None and st.behind_seq
            else None
        ),
        restored=bool(st is not None and st.restored_at is not None),
    )


def _run_error(r: SyncRun) -> Message | None:
    if not r.error and not r.error_zh:
        return None
    return Message(r.error_zh or r.error or "", r.error or r.error_zh or "")


def list_runs(uow: UnitOfWork, limit: int = 50) -> list[SyncRunRow]:
    """The latest sync runs, newest first."""
    rows = uow.session.execute(select(SyncRun).order_by(SyncRun.id.desc()).limit(limit)).scalars()
    return [
        SyncRunRow(
            r.id, r.started_at, r.finished_at, r.trigger, r.ok, r.pushed, r.pulled, _run_error(r)
        )
        for r in rows
    ]


# --------------------------------------------------------------------------- running


def run_sync(
    db: Database,
    *,
    trigger: str = "manual",
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    actor: Actor | None = None,
    server_url: str | None = None,
    transport: httpx.BaseTransport | None = None,
    policy: RetryPolicy | None = None,
    batch_size: int | None = None,
    rng: random.Random | None = None,
    resend_all: bool = False,
) -> SyncReport:
    """One sync: push every pending change, then pull what the city published.

    Runs on the calling (worker) thread; one at a time per process (a second call while one
    runs returns at once with ``error_code="busy"``). ``actor``, when given, must have
    :attr:`Perm.SYNC`. ``server_url`` overrides the stored address for this run only.
    ``transport``, ``policy`` and ``rng`` are for tests (fault injection, short delays).
    ``resend_all`` queues every record again once the city answered and the desk is not behind
    it (a desk behind the city sends nothing: it must recover first).
    The run and its error are recorded in ``sync_runs``.
    """
    if not _RUNNING.acquire(blocking=False):
        return SyncReport(
            False,
            0,
            0,
            -1,
            msg("同步正在进行中，请稍候", "a sync is already running"),
            "busy",
            None,
            0,
            Changes(),
        )
    try:
        if actor is not None:
            with db.uow() as uow:
                authorize(uow, actor, Perm.SYNC, "sync")
        run = _Run(db, trigger, progress, cancel, server_url, transport, policy, batch_size, rng)
        run.resend_all = resend_all
        return run.run()
    finally:
        _RUNNING.release()


class _Run:
    def __init__(
        self,
        db: Database,
        trigger: str,
        progress: Progress | None,
        cancel: threading.Event | None,
        server_url: str | None,
        transport: httpx.BaseTransport | None,
        policy: RetryPolicy | None,
        batch_size: int | None,
        rng: random.Random | None,
    ) -> None:
        self.db = db
        self.trigger = trigger
        self.progress = progress
        self.cancel = cancel
        self.server_override = server_url
        self.transport = transport
        self.policy = policy
        self.limit = max(1, batch_size or push_mod.DEFAULT_BATCH)
        self._retries = {"renumbered": 0, "shrunk": 0}  # per sync, in _send
        self.rng = rng
        self.pushed = 0
        self.pulled = 0
        self.findings = 0
        self.changes = Changes(sync=True)
        self.resend_all = False
        self.papers: papers_mod.PapersSent | None = None
        # The seq of the last audit head the city received (from hello; None: not asked yet):
        # the first batch of the sync carries the chain head and its hash at that seq.
        self.audit_prior: int | None = None

    def run(self) -> SyncReport:
        with self.db.uow() as uow:
            s = uow.session
            server = self.server_override or settings.get(s, settings.SYNC_SERVER)
            site = settings.get(s, settings.SITE_CODE)
            push_mod.state(s)  # the row exists from the first run on
            token = credentials.stored_token(s, site)
            insecure = settings.get(s, settings.SYNC_INSECURE)
            r = SyncRun(started_at=now(), trigger=self.trigger[:20], ok=False, pushed=0, pulled=0)
            s.add(r)
            s.flush()
            run_id = r.id
            self.upto = push_mod.max_seq(s)
            self.total = max(1, push_mod.pending_count(s))
            uow.commit()
        error: Message | None = None
        code: str | None = None
        try:
            if not server or not token:
                raise SyncError(
                    "not_configured",
                    msg(
                        "同步尚未设置：请管理员在“同步”页填写市级服务器地址、服务点代码和令牌",
                        "sync is not set up: an admin must enter the city server address, the "
                        "site code and the token",
                    ),
                )
            with CityClient(
                checked_url(server, insecure),
                site,
                token,
                policy=self.policy,
                transport=self.transport,
                cancel=self.cancel,
                rng=self.rng,
            ) as client:
                report(self.progress, 0.01, "连接市级服务器…")
                hello = client.hello()
                self._after_hello(hello)
                self._push(client, site)
                self._pull(client)
                if hello.get("papers") == "send":  # the city wants the scans themselves
                    self.papers = papers_mod.send(self.db, client, self.progress, self.cancel)
        except SyncError as exc:
            error, code = exc.message, exc.code
        except Cancelled:
            error, code = msg("同步已取消", "sync was cancelled"), "cancelled"
        except Exception as exc:  # a bug or a broken database: say so, keep the desk running
            log.exception("sync failed")
            error = msg(
                "同步意外出错：{e}",
                "sync failed unexpectedly: {e}",
                e=f"{type(exc).__name__}: {exc}",
            )
            code = "error"
        pending = self._finish(run_id, error)
        if error is None:
            report(self.progress, 1.0, "同步完成")
        return SyncReport(
            error is None,
            self.pushed,
            self.pulled,
            pending,
            error,
            code,
            run_id,
            self.findings,
            self.changes,
            self.papers,
        )

    def _finish(self, run_id: int, error: Message | None) -> int:
        try:
            with self.db.uow() as uow:
                s = uow.session
                r = s.get(SyncRun, run_id)
                if r is not None:
                    r.finished_at = now()
                    r.pushed, r.pulled, r.ok = self.pushed, self.pulled, error is None
                    r.error = error.en if error else None
                    r.error_zh = error.zh if error else None
                pending = push_mod.pending_count(s)
                uow.commit()
                return pending
        except Exception:  # the history row is not worth failing the run over
            log.exception("sync: could not record the run")
            return -1

    def _after_hello(self, hello: dict[str, Any]) -> None:
        """Notice a different or re-initialised city database, or one that lost data."""
        server_id = str(hello.get("server_id") or "")
        city_seq = int(hello.get("last_seq") or 0)
        head = hello.get("audit_head")
        self.audit_prior = int(head.get("seq") or 0) if isinstance(head, dict) else 0
        resend = False
        with self.db.uow() as uow:
            st = push_mod.state(uow.session)
            if st.server_id and st.server_id != server_id:
                log.warning("sync: the city server's identity changed; reading its feed anew")
                st.pull_cursor = 0
                resend = bool(st.acked_seq)
            elif city_seq < (st.acked_seq or 0):
                log.warning(
                    "sync: the city holds up to %d of %d acknowledged changes",
                    city_seq,
                    st.acked_seq,
                )
                resend = True
            st.server_id = server_id
            if resend:
                st.acked_seq = city_seq
            uow.commit()
        if not resend:
            behind_mod.check(self.db, hello)  # raises when the desk is behind the city
        if resend or self.resend_all:
            push_mod.resend_all(self.db)
            with self.db.reader() as uow:
                self.upto = push_mod.max_seq(uow.session)
                self.total = max(1, push_mod.pending_count(uow.session))

    def _push(self, client: CityClient, site: str) -> None:
        """Send the outbox in order, one batch at a time.

        The next batch is read (SQLite, serialisation, gzip) on a helper thread while the
        current one is on the network and being applied at the city: the two sides work at the
        same time. It is thrown away if the current batch fails, and read again. An
        acknowledged batch is pruned from the outbox on another helper thread while the next
        one is sent (a prune is a write of some tens of milliseconds; one at a time, in order):
        a prune lost to a crash only means those changes are sent again, and the city, which
        has them, acknowledges them as duplicates.
        """
        pruning: Future[int] | None = None
        with (
            ThreadPoolExecutor(1, thread_name_prefix="sync-read") as pool,
            ThreadPoolExecutor(1, thread_name_prefix="sync-prune") as pruner,
        ):
            try:
                ahead: Future[push_mod.Batch | None] | None = None
                while True:
                    check(self.cancel)
                    batch = (
                        ahead.result()
                        if ahead is not None
                        else push_mod.read_batch(
                            self.db, upto=self.upto, limit=self.limit, audit_prior=self.audit_prior
                        )
                    )
                    self.audit_prior = None  # the head goes with the first batch only
                    ahead = None
                    if batch is None:
                        break
                    ahead = pool.submit(
                        push_mod.read_batch,
                        self.db,
                        upto=self.upto,
                        limit=self.limit,
                        after=batch.seqs[-1],
                    )
                    acked = self._send(client, batch)
                    if acked is None:  # retried differently: read again
                        ahead.cancel()
                        ahead = None
                        continue
                    if pruning is not None:
                        self.pushed += pruning.result()
                    pruning = pruner.submit(push_mod.prune, self.db, batch, acked, site)
                    self._check_acked(batch, acked)
            except BaseException:
                if pruning is not None:  # the sync's own error is the one to tell
                    with contextlib.suppress(Exception):
                        self.pushed += pruning.result()
                raise
            if pruning is not None:
                self.pushed += pruning.result()

    def _send(self, client: CityClient, batch: push_mod.Batch) -> list[int] | None:
        """Push one batch; the seqs the city acknowledged, or ``None`` when the batch must be
        read again (renumbered after a restored backup, or made smaller for a slow link)."""
        try:
            answer = client.push_bytes(batch.body)
        except SyncError as exc:
            if exc.code == "behind":
                behind_mod.mark(self.db, exc.body)
            tries = self._retries
            if exc.code == "regressed" and tries["renumbered"] < 3 and isinstance(exc.body, dict):
                tries["renumbered"] += 1
                push_mod.renumber(self.db, int(exc.body.get("next_seq", 0)))
                with self.db.reader() as uow:
                    self.upto = push_mod.max_seq(uow.session)
                return None
            slow = exc.code == "unreachable" and self.limit > push_mod.MIN_BATCH
            if slow and tries["shrunk"] < 2:
                # The server answered hello: a link too slow for this batch size, maybe.
                tries["shrunk"] += 1
                self.limit = max(push_mod.MIN_BATCH, self.limit // 4)
                return None
            raise
        if answer.get("audit_ack") is not None:
            with self.db.uow() as uow:
                audit.acknowledged(uow.session, answer["audit_ack"])
                uow.commit()
        return [int(x) for x in answer.get("acked", []) if isinstance(x, int)]

    def _check_acked(self, batch: push_mod.Batch, acked: list[int]) -> None:
        if not set(batch.seqs) <= set(acked):
            raise SyncError(
                "protocol",
                msg(
                    "市级服务器没有确认全部变更，稍后再试",
                    "the city server did not acknowledge every change; try again later",
                ),
            )
        done = self.pushed + len(batch.seqs)  # the prune of this batch may still be running
        report(
            self.progress,
            0.05 + 0.85 * min(1.0, done / self.total),
            f"已上传 {done} 条变更",
        )

    def _pull(self, client: CityClient) -> None:
        while True:
            check(self.cancel)
            with self.db.reader() as uow:
                st = uow.session.get(SyncState, 1)
                cursor = st.pull_cursor if st is not None else 0
            page = client.pull(cursor, PULL_PAGE)
            items = page.get("items") or []
            with self.db.uow() as uow:
                st = push_mod.state(uow.session)
                if st.pull_cursor != cursor:
                    continue  # another sync of this desk applied it meanwhile
                applied = pull_mod.apply_items(uow, items)
                st.pull_cursor = max(cursor, int(page.get("cursor") or cursor))
                uow.commit()
            self.pulled += applied.items
            self.findings += applied.findings
            if applied.schemes:
                self.changes = self.changes | Changes(schemes=True)
            report(self.progress, 0.95, f"已接收 {self.pulled} 项")
            if not page.get("more") or not items:
                return
