"""The roster import's writes (参保名册导入, FILES.md §1): the rows that passed their own checks
are matched against the stored members, then written as bulk Core inserts (new members, their
search keys and pinyin sort key, one batch per unit, the enrollments) and one import log.

Nothing here commits: the caller's transaction holds every write.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from base.clock import now
from base.errors import RowError, msg
from base.progress import Progress, check, report
from db.base import new_uid
from db.engine import UnitOfWork
from db.models import Enrollment, EnrollmentBatch, ImportLog, Member, Scheme
from desk_app.access.auth import Actor
from desk_app.people import search
from desk_app.people.enrollment import next_batch_no, previous_scheme
from desk_app.people.roster_rows import Row, name_key

_CHUNK = 500
# Rows written per statement: the import stops at a cancel within one part (~0.1 s).
_WRITE_CHUNK = 2000

# A stored member as the match needs it: id, uid, name, unit_id, phone, bank_account,
# categories, medical_type.
_Stored = tuple[int, str, str, int | None, str | None, str | None, str, str | None]


@dataclass
class Written:
    accepted: int = 0
    skipped: int = 0
    new_members: int = 0
    updated_members: int = 0
    renewals: int = 0
    premium_total: Decimal = Decimal("0.00")
    batch_nos: list[str] = field(default_factory=list)
    pop_errors: list[RowError] = field(default_factory=list)
    sha256: str = ""


@dataclass
class _Known:
    """What is stored of the roster's people: members by ID number, and which of them are
    enrolled in the scheme and in the previous one."""

    members: dict[str, _Stored]
    enrolled: set[int]
    in_prev: set[int]


@dataclass
class _Plan:
    """The rows sorted by what they need: new members, members to update, enrollments."""

    to_enroll: list[Row] = field(default_factory=list)
    new_rows: list[Row] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)


def write_rows(
    uow: UnitOfWork,
    actor: Actor,
    scheme: Scheme,
    rows: list[Row],
    errors: list[RowError],
    receipt: str | None,
    path: Path,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> Written:
    s = uow.session
    out = Written(sha256=_sha256(path))
    known = _known(s, scheme, rows)
    check(cancel)
    plan = _plan(rows, known, out)

    report(progress, 0.6, "写入职工")
    stamp = now()
    if plan.new_rows:
        _insert_members(s, plan.new_rows, stamp, progress, cancel)
    if plan.updates:
        _update_members(s, plan.updates, stamp)
    out.new_members = len(plan.new_rows)
    out.updated_members = len(plan.updates)
    check(cancel)

    report(progress, 0.8, "写入参保记录")
    batches = _write_batches(s, actor, scheme, plan.to_enroll, receipt, path, out)
    enroll_rows = _enrollment_rows(actor, scheme, plan.to_enroll, batches, known, stamp, out)
    for i in range(0, len(enroll_rows), _WRITE_CHUNK):
        report(progress, 0.8 + 0.2 * i / len(enroll_rows), "写入参保记录")
        check(cancel)
        s.connection().execute(
            insert(cast(Table, Enrollment.__table__)), enroll_rows[i : i + _WRITE_CHUNK]
        )
    out.accepted = len(enroll_rows)
    if out.accepted:
        _log_import(s, actor, scheme, path, out, len(errors) + len(out.pop_errors))
    return out


def _known(s: Session, scheme: Scheme, rows: list[Row]) -> _Known:
    members: dict[str, _Stored] = {}
    ids = [r.id_number for r in rows]
    for i in range(0, len(ids), _CHUNK):
        for m in s.execute(
            select(
                Member.id_number,
                Member.id,
                Member.uid,
                Member.name,
                Member.unit_id,
                Member.phone,
                Member.bank_account,
                Member.categories,
                Member.medical_type,
            ).where(Member.id_number.in_(ids[i : i + _CHUNK]))
        ):
            members[m[0]] = tuple(m[1:])  # type: ignore[assignment]
    enrolled: set[int] = set()
    member_ids = [v[0] for v in members.values()]
    prev = previous_scheme(s, scheme)
    in_prev: set[int] = set()
    for i in range(0, len(member_ids), _CHUNK):
        chunk = member_ids[i : i + _CHUNK]
        enrolled.update(
            s.execute(
                select(Enrollment.member_id).where(
                    Enrollment.scheme_id == scheme.id, Enrollment.member_id.in_(chunk)
                )
            ).scalars()
        )
        if prev is not None:
            in_prev.update(
                s.execute(
                    select(Enrollment.member_id).where(
                        Enrollment.scheme_id == prev.id, Enrollment.member_id.in_(chunk)
                    )
                ).scalars()
            )
    return _Known(members, enrolled, in_prev)


def _plan(rows: list[Row], known: _Known, out: Written) -> _Plan:
    """Match each row to its stored member: a new person, a name that does not match (an
    error), one already enrolled (skipped), or one to enroll whose record may change."""
    plan = _Plan()
    for r in rows:
        hit = known.members.get(r.id_number)
        if hit is None:
            plan.new_rows.append(r)
            plan.to_enroll.append(r)
            continue
        mid, mname = hit[0], hit[2]
        if name_key(mname) != name_key(r.name):
            out.pop_errors.append(
                RowError(
                    r.row,
                    msg(
                        "该身份证号已登记为「{a}」，与名册中的姓名「{b}」不一致，请核对",
                        "this ID number is registered for {a}, not {b}: check the row",
                        a=mname,
                        b=r.name,
                    ),
                    r.values,
                )
            )
            continue
        r.member_id = mid
        if mid in known.enrolled:
            out.skipped += 1
            continue
        plan.to_enroll.append(r)
        change = _changes(r, hit)
        if change:
            plan.updates.append({"id": mid, **change})
    return plan


def _changes(r: Row, hit: _Stored) -> dict[str, Any]:
    """The roster is the unit's current record of the person: a new unit means the member
    moved; a filled-in value replaces the stored one, a blank keeps it."""
    _mid, _muid, _mname, munit, mphone, macct, mcats, mmed = hit
    change: dict[str, Any] = {}
    if r.unit_id != munit:
        change["unit_id"] = r.unit_id
    if r.phone and r.phone != mphone:
        change["phone"] = r.phone
    if r.account and r.account != macct:
        change["bank_account"] = r.account
    if r.categories is not None and r.categories != mcats:
        change["categories"] = r.categories
    if r.medical_type and r.medical_type != mmed:
        change["medical_type"] = r.medical_type
    return change


def _insert_members(
    s: Session,
    new_rows: list[Row],
    stamp: Any,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> None:
    next_id = (s.execute(select(func.max(Member.id))).scalar() or 0) + 1
    member_rows: list[dict[str, Any]] = []
    for r in new_rows:
        r.member_id = next_id
        next_id += 1
        member_rows.append(
            {
                "id": r.member_id,
                "uid": new_uid(),
                "version": 1,
                "created_at": stamp,
                "updated_at": stamp,
                "id_number": r.id_number,
                "name": r.name,
                "name_pinyin": search.name_sort_key(r.name),
                "gender": r.gender,
                "birth_date": r.birth_date,
                "phone": r.phone,
                "medical_type": r.medical_type,
                "categories": r.categories or "",
                "bank_account": r.account,
                "unit_id": r.unit_id,
            }
        )
    table = cast(Table, Member.__table__)
    for i in range(0, len(member_rows), _WRITE_CHUNK):  # a cancel waits for one part at most
        report(progress, 0.6 + 0.2 * i / len(member_rows), "写入职工")
        check(cancel)
        s.connection().execute(insert(table), member_rows[i : i + _WRITE_CHUNK])
        search.index_members(
            s,
            ((r.member_id, r.name, r.id_number) for r in new_rows[i : i + _WRITE_CHUNK]),  # type: ignore[misc]
        )


def _update_members(s: Session, updates: list[dict[str, Any]], stamp: Any) -> None:
    """One UPDATE per distinct set of changed columns (executemany), version bumped."""
    by_cols: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for u in updates:
        cols = tuple(sorted(k for k in u if k != "id"))
        by_cols.setdefault(cols, []).append(u)
    table = cast(Table, Member.__table__)
    for cols, items in by_cols.items():
        stmt = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values(
                {c: bindparam(f"_{c}") for c in cols}
                | {"version": table.c.version + 1, "updated_at": stamp}
            )
        )
        s.connection().execute(
            stmt,
            [{"_id": it["id"], **{f"_{c}": it[c] for c in cols}} for it in items],
        )


def _write_batches(
    s: Session,
    actor: Actor,
    scheme: Scheme,
    to_enroll: list[Row],
    receipt: str | None,
    path: Path,
    out: Written,
) -> dict[int, EnrollmentBatch]:
    """Each unit's batch, made with its final totals, so it is written (and queued for the
    city) once."""
    by_unit: dict[int, list[Row]] = {}
    for r in to_enroll:
        by_unit.setdefault(r.unit_id, []).append(r)
    batches: dict[int, EnrollmentBatch] = {}
    for unit_id, unit_rows in by_unit.items():
        premiums = [scheme.premium_per_share * r.shares for r in unit_rows]
        b = EnrollmentBatch(
            batch_no=next_batch_no(s),
            unit_id=unit_id,
            scheme_id=scheme.id,
            head_count=len(unit_rows),
            premium_total=sum(premiums, Decimal("0.00")),
            receipt_no=receipt,
            source_file=path.name[:255],
            source_sha256=out.sha256,
            created_by=actor.login,
        )
        s.add(b)
        batches[unit_id] = b
        out.batch_nos.append(b.batch_no)
        out.premium_total += b.premium_total
    s.flush()
    return batches


def _enrollment_rows(
    actor: Actor,
    scheme: Scheme,
    to_enroll: list[Row],
    batches: dict[int, EnrollmentBatch],
    known: _Known,
    stamp: Any,
    out: Written,
) -> list[dict[str, Any]]:
    enroll_rows: list[dict[str, Any]] = []
    for r in to_enroll:
        renewal = r.member_id in known.in_prev
        out.renewals += int(renewal)
        enroll_rows.append(
            {
                "uid": new_uid(),
                "version": 1,
                "created_at": stamp,
                "updated_at": stamp,
                "member_id": r.member_id,
                "scheme_id": scheme.id,
                "unit_id": r.unit_id,
                "batch_id": batches[r.unit_id].id,
                "shares": r.shares,
                "premium": scheme.premium_per_share * r.shares,
                "enrolled_on": r.enrolled_on,
                "renewal": renewal,
                "created_by": actor.login,
            }
        )
    return enroll_rows


def _log_import(
    s: Session, actor: Actor, scheme: Scheme, path: Path, out: Written, rejected: int
) -> None:
    s.add(
        ImportLog(
            kind="roster",
            file_name=path.name[:255],
            sha256=out.sha256,
            scheme_id=scheme.id,
            summary={
                "accepted": out.accepted,
                "skipped": out.skipped,
                "rejected": rejected,
                "batches": out.batch_nos,
            },
            login=actor.login,
        )
    )
    s.flush()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
