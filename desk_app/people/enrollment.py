"""Enrollment (参保): a member holding shares of one scheme, and the units' batches (参保批次).

A member is enrolled in a scheme at most once (the database has a unique constraint; the
service says so in words first). The premium is shares × the scheme's premium per share. An
enrollment is a renewal (续保, no observation period) when the member was enrolled in the
previous period of the same plan: the scheme with the same ``plan`` whose period ends latest
before this one starts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.changes import Changes, Done
from base.clock import today
from base.errors import Conflict, NotFound, ValidationError, msg
from db.engine import UnitOfWork
from db.models import Enrollment, EnrollmentBatch, Member, Scheme, Unit
from db.models.schemes import scheme_by_code
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.people.members import EnrollmentRow, enrollment_rows
from desk_app.people.units import BatchRow
from desk_app.system import counters
from desk_app.system.months import check_open_month, locked_through, month_of


def previous_scheme(session: Session, scheme: Scheme) -> Scheme | None:
    """The previous period of the same plan: the scheme of this plan whose period ends
    latest before this one starts."""
    return (
        session.execute(
            select(Scheme)
            .where(Scheme.plan == scheme.plan, Scheme.period_end < scheme.period_start)
            .order_by(Scheme.period_end.desc(), Scheme.id.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )


def is_renewal(uow: UnitOfWork, member_id: int, scheme_id: int) -> bool:
    """Was the member enrolled in the previous period of this scheme's plan?"""
    s = uow.session
    scheme = s.get(Scheme, scheme_id)
    if scheme is None:
        return False
    prev = previous_scheme(s, scheme)
    if prev is None:
        return False
    return (
        s.execute(
            select(Enrollment.id).where(
                Enrollment.member_id == member_id, Enrollment.scheme_id == prev.id
            )
        ).first()
        is not None
    )


def member_enrollments(uow: UnitOfWork, member_id: int) -> list[EnrollmentRow]:
    """The member's enrollments, newest period first."""
    return enrollment_rows(uow.session, Enrollment.member_id == member_id)


def check_shares(shares: object, max_shares: int) -> int:
    """Shares as a whole number within 1..max_shares; raise ValidationError."""
    if isinstance(shares, bool) or not isinstance(shares, int):
        raise ValidationError(
            msg("份数应为整数：{s}", "shares must be a whole number: {s}", s=shares)
        )
    if shares < 1:
        raise ValidationError(msg("份数至少为 1", "at least one share"))
    if shares > max_shares:
        raise ValidationError(
            msg(
                "份数 {s} 超过本方案每人最多 {m} 份",
                "{s} shares is more than this scheme's {m} per member",
                s=shares,
                m=max_shares,
            ),
            code="too_many_shares",
        )
    return shares


def check_enrolled_on(day: date, scheme: Scheme, closed: str | None = None) -> date:
    """An enrollment date cannot fall after the period it enrolls for, nor in a month whose
    return was submitted (``closed``: the last locked month, from ``months.locked_through``):
    the return counts enrollments by their date, so the submitted figures would change."""
    if closed is not None and month_of(day) <= closed:
        check_open_month(day, closed, "参保", "an enrollment")
    if day > scheme.period_end:
        raise ValidationError(
            msg(
                "参保日期 {d} 晚于保障期结束日 {e}",
                "the enrollment date {d} is after the end of the period ({e})",
                d=day.isoformat(),
                e=scheme.period_end.isoformat(),
            ),
            code="enrolled_after_period",
        )
    return day


def get_scheme(session: Session, scheme_id: int) -> Scheme:
    """The active scheme with this id, for enrolling members in it."""
    scheme = session.get(Scheme, scheme_id)
    if scheme is None:
        raise NotFound(msg("没有这个方案（{i}）", "no such scheme ({i})", i=scheme_id))
    return _active(scheme, "参保")


