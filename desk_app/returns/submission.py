"""Exporting and submitting the monthly return (月报), and the month lock it sets.

``export_return`` counts the month, checks that 汇总's 合计 equals the detail sheets, refuses a
month with claims in draft unless forced, writes the workbook and keeps it (bytes, sha256, the
figures for the city) as a revision of the month: a new revision when the content changed, the
same one when it did not (the writer is deterministic). ``submit_return`` submits the latest
revision — after checking the month still counts the same — locks the month (and every month
before it), and marks the month's paid claims ``reported``. The sync sends the return to the
city. Runs on the database worker thread; nothing here commits.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from base.changes import Changes, Done
from base.clock import now, today
from base.errors import Conflict, NotFound, ValidationError, msg
from base.progress import Progress, check, report
from db.engine import UnitOfWork
from db.models import Claim, MonthLock, MonthlyReturn, PaymentBatch
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.payments.rows import touch_claims
from desk_app.returns import figures, monthly
from desk_app.returns.model import ReturnPreview, ReturnView, SummaryRow
from desk_app.system import settings
from desk_app.system.months import bounds, is_locked, month_of, parse_month
from desk_app.xlsx.style import write_bytes


def _view(r: MonthlyReturn) -> ReturnView:
    fig = r.figures if isinstance(r.figures, dict) else {}
    return ReturnView(
        id=r.id,
        month=r.month,
        revision=r.revision,
        status=r.status,
        file_name=r.file_name,
        sha256=r.sha256,
        created_at=r.created_at,
        created_by=r.created_by,
        submitted_at=r.submitted_at,
        submitted_by=r.submitted_by,
        drafts=int(fig.get("drafts") or 0),
    )


def _county(session: Session) -> tuple[str, str]:
    return settings.get(session, settings.COUNTY_CODE), settings.get(session, settings.COUNTY_NAME)


def _check_month(month: str) -> str:
    m = parse_month(month)
    first, _ = bounds(m)
    if first > today():
        raise ValidationError(
            msg("{m} 还没有开始，不能出月报", "{m} has not begun: there is no return yet", m=m),
            code="future_month",
        )
    return m


def _revisions(session: Session, month: str) -> list[MonthlyReturn]:
    return list(
        session.execute(
            select(MonthlyReturn)
            .where(MonthlyReturn.month == month)
            .order_by(MonthlyReturn.revision.desc(), MonthlyReturn.id.desc())
        ).scalars()
    )


def preview_return(uow: UnitOfWork, month: str) -> ReturnPreview:
    """The month's 汇总 as it would be exported now, with the counts the window shows and the
    cross-check (empty ``checks`` when 合计 equals the detail sheets). A reader is enough."""
    m = parse_month(month)
    s = uow.session
    code, name = _county(s)
    data = figures.compute(s, m, county_code=code, county_name=name)
    return ReturnPreview(
        month=m,
        rows=tuple(SummaryRow(dict(r)) for r in data.schemes),
        total=SummaryRow(dict(data.total)),
        enrollments=len(data.enrollments),
        payments=len(data.payments),
        drafts=data.drafts,
        locked=is_locked(s, m),
        checks=tuple(figures.cross_check(data)),
    )


def export_return(
    uow: UnitOfWork,
    actor: Actor,
    month: str,
    out: Path | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Done[ReturnView]:
    """Write the month's return (to ``out`` when given) and keep it as the month's latest
    revision. A submitted month gives back the submitted file itself. Refuses a month with
    claims in draft unless ``force``, and never writes a return whose totals do not add up."""
    authorize(uow, actor, Perm.RETURNS, f"return:{month}")
    m = _check_month(month)
    s = uow.session
    revisions = _revisions(s, m)
    submitted = next((r for r in revisions if r.status == "submitted"), None)
    if submitted is not None:
        if out is not None:
            write_bytes(submitted.content, out)
        audit.record(
            s,
            actor.login,
            "return.copy",
            f"return:{m}",
            detail={"revision": submitted.revision, "sha256": submitted.sha256},
        )
        return Done(_view(submitted), Changes(audit=True))
    report(progress, 0.02, "统计月报数据")
    data = _counted(s, m, force=force, cancel=cancel)
    report(progress, 0.45, "写入月报文件")
    content = monthly.workbook(data)
    check(cancel)
    sha = hashlib.sha256(content).hexdigest()
    fig = figures.figures_json(data)
    code = data.county_code
    latest = revisions[0] if revisions else None
    if latest is not None and latest.sha256 == sha:
        row = latest
        changes = Changes(audit=True)
    else:
        row = MonthlyReturn(
            month=m,
            revision=(latest.revision + 1) if latest is not None else 1,
            status="exported",
            file_name=monthly.file_name(code, m),
            content=content,
            sha256=sha,
            figures=fig,
            created_by=actor.login,
        )
        s.add(row)
        s.flush()
        changes = Changes(returns=True, audit=True)
    report(progress, 0.9, "保存")
    if out is not None:
        write_bytes(content, out)
    audit.record(
        s,
        actor.login,
        "return.export",
        f"return:{m}",
        detail={
            "revision": row.revision,
            "sha256": sha,
            "drafts": data.drafts,
            "forced": bool(force and data.drafts),
            "enrollments": len(data.enrollments),
            "payments": len(data.payments),
        },
    )
    report(progress, 1.0, "完成")
    return Done(_view(row), changes)


def _counted(
    session: Session, month: str, *, force: bool, cancel: threading.Event | None = None
) -> figures.ReturnData:
    """The month counted and cross-checked; refuses drafts unless ``force``."""
    code, name = _county(session)
    data = figures.compute(session, month, county_code=code, county_name=name)
    check(cancel)
    problems = figures.cross_check(data)
    if problems:
        raise Conflict(
            msg(
                "{m} 月报的合计与明细不符，未生成文件：{p}",
                "the totals of the {m} return do not match its detail sheets, nothing was "
                "written: {p_en}",
                m=month,
                p="；".join(p.zh for p in problems[:5]),
                p_en="; ".join(p.en for p in problems[:5]),
            ),
            code="cross_check",
        )
    if data.drafts and not force:
        raise Conflict(
            msg(
                "还有 {n} 件录入中的申请（{m} 底以前录入）：请先提交或删除，或确认仍要导出",
                "{n} claims entered by the end of {m} are still drafts: submit or delete them "
                "first, or export anyway (force)",
                n=data.drafts,
                m=month,
            ),
            code="drafts",
        )
    return data


@dataclass(frozen=True)
class ReturnFile:
    """A return written to a file without being kept (``desk-app return export`` with no user)."""

    path: Path
    month: str
    sha256: str
    enrollments: int
    payments: int
    drafts: int
    submitted: bool  # the submitted return's own file, byte for byte


def write_return_file(uow: UnitOfWork, month: str, out: Path, *, force: bool = False) -> ReturnFile:
    """Write the month's return to ``out`` without keeping a revision (nothing to submit): the
    submitted file itself for a submitted month, else the month as it counts now. The caller
    audits it. Same checks as :func:`export_return`."""
    m = _check_month(month)
    s = uow.session
    submitted = next((r for r in _revisions(s, m) if r.status == "submitted"), None)
    if submitted is not None:
        write_bytes(submitted.content, out)
        fig = submitted.figures if isinstance(submitted.figures, dict) else {}
        return ReturnFile(out, m, submitted.sha256, -1, -1, int(fig.get("drafts") or 0), True)
    data = _counted(s, m, force=force)
    content = monthly.workbook(data)
    write_bytes(content, out)
    return ReturnFile(
        out,
        m,
        hashlib.sha256(content).hexdigest(),
        len(data.enrollments),
        len(data.payments),
        data.drafts,
        False,
    )


def _unreported_before(session: Session, month: str) -> str | None:
    """The earliest month before ``month`` with paid claims whose return was not submitted."""
    first, _ = bounds(month)
    day = session.execute(
        select(func.min(Claim.paid_on)).where(Claim.status == "paid", Claim.paid_on < first)
    ).scalar()
    return month_of(day) if day is not None else None


def submit_return(uow: UnitOfWork, actor: Actor, return_id: int) -> Done[ReturnView]:
    """报送: the latest revision of a month becomes the submitted return. The month (and every
    month before it) is locked; the month's paid claims become ``reported``. Refused when the
    month changed since the export (export again), when an earlier month with payments was not
    submitted, or when the month was submitted already."""
    authorize(uow, actor, Perm.RETURNS, f"return:{return_id}")
    s = uow.session
    r = s.get(MonthlyReturn, return_id)
    if r is None:
        raise NotFound(msg("没有月报 {i}", "no return {i}", i=return_id), code="no_return")
    _the_next_to_submit(s, r)
    _no_open_batch(s, r.month)
    _counts_the_same(s, r)
    stamp = now()
    r.status = "submitted"
    r.submitted_at = stamp
    r.submitted_by = actor.login
    s.add(MonthLock(month=r.month, return_id=r.id, locked_at=stamp, locked_by=actor.login))
    first, last = bounds(r.month)
    paid = list(
        s.execute(
            select(Claim.id).where(Claim.status == "paid", Claim.paid_on.between(first, last))
        ).scalars()
    )
    touch_claims(s, paid, status="reported", reported_month=r.month)
    s.flush()
    audit.record(
        s,
        actor.login,
        "return.submit",
        f"return:{r.month}",
        detail={"revision": r.revision, "sha256": r.sha256, "reported": len(paid)},
    )
    return Done(_view(r), Changes(returns=True, claims=True, payments=True, audit=True))


def _the_next_to_submit(s: Session, r: MonthlyReturn) -> None:
    """The month was not submitted, ``r`` is its latest revision, and no earlier month has
    paid claims never reported."""
    revisions = _revisions(s, r.month)
    if any(x.status == "submitted" for x in revisions):
        raise Conflict(
            msg("{m} 的月报已报送", "the return of {m} was submitted already", m=r.month),
            code="submitted",
        )
    if revisions[0].id != r.id:
        raise Conflict(
            msg(
                "{m} 月报已有更新的第 {n} 版：请报送最新版",
                "there is a newer revision ({n}) of the {m} return: submit that one",
                m=r.month,
                n=revisions[0].revision,
            ),
            code="not_latest",
        )
    earlier = _unreported_before(s, r.month)
    if earlier is not None:
        raise Conflict(
            msg(
                "{e} 有已给付但未上报的申请：请先报送 {e} 的月报",
                "{e} has paid claims that were never reported: submit the return of {e} first",
                e=earlier,
            ),
            code="earlier_month",
        )


def _no_open_batch(s: Session, month: str) -> None:
    """No payment batch dated in the month or before is still open (its money is not yet
    known to be paid)."""
    _first, last = bounds(month)
    open_batch = s.execute(
        select(PaymentBatch)
        .where(PaymentBatch.status == "open", PaymentBatch.pay_date <= last)
        .order_by(PaymentBatch.pay_date)
        .limit(1)
    ).scalar_one_or_none()
    if open_batch is not None:
        raise Conflict(
            msg(
                "支付批次 {b}（付款日期 {d}）尚未确认付款：请先确认已付款或作废，再报送 {m} 月报",
                "payment batch {b} (pay date {d}) is still open: confirm it paid or cancel it "
                "before submitting the {m} return",
                b=open_batch.batch_no,
                d=open_batch.pay_date.isoformat(),
                m=month,
            ),
            code="open_batch",
        )


def _counts_the_same(s: Session, r: MonthlyReturn) -> None:
    """The month still counts what the exported revision says (and for the same county)."""
    code, name = _county(s)
    now_data = figures.compute(s, r.month, county_code=code, county_name=name, details=False)
    stored = dict(r.figures) if isinstance(r.figures, dict) else {}
    fresh = figures.figures_json(now_data)
    if stored.get("summary") != fresh["summary"] or stored.get("county_code") != code:
        raise Conflict(
            msg(
                "{m} 的数据在导出月报后有变化：请重新导出，核对后再报送",
                "the figures of {m} changed after the return was exported: export it again, "
                "check it, then submit",
                m=r.month,
            ),
            code="stale_return",
        )


def find_return(session: Session, month: str, *, revision: int | None = None) -> MonthlyReturn:
    """The month's latest revision (or the given one)."""
    m = parse_month(month)
    for r in _revisions(session, m):
        if revision is None or r.revision == revision:
            return r
    raise NotFound(
        msg("{m} 还没有导出过月报", "the return of {m} was never exported", m=m),
        code="no_return",
    )


def list_returns(uow: UnitOfWork) -> list[ReturnView]:
    """Every exported revision, newest month first, newest revision first."""
    # The workbooks themselves (megabytes for a city's month) are not read: the window lists
    # the returns on its own thread after every export.
    rows = uow.session.execute(
        select(MonthlyReturn)
        .options(defer(MonthlyReturn.content))
        .order_by(MonthlyReturn.month.desc(), MonthlyReturn.revision.desc())
    ).scalars()
    return [_view(r) for r in rows]


def write_return_copy(uow: UnitOfWork, actor: Actor, return_id: int, out: Path) -> Done[Path]:
    """Write a kept return's file again, byte for byte (the submitted one is the official copy)."""
    authorize(uow, actor, Perm.RETURNS, f"return:{return_id}")
    s = uow.session
    r = s.get(MonthlyReturn, return_id)
    if r is None:
        raise NotFound(msg("没有月报 {i}", "no return {i}", i=return_id), code="no_return")
    path = write_bytes(r.content, out)
    audit.record(
        s,
        actor.login,
        "return.copy",
        f"return:{r.month}",
        detail={"revision": r.revision, "sha256": r.sha256},
    )
    return Done(path, Changes(audit=True))
