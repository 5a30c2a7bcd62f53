"""Read-only figures for the window's overview pages: the 工作台 (today's work, queues, the
payouts of the current period), the sync state shown in the status bar, and the lists the audit
viewer's filters offer.

Every function takes a session (a reader's is enough) and returns frozen dataclasses. "Today"
is the desk's calendar day in China time (:func:`base.clock.today`), whatever the PC's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from base.clock import DESK_TZ, today
from db import keys
from db.models import AuditEntry, Claim, Enrollment, OutboxEntry, Payment, Scheme, SyncRun
from desk_app.system import settings

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class MonthPayout:
    """Money paid in one calendar month (reversals netted) and how many claims were paid."""

    month: str  # YYYY-MM
    amount: Decimal
    count: int


@dataclass(frozen=True)
class SyncState:
    configured: bool  # a city server address is set
    last_at: datetime | None  # the last attempt (aware UTC)
    last_ok: bool | None
    last_error: str | None
    last_success_at: datetime | None
    pending: int  # changes waiting in the outbox


@dataclass(frozen=True)
class Overview:
    day: date
    enrollments_today: int  # enrollments registered at the desk today
    claims_today: int  # claims entered today
    waiting_review: int  # submitted, not yet approved or rejected
    waiting_payment: int  # approved, not yet in a payment batch
    my_drafts: int  # the signed-in person's claims still being entered
    period_start: date
    period_end: date
    payouts: tuple[MonthPayout, ...]  # every month of the period, zero-filled
    payout_total: Decimal
    sync: SyncState


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The China-time calendar day as an aware UTC half-open range [start, end)."""
    start = datetime.combine(day, time(0), tzinfo=DESK_TZ).astimezone(UTC)
    return start, start + timedelta(days=1)


def current_period(session: Session, day: date) -> tuple[date, date]:
    """The coverage period the desk is working in on ``day``.

    The active scheme covering ``day`` whose period started first (its own end date; on a tie the
    later end), so a county on an October–September year sees that year. Between periods (the
    new scheme not loaded yet) the last period that ended, whose claims are still being paid.
    With no scheme at all, the calendar year.
    """
    active = Scheme.active.is_(True)
    row = session.execute(
        select(Scheme.period_start, Scheme.period_end)
        .where(active, Scheme.period_start <= day, Scheme.period_end >= day)
        .order_by(Scheme.period_start, Scheme.period_end.desc())
        .limit(1)
    ).first()
    if row is None:
        row = session.execute(
            select(Scheme.period_start, Scheme.period_end)
            .where(active, Scheme.period_end < day)
            .order_by(Scheme.period_end.desc(), Scheme.period_start)
            .limit(1)
        ).first()
    if row is None:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return row[0], row[1]


def _months(start: date, end: date) -> list[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def payouts_by_month(session: Session, start: date, end: date) -> list[MonthPayout]:
    """Payments by pay date month within [start, end], reversals netted, zero-filled."""
    month = func.strftime("%Y-%m", Payment.pay_date)
    rows = session.execute(
        select(
            month,
            func.sum(Payment.amount),
            func.sum(func.iif(Payment.kind == "payment", 1, 0)),
        )
        .where(Payment.pay_date >= start, Payment.pay_date <= end)
        .group_by(month)
    ).all()
    found = {r[0]: (r[1] if r[1] is not None else ZERO, int(r[2] or 0)) for r in rows}
    return [MonthPayout(m, *found.get(m, (ZERO, 0))) for m in _months(start, end)]


def sync_state(session: Session) -> SyncState:
    """What the 工作台 says about the link to the city: configured once a server address and
    the city's token are stored (``desk-app sync setup``)."""
    from db.models import SyncState as LinkState  # the sync stream's table

    link = session.get(LinkState, 1)
    configured = bool(settings.get(session, settings.SYNC_SERVER)) and bool(
        link and link.token_site and keys.unseal(keys.folder_of(session), keys.SYNC_TOKEN)
    )
    last = session.execute(select(SyncRun).order_by(SyncRun.id.desc()).limit(1)).scalar()
    success = session.execute(
        select(func.max(SyncRun.finished_at)).where(SyncRun.ok.is_(True))
    ).scalar()
    pending = session.execute(select(func.count()).select_from(OutboxEntry)).scalar_one()
    return SyncState(
        configured=configured,
        last_at=(last.finished_at or last.started_at) if last else None,
        last_ok=last.ok if last else None,
        last_error=last.error if last else None,
        last_success_at=success,
        pending=int(pending),
    )


def _count(session: Session, stmt: object) -> int:
    return int(session.execute(stmt).scalar_one())  # type: ignore[call-overload]


def overview(session: Session, *, login: str | None = None, day: date | None = None) -> Overview:
    """Everything the 工作台 shows, in one read."""
    day = day or today()
    lo, hi = day_bounds(day)
    enrollments_today = _count(
        session,
        select(func.count(Enrollment.id)).where(
            Enrollment.created_at >= lo, Enrollment.created_at < hi
        ),
    )
    claims_today = _count(
        session, select(func.count(Claim.id)).where(Claim.created_at >= lo, Claim.created_at < hi)
    )
    waiting_review = _count(
        session, select(func.count(Claim.id)).where(Claim.status == "submitted")
    )
    waiting_payment = _count(
        session,
        select(func.count(Claim.id)).where(
            Claim.status == "approved", Claim.payment_batch_id.is_(None)
        ),
    )
    my_drafts = (
        _count(
            session,
            select(func.count(Claim.id)).where(Claim.status == "draft", Claim.created_by == login),
        )
        if login
        else 0
    )
    start, end = current_period(session, day)
    payouts = payouts_by_month(session, start, end)
    return Overview(
        day=day,
        enrollments_today=enrollments_today,
        claims_today=claims_today,
        waiting_review=waiting_review,
        waiting_payment=waiting_payment,
        my_drafts=my_drafts,
        period_start=start,
        period_end=end,
        payouts=tuple(payouts),
        payout_total=sum((p.amount for p in payouts), ZERO),
        sync=sync_state(session),
    )


def audit_logins(session: Session) -> list[str]:
    """Every login that appears in the audit log, for the viewer's user filter."""
    rows = session.execute(
        select(AuditEntry.login).where(AuditEntry.login.is_not(None)).distinct()
    ).scalars()
    return sorted(r for r in rows if r)


def audit_actions(session: Session) -> list[str]:
    """Every action name in the audit log, for the viewer's action filter."""
    return sorted(session.execute(select(AuditEntry.action).distinct()).scalars())
