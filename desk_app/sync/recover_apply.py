"""Writing the city's copy of this site's records into the desk, through the models.

Records keep the city's uid and version. They are written in dependency order (units, members,
enrollment batches, enrollments, claims, receipts, calculations, payment batches, payments,
monthly returns) and money in its life order: a claim the city holds as paid is written as
approved first, then its batch (open) and payment rows, then the batch paid, then the claim
paid (and reported). A payment that exists is never touched (paid money is append-only); a
record whose content already equals the city's is not written at all, so frozen rows stay
untouched and recovering twice changes nothing. The caller holds the transaction.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, LargeBinary, Table, select
from sqlalchemy.orm import Session, attributes

from db.models import CalculationLine, Claim, Counter, MonthLock, Payment, PaymentBatch, Scheme
from db.types import Money, UTCDateTime
from desk_app.people import search
from desk_app.sync import payload

# The claim's life (DOMAIN.md; the database's triggers since migration 0003): each status
# and the ones it may move to.
_NEXT = {
    "draft": ("submitted",),
    "submitted": ("draft", "approved", "rejected"),
    "approved": ("submitted", "paid"),
    "rejected": ("submitted",),
    "paid": ("reported",),
    "reported": (),
}
_PAID = ("paid", "reported")
# What a claim or batch takes only once its money exists.
_CLAIM_LATER = ("payment_batch_id", "paid_on", "reported_month")
_BATCH_LATER = ("status", "paid_at", "paid_by")
# Running numbers the recovered records used: the next ones must come after them.
_NUMBERS = {
    "claim": (
        ("claim_no", re.compile(r"^LP(\d{4})-(\d+)$"), "claim"),
        ("approval_no", re.compile(r"^SP(\d{4})-(\d+)$"), "approval"),
    ),
    "payment_batch": (("batch_no", re.compile(r"^ZF(\d{4})-(\d+)$"), "payment_batch"),),
    "enrollment_batch": (("batch_no", re.compile(r"^CB(\d{4})-(\d+)$"), "enrollment_batch"),),
}


def _path(here: str, target: str) -> list[str]:
    """The statuses a claim passes through from ``here`` to ``target`` (the shortest way of
    its life; just ``target`` when there is none: the database will refuse it)."""
    if here == target:
        return []
    seen, queue = {here: [here]}, [here]
    while queue:
        at = queue.pop(0)
        for nxt in _NEXT.get(at, ()):
            if nxt not in seen:
                seen[nxt] = [*seen[at], nxt]
                if nxt == target:
                    return seen[nxt][1:]
                queue.append(nxt)
    return [target]


class Unresolved(Exception):
    """A recovered record names something the desk does not have (a scheme, a parent)."""

    def __init__(self, entity: str, uid: str, what: str, key: str) -> None:
        super().__init__(f"{entity} {uid}: {what} {key} not found")
        self.entity, self.uid, self.what, self.key = entity, uid, what, key


@dataclass
class Written:
    """What the writing did, per entity."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0

    def add(self, which: dict[str, int], entity: str) -> None:
        which[entity] = which.get(entity, 0) + 1


