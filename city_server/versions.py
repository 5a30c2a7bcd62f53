"""A record's version number, once used, means one content forever.

The city orders a record's changes by the desk sequence that wrote them; that alone would let a
desk that went back in time (a restored backup) overwrite the city's newer state with its older
one, or give a version number the city already holds with other content. Before a push is
applied, every upsert of a record the city already holds is checked against it: a version
lower than the city's, the same version with other content, or any upsert of a record the city
knows deleted, refuses the whole push (``version_conflict``, nothing written). The desk then
says it is behind the city and offers recovery (``desk-app sync --recover``), which brings the
city's versions back first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.errors import msg
from city_server.models import Record
from city_server.store import CityError
from desk_app.sync import protocol

SHOWN = 20  # records listed in the refusal


class _Op(Protocol):
    @property
    def uid(self) -> str: ...
    @property
    def entity(self) -> str: ...


def _conflict(
    city: tuple[int | None, bool], data: dict[str, Any], same: dict[str, Any] | None
) -> str | None:
    version, deleted = city
    mine = data.get("version")
    if deleted:
        return "deleted"
    if version is None or not isinstance(mine, int):
        return None
    if mine < version:
        return "older"
    if mine == version and same is not None and same != data:
        return "same_version"
    return None


def refuse_collisions(
    session: Session,
    ops: Sequence[_Op],
    held: dict[str, tuple[int | None, bool]],
    records: dict[str, Any],
) -> None:
    """Raise ``version_conflict`` when an upsert would undo or reuse a version the city holds.

    ``ops`` are the upserts about to be applied to records the city already has, ``held``
    their (version, deleted) at the city. Only a record sent with the very version the city
    holds has its content read and compared.
    """
    equal = [
        o.uid for o in ops if not held[o.uid][1] and held[o.uid][0] == records[o.uid].get("version")
    ]
    stored: dict[str, Any] = {}
    for i in range(0, len(equal), 500):
        part = equal[i : i + 500]
        for uid, data in session.execute(
            select(Record.uid, Record.data).where(Record.uid.in_(part))
        ):
            stored[uid] = data
    bad: list[dict[str, Any]] = []
    for o in ops:
        why = _conflict(held[o.uid], records[o.uid], stored.get(o.uid))
        if why:
            bad.append(
                {
                    "entity": o.entity,
                    "uid": o.uid,
                    "city_version": held[o.uid][0],
                    "desk_version": records[o.uid].get("version"),
                    "why": why,
                }
            )
    if not bad:
        return
    raise CityError(
        409,
        protocol.E_VERSION,
        msg(
            "市里已有 {n} 条记录的更新版本，本机的数据落后于市里（可能恢复过备份）：请先从市里"
            "恢复数据（“同步”页的“从市里恢复”，或 desk-app sync --recover），再继续工作",
            "the city holds newer versions of {n} record(s): this desk is behind the city "
            "(a backup was restored?). Recover from the city first (同步 → 从市里恢复, or "
            "desk-app sync --recover), then carry on",
            n=len(bad),
        ),
        records=bad[:SHOWN],
        conflicts=len(bad),
    )
