"""The transactional outbox: every change to a synced record leaves a row in ``sync_outbox``
in the same transaction, so a change is never committed without its way to the city.

The rows are written by the database itself: triggers on every synced table (migration 0003)
add one for each inserted, updated or deleted row, whatever wrote it — the ORM, a bulk
``UPDATE``/``DELETE`` through Core or the ORM, an insert at driver speed, another program.
Nobody has to remember to queue a change. The ORM hook here only gives new records their
``uid`` and counts a changed record's ``version``. :func:`enqueue` queues records again on
purpose (sending everything anew when the city lost data). The row names the record; the sync
client reads the record's current state when it pushes (a record changed twice before a push
is sent with its latest state under both sequence numbers, which the city applies
idempotently).
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

# Set in ``session.info`` while a desk recovers the city's own copy of its records
# (desk_app.sync.recover): those are written with the city's uids and versions, which the hook
# leaves as they are; the outbox rows the triggers write for them are taken out again by the
# recovery in the same transaction (they must not go back up as new changes).
RECOVERING = "outbox_recovering"


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.info.get(RECOVERING):
        return
    for obj in session.new:
        if isinstance(obj, Synced) and getattr(obj, "uid", None) is None:
            obj.uid = new_uid()
    for obj in session.dirty:
        if isinstance(obj, Synced) and session.is_modified(obj, include_collections=False):
            obj.version = (obj.version or 1) + 1


def install(factory: sessionmaker[Session]) -> None:
    """Attach the outbox hook to every session the factory makes."""
    event.listen(factory, "before_flush", _before_flush)


def enqueue(session: Session, entity: str, uids: Iterable[str], op: str = "upsert") -> int:
    """Queue records again, on purpose (the triggers queue every change already); returns the
    count. A Core insert on the table (one executemany)."""
    stamp = now()
    rows = [
        {"op_id": new_uid(), "entity": entity, "entity_uid": uid, "op": op, "created_at": stamp}
        for uid in uids
    ]
    if rows:
        session.execute(insert(cast(Table, OutboxEntry.__table__)), rows)
    return len(rows)
