"""The transactional outbox: every change to a synced record leaves a row in ``sync_outbox``
in the same transaction, so a change is never committed without its way to the city.

Changes made through the ORM are caught by a ``before_flush`` hook; bulk Core inserts (roster
import, demo data) call :func:`enqueue` themselves. The row names the record; the sync client
reads the record's current state when it pushes (a record changed twice before a push is sent
with its latest state under both sequence numbers, which the city applies idempotently).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Table, event, insert
from sqlalchemy.orm import Session, sessionmaker

from base.clock import now
from db.base import new_uid
from db.models._common import Synced
from db.models.system import OutboxEntry


def _entity(obj: object) -> str | None:
    if isinstance(obj, Synced):
        return type(obj).__sync_entity__ or None
    return None


# Set in ``session.info`` while a desk recovers the city's own copy of its records
# (desk_app.sync.recover): those are written with the city's uids and versions and must not
# go back up as new changes.
RECOVERING = "outbox_recovering"


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.info.get(RECOVERING):
        return
    pending: list[tuple[str, str, str]] = []
    for obj in session.new:
        entity = _entity(obj)
        if entity:
            if getattr(obj, "uid", None) is None:
                obj.uid = new_uid()  # type: ignore[attr-defined]
            pending.append((entity, obj.uid, "upsert"))  # type: ignore[attr-defined]
    for obj in session.dirty:
        entity = _entity(obj)
        if entity and session.is_modified(obj, include_collections=False):
            obj.version = (obj.version or 1) + 1  # type: ignore[attr-defined]
            pending.append((entity, obj.uid, "upsert"))  # type: ignore[attr-defined]
    for obj in session.deleted:
        entity = _entity(obj)
        if entity:
            pending.append((entity, obj.uid, "delete"))  # type: ignore[attr-defined]
    if pending:
        session.add_all(
            OutboxEntry(op_id=new_uid(), entity=e, entity_uid=u, op=op) for e, u, op in pending
        )


def install(factory: sessionmaker[Session]) -> None:
    """Attach the outbox hook to every session the factory makes."""
    event.listen(factory, "before_flush", _before_flush)


def enqueue(session: Session, entity: str, uids: Iterable[str], op: str = "upsert") -> int:
    """Record changes made with bulk statements that bypass the ORM hook; returns the count.

    A Core insert on the table (one executemany), not the ORM's bulk path: a 20 000-row roster
    queues 40 000 rows here, and the ORM's per-row bookkeeping would be most of its cost.
    """
    stamp = now()
    rows = [
        {"op_id": new_uid(), "entity": entity, "entity_uid": uid, "op": op, "created_at": stamp}
        for uid in uids
    ]
    if rows:
        session.execute(insert(cast(Table, OutboxEntry.__table__)), rows)
    return len(rows)
