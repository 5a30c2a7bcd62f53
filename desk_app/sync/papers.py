"""Claim papers sent up to the city, where the city wants them (issue #19, item 4).

Papers stay at the county by default: the claim record carries their hashes and the
checklist. When the city's ``hello`` says ``"papers": "send"`` (``city-server site papers
SITE send``), each sync, after its push, sends every paper of this desk's claims the city does
not yet hold whole — in parts of ``protocol.MAX_PART`` bytes, asking first how much the city
has, so an upload cut by the network goes on where it stopped at the next sync. A paper the
city holds whole is noted in ``papers_sent`` and not asked about again. A paper of a claim the
city does not hold yet (its push failed, or it is still a local draft) is left for a later
sync; nothing here changes a claim.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass

from sqlalchemy import select

from base.errors import msg
from base.progress import Cancelled, Progress, report
from db import Database
from db.models import AttachmentBlob, ClaimAttachment, PaperSent
from desk_app.sync import protocol
from desk_app.sync.client import CityClient, SyncError

log = logging.getLogger(__name__)


@dataclass
class PapersSent:
    sent: int = 0  # papers the city now holds whole that it did not before
    resumed: int = 0  # of those, papers whose upload went on from an earlier, cut one
    held: int = 0  # papers the city already held whole (noted, not sent)
    later: int = 0  # papers of claims the city does not hold yet: for a later sync
    damaged: int = 0  # papers whose stored bytes here do not match their hash: not sent
    bytes: int = 0


def _unsent(db: Database) -> list[str]:
    with db.reader() as uow:
        done = select(PaperSent.sha256)
        return list(
            uow.session.execute(
                select(ClaimAttachment.sha256)
                .where(ClaimAttachment.removed_at.is_(None), ClaimAttachment.sha256.not_in(done))
                .group_by(ClaimAttachment.sha256)
                .order_by(ClaimAttachment.sha256)
            ).scalars()
        )


def _content(db: Database, sha: str) -> bytes:
    with db.reader() as uow:
        blob = uow.session.get(AttachmentBlob, sha)
        assert blob is not None  # an attachment's blob is never deleted (migration 0006)
        return bytes(blob.content)


def _noted(db: Database, sha: str) -> None:
    with db.uow() as uow:
        if uow.session.get(PaperSent, sha) is None:
            uow.session.add(PaperSent(sha256=sha))
        uow.commit()


class _Damaged(Exception):
    """The city received bytes that do not hash to the paper's name."""


def _upload(client: CityClient, sha: str, data: bytes, offset: int, out: PapersSent) -> None:
    """Parts from ``offset`` to the end; a part the city holds more of moves the offset on."""
    while offset < len(data):
        part = data[offset : offset + protocol.MAX_PART]
        try:
            state = client.put_paper(sha, offset, len(data), part)
        except SyncError as exc:
            held = exc.body.get("received") if isinstance(exc.body, dict) else None
            if exc.code != "paper_offset" or not isinstance(held, int) or held == offset:
                raise
            offset = held  # another run got further (or its answer was lost): go on there
            continue
        out.bytes += len(part)
        if state.get("mismatch"):  # damaged on the way: the city dropped it
            raise _Damaged()
        offset = int(state.get("received") or 0)
        if state.get("complete"):
            return


def send(
    db: Database,
    client: CityClient,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> PapersSent:
    """Send what the city lacks (see the module's docstring); raises :class:`SyncError` on a
    refusal or a lost link — what arrived stays at the city and the next sync goes on."""
    out = PapersSent()
    todo = _unsent(db)
    for n, sha in enumerate(todo):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        report(progress, 0.95, f"上传材料 {n + 1}/{len(todo)}…")
        state = client.paper(sha)
        if state.get("complete"):
            out.held += 1
            _noted(db, sha)
            continue
        data = _content(db, sha)
        if hashlib.sha256(data).hexdigest() != sha:  # never sent: the desk's copy is damaged
            log.error("sync: the stored paper %s does not match its hash; not sent", sha)
            out.damaged += 1
            continue
        received = int(state.get("received") or 0) if state.get("size") == len(data) else 0
        try:
            try:
                _upload(client, sha, data, received, out)
            except _Damaged:
                _upload(client, sha, data, 0, out)  # once more, whole
        except _Damaged as exc:
            raise SyncError(
                "refused",
                msg(
                    "材料 {h} 两次上传后市里校验都不符，请检查网络后再同步",
                    "paper {h} arrived damaged at the city twice; check the link and sync again",
                    h=sha[:12],
                ),
            ) from exc
        except SyncError as exc:
            if exc.code == "unknown_paper":
                out.later += 1
                continue
            raise
        out.sent += 1
        out.resumed += received > 0
        _noted(db, sha)
    if todo:
        log.info(
            "sync: papers sent %d (resumed %d), held %d, later %d, %d bytes",
            out.sent,
            out.resumed,
            out.held,
            out.later,
            out.bytes,
        )
    return out
