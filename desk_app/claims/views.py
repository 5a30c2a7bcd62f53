"""Reading claims: one claim in full, and the claim lists (ids sorted and filtered in SQL, then
rows a page at a time). Reads only; safe on the GUI thread with a read-only unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from base.clock import DESK_TZ
from base.errors import Conflict, NotFound, ValidationError, msg
from db.engine import UnitOfWork
from db.models import (
    AuditEntry,
    Claim,
    Enrollment,
    Member,
    MemberSearchKey,
    PaymentBatch,
    Receipt,
    Scheme,
    Unit,
)
from desk_app.claims.calc import current_calculation, load_scheme_for, view_of_stored
from desk_app.claims.checks import covered_date
from desk_app.claims.model import (
    COMPONENTS,
    QUEUE_SORTS,
    STATUSES,
    ClaimView,
    QueueFilter,
    QueueRow,
    ReceiptView,
    status_names,
)
from desk_app.claims.numbers import clean_number, invoice_key
from desk_app.claims.paper_state import paper_views
from desk_app.people.search import normalise_text, prefix_bounds

# Audit actions by which a person puts their hand on a claim's content: such a person may not
# review it (the four-eyes rule).
ENTERING_ACTIONS = ("claim.create", "claim.update", "claim.submit", "claim.import")


def target(claim_no: str) -> str:
    """The audit target of a claim."""
    return f"claim:{claim_no}"


def wrong_status(claim: Claim, zh: str, en: str) -> Conflict:
    """The refusal of a step the claim's status does not allow: "claim LP… is 已审批: …"."""
    st_zh, st_en = status_names(claim.status)
    return Conflict(
        msg(
            "申请 {n} 当前为「{s}」，" + zh,
            "claim {n} is {s_en}: " + en,
            n=claim.claim_no,
            s=st_zh,
            s_en=st_en,
        ),
        code="wrong_status",
    )


def find_claim(session: Session, claim_id_or_number: int | str) -> Claim:
    """A claim by id (``int``), claim number or approval number (``str``, as typed)."""
    claim: Claim | None
    if isinstance(claim_id_or_number, int):
        claim = session.get(Claim, claim_id_or_number)
    else:
        number = clean_number(claim_id_or_number)
        claim = session.execute(
            select(Claim).where(or_(Claim.claim_no == number, Claim.approval_no == number))
        ).scalar_one_or_none()
    if claim is None:
        raise NotFound(msg("没有申请 {n}", "no claim {n}", n=claim_id_or_number), code="no_claim")
    return claim


def entered_by(session: Session, claim: Claim) -> tuple[str, ...]:
    """Everyone who created, edited, imported or submitted the claim."""
    logins = {claim.created_by}
    if claim.submitted_by:
        logins.add(claim.submitted_by)
    logins.update(
        login
        for login in session.execute(
            select(AuditEntry.login)
            .where(
                AuditEntry.target == target(claim.claim_no),
                AuditEntry.action.in_(ENTERING_ACTIONS),
            )
            .distinct()
        ).scalars()
        if login
    )
    return tuple(sorted(logins))


