"""Records typed at the desk after a restore that clash with what the city brings back.

After a restore the clerks may have typed again what was lost (the same person, the same unit)
and the running numbers started again from the backup's (a new claim got a number the city
already holds for another claim). Before the city's records are written:

- **the same thing typed again** — a member with the same ID number, a unit with the same code,
  an enrollment of that member in the same scheme, none of which reached the city: the desk's
  record takes the city's uid, and the city's content is then written over it. What was typed
  here is kept in a finding (``recovery_adopted``); everything that points at the record (the
  new enrollments, claims) now points at the city's.
- **a running number used twice** — a claim, approval, payment batch or enrollment batch
  number the city holds for another record: the desk's record gets the next free number after
  the recovered ones, and a finding says which number became which (``recovery_renumbered``;
  a printed form or bank list with the old number must be corrected).
- **the same invoice on a new claim** — the claim was typed again: not decided by a machine;
  the recovery stops with the claim's number (withdraw and delete it, then recover).

Only records changed here since the restore (``mine``) are ever touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from base.errors import Conflict, Message, msg
from db.models import (
    Claim,
    Counter,
    Enrollment,
    EnrollmentBatch,
    Member,
    PaymentBatch,
    Receipt,
    Scheme,
    SyncFinding,
    Unit,
)
from desk_app.sync import payload

# A running number: its column, pattern and counter (desk_app.claims.numbers, payments.batches,
# people.enrollment make them).
NUMBERS: dict[str, tuple[tuple[str, re.Pattern[str], str, str], ...]] = {
    "claim": (
        ("claim_no", re.compile(r"^LP(\d{4})-(\d+)$"), "claim", "LP{y}-{n:06d}"),
        ("approval_no", re.compile(r"^SP(\d{4})-(\d+)$"), "approval", "SP{y}-{n:06d}"),
    ),
    "payment_batch": (
        ("batch_no", re.compile(r"^ZF(\d{4})-(\d+)$"), "payment_batch", "ZF{y}-{n:04d}"),
    ),
    "enrollment_batch": (
        ("batch_no", re.compile(r"^CB(\d{4})-(\d+)$"), "enrollment_batch", "CB{y}-{n:05d}"),
    ),
}
_MODELS: dict[str, Any] = {
    "claim": Claim,
    "payment_batch": PaymentBatch,
    "enrollment_batch": EnrollmentBatch,
}


class Findings:
    """Local findings of a recovery, numbered down from -1 (the city's are positive)."""

    def __init__(self, session: Session, city_seq: int) -> None:
        self.s = session
        self.city_seq = city_seq
        lowest = session.execute(select(func.min(SyncFinding.server_seq))).scalar_one() or 0
        self.seq = min(int(lowest), 0)
        self.count: dict[str, int] = {}

    def add(self, kind: str, entity: str, uid: str, message: Message, **detail: Any) -> None:
        self.seq -= 1
        self.count[kind] = self.count.get(kind, 0) + 1
        self.s.add(
            SyncFinding(
                server_seq=self.seq,
                kind=kind,
                detail={
                    "entity": entity,
                    "uid": uid,
                    "city_seq": self.city_seq,
                    **detail,
                    "summary": {"zh": message.zh, "en": message.en},
                },
            )
        )


@dataclass
class Settled:
    adopted: dict[str, str] = field(default_factory=dict)  # the desk's old uid → the city's
    renumber: list[tuple[str, int, str, str]] = field(default_factory=list)  # entity, id, col, old


def _live(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in items if not i["deleted"] and i["data"] is not None]


def _adopt(
    s: Session,
    entity: str,
    model: Any,
    local_id: int,
    local_uid: str,
    city: dict[str, Any],
    found: Findings,
    out: Settled,
) -> None:
    desk = payload.read_records(s, entity, [local_uid]).get(local_uid)
    s.execute(update(model).where(model.id == local_id).values(uid=city["uid"]))
    out.adopted[local_uid] = city["uid"]
    found.add(
        "recovery_adopted",
        entity,
        city["uid"],
        msg(
            "恢复时发现：恢复备份后本机又录入了市里已有的{e}（{k}）。已改用市里的记录，指向它的参保"
            "和理赔不变；本机录入的内容保存在这条提示里，请核对",
            "found while recovering: a {e} the city holds ({k}) was typed again here after "
            "the restore. The city's record is used now (what points at it stays); what was "
            "typed here is saved in this finding, check it",
            e=entity,
            k=_key_text(entity, city),
        ),
        desk=desk,
        desk_uid=local_uid,
        city=city,
    )


def _key_text(entity: str, data: dict[str, Any]) -> str:
    if entity == "member":
        return f"{data.get('name', '')} {data.get('id_number', '')}".strip()
    if entity == "unit":
        return f"{data.get('code', '')} {data.get('name', '')}".strip()
    return f"{data.get('member_uid', '')} / {data.get('scheme_code', '')}"


def _typed_here(s: Session, entity: str, mine: set[str]) -> dict[Any, tuple[Any, int, str]]:
    """The desk's records of ``entity`` changed since the restore, by natural key."""
    uids = list(mine)
    model: Any
    stmt: Any
    if entity == "member":
        model, stmt = Member, select(Member.id_number, Member.id, Member.uid)
        uid_col: Any = Member.uid
    elif entity == "unit":
        model, stmt = Unit, select(Unit.code, Unit.id, Unit.uid)
        uid_col = Unit.uid
    else:
        model = Enrollment
        stmt = (
            select(Member.uid, Scheme.code, Enrollment.id, Enrollment.uid)
            .join(Member, Member.id == Enrollment.member_id)
            .join(Scheme, Scheme.id == Enrollment.scheme_id)
        )
        uid_col = Enrollment.uid
    out: dict[Any, tuple[Any, int, str]] = {}
    for part in _chunks(uids):
        for row in s.execute(stmt.where(uid_col.in_(part))):
            key = (row[0], row[1]) if entity == "enrollment" else row[0]
            out[key] = (model, int(row[-2]), str(row[-1]))
    return out


def _city_key(entity: str, data: dict[str, Any]) -> Any:
    if entity == "member":
        return data["id_number"]
    if entity == "unit":
        return data["code"]
    return (data["member_uid"], data["scheme_code"])


def adopt_typed_again(
    s: Session,
    entity: str,
    items: list[dict[str, Any]],
    mine: set[str],
    found: Findings,
    out: Settled,
) -> None:
    """Units, members and enrollments typed again here: the desk's record becomes the city's.
    Only records changed here since the restore are looked at (a handful, usually none)."""
    if not mine:
        return
    here = _typed_here(s, entity, mine)
    if not here:
        return
    for city in _live(items):
        hit = here.get(_city_key(entity, city["data"]))
        if hit is None or hit[2] == city["uid"]:
            continue
        model, local_id, local_uid = hit
        _adopt(s, entity, model, local_id, local_uid, city["data"], found, out)
    s.flush()


def set_numbers_aside(
    s: Session, entity: str, items: list[dict[str, Any]], mine: set[str], out: Settled
) -> None:
    """A desk record holding a running number the city holds for another record gets a
    placeholder now and the next free number once the recovered ones are counted."""
    if not mine:
        return
    model = _MODELS[entity]
    for column, _pattern, _counter, _fmt in NUMBERS[entity]:
        col = getattr(model, column)
        here = {
            value: (int(rid), str(uid))
            for part in _chunks(list(mine))
            for rid, uid, value in s.execute(
                select(model.id, model.uid, col).where(model.uid.in_(part), col.is_not(None))
            )
        }
        for city in _live(items):
            hit = here.get(city["data"].get(column))
            if hit is None or hit[1] == city["uid"]:
                continue
            rid, _uid = hit
            old = city["data"][column]
            s.execute(update(model).where(model.id == rid).values({column: f"~{rid}"}))
            out.renumber.append((entity, rid, column, str(old)))
            del here[old]
    s.flush()


def give_new_numbers(s: Session, out: Settled, found: Findings) -> None:
    """After the counters moved past the recovered numbers: the set-aside records' new ones."""
    for entity, rid, column, old in out.renumber:
        model = _MODELS[entity]
        spec = next(n for n in NUMBERS[entity] if n[0] == column)
        m = spec[1].match(old)
        year = m.group(1) if m else "0000"
        name = f"{spec[2]}:{year}"
        row = s.get(Counter, name)
        if row is None:
            row = Counter(name=name, value=0)
            s.add(row)
        row.value += 1
        new = spec[3].format(y=year, n=row.value)
        s.execute(update(model).where(model.id == rid).values({column: new}))
        uid = s.execute(select(model.uid).where(model.id == rid)).scalar_one()
        found.add(
            "recovery_renumbered",
            entity,
            uid,
            msg(
                "恢复时发现：本机恢复备份后用过的编号 {o} 在市里已属于另一条记录，"
                "本机这条已改为 {n}。若已打印或报送旧编号，请更正",
                "found while recovering: number {o}, used here after the restore, belongs to "
                "another record at the city; this desk's record is now {n}. Correct anything "
                "printed or sent with the old number",
                o=old,
                n=new,
            ),
            old=old,
            new=new,
        )
    s.flush()


def refuse_invoices_typed_again(s: Session, items: list[dict[str, Any]], mine: set[str]) -> None:
    """A new claim here with an invoice the city holds on another claim: stop, say which."""
    if not mine:
        return
    here = {
        (hospital, invoice): (uid, no)
        for part in _chunks(list(mine))
        for hospital, invoice, uid, no in s.execute(
            select(Receipt.hospital, Receipt.invoice_no, Receipt.uid, Claim.claim_no)
            .join(Claim, Claim.id == Receipt.claim_id)
            .where(Receipt.uid.in_(part))
        )
    }
    clashes: list[str] = []
    for city in _live(items):
        d = city["data"]
        hit = here.get((d["hospital"], d["invoice_no"]))
        if hit is not None and hit[0] != city["uid"]:
            clashes.append(f"{hit[1]}（{d['hospital']} {d['invoice_no']}）")
    if clashes:
        raise Conflict(
            msg(
                "本机恢复备份后录入的理赔 {c} 所用的票据在市里已有（这笔理赔在备份之后已录入过）："
                "未做任何更改。请撤回并删除本机这笔理赔，再从市里恢复",
                "claim(s) {c} entered here after the restore use invoices the city already "
                "holds (the claim was entered before, after the backup); nothing was changed. "
                "Withdraw and delete the claim here, then recover",
                c="、".join(clashes[:10]),
            )
        )


def _chunks(items: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