class Writer:
    """Writes one entity at a time; ``ids`` resolves uids to local ids across entities."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.specs = payload.specs()
        self.ids: dict[str, dict[str, int]] = {}  # table name → uid → id
        self.schemes = {c: i for c, i in session.execute(select(Scheme.code, Scheme.id))}
        self.out = Written()
        self.claims_later: list[tuple[Claim, dict[str, Any]]] = []
        self.batches_later: list[tuple[PaymentBatch, dict[str, Any]]] = []
        self.numbers: dict[str, int] = {}
        self.members_written: set[str] = set()
        self.members_created: set[str] = set()
        self.submit_seq = 0

    # -- resolving ---------------------------------------------------------------------------

    def _id_of(self, table: Table, uid: str, entity: str, own_uid: str) -> int:
        known = self.ids.setdefault(table.name, {})
        if uid not in known:
            found = self.s.execute(
                select(table.c.id).where(table.c.uid == uid)
            ).scalar_one_or_none()
            if found is None:
                raise Unresolved(entity, own_uid, table.name, uid)
            known[uid] = int(found)
        return known[uid]

    def _prefetch(self, table: Table, items: Sequence[dict[str, Any]]) -> None:
        """The local ids of what these records point at, a chunk at a time (not one query
        per record and key)."""
        for c in table.columns:
            fks = list(c.foreign_keys)
            target = fks[0].column.table if fks else None
            if target is None or target.name == "schemes" or "uid" not in target.c:
                continue
            base = c.name[:-3] if c.name.endswith("_id") else c.name
            known = self.ids.setdefault(target.name, {})
            wanted = list(
                {
                    ref
                    for i in items
                    if (ref := (i["data"] or {}).get(f"{base}_uid")) is not None
                    and ref not in known
                }
            )
            for part in _chunks(wanted):
                known.update(
                    {
                        str(u): int(i)
                        for u, i in self.s.execute(
                            select(target.c.uid, target.c.id).where(target.c.uid.in_(part))
                        )
                    }
                )

    def _values(
        self, entity: str, data: dict[str, Any], skip: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """The record's columns as the model takes them, foreign keys as local ids (``skip``:
        columns left for later, when what they point to exists)."""
        spec = self.specs[entity]
        out: dict[str, Any] = {}
        for c in spec.table.columns:
            if c.name == "id" or c.name in skip:
                continue
            fks = list(c.foreign_keys)
            if fks:
                target = fks[0].column.table
                base = c.name[:-3] if c.name.endswith("_id") else c.name
                if target.name == "schemes":
                    code = data.get(f"{base}_code")
                    if code is not None and code not in self.schemes:
                        raise Unresolved(entity, data["uid"], "scheme", str(code))
                    out[c.name] = self.schemes.get(code) if code is not None else None
                    continue
                if "uid" in target.c:
                    ref = data.get(f"{base}_uid")
                    out[c.name] = (
                        None if ref is None else self._id_of(target, ref, entity, data["uid"])
                    )
                    continue
            if c.name in data:
                out[c.name] = _convert(c.type, data[c.name])
        return out

    # -- writing -----------------------------------------------------------------------------

    def write(self, entity: str, items: Sequence[dict[str, Any]]) -> None:
        """Write the city's state of these records of one entity (``deleted`` ones removed)."""
        if not items:
            return
        spec = self.specs[entity]
        model: Any = spec.model
        uids = [i["uid"] for i in items]
        local: dict[str, Any] = {
            o.uid: o
            for part in _chunks(uids)
            for o in self.s.execute(select(model).where(model.uid.in_(part))).scalars()
        }
        current = payload.read_records(self.s, entity, list(local))
        self._prefetch(spec.table, items)
        # A reversal after the payment it reverses.
        ordered = sorted(items, key=lambda i: (i["data"] or {}).get("reverses_uid") is not None)
        written: list[Any] = []
        for item in ordered:
            uid, obj = item["uid"], local.get(item["uid"])
            if item["deleted"]:
                if obj is not None and entity != "payment":
                    self.s.delete(obj)
                    self.out.add(self.out.deleted, entity)
                continue
            data = item["data"]
            if obj is not None and current.get(uid) == data:
                self.out.unchanged += 1
                self._count_numbers(entity, data)
                continue
            if obj is not None and entity == "payment":
                continue  # paid money is never edited, not even into the city's copy
            written.append(self._one(entity, model, obj, data))
        self.s.flush()
        self.ids.setdefault(spec.table.name, {}).update({o.uid: o.id for o in written})

    def _one(self, entity: str, model: Any, obj: Any, data: dict[str, Any]) -> Any:
        paid_claim = entity == "claim" and data.get("status") in _PAID
        values = self._values(entity, data, _CLAIM_LATER if paid_claim else ())
        later: dict[str, Any] = {}
        if paid_claim:
            later = data  # its money columns once the batch and payments exist
            values["status"] = "approved"
            if obj is not None and obj.status in _PAID:
                values.pop("status")  # paid here already: only reported may follow
        elif entity == "payment_batch" and data.get("status") == "paid":
            later = {k: values.pop(k) for k in _BATCH_LATER if k in values}
            values["status"] = "open"
            if obj is not None and obj.status == "paid":
                values.pop("status")
        if entity == "member":
            self.members_written.add(data["uid"])
            if obj is None:
                self.members_created.add(data["uid"])
        if obj is None:
            obj = model(**values)
            self.s.add(obj)
            self.out.add(self.out.created, entity)
        else:
            if entity == "claim" and "status" in values:
                self._walk(obj, values.pop("status"), values.get("updated_at"))
            for key, value in values.items():
                setattr(obj, key, value)
            self.out.add(self.out.updated, entity)
        attributes.flag_modified(obj, "updated_at")  # the city's, not the clock's (onupdate)
        if entity == "claim" and later:
            self.claims_later.append((obj, later))
        elif entity == "payment_batch" and later:
            self.batches_later.append((obj, later))
        elif entity == "calculation":
            obj.lines = [
                CalculationLine(seq=n, text=str(t))
                for n, t in enumerate(data.get("lines") or [], start=1)
            ]
        self._count_numbers(entity, data)
        return obj

    def _walk(self, claim: Claim, target: str, stamp: datetime | None) -> None:
        """Move an existing claim to ``target`` along the steps of its life (the database's
        triggers allow no shortcut), one flush per step but the last, which the caller
        flushes; each step keeps the city's ``updated_at`` (``stamp``), not the clock's."""
        steps = _path(claim.status, target)
        for step in steps[:-1]:
            claim.status = step
            if stamp is not None:
                claim.updated_at = stamp
                attributes.flag_modified(claim, "updated_at")
            self.s.flush()
        claim.status = target

    def _later(
        self, claim: Claim, data: dict[str, Any], keys: tuple[str, ...], status: str
    ) -> None:
        values = self._values("claim", data)
        for key in keys:
            setattr(claim, key, values.get(key))
        self._walk(claim, status, values.get("updated_at"))
        claim.updated_at = values["updated_at"]
        attributes.flag_modified(claim, "updated_at")

    def link_batches(self) -> None:
        """The batches exist (open): each paid claim joins its own, still approved."""
        for claim, data in self.claims_later:
            if claim.status not in _PAID:
                self._later(claim, data, ("payment_batch_id",), claim.status)
        self.s.flush()

    def pay(self) -> None:
        """The payment rows exist: the batches paid (total and count), then their claims
        paid on their dates."""
        for batch, later in self.batches_later:
            for key, value in later.items():
                setattr(batch, key, value)
            attributes.flag_modified(batch, "updated_at")
        self.s.flush()
        for claim, data in self.claims_later:
            if claim.status not in _PAID:
                self._later(claim, data, ("paid_on",), "paid")
        self.s.flush()

    def report(self) -> None:
        """The months are locked: claims the city holds as reported are reported here too."""
        for claim, data in self.claims_later:
            if data.get("status") == "reported" and claim.status != "reported":
                self._later(claim, data, ("reported_month",), "reported")
        self.s.flush()

    # -- what follows from the records -------------------------------------------------------

    def _count_numbers(self, entity: str, data: dict[str, Any]) -> None:
        for column, pattern, counter in _NUMBERS.get(entity, ()):
            m = pattern.match(str(data.get(column) or ""))
            if m:
                name = f"{counter}:{m.group(1)}"
                self.numbers[name] = max(self.numbers.get(name, 0), int(m.group(2)))
        if entity == "claim" and isinstance(data.get("submit_seq"), int):
            self.submit_seq = max(self.submit_seq, data["submit_seq"])

    def advance_counters(self, submit_counter: str) -> None:
        """Running numbers continue after the highest one the recovered records used."""
        wanted = dict(self.numbers)
        if self.submit_seq:
            wanted[submit_counter] = self.submit_seq
        for name, value in wanted.items():
            row = self.s.get(Counter, name)
            if row is None:
                self.s.add(Counter(name=name, value=value))
            elif row.value < value:
                row.value = value
        self.s.flush()

    def lock_months(self, returns: Iterable[dict[str, Any]]) -> int:
        """A month whose return the city holds as submitted is locked here too."""
        n = 0
        for data in returns:
            if data.get("status") != "submitted" or self.s.get(MonthLock, data["month"]):
                continue
            rid = self._id_of(self.specs["monthly_return"].table, data["uid"], "lock", data["uid"])
            when = _convert(UTCDateTime(), data.get("submitted_at") or data.get("updated_at"))
            self.s.add(
                MonthLock(
                    month=data["month"],
                    return_id=rid,
                    locked_at=when,
                    locked_by=data.get("submitted_by") or "city",
                )
            )
            n += 1
        self.s.flush()
        return n

    def reindex(self, members: Iterable[dict[str, Any]]) -> None:
        """The search keys of every member written (the search finds them by name and ID):
        new ones in bulk, changed ones replaced."""
        table = self.specs["member"].table
        fresh: list[tuple[int, str, str]] = []
        for data in members:
            if data["uid"] not in self.members_written:
                continue
            mid = self._id_of(table, data["uid"], "member", data["uid"])
            if data["uid"] in self.members_created:
                fresh.append((mid, data["name"], data["id_number"]))
            else:
                search.reindex_member(self.s, mid, data["name"], data["id_number"])
        search.index_members(self.s, fresh)