def claim_view(session: Session, claim: Claim) -> ClaimView:
    member = session.get(Member, claim.member_id)
    enrollment = session.get(Enrollment, claim.enrollment_id)
    scheme_row = session.get(Scheme, claim.scheme_id)
    assert member is not None and enrollment is not None and scheme_row is not None
    unit_id = enrollment.unit_id or member.unit_id
    unit = session.get(Unit, unit_id) if unit_id else None
    batch = session.get(PaymentBatch, claim.payment_batch_id) if claim.payment_batch_id else None
    calc = current_calculation(session, claim.id)
    scheme = load_scheme_for(session, scheme_row)
    receipts = tuple(
        ReceiptView(
            invoice_no=r.invoice_no,
            hospital=r.hospital,
            total=r.total,
            **{c: getattr(r, c) for c in COMPONENTS},
            id=r.id,
            seq=r.seq,
        )
        for r in session.execute(
            select(Receipt).where(Receipt.claim_id == claim.id).order_by(Receipt.seq, Receipt.id)
        ).scalars()
    )
    return ClaimView(
        id=claim.id,
        claim_no=claim.claim_no,
        approval_no=claim.approval_no,
        status=claim.status,
        kind=claim.kind,
        member_id=member.id,
        member_name=member.name,
        id_number=member.id_number,
        gender=member.gender,
        phone=member.phone,
        unit_name=unit.name if unit else None,
        enrollment_id=enrollment.id,
        scheme_id=scheme_row.id,
        scheme_code=scheme_row.code,
        scheme_name=scheme_row.name,
        shares=enrollment.shares,
        period_start=scheme_row.period_start,
        period_end=scheme_row.period_end,
        admission=claim.admission,
        discharge=claim.discharge,
        visit_date=claim.visit_date,
        event_date=claim.event_date,
        hospital=claim.hospital,
        disease_code=claim.disease_code,
        disease_name=claim.disease_name,
        receipts=receipts,
        total_cost=claim.total_cost,
        calc=view_of_stored(calc, claim) if calc is not None else None,
        reject_code=claim.reject_code,
        reject_text=claim.reject_text,
        note=claim.note,
        created_by=claim.created_by,
        created_at=claim.created_at,
        submitted_by=claim.submitted_by,
        submitted_at=claim.submitted_at,
        reviewed_by=claim.reviewed_by,
        reviewed_at=claim.reviewed_at,
        paid_on=claim.paid_on,
        payment_batch_no=batch.batch_no if batch else None,
        source=claim.source,
        covered_date=covered_date(
            scheme,
            claim.kind,
            admission=claim.admission,
            discharge=claim.discharge,
            visit_date=claim.visit_date,
            event_date=claim.event_date,
        ),
        bank_account=member.bank_account,
        entered_by=entered_by(session, claim),
        second_look=bool(claim.second_look),
        papers=paper_views(session, claim, scheme),
        papers_seen=(
            tuple((claim.documents or {}).get("seen", {})) if claim.documents is not None else None
        ),
    )


def get_claim(uow: UnitOfWork, claim_id_or_number: int | str) -> ClaimView:
    """One claim in full, by id, claim number or approval number."""
    s = uow.session
    return claim_view(s, find_claim(s, claim_id_or_number))


# --- lists -------------------------------------------------------------------------------

_ANY_DATE = func.coalesce(Claim.admission, Claim.visit_date, Claim.event_date)


def _utc_bounds(f: QueueFilter) -> tuple[datetime | None, datetime | None]:
    lo = hi = None
    if f.date_from is not None:
        lo = datetime.combine(f.date_from, time(0), DESK_TZ)
    if f.date_to is not None:
        hi = datetime.combine(f.date_to + timedelta(days=1), time(0), DESK_TZ)
    return lo, hi


def queue_ids(
    uow: UnitOfWork, f: QueueFilter, *, sort: str = "submitted_at", descending: bool = False
) -> list[int]:
    """Ids of the claims the filter selects, sorted in SQL (ties by id), for a table model
    that fetches rows a page at a time with :func:`queue_rows`."""
    if sort not in QUEUE_SORTS:
        raise ValidationError(msg("不能按 {s} 排序", "cannot sort by {s}", s=sort), code="bad_sort")
    bad = [st for st in f.status if st not in STATUSES]
    if bad:
        raise ValidationError(msg("未知的状态 {s}", "unknown status {s}", s=", ".join(bad)))
    q = _QueueQuery()
    q.where(*_claim_conditions(f))
    if f.unit_id is not None:
        q.where(q.unit_id() == f.unit_id)
    text = (f.text or "").strip()
    if text:
        q.where(_text_matches(text))
    order = [*q.sort_key(sort), Claim.id]
    if descending:
        order = [c.desc() for c in order]
    return list(uow.session.execute(q.stmt.order_by(*order)).scalars())


class _QueueQuery:
    """``select(Claim.id)`` with the claim's member and enrollment joined once each, when a
    condition or the sort needs them."""

    def __init__(self) -> None:
        self.stmt: Any = select(Claim.id)
        self.enr = aliased(Enrollment)
        self.mem = aliased(Member)
        self._joined: set[str] = set()

    def where(self, *conditions: Any) -> None:
        if conditions:
            self.stmt = self.stmt.where(*conditions)

    def need_member(self) -> None:
        if "member" not in self._joined:
            self.stmt = self.stmt.join(self.mem, self.mem.id == Claim.member_id)
            self._joined.add("member")

    def need_enrollment(self) -> None:
        if "enrollment" not in self._joined:
            self.stmt = self.stmt.join(self.enr, self.enr.id == Claim.enrollment_id)
            self._joined.add("enrollment")

    def unit_id(self) -> Any:
        """The claim's unit: the enrollment's, else the member's."""
        self.need_member()
        self.need_enrollment()
        return func.coalesce(self.enr.unit_id, self.mem.unit_id)

    def sort_key(self, sort: str) -> list[Any]:
        if sort in ("member_name", "id_number"):
            self.need_member()
            return [self.mem.name_pinyin if sort == "member_name" else self.mem.id_number]
        if sort == "unit":
            unit, unit_id = aliased(Unit), self.unit_id()  # joins first
            self.stmt = self.stmt.outerjoin(unit, unit.id == unit_id)
            return [unit.code]
        if sort == "scheme_code":
            scheme = aliased(Scheme)
            self.stmt = self.stmt.join(scheme, scheme.id == Claim.scheme_id)
            return [scheme.code]
        if sort == "covered_date":
            return [_ANY_DATE]
        return [getattr(Claim, sort)]


