"""Enrolling units (参保单位 / 基层工会): add, change, list, and their enrollment batches."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, or_, select

from base.changes import Changes, Done
from base.errors import Conflict, NotFound, ValidationError, msg
from db.engine import UnitOfWork
from db.models import EnrollmentBatch, Member, Scheme, Unit
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
_PHONE = re.compile(r"^[0-9+()\- ]{7,20}$")


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    industry: str | None
    contact: str | None
    phone: str | None
    county: str | None
    member_count: int


@dataclass(frozen=True)
class UnitInput:
    code: str
    name: str
    industry: str | None = None
    contact: str | None = None
    phone: str | None = None
    county: str | None = None


@dataclass(frozen=True)
class BatchRow:
    id: int
    batch_no: str
    scheme_code: str
    scheme_name: str
    head_count: int
    premium_total: Decimal
    receipt_no: str | None
    created_at: datetime
    created_by: str | None


@dataclass(frozen=True)
class UnitDetail:
    unit: UnitRow
    batches: tuple[BatchRow, ...]


def _opt(value: str | None, limit: int, what_zh: str, what_en: str) -> str | None:
    v = (value or "").strip()
    if not v:
        return None
    if len(v) > limit:
        raise ValidationError(
            msg(
                "{w}太长（最多 {n} 个字）",
                "the {w_en} is too long (at most {n} characters)",
                w=what_zh,
                w_en=what_en,
                n=limit,
            )
        )
    return v


def _clean(data: UnitInput) -> UnitInput:
    code = (data.code or "").strip()
    if not _CODE.match(code):
        raise ValidationError(
            msg(
                "单位编码须为 1–32 位字母、数字或 . _ -",
                "the unit code must be 1-32 letters, digits or . _ -",
            )
        )
    name = (data.name or "").strip()
    if not name:
        raise ValidationError(msg("请填写单位名称", "the unit name is empty"))
    name = _opt(name, 100, "单位名称", "unit name") or ""
    phone = _opt(data.phone, 20, "联系电话", "phone number")
    if phone is not None and not _PHONE.match(phone):
        raise ValidationError(msg("联系电话格式不对：{p}", "not a phone number: {p}", p=phone))
    return UnitInput(
        code=code,
        name=name,
        industry=_opt(data.industry, 50, "产业", "industry"),
        contact=_opt(data.contact, 50, "联系人", "contact"),
        phone=phone,
        county=_opt(data.county, 50, "所属区县", "county"),
    )


def _row(u: Unit, member_count: int) -> UnitRow:
    return UnitRow(u.id, u.code, u.name, u.industry, u.contact, u.phone, u.county, member_count)


def _member_count(uow: UnitOfWork, unit_id: int) -> int:
    return uow.session.execute(
        select(func.count(Member.id)).where(Member.unit_id == unit_id)
    ).scalar_one()


def _code_taken(uow: UnitOfWork, code: str, except_id: int | None = None) -> Unit | None:
    stmt = select(Unit).where(func.lower(Unit.code) == code.lower())
    if except_id is not None:
        stmt = stmt.where(Unit.id != except_id)
    return uow.session.execute(stmt).scalars().first()


def list_units(uow: UnitOfWork, text: str = "") -> list[UnitRow]:
    """Units whose code or name contains ``text``, by code, with their current member count."""
    counts = (
        select(Member.unit_id, func.count(Member.id).label("n")).group_by(Member.unit_id).subquery()
    )
    stmt = select(Unit, func.coalesce(counts.c.n, 0)).outerjoin(counts, counts.c.unit_id == Unit.id)
    t = (text or "").strip()
    if t:
        stmt = stmt.where(
            or_(Unit.code.contains(t, autoescape=True), Unit.name.contains(t, autoescape=True))
        )
    stmt = stmt.order_by(Unit.code)
    return [_row(u, n) for u, n in uow.session.execute(stmt).all()]


def get_unit(uow: UnitOfWork, unit_id: int) -> UnitDetail:
    """One unit with its enrollment batches, newest first."""
    u = uow.session.get(Unit, unit_id)
    if u is None:
        raise NotFound(msg("没有这个单位（{i}）", "no such unit ({i})", i=unit_id))
    rows = uow.session.execute(
        select(EnrollmentBatch, Scheme.code, Scheme.name)
        .join(Scheme, Scheme.id == EnrollmentBatch.scheme_id)
        .where(EnrollmentBatch.unit_id == unit_id)
        .order_by(EnrollmentBatch.created_at.desc(), EnrollmentBatch.id.desc())
    ).all()
    batches = tuple(
        BatchRow(
            b.id,
            b.batch_no,
            code,
            name,
            b.head_count,
            b.premium_total,
            b.receipt_no,
            b.created_at,
            b.created_by,
        )
        for b, code, name in rows
    )
    return UnitDetail(_row(u, _member_count(uow, u.id)), batches)


def find_unit(uow: UnitOfWork, code: str) -> UnitRow | None:
    """The unit with this code (case does not matter), or ``None``."""
    u = _code_taken(uow, code.strip())
    return None if u is None else _row(u, _member_count(uow, u.id))


def add_unit(uow: UnitOfWork, actor: Actor, data: UnitInput) -> Done[UnitRow]:
    """Register a unit; its code is unique (case does not matter)."""
    authorize(uow, actor, Perm.UNITS, f"unit:{data.code}")
    d = _clean(data)
    other = _code_taken(uow, d.code)
    if other is not None:
        raise Conflict(
            msg(
                "单位编码 {c} 已被「{n}」使用",
                "the unit code {c} is taken by {n}",
                c=d.code,
                n=other.name,
            )
        )
    u = Unit(
        code=d.code,
        name=d.name,
        industry=d.industry,
        contact=d.contact,
        phone=d.phone,
        county=d.county,
    )
    uow.session.add(u)
    uow.session.flush()
    audit.record(
        uow.session,
        actor.login,
        "unit.add",
        f"unit:{u.code}",
        detail={"name": u.name, "industry": u.industry},
    )
    return Done(_row(u, 0), Changes(units=True, audit=True))


_FIELDS = ("code", "name", "industry", "contact", "phone", "county")


def update_unit(uow: UnitOfWork, actor: Actor, unit_id: int, data: UnitInput) -> Done[UnitRow]:
    """Change a unit's details; the audit entry holds each changed field before and after."""
    authorize(uow, actor, Perm.UNITS, f"unit:{unit_id}")
    u = uow.session.get(Unit, unit_id)
    if u is None:
        raise NotFound(msg("没有这个单位（{i}）", "no such unit ({i})", i=unit_id))
    d = _clean(data)
    other = _code_taken(uow, d.code, except_id=u.id)
    if other is not None:
        raise Conflict(
            msg(
                "单位编码 {c} 已被「{n}」使用",
                "the unit code {c} is taken by {n}",
                c=d.code,
                n=other.name,
            )
        )
    changed: dict[str, dict[str, str | None]] = {}
    for f in _FIELDS:
        before, after = getattr(u, f), getattr(d, f)
        if before != after:
            changed[f] = {"before": before, "after": after}
            setattr(u, f, after)
    if changed:
        uow.session.flush()
        audit.record(uow.session, actor.login, "unit.update", f"unit:{u.code}", detail=changed)
    return Done(
        _row(u, _member_count(uow, u.id)), Changes(units=bool(changed), audit=bool(changed))
    )