def active_scheme_by_code(session: Session, code: str | None) -> Scheme:
    """The active scheme with this code, as a roster or a settlement file names it, for
    importing the file."""
    scheme = scheme_by_code(session, code)
    if scheme is None:
        raise NotFound(msg("没有方案 {c}", "no scheme {c}", c=code))
    return _active(scheme, "导入")


def _active(scheme: Scheme, then_zh: str) -> Scheme:
    """An inactive scheme is refused: an admin activates it before members are enrolled in
    it or files imported for it (``then_zh``: 参保 or 导入, what waits for the admin)."""
    if not scheme.active:
        raise ValidationError(
            msg(
                "方案 {c} 尚未启用，请管理员启用后再{then}",
                "the scheme {c} is not active: an admin must activate it first",
                c=scheme.code,
                then=then_zh,
            )
        )
    return scheme


def next_batch_no(session: Session, on: date | None = None) -> str:
    """``CB2015-00042``: a gap-free running number per calendar year (参保批次号)."""
    year = (on or today()).year
    n = counters.next_value(session, f"enrollment_batch:{year}")
    return f"CB{year}-{n:05d}"


def _batch_row(session: Session, b: EnrollmentBatch) -> BatchRow:
    scheme = session.get(Scheme, b.scheme_id)
    assert scheme is not None
    return BatchRow(
        b.id,
        b.batch_no,
        scheme.code,
        scheme.name,
        b.head_count,
        b.premium_total,
        b.receipt_no,
        b.created_at,
        b.created_by,
    )


def create_batch(
    uow: UnitOfWork,
    actor: Actor,
    unit_id: int,
    scheme_id: int,
    *,
    receipt_no: str | None = None,
) -> Done[BatchRow]:
    """Open a unit's enrollment batch for a scheme (参保申报表); enrollments added with its id
    count into its head count and premium total."""
    authorize(uow, actor, Perm.ENROLL, f"unit:{unit_id}")
    s = uow.session
    if s.get(Unit, unit_id) is None:
        raise NotFound(msg("没有这个单位（{i}）", "no such unit ({i})", i=unit_id))
    scheme = get_scheme(s, scheme_id)
    b = EnrollmentBatch(
        batch_no=next_batch_no(s),
        unit_id=unit_id,
        scheme_id=scheme.id,
        head_count=0,
        premium_total=Decimal("0.00"),
        receipt_no=clean_receipt_no(receipt_no),
        created_by=actor.login,
    )
    s.add(b)
    s.flush()
    audit.record(
        s,
        actor.login,
        "enrollment.batch",
        f"batch:{b.batch_no}",
        detail={"unit_id": unit_id, "scheme": scheme.code, "receipt_no": b.receipt_no},
    )
    return Done(_batch_row(s, b), Changes(enrollments=True, units=True, audit=True))


def clean_receipt_no(text: str | None) -> str | None:
    t = (text or "").strip()
    if not t:
        return None
    if len(t) > 40:
        raise ValidationError(
            msg("缴费票据号太长（最多 40 位）", "the receipt number is too long (at most 40)")
        )
    return t


def set_batch_receipt(
    uow: UnitOfWork, actor: Actor, batch_id: int, receipt_no: str | None
) -> Done[BatchRow]:
    """Record the premium's receipt number (缴费票据号) on a batch, often known only after the
    unit has paid."""
    authorize(uow, actor, Perm.ENROLL, f"batch:{batch_id}")
    s = uow.session
    b = s.get(EnrollmentBatch, batch_id)
    if b is None:
        raise NotFound(msg("没有这个参保批次（{i}）", "no such batch ({i})", i=batch_id))
    new = clean_receipt_no(receipt_no)
    if new != b.receipt_no:
        audit.record(
            s,
            actor.login,
            "enrollment.batch_receipt",
            f"batch:{b.batch_no}",
            detail={"before": b.receipt_no, "after": new},
        )
        b.receipt_no = new
        s.flush()
    return Done(_batch_row(s, b), Changes(enrollments=True, units=True, audit=True))


