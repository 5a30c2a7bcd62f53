"""Recovery from the city: a desk behind it (a restored backup, a new PC after a dead disk)
gets back everything this site ever synced.

1. The city's copy of the site's records written after the desk's last acknowledged change is
   downloaded entity by entity (``GET /recover``, authenticated as this site, which sees only
   its own records) into a spool file, with the op_ids of those changes; the feed is pulled
   first so the city's schemes are there. Nothing is written while the network is in use.
2. In **one transaction** (:mod:`desk_app.sync.recover_apply`): deletions in reverse dependency
   order, then the records in dependency order and money in its life order, with the city's
   uids and versions, not through the outbox (they are the city's already).
3. The desk's own pending changes: those the city already has (sent before the disk was lost)
   are dropped; those made since the restore on a record the city holds newer are **not**
   applied over it: the city's version wins and the desk's is kept as a finding
   (``recovery_conflict``) for a person to decide; the others stay pending, renumbered after
   the city's last sequence, and go up with the next sync.
4. Running numbers continue after the recovered ones, submitted months stay locked, members are
   searchable, the desk is no longer behind, and the audit trail records who recovered what.

A paid claim at this desk that the city holds in another state (paid again after the restore?)
stops the recovery before anything is written: money is never undone by a machine.
"""

from __future__ import annotations

import json
import logging
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import httpx
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from base.changes import Changes
from base.clock import now
from base.errors import Conflict, ValidationError, msg
from base.progress import Progress, check, report
from db import Database
from db.models import OutboxEntry, SyncState
from db.outbox import RECOVERING
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.claims.numbers import SUBMIT_SEQ
from desk_app.sync import credentials, payload, protocol, recover_audit
from desk_app.sync import pull as pull_mod
from desk_app.sync import push as push_mod
from desk_app.sync import recover_clash as clash
from desk_app.sync.client import CityClient, RetryPolicy, SyncError
from desk_app.sync.recover_apply import Unresolved, Writer, paid_claims_at_risk
from desk_app.sync.recover_clash import Findings, Settled
from desk_app.system import settings

log = logging.getLogger(__name__)

PAGE = 1000
_EVERYTHING = Changes(
    units=True,
    members=True,
    enrollments=True,
    schemes=True,
    claims=True,
    payments=True,
    returns=True,
    settings=True,
    audit=True,
    sync=True,
)
CHUNK = 2000  # records written per step (one transaction all the same)


@dataclass(frozen=True)
class RecoveryReport:
    city_seq: int  # the city's last sequence for this site, now the desk's too
    created: int
    updated: int
    deleted: int
    unchanged: int
    dropped: int  # pending changes the city already had
    conflicts: int  # changes made here since the restore, kept as findings
    kept: int  # changes made here since the restore, still to go up
    months_locked: int
    changes: Changes
    adopted: int = 0  # records typed again here, now the city's (a finding each)
    renumbered: int = 0  # running numbers used twice, given the next free one (a finding each)
    audit: str = ""  # the chain against the city's head: consistent, reanchored or conflict
    audit_seq: int = 0  # the city's head it was compared with


