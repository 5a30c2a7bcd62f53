"""Members (职工 / 会员): one person, keyed by the resident ID, whatever units and schemes.

A member has a current unit (where they work now); each enrollment keeps the unit it was made
through, so a member who moves keeps their history. The search index (:mod:`desk_app.people.search`)
is rewritten in the same transaction as every insert and every change of name or ID number.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from base.changes import Changes, Done
from base.errors import Conflict, NotFound, ValidationError, msg
from db.engine import UnitOfWork
from db.models import Claim, Enrollment, EnrollmentBatch, Member, Scheme, Unit
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.people import search
from desk_app.people.idcard import check_id_number, mask_id, normalise
from desk_app.people.rules import (
    check_account,
    check_categories,
    check_medical_type,
    check_mobile,
    check_name,
    known_categories,
    mask_account,
    mask_phone,
)

SORT_KEYS = search.SORT_KEYS
# Claims whose payout counts against the member's cap (the money is promised or gone).
_CAP_STATUSES = ("approved", "paid", "reported")


@dataclass(frozen=True)
class MemberRow:
    id: int
    id_number: str
    name: str
    gender: str
    birth_date: date
    phone: str | None
    unit_name: str | None
    categories: tuple[str, ...]


@dataclass(frozen=True)
class MemberInput:
    id_number: str
    name: str
    phone: str | None = None
    unit_id: int | None = None
    medical_type: str | None = None
    categories: tuple[str, ...] = ()
    bank_account: str | None = None


@dataclass(frozen=True)
class EnrollmentRow:
    id: int
    member_id: int
    scheme_id: int
    scheme_code: str
    scheme_name: str
    plan: str
    period_start: date
    period_end: date
    shares: int
    premium: Decimal
    enrolled_on: date
    renewal: bool
    unit_name: str | None
    batch_no: str | None


@dataclass(frozen=True)
class ClaimRow:
    id: int
    claim_no: str
    approval_no: str | None
    scheme_code: str
    kind: str
    covered_date: date | None
    status: str
    payout: Decimal
    created_at: datetime


@dataclass(frozen=True)
class CapRow:
    scheme_id: int
    scheme_code: str
    scheme_name: str
    cap: Decimal | None
    paid: Decimal
    left: Decimal | None


@dataclass(frozen=True)
class MemberDetail:
    member: MemberRow
    medical_type: str | None
    bank_account: str | None
    unit_id: int | None
    enrollments: tuple[EnrollmentRow, ...]
    claims: tuple[ClaimRow, ...]
    caps: tuple[CapRow, ...]


def split_categories(stored: str) -> tuple[str, ...]:
    return tuple(c for c in (stored or "").split(",") if c)


def join_categories(codes: Sequence[str]) -> str:
    return ",".join(sorted(set(codes)))


# --- reading -----------------------------------------------------------------------------


def search_keys(name: str, id_number: str) -> set[str]:
    """What the search index holds for a member with this name and ID number."""
    return search.keys_for(name, id_number)


def search_member_ids(
    uow: UnitOfWork,
    text: str,
    *,
    sort: str = "name",
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    """Members by ID prefix, name prefix, full pinyin prefix or initials (every reading of a
    heteronym), sorted in SQL; every member when ``text`` is blank. Fast enough for each
    keystroke; use a read-only unit of work on the GUI thread."""
    return search.member_ids(uow.session, text, sort=sort, descending=descending, limit=limit)


def _member_select() -> Any:
    return select(Member, Unit.name).outerjoin(Unit, Unit.id == Member.unit_id)


def _row(m: Member, unit_name: str | None) -> MemberRow:
    return MemberRow(
        m.id,
        m.id_number,
        m.name,
        m.gender,
        m.birth_date,
        m.phone,
        unit_name,
        split_categories(m.categories),
    )


def member_rows(uow: UnitOfWork, ids: Sequence[int]) -> list[MemberRow]:
    """The rows for ``ids``, in the order given (a table model's page); unknown ids are left
    out."""
    found: dict[int, MemberRow] = {}
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        for m, unit_name in uow.session.execute(_member_select().where(Member.id.in_(chunk))):
            found[m.id] = _row(m, unit_name)
    return [found[i] for i in ids if i in found]


def find_by_id_number(uow: UnitOfWork, id_number: str) -> MemberRow | None:
    """The member with this resident ID (typed as clerks type it), or ``None``."""
    number = normalise(id_number)
    hit = uow.session.execute(_member_select().where(Member.id_number == number)).first()
    return None if hit is None else _row(hit[0], hit[1])


def enrollment_rows(session: Session, *where: Any) -> list[EnrollmentRow]:
    """Enrollments matching ``where``, newest period first (shared with enrollment.py)."""
    stmt = (
        select(Enrollment, Scheme, Unit.name, EnrollmentBatch.batch_no)
        .join(Scheme, Scheme.id == Enrollment.scheme_id)
        .outerjoin(Unit, Unit.id == Enrollment.unit_id)
        .outerjoin(EnrollmentBatch, EnrollmentBatch.id == Enrollment.batch_id)
        .where(*where)
        .order_by(Scheme.period_start.desc(), Scheme.code)
    )
    return [
        EnrollmentRow(
            e.id,
            e.member_id,
            s.id,
            s.code,
            s.name,
            s.plan,
            s.period_start,
            s.period_end,
            e.shares,
            e.premium,
            e.enrolled_on,
            e.renewal,
            unit_name,
            batch_no,
        )
        for e, s, unit_name, batch_no in session.execute(stmt)
    ]


@lru_cache(maxsize=256)
def _coverage_date(sha: str, text: str) -> str:
    try:
        return str(tomllib.loads(text).get("coverage_date", "admission"))
    except tomllib.TOMLDecodeError:
        return "admission"


def _covered(c: Claim, s: Scheme) -> date | None:
    if c.kind == "inpatient":
        basis = _coverage_date(s.source_sha256, s.source_text)
        return c.discharge if basis == "discharge" else c.admission
    if c.kind == "outpatient":
        return c.visit_date
    return c.event_date


def get_member(uow: UnitOfWork, member_id: int) -> MemberDetail:
    """A member with their enrollments, claims and what is left of each scheme's cap."""
    s = uow.session
    hit = s.execute(_member_select().where(Member.id == member_id)).first()
    if hit is None:
        raise NotFound(msg("没有这个职工（{i}）", "no such member ({i})", i=member_id))
    m, unit_name = hit
    enrollments = enrollment_rows(s, Enrollment.member_id == member_id)
    claim_rows: list[ClaimRow] = []
    paid_by_scheme: dict[int, Decimal] = {}
    for c, sc in s.execute(
        select(Claim, Scheme)
        .join(Scheme, Scheme.id == Claim.scheme_id)
        .where(Claim.member_id == member_id)
        .order_by(Claim.created_at.desc(), Claim.id.desc())
    ):
        claim_rows.append(
            ClaimRow(
                c.id,
                c.claim_no,
                c.approval_no,
                sc.code,
                c.kind,
                _covered(c, sc),
                c.status,
                c.payout,
                c.created_at,
            )
        )
        if c.status in _CAP_STATUSES:
            paid_by_scheme[sc.id] = paid_by_scheme.get(sc.id, Decimal("0.00")) + c.payout
    claims = tuple(claim_rows)
    caps: list[CapRow] = []
    for e in enrollments:
        scheme = s.get(Scheme, e.scheme_id)
        assert scheme is not None
        cap = scheme.annual_cap * e.shares if scheme.annual_cap is not None else None
        paid = paid_by_scheme.get(e.scheme_id, Decimal("0.00"))
        left = max(Decimal("0.00"), cap - paid) if cap is not None else None
        caps.append(CapRow(e.scheme_id, e.scheme_code, e.scheme_name, cap, paid, left))
    return MemberDetail(
        _row(m, unit_name),
        m.medical_type,
        m.bank_account,
        m.unit_id,
        tuple(enrollments),
        claims,
        tuple(caps),
    )


# --- changing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanMember:
    """A member's fields after every check, ready to store."""

    id_number: str
    gender: str
    birth_date: date
    name: str
    phone: str | None
    unit_id: int | None
    medical_type: str | None
    categories: str
    bank_account: str | None


def clean_input(session: Session, data: MemberInput) -> CleanMember:
    """Check every field of a member form; raise ValidationError with the first problem."""
    info = check_id_number(data.id_number)
    name = check_name(data.name)
    phone = check_mobile(data.phone)
    account = check_account(data.bank_account)
    medical = check_medical_type(data.medical_type)
    cats = check_categories(tuple(data.categories), known_categories(session))
    if data.unit_id is not None and session.get(Unit, data.unit_id) is None:
        raise ValidationError(msg("没有这个单位（{i}）", "no such unit ({i})", i=data.unit_id))
    return CleanMember(
        info.number,
        info.gender,
        info.birth_date,
        name,
        phone,
        data.unit_id,
        medical,
        join_categories(cats),
        account,
    )


def _taken(session: Session, number: str, except_id: int | None = None) -> Member | None:
    stmt = select(Member).where(Member.id_number == number)
    if except_id is not None:
        stmt = stmt.where(Member.id != except_id)
    return session.execute(stmt).scalars().first()


def _duplicate(other: Member) -> Conflict:
    return Conflict(
        msg(
            "身份证号 {i} 已登记为职工 {n}",
            "the resident ID {i} is registered already, for {n}",
            i=mask_id(other.id_number),
            n=other.name,
        ),
        code="duplicate_member",
    )


def add_member(uow: UnitOfWork, actor: Actor, data: MemberInput) -> Done[MemberRow]:
    """Register a person (once: the resident ID is unique)."""
    authorize(uow, actor, Perm.MEMBERS, "member:new")
    s = uow.session
    c = clean_input(s, data)
    other = _taken(s, c.id_number)
    if other is not None:
        raise _duplicate(other)
    m = Member(
        id_number=c.id_number,
        name=c.name,
        name_pinyin=search.name_sort_key(c.name),
        gender=c.gender,
        birth_date=c.birth_date,
        phone=c.phone,
        medical_type=c.medical_type,
        categories=c.categories,
        bank_account=c.bank_account,
        unit_id=c.unit_id,
    )
    s.add(m)
    s.flush()
    search.reindex_member(s, m.id, m.name, m.id_number)
    audit.record(
        s,
        actor.login,
        "member.add",
        f"member:{m.uid}",
        detail={"name": m.name, "id_number": mask_id(m.id_number), "unit_id": m.unit_id},
    )
    unit_name = s.get(Unit, m.unit_id).name if m.unit_id else None  # type: ignore[union-attr]
    return Done(_row(m, unit_name), Changes(members=True, audit=True))


_MASKS = {"id_number": mask_id, "phone": mask_phone, "bank_account": mask_account}


def update_member(
    uow: UnitOfWork, actor: Actor, member_id: int, data: MemberInput
) -> Done[MemberRow]:
    """Change a member's details (all fields of the form). A new unit makes it the member's
    current unit; their enrollments keep the unit they were made through. The audit entry
    holds each changed field before and after (ID, phone and account masked)."""
    authorize(uow, actor, Perm.MEMBERS, f"member:{member_id}")
    s = uow.session
    m = s.get(Member, member_id)
    if m is None:
        raise NotFound(msg("没有这个职工（{i}）", "no such member ({i})", i=member_id))
    c = clean_input(s, data)
    other = _taken(s, c.id_number, except_id=m.id)
    if other is not None:
        raise _duplicate(other)
    changed: dict[str, dict[str, Any]] = {}
    for f in (
        "id_number",
        "name",
        "phone",
        "unit_id",
        "medical_type",
        "categories",
        "bank_account",
    ):
        before, after = getattr(m, f), getattr(c, f)
        if before != after:
            mask = _MASKS.get(f)
            changed[f] = {
                "before": mask(before) if mask else before,
                "after": mask(after) if mask else after,
            }
            setattr(m, f, after)
    m.gender, m.birth_date = c.gender, c.birth_date
    if "name" in changed or "id_number" in changed:
        m.name_pinyin = search.name_sort_key(m.name)
        s.flush()
        search.reindex_member(s, m.id, m.name, m.id_number)
    if changed:
        s.flush()
        audit.record(s, actor.login, "member.update", f"member:{m.uid}", detail=changed)
    unit_name = s.get(Unit, m.unit_id).name if m.unit_id else None  # type: ignore[union-attr]
    return Done(_row(m, unit_name), Changes(members=bool(changed), audit=bool(changed)))


def member_count(uow: UnitOfWork) -> int:
    return uow.session.execute(select(func.count(Member.id))).scalar_one()