def enroll_member(
    uow: UnitOfWork,
    actor: Actor,
    member_id: int,
    scheme_id: int,
    *,
    shares: int = 1,
    enrolled_on: date | None = None,
    unit_id: int | None = None,
    batch_id: int | None = None,
) -> Done[EnrollmentRow]:
    """Enroll one member in one scheme (at the window, or through a unit's batch).

    The unit defaults to the member's current unit and stays with the enrollment when the
    member later moves; ``enrolled_on`` defaults to today.
    """
    authorize(uow, actor, Perm.ENROLL, f"member:{member_id}")
    s = uow.session
    member = s.get(Member, member_id)
    if member is None:
        raise NotFound(msg("没有这个职工（{i}）", "no such member ({i})", i=member_id))
    scheme = get_scheme(s, scheme_id)
    _not_enrolled_yet(s, member, scheme)
    shares = check_shares(shares, scheme.max_shares)
    day = check_enrolled_on(enrolled_on or today(), scheme, locked_through(s))
    unit, batch = _unit_and_batch(s, member, scheme, unit_id, batch_id)
    premium = scheme.premium_per_share * shares
    renewal = is_renewal(uow, member_id, scheme_id)
    e = Enrollment(
        member_id=member_id,
        scheme_id=scheme.id,
        unit_id=unit,
        batch_id=batch_id,
        shares=shares,
        premium=premium,
        enrolled_on=day,
        renewal=renewal,
        created_by=actor.login,
    )
    s.add(e)
    if batch is not None:
        batch.head_count += 1
        batch.premium_total = batch.premium_total + premium
    s.flush()
    audit.record(
        s,
        actor.login,
        "enrollment.add",
        f"member:{member.uid}",
        detail={
            "scheme": scheme.code,
            "shares": shares,
            "premium": str(premium),
            "renewal": renewal,
            "enrolled_on": day.isoformat(),
            "batch": batch.batch_no if batch else None,
        },
    )
    row = enrollment_rows(s, Enrollment.id == e.id)[0]
    return Done(row, Changes(enrollments=True, members=True, audit=True))


def _not_enrolled_yet(s: Session, member: Member, scheme: Scheme) -> None:
    """A member is enrolled in a scheme at most once (said in words before the database's
    unique constraint says it)."""
    existing = s.execute(
        select(Enrollment).where(
            Enrollment.member_id == member.id, Enrollment.scheme_id == scheme.id
        )
    ).scalar_one_or_none()
    if existing is not None:
        raise Conflict(
            msg(
                "{n} 已参加「{s}」（参保日期 {d}），同一方案不能重复参保",
                "{n} is enrolled in {s} already (since {d}); nobody is enrolled twice in a scheme",
                n=member.name,
                s=scheme.name,
                d=existing.enrolled_on.isoformat(),
            ),
            code="already_enrolled",
        )


def _unit_and_batch(
    s: Session, member: Member, scheme: Scheme, unit_id: int | None, batch_id: int | None
) -> tuple[int | None, EnrollmentBatch | None]:
    """The enrollment's unit (the one given, else the member's, else the batch's) and its
    batch, which must be for the same scheme."""
    unit = unit_id if unit_id is not None else member.unit_id
    if unit is not None and s.get(Unit, unit) is None:
        raise NotFound(msg("没有这个单位（{i}）", "no such unit ({i})", i=unit))
    if batch_id is None:
        return unit, None
    batch = s.get(EnrollmentBatch, batch_id)
    if batch is None:
        raise NotFound(msg("没有这个参保批次（{i}）", "no such batch ({i})", i=batch_id))
    if batch.scheme_id != scheme.id:
        raise ValidationError(
            msg(
                "参保批次 {b} 属于另一个方案",
                "the batch {b} is for another scheme",
                b=batch.batch_no,
            )
        )
    return (batch.unit_id if unit is None else unit), batch
