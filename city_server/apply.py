"""Applying a desk's push (``city_server.inbox`` reads and checks it): exactly once, in the
desk's order, only by the record's owner, set-wise (``inbox._bulk``: COPY into a staging table,
then one ``INSERT … ON CONFLICT`` per table on PostgreSQL).

:func:`apply_push` in its parts: the changes not yet committed (:func:`_fresh`, dedupe and the
regress check), what the city holds of the records (:func:`_held`), the ownership and entity
checks, the version rule (``versions.refuse_collisions``), the upserts and tombstones, the
cross-county keys, the returns' versions and the findings, then the inbox rows.
"""

from __future__ import annotations

import base64
import functools
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from base.errors import msg
from city_server import findings, versions
from city_server.inbox import (
    ENTITY_ZH,
    FINDINGS_LOCK,
    PARENT_KEY,
    Op,
    PushResult,
    _bulk,
    _insert,
    chunks,
    norm_invoice,
    norm_text,
)
from city_server.models import (
    EnrollmentKey,
    InboxOp,
    MemberKey,
    ReceiptKey,
    Record,
    ReturnVersion,
    Site,
    utcnow,
)
from city_server.store import CityError, bad_request
from desk_app.sync import protocol


def _regressed(site: Site) -> CityError:
    return CityError(
        409,
        protocol.E_REGRESSED,
        msg(
            "本机的变更序号比市里已收到的还小（可能恢复过备份），将重新编号后再发",
            "this desk's change numbers went back (a backup was restored?); "
            "they will be renumbered and sent again",
        ),
        next_seq=site.last_seq + 1,
    )


def apply_push(
    session: Session,
    site_id: int,
    ops: list[Op],
    records: dict[str, Any],
    app_version: str | None = None,
) -> PushResult:
    """Apply one batch in the caller's transaction (the caller commits, then answers)."""
    # Serialise a site's pushes: two sync processes of one desk must not interleave.
    site = session.execute(select(Site).where(Site.id == site_id).with_for_update()).scalar_one()
    seqs = [o.seq for o in ops]
    fresh = _fresh(session, site, ops)
    duplicates = len(ops) - len(fresh)
    site.last_seen_at = utcnow()
    if app_version:
        site.app_version = app_version[:20]
    if not fresh:
        return PushResult(seqs, 0, duplicates, 0, 0)
    latest: dict[str, Op] = {}
    for o in fresh:  # ascending seq: the last one per record wins
        latest[o.uid] = o
    existing, held = _held(session, list(latest))
    _refuse_foreign(site, latest, existing)
    _refuse_other_entity(latest, existing)
    todo = [o for u, o in latest.items() if u not in existing or existing[u][2] < o.seq]
    versions.refuse_collisions(
        session, [o for o in todo if o.op == "upsert" and o.uid in held], held, records
    )
    now = utcnow()
    upserts = [o for o in todo if o.op == "upsert"]
    _upsert(session, site, upserts, records, now)
    gone = _tombstone(session, site, [o for o in todo if o.op == "delete"], now)
    found = _keys_and_findings(session, site, upserts, records, gone)
    _bulk(
        session,
        InboxOp,
        [{"site_id": site.id, "seq": o.seq, "op_id": o.op_id, "received_at": now} for o in fresh],
        lambda ins: ins.on_conflict_do_nothing(),
    )
    site.last_seq = max(site.last_seq, fresh[-1].seq)
    return PushResult(seqs, len(todo), duplicates, len(latest) - len(todo), found)


def _fresh(session: Session, site: Site, ops: list[Op]) -> list[Op]:
    """The batch's changes the city has not committed yet (dedupe); a change numbered at or
    below the site's last one that the city does not know means the desk went back."""
    seqs = [o.seq for o in ops]
    # A range, not an IN list: the batch is in increasing order, and a range scan of the
    # primary key stays fast however big the inbox grows (an IN list of 1000 made PostgreSQL
    # scan the whole table before it had statistics).
    wanted = set(seqs)
    known: dict[int, str] = {
        seq: op_id
        for seq, op_id in session.execute(
            select(InboxOp.seq, InboxOp.op_id).where(
                InboxOp.site_id == site.id, InboxOp.seq >= seqs[0], InboxOp.seq <= seqs[-1]
            )
        )
        if seq in wanted
    }
    fresh: list[Op] = []
    for o in ops:
        if o.seq in known:
            if known[o.seq] != o.op_id:
                raise _regressed(site)
        elif o.seq <= site.last_seq:
            raise _regressed(site)
        else:
            fresh.append(o)
    return fresh


