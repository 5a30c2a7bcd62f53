"""Applying a desk's push: exactly once, in the desk's order, only by the record's owner.

One push is one transaction. Every desk change carries the desk's sequence number ``seq``
(monotonic per desk) and an ``op_id``; the ``inbox`` table remembers each ``(site, seq)`` the city
committed, so a batch sent again (a lost answer, a duplicated or replayed request) is recognised
and acknowledged without being applied twice. A record is only overwritten by a change with a
higher ``seq`` than the one that last wrote it, so a stale request arriving late changes
nothing. The answer lists the sequence numbers acknowledged, and is only sent after the commit.
"""

from __future__ import annotations

import base64
import binascii
import functools
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import JSON, Column, MetaData, Table, delete, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from base.errors import msg
from city_server import findings, versions
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

MAX_OPS = 5000
COPY_MIN_ROWS = 100
FINDINGS_LOCK = 7305_0001  # the advisory lock serialising key updates and finding checks
CHUNK = 500
# Children the desk's database deletes with their claim (ON DELETE CASCADE, no outbox row).
PARENT_KEY = {"receipt": "claim_uid", "calculation": "claim_uid"}
ENTITY_ZH = {
    "unit": "参保单位",
    "member": "职工",
    "enrollment_batch": "参保批次",
    "enrollment": "参保记录",
    "claim": "理赔申请",
    "receipt": "票据",
    "calculation": "计算记录",
    "payment_batch": "支付批次",
    "payment": "支付记录",
    "monthly_return": "月报",
}


@dataclass(frozen=True)
class Op:
    seq: int
    op_id: str
    entity: str
    uid: str
    op: str


@dataclass(frozen=True)
class PushResult:
    acked: list[int]
    applied: int
    duplicates: int
    stale: int
    findings: int


