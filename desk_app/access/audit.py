"""The audit log: every change, sign-in and export, hash-chained so that an edited or deleted
entry is detected by :func:`verify` (``desk-app audit verify``).

Each entry's hash covers its own fields and the previous entry's hash; ``audit_head`` keeps the
last id and hash, so cutting entries off the end is seen too. Entries are appended inside the
caller's writing transaction (``BEGIN IMMEDIATE`` serialises appenders, so the chain never forks),
and the table refuses UPDATE and DELETE by trigger.
"""

from __future__ import annotations

import hashlib
import json
import socket
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from base.clock import now
from base.errors import Message, msg
from db.models import (
    AuditEntry,
    AuditHead,
    Claim,
    Enrollment,
    Member,
    PaymentBatch,
    Setting,
    Unit,
    User,
)

GENESIS = "0" * 64

# Records that are never made without an audit entry in the same transaction: while any
# exists, an empty log was emptied. (A log cut short with its head rewritten to match is seen
# against the head the city acknowledged: ``anchor``.)
AUDITED = (User, Unit, Member, Enrollment, Claim, PaymentBatch)


def _desk(session: Session) -> str:
    cached = session.info.get("audit_desk")
    if cached is None:
        row = session.get(Setting, "site.code")
        site = row.value if row is not None else "000000"
        cached = f"{site}/{socket.gethostname()}"[:80]
        session.info["audit_desk"] = cached
    return str(cached)


def entry_hash(
    prev_hash: str,
    entry_id: int,
    at: datetime,
    login: str | None,
    action: str,
    target: str | None,
    outcome: str,
    detail: Any,
    desk: str,
) -> str:
    body = json.dumps(
        [entry_id, at.isoformat(), login, action, target, outcome, detail, desk, prev_hash],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(
    session: Session,
    login: str | None,
    action: str,
    target: str | None = None,
    *,
    outcome: str = "ok",
    detail: dict[str, Any] | None = None,
) -> int:
    """Append one entry in the caller's transaction; returns its id.

    Never put ID numbers or passwords in ``detail`` beyond what the action needs to be traced.
    """
    head = session.get(AuditHead, 1)
    prev_id, prev_hash = (head.last_id, head.last_hash) if head else (0, GENESIS)
    entry_id = prev_id + 1
    at = now()
    desk = _desk(session)
    det = detail or {}
    # Round-trip through JSON so the hash covers exactly what is stored.
    det = json.loads(json.dumps(det, ensure_ascii=False, sort_keys=True, default=str))
    h = entry_hash(prev_hash, entry_id, at, login, action, target, outcome, det, desk)
    session.add(
        AuditEntry(
            id=entry_id,
            at=at,
            login=login,
            action=action,
            target=target,
            outcome=outcome,
            detail=det,
            desk=desk,
            prev_hash=prev_hash,
            hash=h,
        )
    )
    if head is None:
        session.add(AuditHead(id=1, last_id=entry_id, last_hash=h))
    else:
        head.last_id, head.last_hash = entry_id, h
    # No flush: the entry has its id already, and the next record() finds the head in the
    # identity map (or autoflushes before it queries). A flush per entry was most of the cost
    # of batch approvals.
    return entry_id


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    problems: tuple[str, ...]
    notes: tuple[Message, ...] = ()  # re-anchorings to the city's head (not problems)


def verify(session: Session) -> VerifyResult:
    """Walk the whole chain; report every entry that was edited, removed or added out of order."""
    problems: list[str] = []
    notes: list[Message] = []
    anchors = {int(a["after"]): a for a in _anchors(session)}
    prev_hash, expected_id, checked = GENESIS, 1, 0
    stmt = select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=2000)
    for e in session.execute(stmt).scalars():
        checked += 1
        a = anchors.get(expected_id - 1)
        if a is not None and e.id == max(int(a["after"]), int(a["seq"])) + 1:
            prev_hash = str(a["hash"])
            notes.append(
                msg(
                    "第 {after} 条之后已接到市里保存的第 {seq} 条继续记录（{at} 从市里恢复）："
                    "第 {seq} 条及以前的记录以市里保存的为准",
                    "re-anchored after entry {after} to the city's head at entry {seq} "
                    "(recovery {at}): the entries up to {seq} are held at the city",
                    after=a["after"],
                    seq=a["seq"],
                    at=str(a.get("at", ""))[:16].replace("T", " "),
                )
            )
        elif e.id != expected_id:
            problems.append(f"entries {expected_id}..{e.id - 1} are missing (deleted)")
        if e.prev_hash != prev_hash:
            problems.append(f"entry {e.id}: does not follow the previous entry")
        h = entry_hash(
            e.prev_hash, e.id, e.at, e.login, e.action, e.target, e.outcome, e.detail, e.desk
        )
        if h != e.hash:
            problems.append(f"entry {e.id}: content was changed after it was written")
        prev_hash, expected_id = e.hash, e.id + 1
    head = session.get(AuditHead, 1)
    last_id = expected_id - 1
    if head is not None and (head.last_id != last_id or head.last_hash != prev_hash):
        problems.append(
            f"the log ends at entry {last_id} but {head.last_id} were written "
            "(entries at the end were deleted)"
        )
    if head is None and checked:
        problems.append("the chain head is missing")
    problems.extend(_emptied(session, checked))
    problems.extend(_against_city(session, expected_id - 1))
    return VerifyResult(not problems, checked, tuple(problems), tuple(notes))