def _held(
    session: Session, uids: list[str]
) -> tuple[dict[str, tuple[int, str, int]], dict[str, tuple[int | None, bool]]]:
    """What the city holds of these records: uid → (owner, entity, last_seq), and uid →
    (version, deleted)."""
    existing: dict[str, tuple[int, str, int]] = {}
    held: dict[str, tuple[int | None, bool]] = {}
    for part in chunks(uids):
        for uid, owner, entity, last_seq, version, deleted in session.execute(
            select(
                Record.uid,
                Record.site_id,
                Record.entity,
                Record.last_seq,
                Record.version,
                Record.deleted,
            ).where(Record.uid.in_(part))
        ):
            existing[uid] = (owner, entity, last_seq)
            held[uid] = (version, bool(deleted))
    return existing, held


def _refuse_foreign(
    site: Site, latest: dict[str, Op], existing: dict[str, tuple[int, str, int]]
) -> None:
    """The ownership check: a site may only write its own records."""
    foreign = [o for u, o in latest.items() if u in existing and existing[u][0] != site.id]
    if not foreign:
        return
    f = foreign[0]
    raise CityError(
        409,
        protocol.E_NOT_OWNER,
        msg(
            "{n} 条记录属于其他服务点，本服务点不能修改（例如{ez} {u}）：请检查本机的服务点代码"
            "是否设置正确，或是否用了别处的数据库",
            "{n} record(s) belong to another site and cannot be changed from this one "
            "(e.g. {e} {u}): check this desk's site code, or whether its database was "
            "copied from another desk",
            n=len(foreign),
            ez=ENTITY_ZH.get(f.entity, f.entity),
            e=f.entity,
            u=f.uid,
        ),
        records=[{"entity": o.entity, "uid": o.uid} for o in foreign[:20]],
    )


def _refuse_other_entity(latest: dict[str, Op], existing: dict[str, tuple[int, str, int]]) -> None:
    for u, o in latest.items():
        if u in existing and existing[u][1] != o.entity:
            raise bad_request(
                "record {u} was sent as {e} but is a {x}",
                "记录 {u} 的类型不符（{e} / {x}）",
                u=u,
                e=o.entity,
                x=existing[u][1],
            )


def _upsert(
    session: Session, site: Site, upserts: list[Op], records: dict[str, Any], now: Any
) -> None:
    """The new states, set-wise; a row written meanwhile by a later change is left alone."""
    if not upserts:
        return
    rows = []
    for o in upserts:
        data = records[o.uid]
        parent = PARENT_KEY.get(o.entity)
        version = data.get("version")
        rows.append(
            {
                "uid": o.uid,
                "entity": o.entity,
                "site_id": site.id,
                "last_seq": o.seq,
                "version": version if isinstance(version, int) else None,
                "deleted": False,
                "parent_uid": data.get(parent) if parent else None,
                "data": data,
                "updated_at": now,
            }
        )

    def upsert(ins: Any) -> Any:
        return ins.on_conflict_do_update(
            index_elements=[Record.uid],
            set_={
                "last_seq": ins.excluded.last_seq,
                "version": ins.excluded.version,
                "deleted": False,
                "parent_uid": ins.excluded.parent_uid,
                "data": ins.excluded.data,
                "updated_at": ins.excluded.updated_at,
            },
            where=(Record.last_seq < ins.excluded.last_seq) & (Record.site_id == site.id),
        )

    _bulk(session, Record, rows, upsert)


def _tombstone(session: Session, site: Site, deletes: list[Op], now: Any) -> list[str]:
    """Tombstones for the deleted records, and for the receipts and calculations of a deleted
    claim (as the desk's database cascades); the uids gone."""
    if not deletes:
        return []

    def tombstone(ins: Any) -> Any:
        return ins.on_conflict_do_update(
            index_elements=[Record.uid],
            set_={"last_seq": ins.excluded.last_seq, "deleted": True, "updated_at": now},
            where=(Record.last_seq < ins.excluded.last_seq) & (Record.site_id == site.id),
        )

    _bulk(
        session,
        Record,
        [
            {
                "uid": o.uid,
                "entity": o.entity,
                "site_id": site.id,
                "last_seq": o.seq,
                "deleted": True,
                "data": None,
                "updated_at": now,
            }
            for o in deletes
        ],
        tombstone,
    )
    gone = [o.uid for o in deletes]
    claims = [o.uid for o in deletes if o.entity == "claim"]
    for part in chunks(claims):
        gone += list(
            session.execute(
                update(Record)
                .where(
                    Record.parent_uid.in_(part),
                    Record.site_id == site.id,
                    Record.deleted.is_(False),
                )
                .values(deleted=True, updated_at=now)
                .returning(Record.uid)
            ).scalars()
        )
    return gone