def norm_text(value: Any) -> str:
    """Hospital names as people type them: full-width folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", str(value)).split())


def norm_invoice(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split()).upper()


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# --- validation -------------------------------------------------------------------------------


def _need_str(data: dict[str, Any], key: str, op: Op) -> None:
    if not isinstance(data.get(key), str) or not data[key]:
        raise bad_request(
            "change {s} ({e}): field {k} is missing",
            "变更 {s}（{e}）缺少字段 {k}",
            s=op.seq,
            e=op.entity,
            k=key,
        )


def parse_push(body: Any) -> tuple[list[Op], dict[str, dict[str, Any]]]:
    """Check a push body's shape; a malformed batch is refused whole (nothing is written)."""
    if not isinstance(body, dict) or not isinstance(body.get("ops"), list):
        raise bad_request("the push has no list of changes", "推送内容缺少变更列表")
    raw_ops = body["ops"]
    records = body.get("records", {})
    if not isinstance(records, dict):
        raise bad_request("the push's records are not an object", "推送内容的记录格式不对")
    if not 0 < len(raw_ops) <= MAX_OPS:
        raise bad_request(
            "a push carries 1 to {n} changes", "每次推送应含 1 到 {n} 条变更", n=MAX_OPS
        )
    ops: list[Op] = []
    prev = 0
    for r in raw_ops:
        try:
            op = Op(int(r["seq"]), str(r["op_id"]), str(r["entity"]), str(r["uid"]), str(r["op"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise bad_request(
                "a change is malformed: {r}", "变更格式不对：{r}", r=repr(r)[:200]
            ) from exc
        if isinstance(r["seq"], bool) or op.seq <= prev:
            raise bad_request(
                "changes must come in increasing sequence order (at {s})",
                "变更序号必须递增（{s} 处）",
                s=op.seq,
            )
        if op.entity not in protocol.ENTITIES or op.op not in protocol.OPS:
            raise bad_request(
                "change {s}: unknown kind {e}/{o}",
                "变更 {s}：未知类型 {e}/{o}",
                s=op.seq,
                e=op.entity,
                o=op.op,
            )
        if not protocol.UID_RE.match(op.uid) or not 0 < len(op.op_id) <= 64:
            raise bad_request("change {s}: bad identifier", "变更 {s}：标识不正确", s=op.seq)
        if op.op == "upsert":
            data = records.get(op.uid)
            if not isinstance(data, dict) or data.get("uid") != op.uid:
                raise bad_request(
                    "change {s}: the record {u} is missing",
                    "变更 {s}：缺少记录 {u}",
                    s=op.seq,
                    u=op.uid,
                )
            for key in _REQUIRED.get(op.entity, ()):
                _need_str(data, key, op)
            if op.entity == "monthly_return":
                _check_return(data, op)
        prev = op.seq
        ops.append(op)
    return ops, records


_REQUIRED = {
    "receipt": ("hospital", "invoice_no", "claim_uid"),
    "calculation": ("claim_uid",),
    "member": ("id_number",),
    "enrollment": ("member_uid", "scheme_code"),
    "monthly_return": ("month", "status", "file_name", "sha256"),
}


def _check_return(data: dict[str, Any], op: Op) -> None:
    if not isinstance(data.get("figures"), dict) or not isinstance(data.get("revision"), int):
        raise bad_request(
            "change {s}: the monthly return has no figures",
            "变更 {s}：月报缺少汇总数据",
            s=op.seq,
        )
    content = data.get("content")
    if content is not None:
        try:
            base64.b64decode(content, validate=True)
        except (binascii.Error, TypeError, ValueError) as exc:
            raise bad_request(
                "change {s}: the workbook is not base64", "变更 {s}：月报文件编码不对", s=op.seq
            ) from exc


# --- applying ---------------------------------------------------------------------------------


def _insert(session: Session, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def _bulk(
    session: Session, table: Any, rows: list[dict[str, Any]], conflict: Callable[[Any], Any]
) -> None:
    """Insert many rows with an ``ON CONFLICT`` clause (``conflict(insert) -> statement``).

    On PostgreSQL a big batch is first ``COPY``-ed into a temporary staging table and then
    inserted with one ``INSERT … SELECT … ON CONFLICT``: several times faster than one
    statement per row. Elsewhere (SQLite, small batches) the rows go as an executemany.
    """
    if not rows:
        return
    tbl = table.__table__ if hasattr(table, "__table__") else table
    if session.get_bind().dialect.name != "postgresql" or len(rows) < COPY_MIN_ROWS:
        session.execute(conflict(_insert(session, tbl)), rows)
        return
    cols = list(rows[0])
    stage = f"stage_{tbl.name}"
    conn = session.connection()
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {stage} (LIKE {tbl.name}) ON COMMIT DELETE ROWS"
    )
    json_cols = {c.name for c in tbl.columns if isinstance(c.type, (JSON, JSONB))}
    raw: Any = conn.connection.driver_connection
    with raw.cursor() as cur, cur.copy(f"COPY {stage} ({', '.join(cols)}) FROM STDIN") as cp:
        for r in rows:
            cp.write_row([Jsonb(r[c]) if c in json_cols else r[c] for c in cols])
    staged = Table(
        stage, MetaData(), *(Column(c.name, c.type) for c in tbl.columns if c.name in cols)
    )
    ins = postgresql.insert(tbl).from_select(cols, select(*(staged.c[c] for c in cols)))
    session.execute(conflict(ins))


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
    duplicates = len(ops) - len(fresh)
    site.last_seen_at = utcnow()
    if app_version:
        site.app_version = app_version[:20]
    if not fresh:
        return PushResult(seqs, 0, duplicates, 0, 0)

    latest: dict[str, Op] = {}
    for o in fresh:  # ascending seq: the last one per record wins
        latest[o.uid] = o
    existing: dict[str, tuple[int, str, int]] = {}
    held: dict[str, tuple[int | None, bool]] = {}  # uid → (version, deleted) at the city
    uids = list(latest)
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
    foreign = [o for u, o in latest.items() if u in existing and existing[u][0] != site.id]
    if foreign:
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
    for u, o in latest.items():
        if u in existing and existing[u][1] != o.entity:
            raise bad_request(
                "record {u} was sent as {e} but is a {x}",
                "记录 {u} 的类型不符（{e} / {x}）",
                u=u,
                e=o.entity,
                x=existing[u][1],
            )
    todo = [o for u, o in latest.items() if u not in existing or existing[u][2] < o.seq]
    stale = len(latest) - len(todo)
    versions.refuse_collisions(
        session, [o for o in todo if o.op == "upsert" and o.uid in held], held, records
    )
    now = utcnow()
    upserts = [o for o in todo if o.op == "upsert"]
    deletes = [o for o in todo if o.op == "delete"]

    if upserts:
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
    gone: list[str] = []
    if deletes:

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
    found = findings.detect(
        session,
        receipts={
            norm_invoice(records[o.uid]["invoice_no"]) for o in upserts if o.entity == "receipt"
        },
        member_uids={records[o.uid]["member_uid"] for o in upserts if o.entity == "enrollment"}
        | {o.uid for o in upserts if o.entity == "member"},
    )
    _bulk(
        session,
        InboxOp,
        [{"site_id": site.id, "seq": o.seq, "op_id": o.op_id, "received_at": now} for o in fresh],
        lambda ins: ins.on_conflict_do_nothing(),
    )
    site.last_seq = max(site.last_seq, fresh[-1].seq)
    return PushResult(seqs, len(todo), duplicates, stale, found)


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