def _claim_conditions(f: QueueFilter) -> list[Any]:
    """The filter's conditions on the claim's own columns."""
    conds: list[Any] = []
    if f.status:
        conds.append(Claim.status.in_(f.status))
    if f.scheme_id is not None:
        conds.append(Claim.scheme_id == f.scheme_id)
    if f.member_id is not None:
        conds.append(Claim.member_id == f.member_id)
    lo, hi = _utc_bounds(f)
    if lo is not None:
        conds.append(Claim.submitted_at >= lo)
    if hi is not None:
        conds.append(Claim.submitted_at < hi)
    if f.min_payout is not None:
        conds.append(Claim.payout >= f.min_payout)
    if f.max_payout is not None:
        conds.append(Claim.payout <= f.max_payout)
    if f.created_by:
        conds.append(Claim.created_by == f.created_by)
    if f.calc_status:
        conds.append(Claim.calc_status == f.calc_status)
    if f.second_look is not None:
        conds.append(Claim.second_look.is_(f.second_look))
    return conds


def _text_matches(text: str) -> Any:
    """What the search box matches: a claim or approval number (a number as typed so far is a
    prefix, a short form such as "lp2015-12" the whole number), the member's search keys, a
    part of the hospital's name (two characters or more)."""
    typed = invoice_key(text)
    number = clean_number(text)
    q = normalise_text(text)
    conds: list[Any] = [
        Claim.claim_no.startswith(typed, autoescape=True),
        Claim.approval_no.startswith(typed, autoescape=True),
        Claim.claim_no == number,
        Claim.approval_no == number,
    ]
    if q:
        lo_k, hi_k = prefix_bounds(q[:80])
        conds.append(
            Claim.member_id.in_(
                select(MemberSearchKey.member_id).where(
                    and_(MemberSearchKey.key >= lo_k, MemberSearchKey.key < hi_k)
                )
            )
        )
    if len(text) >= 2:
        conds.append(Claim.hospital.contains(text, autoescape=True))
    return or_(*conds)


def queue_rows(uow: UnitOfWork, ids: Sequence[int]) -> list[QueueRow]:
    """The rows for ``ids``, in the order given; unknown ids are left out."""
    s = uow.session
    found: dict[int, QueueRow] = {}
    schemes: dict[int, Any] = {}
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        stmt = (
            select(Claim, Member.name, Member.id_number, Unit.name, Scheme)
            .join(Member, Member.id == Claim.member_id)
            .join(Enrollment, Enrollment.id == Claim.enrollment_id)
            .join(Scheme, Scheme.id == Claim.scheme_id)
            .outerjoin(Unit, Unit.id == func.coalesce(Enrollment.unit_id, Member.unit_id))
            .where(Claim.id.in_(chunk))
        )
        for c, name, id_number, unit_name, scheme_row in s.execute(stmt):
            scheme = schemes.get(scheme_row.id)
            if scheme is None:
                scheme = schemes[scheme_row.id] = load_scheme_for(s, scheme_row)
            found[c.id] = QueueRow(
                id=c.id,
                claim_no=c.claim_no,
                status=c.status,
                member_name=name,
                id_number=id_number,
                unit_name=unit_name,
                scheme_code=scheme_row.code,
                kind=c.kind,
                covered_date=covered_date(
                    scheme,
                    c.kind,
                    admission=c.admission,
                    discharge=c.discharge,
                    visit_date=c.visit_date,
                    event_date=c.event_date,
                ),
                payout=c.payout,
                total_cost=c.total_cost,
                created_by=c.created_by,
                submitted_at=c.submitted_at,
                calc_status=c.calc_status,
                approval_no=c.approval_no,
                calc_reason=c.calc_reason,
                second_look=bool(c.second_look),
            )
    return [found[i] for i in ids if i in found]