def _keys_and_findings(
    session: Session, site: Site, upserts: list[Op], records: dict[str, Any], gone: list[str]
) -> int:
    """The cross-county keys, the returns' versions and the findings; how many were new."""
    if session.get_bind().dialect.name == "postgresql":
        # Two counties pushing the same invoice at the same moment would each miss the other's
        # uncommitted key; from here to the commit, pushes take turns (SQLite's BEGIN IMMEDIATE
        # already serialises everything).
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FINDINGS_LOCK})
    _update_keys(session, site.id, upserts, records, gone)
    returns = [o for o in upserts if o.entity == "monthly_return"]
    refused = findings.foreign_county_returns(
        session, site, [(o.uid, records[o.uid]) for o in returns]
    )
    _keep_returns(session, site.id, [o for o in returns if o.uid not in refused], records)
    return findings.detect(
        session,
        receipts={
            norm_invoice(records[o.uid]["invoice_no"]) for o in upserts if o.entity == "receipt"
        },
        member_uids={records[o.uid]["member_uid"] for o in upserts if o.entity == "enrollment"}
        | {o.uid for o in upserts if o.entity == "member"},
    )


def _update_keys(
    session: Session, site_id: int, upserts: list[Op], records: dict[str, Any], gone: list[str]
) -> None:
    for part in chunks(gone):
        for table in (ReceiptKey, MemberKey, EnrollmentKey):
            session.execute(delete(table).where(table.uid.in_(part)))
    plans: list[tuple[Any, str, list[dict[str, Any]], list[str]]] = [
        (
            ReceiptKey,
            "receipt",
            [
                {
                    "uid": o.uid,
                    "site_id": site_id,
                    "hospital": norm_text(records[o.uid]["hospital"])[:200],
                    "invoice_no": norm_invoice(records[o.uid]["invoice_no"])[:100],
                }
                for o in upserts
                if o.entity == "receipt"
            ],
            ["hospital", "invoice_no"],
        ),
        (
            MemberKey,
            "member",
            [
                {
                    "uid": o.uid,
                    "site_id": site_id,
                    "id_number": norm_invoice(records[o.uid]["id_number"])[:18],
                }
                for o in upserts
                if o.entity == "member"
            ],
            ["id_number"],
        ),
        (
            EnrollmentKey,
            "enrollment",
            [
                {
                    "uid": o.uid,
                    "site_id": site_id,
                    "member_uid": records[o.uid]["member_uid"],
                    "scheme_code": str(records[o.uid]["scheme_code"])[:40],
                }
                for o in upserts
                if o.entity == "enrollment"
            ],
            ["member_uid", "scheme_code"],
        ),
    ]
    for table, _name, rows, cols in plans:
        if rows:
            _bulk(
                session,
                table,
                rows,
                functools.partial(_replace, key=table.uid, cols=cols),
            )


def _replace(ins: Any, *, key: Any, cols: list[str]) -> Any:
    """``ON CONFLICT (key) DO UPDATE SET`` every one of ``cols``."""
    return ins.on_conflict_do_update(index_elements=[key], set_={c: ins.excluded[c] for c in cols})


def _keep_returns(session: Session, site_id: int, ops: list[Op], records: dict[str, Any]) -> None:
    """Every version of a monthly return is kept; the same version sent again is updated."""
    if not ops:
        return
    rows = []
    for o in ops:
        d = records[o.uid]
        content = d.get("content")
        rows.append(
            {
                "site_id": site_id,
                "uid": o.uid,
                "version": d.get("version") if isinstance(d.get("version"), int) else 0,
                "desk_seq": o.seq,
                "month": str(d["month"])[:7],
                "revision": d["revision"],
                "status": str(d["status"])[:10],
                "file_name": str(d["file_name"])[:200],
                "sha256": str(d["sha256"])[:64],
                "figures": d["figures"],
                "content": base64.b64decode(content) if content is not None else None,
                "received_at": utcnow(),
            }
        )
    ins = _insert(session, ReturnVersion)
    session.execute(
        ins.on_conflict_do_update(
            index_elements=[ReturnVersion.uid, ReturnVersion.version],
            set_={
                c: ins.excluded[c]
                for c in (
                    "desk_seq",
                    "status",
                    "file_name",
                    "sha256",
                    "figures",
                    "content",
                    "received_at",
                )
            },
            where=ReturnVersion.desk_seq < ins.excluded.desk_seq,
        ),
        rows,
    )