def paid_claims_at_risk(session: Session, items: Iterable[dict[str, Any]]) -> list[str]:
    """Claims paid at this desk that the city holds in another state: money the recovery must
    not touch (a claim paid after the restore that the city knows otherwise)."""
    wanted = {i["uid"]: i for i in items}
    out: list[str] = []
    for part in _chunks(list(wanted)):
        for uid, no, batch in session.execute(
            select(Claim.uid, Claim.claim_no, PaymentBatch.uid)
            .outerjoin(PaymentBatch, PaymentBatch.id == Claim.payment_batch_id)
            .where(Claim.uid.in_(part), Claim.status.in_(_PAID))
        ):
            data = wanted[uid]["data"]
            if (
                wanted[uid]["deleted"]
                or data is None
                or data.get("status") not in _PAID
                or data.get("payment_batch_uid") != batch
            ):
                out.append(no)
    return out


def payments_of(session: Session, uids: Sequence[str]) -> set[str]:
    return {
        u
        for part in _chunks(list(uids))
        for u in session.execute(select(Payment.uid).where(Payment.uid.in_(part))).scalars()
    }


def _convert(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(kind, Money):
        return Decimal(str(value))
    if isinstance(kind, UTCDateTime):
        return datetime.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(kind, Date):
        return date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value) if isinstance(value, str) else value
    if isinstance(kind, Boolean):
        return bool(value)
    return value


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