class _Spool:
    """The downloaded records, one JSON line each, in a temporary file per entity."""

    def __init__(self) -> None:
        self.files: dict[str, IO[str]] = {}
        self.counts: dict[str, int] = {}

    def add(self, entity: str, items: list[dict[str, Any]]) -> None:
        f = self.files.get(entity)
        if f is None:
            # Closed in close(), once the records are written.
            f = self.files[entity] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
        self.counts[entity] = self.counts.get(entity, 0) + len(items)

    def read(self, entity: str, size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
        f = self.files.get(entity)
        if f is None:
            return
        f.seek(0)
        part: list[dict[str, Any]] = []
        for line in f:
            part.append(json.loads(line))
            if len(part) >= size:
                yield part
                part = []
        if part:
            yield part

    def close(self) -> None:
        for f in self.files.values():
            f.close()


def recover(
    db: Database,
    actor: Actor,
    *,
    server_url: str | None = None,
    transport: httpx.BaseTransport | None = None,
    policy: RetryPolicy | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> RecoveryReport:
    """Bring back from the city everything this site synced that the desk lacks (admin:
    :attr:`Perm.SYNC_SETUP`). Network first, then one write transaction; raises
    :class:`SyncError` (network, refusals) or :class:`DeskError` (nothing written)."""
    with db.reader() as uow:
        authorize(uow, actor, Perm.SYNC_SETUP, "sync.recover")
        s = uow.session
        server = server_url or settings.get(s, settings.SYNC_SERVER)
        site = settings.get(s, settings.SITE_CODE)
        st = s.get(SyncState, 1)
        token = credentials.stored_token(s, site)
        since = (st.acked_seq or 0) if st is not None else 0
    if not server or not token:
        raise SyncError(
            "not_configured",
            msg(
                "同步尚未设置：请先用 desk-app sync setup 填写市级服务器地址、服务点代码和令牌",
                "sync is not set up: enter the city server, the site code and the token first "
                "(desk-app sync setup)",
            ),
        )
    spool = _Spool()
    try:
        with CityClient(
            server, site, token, policy=policy, transport=transport, cancel=cancel
        ) as client:
            report(progress, 0.02, "连接市级服务器…")
            hello = client.hello()
            _pull_feed(db, client, cancel)
            city_ops, head = _download(client, spool, since, progress, cancel)
        report(progress, 0.7, "正在写入本机…")
        hello = {**hello, "audit_head": head or hello.get("audit_head")}
        return _apply(db, actor, site, hello, since, spool, city_ops)
    finally:
        spool.close()


def _pull_feed(db: Database, client: CityClient, cancel: threading.Event | None) -> None:
    """The city's schemes and lists first: recovered enrollments and claims name schemes."""
    while True:
        check(cancel)
        with db.reader() as uow:
            st = uow.session.get(SyncState, 1)
            cursor = st.pull_cursor if st is not None else 0
        page = client.pull(cursor, 500)
        items = page.get("items") or []
        with db.uow() as uow:
            st = push_mod.state(uow.session)
            pull_mod.apply_items(uow, items)
            st.pull_cursor = max(cursor, int(page.get("cursor") or cursor))
            uow.commit()
        if not page.get("more") or not items:
            return


def _download(
    client: CityClient,
    spool: _Spool,
    since: int,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> tuple[set[str], Any]:
    """Every record of this site the city wrote after ``since``, the op_ids of its changes
    after ``since``, and the last audit head the city holds for the site."""
    ops: set[str] = set()
    head: Any = None
    kinds = (*protocol.ENTITIES, "ops")
    for n, entity in enumerate(kinds):
        after = since
        while True:
            check(cancel)
            page = client.recover(entity, after, PAGE)
            items = page.get("items") or []
            head = page.get("audit_head") or head
            if entity == "ops":
                ops.update(str(op_id) for _seq, op_id in items)
            else:
                spool.add(entity, items)
            after = int(page.get("cursor") or after)
            if not page.get("more") or not items:
                break
        report(
            progress, 0.05 + 0.6 * (n + 1) / len(kinds), f"已下载 {sum(spool.counts.values())} 条"
        )
    return ops, head


def _apply(
    db: Database,
    actor: Actor,
    site: str,
    hello: dict[str, Any],
    since: int,
    spool: _Spool,
    city_ops: set[str],
) -> RecoveryReport:
    city_seq = int(hello.get("last_seq") or 0)
    with db.uow() as uow:
        s = uow.session
        s.info[RECOVERING] = True
        try:
            dropped, mine = _pending(s, city_ops)
            _refuse_paid(s, spool, mine)
            found = Findings(s, city_seq)
            conflicts = _conflicts(s, spool, mine, found)
            settled = _settle_clashes(s, spool, mine, found)
            # The outbox triggers (migration 0003) queue every row written; what comes back
            # from the city is the city's already, so those rows are taken out again here.
            top = s.execute(text("SELECT coalesce(max(seq), 0) FROM sync_outbox")).scalar_one()
            writer, locked = _write_all(s, spool)
            s.execute(text("DELETE FROM sync_outbox WHERE seq > :top"), {"top": top})
            clash.give_new_numbers(s, settled, found)
            _outbox(s, dropped, conflicts + list(settled.adopted), city_seq)
            kept = push_mod.pending_count(s)
            _state(s, hello, site, city_seq)
            chain = recover_audit.settle(s, hello.get("audit_head"), found)
            out = writer.out
            detail = {
                "since": since,
                "city_seq": city_seq,
                "created": out.created,
                "updated": out.updated,
                "deleted": out.deleted,
                "dropped": len(dropped),
                "conflicts": len(conflicts),
                "adopted": len(settled.adopted),
                "renumbered": len(settled.renumber),
                "kept": kept,
                "audit_chain": chain,
            }
            audit.record(s, actor.login, "sync.recover", site, detail=detail)
            uow.commit()
        except (Unresolved, IntegrityError) as exc:
            raise _refusal(exc) from exc
    log.warning("sync: recovered from the city up to %d: %s", city_seq, detail)
    return RecoveryReport(
        city_seq,
        sum(out.created.values()),
        sum(out.updated.values()),
        sum(out.deleted.values()),
        out.unchanged,
        len(dropped),
        len(conflicts),
        kept,
        locked,
        _EVERYTHING,
        len(settled.adopted),
        len(settled.renumber),
        str(chain["state"]),
        int(chain.get("city_seq") or 0),
    )


def _pending(s: Session, city_ops: set[str]) -> tuple[list[str], set[str]]:
    """The desk's waiting changes: the op_ids to drop (the city has them, or ``--resend-all``
    queued them: the record as it is here, not a change made here), and the uids changed here
    since the restore."""
    pending = s.execute(select(OutboxEntry.op_id, OutboxEntry.entity_uid)).all()
    resent = [op for op, _uid in pending if op.startswith(push_mod.RESEND_MARK)]
    dropped = [op for op, _uid in pending if op in city_ops] + resent
    mine = {
        uid for op, uid in pending if op not in city_ops and not op.startswith(push_mod.RESEND_MARK)
    }
    return dropped, mine


def _refusal(exc: Exception) -> Exception:
    """Why a recovery stopped, in the clerk's words (the transaction was rolled back)."""
    if isinstance(exc, Unresolved):
        return ValidationError(
            msg(
                "市里的记录用到本机没有的{w} {k}（{e} {u}）：未做任何更改。若是方案，请先导入"
                "该方案文件再恢复",
                "a record from the city names a {w} {k} this desk does not have ({e} {u}); "
                "nothing was changed. If it is a scheme, import its file first",
                w=exc.what,
                k=exc.key,
                e=exc.entity,
                u=exc.uid,
            )
        )
    orig = getattr(exc, "orig", exc)
    return Conflict(
        msg(
            "市里的记录与本机恢复备份后新录入的记录重复（{d}）：未做任何更改。请核对后删除"
            "本机新录入的那条，再从市里恢复",
            "a record from the city clashes with one entered here since the restore "
            "({d}); nothing was changed. Check it, delete the one entered here, and "
            "recover again",
            d=str(orig)[:200],
        )
    )


def _write_all(s: Session, spool: _Spool) -> tuple[Writer, int]:
    """Deletions in reverse dependency order, then the records in dependency order (money in
    its life order), the months locked, the members searchable, the running numbers on."""
    writer = Writer(s)
    for entity in reversed(protocol.ENTITIES):
        for part in spool.read(entity):
            writer.write(entity, [i for i in part if i["deleted"]])
    for entity in protocol.ENTITIES:
        for part in spool.read(entity):
            writer.write(entity, [i for i in part if not i["deleted"]])
        if entity == "payment_batch":
            writer.link_batches()
        elif entity == "payment":
            writer.pay()
    locked = sum(
        writer.lock_months(i["data"] for i in part if not i["deleted"])
        for part in spool.read("monthly_return")
    )
    writer.report()
    for part in spool.read("member"):
        writer.reindex(i["data"] for i in part if not i["deleted"])
    writer.advance_counters(SUBMIT_SEQ)
    return writer, locked


def _refuse_paid(s: Session, spool: _Spool, mine: set[str]) -> None:
    """Stop before writing if the city would change a claim this desk has paid since."""
    risky: list[str] = []
    for part in spool.read("claim"):
        risky += paid_claims_at_risk(s, [i for i in part if i["uid"] in mine])
    if risky:
        raise Conflict(
            msg(
                "本机恢复备份后给付的理赔 {c} 在市里另有记录：为免重复付款，未做任何更改。请与"
                "市总工会核对这些理赔后再恢复",
                "claim(s) {c} were paid here after the restore but the city holds them "
                "otherwise; so that nothing is paid twice nothing was changed. Check these "
                "claims with the city office, then recover",
                c="、".join(risky[:10]),
            )
        )


def _conflicts(s: Session, spool: _Spool, mine: set[str], found: Findings) -> list[str]:
    """Records changed here since the restore that the city holds newer: each becomes a
    finding holding this desk's version; the city's is applied over it."""
    out: list[str] = []
    for entity in protocol.ENTITIES:
        for part in spool.read(entity):
            hits = [i for i in part if i["uid"] in mine]
            if not hits:
                continue
            local = payload.read_records(s, entity, [i["uid"] for i in hits])
            for item in hits:
                out.append(item["uid"])
                desk = local.get(item["uid"])
                name = (desk or item.get("data") or {}).get("name") or ""
                found.add(
                    "recovery_conflict",
                    entity,
                    item["uid"],
                    msg(
                        "恢复时发现冲突：{e} {n}（{u}）恢复备份后在本机改过，"
                        "市里另有更新的版本 {v}。已采用市里的版本；"
                        "本机的改动保存在这条提示里，如仍需要请重新录入",
                        "conflict found while recovering: {e} {n} ({u}) was changed here after "
                        "the restore and the city holds a newer version {v}. The city's version "
                        "was kept; this desk's change is saved in this finding, enter it again "
                        "if it is still needed",
                        e=entity,
                        n=name,
                        u=item["uid"],
                        v=item.get("version"),
                    ),
                    city_version=item.get("version"),
                    desk=desk,
                    city=item.get("data"),
                )
    return out


def _settle_clashes(s: Session, spool: _Spool, mine: set[str], found: Findings) -> Settled:
    """What was typed here again after the restore, before the city's records are written
    (desk_app.sync.recover_clash)."""
    settled = Settled()
    for entity in ("unit", "member", "enrollment"):
        for part in spool.read(entity):
            clash.adopt_typed_again(s, entity, part, mine, found, settled)
    for entity in clash.NUMBERS:
        for part in spool.read(entity):
            clash.set_numbers_aside(s, entity, part, mine, settled)
    for part in spool.read("receipt"):
        clash.refuse_invoices_typed_again(s, part, mine)
    return settled


def _outbox(s: Session, dropped: list[str], conflicts: list[str], city_seq: int) -> None:
    """Drop what the city has, and the changes it overrode; renumber the rest after it."""
    for i in range(0, len(dropped), 500):
        s.execute(delete(OutboxEntry).where(OutboxEntry.op_id.in_(dropped[i : i + 500])))
    for i in range(0, len(conflicts), 500):
        s.execute(delete(OutboxEntry).where(OutboxEntry.entity_uid.in_(conflicts[i : i + 500])))
    lo = s.execute(select(func.min(OutboxEntry.seq))).scalar_one()
    if lo is not None and lo <= city_seq:
        # Through negative numbers, so no row ever collides with another mid-statement.
        s.execute(text("UPDATE sync_outbox SET seq = -seq"))
        s.execute(text("UPDATE sync_outbox SET seq = -seq + :off"), {"off": city_seq + 1 - lo})
    top = max(push_mod.max_seq(s), city_seq)
    s.execute(
        text("UPDATE sqlite_sequence SET seq = MAX(seq, :top) WHERE name = 'sync_outbox'"),
        {"top": top},
    )
    if not s.execute(text("SELECT 1 FROM sqlite_sequence WHERE name = 'sync_outbox'")).first():
        s.execute(
            text("INSERT INTO sqlite_sequence (name, seq) VALUES ('sync_outbox', :top)"),
            {"top": top},
        )


def _state(s: Session, hello: dict[str, Any], site: str, city_seq: int) -> None:
    st = push_mod.state(s)
    st.acked_seq = city_seq
    st.behind_seq = None
    st.restored_at = None
    st.recovered_at = now()
    st.server_id = str(hello.get("server_id") or st.server_id or "")
    st.pushed_site = site
    st.updated_at = now()