# The last head of this chain the city acknowledged (``{"seq", "hash"}``), kept by the sync.
CITY_HEAD = "audit.city_head"


def chain_head(session: Session, prior: int | None = None) -> dict[str, Any] | None:
    """What a push tells the city: the last entry's number and hash, and the hash the chain has
    at entry ``prior`` (the last head the city received, as its hello said); None: no entries."""
    head = session.get(AuditHead, 1)
    if head is None:
        return None
    out: dict[str, Any] = {"seq": head.last_id, "hash": head.last_hash, "prior": None}
    if prior:
        out["prior"] = hash_at(session, prior)
    return out


# Where the chain was re-anchored to the city's head (a restored backup or a new PC, at
# recovery): ``[{"after", "seq", "hash", "at"}]``, entry ``seq + 1`` follows ``hash``.
ANCHORS = "audit.anchors"


def _anchors(session: Session) -> list[dict[str, Any]]:
    row = session.get(Setting, ANCHORS)
    return list(row.value) if row is not None and isinstance(row.value, list) else []


def hash_at(session: Session, seq: int) -> str | None:
    """The chain's hash at entry ``seq``: the entry's, or the city's head it was re-anchored to."""
    for a in _anchors(session):
        if int(a["seq"]) == seq:
            return str(a["hash"])
    entry = session.get(AuditEntry, seq)
    return entry.hash if entry is not None else None


def compare(session: Session, city: Any) -> str:
    """This chain against the city's last head: ``""`` (no head), ``"consistent"`` (the chain
    holds it), ``"behind"`` (the chain ends before it, or went on differently after a restore)
    or ``"conflict"`` (another hash where the desk had the city's acknowledgement)."""
    if not isinstance(city, dict) or not isinstance(city.get("seq"), int) or not city["seq"]:
        return ""
    head = session.get(AuditHead, 1)
    if head is None or head.last_id < city["seq"]:
        return "behind"
    if hash_at(session, city["seq"]) == city.get("hash"):
        return "consistent"
    # Past the last head this desk had acknowledged, its entries were written after a restore
    # (a fork, not a rewrite): only a difference in the shared history is a conflict.
    row = session.get(Setting, CITY_HEAD)
    known = int(row.value.get("seq") or 0) if row is not None and isinstance(row.value, dict) else 0
    return "conflict" if city["seq"] <= known else "behind"


