"""The desk's side of pushing: reading the outbox into batches, pruning what the city
acknowledged, renumbering after a restored backup, and sending everything again when the city
lost data.

Reading happens in a read-only snapshot (WAL: it never blocks the clerks), and the outbox rows
and the records they name are read in the *same* snapshot, so a batch is consistent. Each write
(pruning, renumbering) is its own short transaction, taken only after the network answered.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, text

from base.clock import now
from db import Database
from db.models import OutboxEntry, SyncState
from db.outbox import enqueue
from desk_app.access import audit
from desk_app.sync import payload, protocol

log = logging.getLogger(__name__)

DEFAULT_BATCH = 1000
MIN_BATCH = 20
# Above this much JSON a batch is cut in two (a month's workbook can be megabytes).
MAX_BATCH_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Batch:
    seqs: list[int]
    op_ids: dict[int, str]  # seq → op_id: pruning goes by op_id, which never changes
    body: bytes  # gzip-compressed JSON
    raw_size: int


def state(session: Any) -> SyncState:
    """The single sync_state row (created on first use)."""
    row = session.get(SyncState, 1)
    if row is None:
        row = SyncState(id=1, pull_cursor=0, acked_seq=0)
        session.add(row)
        session.flush()
    return row


def pending_count(session: Any, upto: int | None = None) -> int:
    stmt = select(func.count()).select_from(OutboxEntry)
    if upto is not None:
        stmt = stmt.where(OutboxEntry.seq <= upto)
    return int(session.execute(stmt).scalar_one())


def max_seq(session: Any) -> int:
    return int(session.execute(select(func.max(OutboxEntry.seq))).scalar_one() or 0)


def _encode(
    ops: list[dict[str, Any]], records: dict[str, Any], head: dict[str, Any] | None = None
) -> tuple[bytes, int]:
    body: dict[str, Any] = {"ops": ops, "records": records}
    if head is not None:
        body["audit"] = head
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return gzip.compress(raw, compresslevel=5), len(raw)


def read_batch(
    db: Database,
    *,
    upto: int,
    limit: int = DEFAULT_BATCH,
    after: int = 0,
    audit_prior: int | None = None,
) -> Batch | None:
    """The oldest pending changes after ``after`` (at most ``limit``, none after ``upto``)
    with the current state of their records; ``None`` when nothing is pending there. With
    ``audit_prior`` (the first batch of a sync: the seq of the last audit head the city
    received, 0 for none) the batch carries the audit chain head too (``city_server.heads``)."""
    with db.reader() as uow:
        s = uow.session
        head = audit.chain_head(s, audit_prior) if audit_prior is not None else None
        rows = s.execute(
            select(
                OutboxEntry.seq,
                OutboxEntry.op_id,
                OutboxEntry.entity,
                OutboxEntry.entity_uid,
                OutboxEntry.op,
            )
            .where(OutboxEntry.seq > after, OutboxEntry.seq <= upto)
            .order_by(OutboxEntry.seq)
            .limit(limit)
        ).all()
        if not rows:
            return None
        wanted: dict[str, set[str]] = defaultdict(set)
        for _seq, _op_id, entity, uid, op in rows:
            if op == "upsert" and entity in protocol.ENTITIES:
                wanted[entity].add(uid)
        records: dict[str, dict[str, Any]] = {}
        for entity, uids in wanted.items():
            records.update(payload.read_records(s, entity, sorted(uids)))
    while True:
        ops: list[dict[str, Any]] = []
        used: set[str] = set()
        for seq, op_id, entity, uid, op in rows:
            # A record changed and later deleted is gone by now: its current state is
            # "deleted", and its delete follows under a higher seq.
            if op == "upsert" and uid not in records:
                op = "delete"
            ops.append({"seq": seq, "op_id": op_id, "entity": entity, "uid": uid, "op": op})
            if op == "upsert":
                used.add(uid)
        body, size = _encode(ops, {u: records[u] for u in used}, head)
        if size <= MAX_BATCH_BYTES or len(rows) == 1:
            return Batch([r[0] for r in rows], {r[0]: r[1] for r in rows}, body, size)
        rows = rows[: len(rows) // 2]


def prune(db: Database, batch: Batch, acked: list[int], site: str) -> int:
    """Delete the acknowledged changes of ``batch``; returns how many were pruned."""
    op_ids = [batch.op_ids[s] for s in acked if s in batch.op_ids]
    if not op_ids:
        return 0
    with db.uow() as uow:
        s = uow.session
        n = 0
        for i in range(0, len(op_ids), 500):
            result = s.execute(
                delete(OutboxEntry).where(OutboxEntry.op_id.in_(op_ids[i : i + 500]))
            )
            n += int(getattr(result, "rowcount", 0) or 0)
        st = state(s)
        st.acked_seq = max(st.acked_seq or 0, max(acked))
        st.pushed_site = site
        st.updated_at = now()
        uow.commit()
    return n


def renumber(db: Database, next_seq: int) -> int:
    """Move every pending change to sequence numbers from ``next_seq`` on, keeping their order.

    Needed when the desk's database went back in time (a backup was restored): its new changes
    reuse numbers the city has already seen, and would be taken for duplicates.
    """
    with db.uow() as uow:
        s = uow.session
        lo = s.execute(select(func.min(OutboxEntry.seq))).scalar_one()
        if lo is None or lo >= next_seq:
            return 0
        offset = next_seq - int(lo)
        # Through negative numbers, so no row ever collides with another mid-statement.
        s.execute(text("UPDATE sync_outbox SET seq = -seq"))
        s.execute(text("UPDATE sync_outbox SET seq = -seq + :off"), {"off": offset})
        top = max_seq(s)
        s.execute(
            text("UPDATE sqlite_sequence SET seq = MAX(seq, :top) WHERE name = 'sync_outbox'"),
            {"top": top},
        )
        n = pending_count(s)
        st = state(s)
        st.acked_seq = next_seq - 1  # what the city holds for this site
        uow.commit()
    log.warning("sync: renumbered %d pending changes from %d (restored backup?)", n, next_seq)
    return n


# The first character of a resent change's op_id (op_ids are otherwise lowercase hex): a
# recovery tells a record sent again from one changed here (desk_app.sync.recover).
RESEND_MARK = "R"


def resend_all(db: Database) -> int:
    """Queue every synced record again (the city lost what it had acknowledged)."""
    total = 0
    with db.uow() as uow:
        s = uow.session
        before = max_seq(s)
        for entity in protocol.ENTITIES:
            if entity in payload.specs():
                total += enqueue(s, entity, payload.all_uids(s, entity))
        s.execute(
            text("UPDATE sync_outbox SET op_id = :m || substr(op_id, 2) WHERE seq > :before"),
            {"m": RESEND_MARK, "before": before},
        )
        uow.commit()
    log.warning("sync: queued all %d records again for the city", total)
    return total
