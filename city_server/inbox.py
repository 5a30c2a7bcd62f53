"""A desk's push read and checked (:func:`parse_push`), and the bulk writes the city uses;
applying it is ``city_server.apply``: exactly once, in the desk's order, only by the record's
owner.

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
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import JSON, Column, MetaData, Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from city_server.store import bad_request
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