def reanchor(session: Session, city: dict[str, Any]) -> int:
    """Continue this (shorter) chain from the city's head: the next entry follows it, and
    :func:`verify` says the entries up to it are held at the city. Returns where the desk's
    own chain ended."""
    session.flush()
    head = session.get(AuditHead, 1)
    after = head.last_id if head is not None else 0
    seq, h = int(city["seq"]), str(city["hash"])
    # The next entry follows the city's head, numbered after both chains.
    if head is None:
        session.add(AuditHead(id=1, last_id=seq, last_hash=h))
    else:
        head.last_id, head.last_hash = max(seq, after), h
    row = session.get(Setting, ANCHORS)
    value = [*_anchors(session), {"after": after, "seq": seq, "hash": h, "at": now().isoformat()}]
    if row is None:
        session.add(Setting(key=ANCHORS, value=value))
    else:
        row.value = value
    acknowledged(session, {"ok": True, "seq": seq, "hash": h})
    return after


def acknowledged(session: Session, ack: Any) -> None:
    """Keep the head the city acknowledged (in the caller's transaction)."""
    if isinstance(ack, dict) and ack.get("ok") and isinstance(ack.get("seq"), int):
        row = session.get(Setting, CITY_HEAD)
        value = {"seq": ack["seq"], "hash": str(ack.get("hash"))}
        if row is None:
            session.add(Setting(key=CITY_HEAD, value=value))
        else:
            row.value = value


def _against_city(session: Session, last_id: int) -> list[str]:
    """The chain still holds the last head the city acknowledged, unchanged."""
    row = session.get(Setting, CITY_HEAD)
    if row is None or not isinstance(row.value, dict):
        return []
    seq, h = int(row.value.get("seq") or 0), row.value.get("hash")
    if seq > last_id:
        return [
            f"the city acknowledged this log up to entry {seq}, but it ends at entry {last_id} "
            "(entries at the end were removed)"
        ]
    at = hash_at(session, seq) if seq else None
    if at is not None and at != h:
        return [f"entry {seq} is not the one the city acknowledged (the log was rewritten)"]
    return []


def _emptied(session: Session, checked: int) -> list[str]:
    """Evidence in the audited records that the log was emptied (or cut from its start): every
    user is added with an entry naming it, and every record of ``AUDITED`` with one."""
    lost = list(
        session.execute(
            select(User.login)
            .where(
                ~select(AuditEntry.id)
                .where(AuditEntry.action == "user.add", AuditEntry.target == "user:" + User.login)
                .exists()
            )
            .order_by(User.id)
        ).scalars()
    )
    if lost and checked:
        return [
            f"users {', '.join(lost[:10])} were each added with an entry, but the log has none "
            "for them: its entries were removed (the log was emptied or cut from its start)"
        ]
    if checked:
        return []
    held = []
    for model in AUDITED:
        n = session.execute(select(func.count()).select_from(model)).scalar_one()
        if n:
            held.append(f"{n} {model.__tablename__}")
    if not held:
        return []
    return [
        "the log is empty but the database holds "
        + ", ".join(held)
        + ", each written with an entry: the log was emptied"
    ]


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    login: str | None
    action: str
    target: str | None
    outcome: str
    detail: Any
    desk: str


def search(
    session: Session,
    *,
    login: str | None = None,
    action_prefix: str | None = None,
    outcome: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    text: str | None = None,
    offset: int = 0,
    limit: int = 200,
) -> tuple[list[AuditRow], int]:
    """A page of entries, newest first, and how many match in all (the viewer's filters)."""
    stmt = select(AuditEntry)
    if login:
        stmt = stmt.where(AuditEntry.login == login)
    if action_prefix:
        stmt = stmt.where(AuditEntry.action.startswith(action_prefix))
    if outcome:
        stmt = stmt.where(AuditEntry.outcome == outcome)
    if since:
        stmt = stmt.where(AuditEntry.at >= since)
    if until:
        stmt = stmt.where(AuditEntry.at < until)
    if text:
        stmt = stmt.where(AuditEntry.target.contains(text))
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    rows = session.execute(
        stmt.order_by(AuditEntry.id.desc()).offset(offset).limit(limit)
    ).scalars()
    return [
        AuditRow(e.id, e.at, e.login, e.action, e.target, e.outcome, e.detail, e.desk) for e in rows
    ], total
