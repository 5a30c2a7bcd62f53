"""Intake checks: which of the member's enrollments cover a claim's date, and every problem of
a claim's input with its place and the clerk's words. Reads only; runs on any thread (the
window calls it on each change through :func:`desk_app.claims.service.preview`)."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.clock import today
from db.models import Disease, Enrollment, Member, Scheme
from desk_app.claims.calc import load_scheme_for
from desk_app.claims.inspection import (
    MAX_DISEASE_CODE,
    MAX_DISEASE_NAME,
    MAX_HOSPITAL,
    MAX_NOTE,
    Inspection,
    one_line,
)
from desk_app.claims.model import CLAIM_KINDS, KIND_DATES, ClaimInput
from desk_app.claims.numbers import canonical_hospital
from desk_app.claims.paper_state import paper_problems
from desk_app.claims.receipt_checks import check_receipts
from desk_app.people.members import EnrollmentRow, enrollment_rows
from desk_app.schemes import model as sm
from desk_app.schemes.rules import disease_listed
from desk_app.terms import DATE_NAMES

_ICD10 = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,6}([A-Z][0-9]{3})?)?$")


# --- enrollments -------------------------------------------------------------------------


def covered_date(
    scheme: sm.Scheme,
    kind: str,
    *,
    admission: date | None = None,
    discharge: date | None = None,
    visit_date: date | None = None,
    event_date: date | None = None,
) -> date | None:
    """The date that must fall in the period: admission or discharge per the scheme's
    ``coverage_date`` for a stay, the visit date, the date of death."""
    if kind == "inpatient":
        return admission if scheme.coverage_date == "admission" else discharge
    if kind == "outpatient":
        return visit_date
    if kind == "death":
        return event_date
    return None


def covered_field(scheme: sm.Scheme, kind: str) -> str:
    if kind == "inpatient":
        return "admission" if scheme.coverage_date == "admission" else "discharge"
    return KIND_DATES.get(kind, ("admission",))[0]


def covering(
    session: Session, member_id: int, on: date | None, discharge: date | None = None
) -> list[EnrollmentRow]:
    rows = enrollment_rows(session, Enrollment.member_id == member_id)
    if on is None and discharge is None:
        return rows
    out: list[EnrollmentRow] = []
    for row in rows:
        scheme_row = session.get(Scheme, row.scheme_id)
        assert scheme_row is not None
        scheme = load_scheme_for(session, scheme_row)
        day = on
        if discharge is not None and scheme.coverage_date == "discharge":
            day = discharge
        if day is not None and scheme.covers(day):
            out.append(row)
    return out


def offered_for(scheme: sm.Scheme, kind: str, disease: str | None) -> bool:
    """The scheme pays something on a claim of ``kind``: one of its benefits applies to the
    kind, and when every such benefit pays only on listed diagnoses (a critical-illness scheme,
    重大疾病), the claim's diagnosis is listed by one of them."""
    benefits = [b for b in scheme.benefits if kind in b.applies_to]
    if not benefits:
        return False
    listed = [b for b in benefits if isinstance(b, (sm.LumpSum, sm.LivingAllowance))]
    if len(listed) < len(benefits):
        return True
    return any(disease_listed(disease, b.diseases) for b in listed)


def fitting(
    session: Session,
    member_id: int,
    kind: str,
    on: date | None,
    discharge: date | None = None,
    disease: str | None = None,
) -> list[EnrollmentRow]:
    """The enrollments covering the date whose scheme is offered for the claim (see
    :func:`offered_for`)."""
    out: list[EnrollmentRow] = []
    for row in covering(session, member_id, on, discharge):
        scheme_row = session.get(Scheme, row.scheme_id)
        assert scheme_row is not None
        if offered_for(load_scheme_for(session, scheme_row), kind, disease):
            out.append(row)
    return out


# --- the claim ---------------------------------------------------------------------------


def inspect(session: Session, data: ClaimInput, *, claim_id: int | None = None) -> Inspection:
    """Check ``data`` completely; every problem is listed, none stops the others."""
    ins = Inspection()
    kind = data.kind
    if kind not in CLAIM_KINDS:
        ins.add(
            "claim.kind",
            "申请类别应为住院、门诊或身故（现为 {k}）",
            "the kind must be inpatient, outpatient or death (not {k})",
            k=kind,
        )
    _member_and_enrollment(session, data, ins)
    _dates(data, ins)
    _coverage(session, data, ins)
    _texts(session, data, ins)
    check_receipts(session, data, ins, claim_id)
    if data.papers is not None and ins.scheme is not None:
        ins.problems += paper_problems(session, ins.scheme, data.kind, data.papers, claim_id)
    return ins


def _member_and_enrollment(session: Session, data: ClaimInput, ins: Inspection) -> None:
    # One query for the three (the intake form asks on every change).
    hit = (
        session.execute(
            select(Member, Enrollment, Scheme)
            .outerjoin(
                Enrollment,
                (Enrollment.id == (data.enrollment_id or 0)) & (Enrollment.member_id == Member.id),
            )
            .outerjoin(Scheme, Scheme.id == Enrollment.scheme_id)
            .where(Member.id == (data.member_id or 0))
        ).first()
        if data.member_id
        else None
    )
    if hit is None:
        ins.add("claim.member_id", "请选择申请的职工", "choose the member who claims")
        return
    member, enrollment, scheme_row = hit
    ins.member = member
    if enrollment is None or scheme_row is None:
        ins.add(
            "claim.enrollment_id",
            "请选择{n}参保的方案",
            "choose one of {n}'s enrollments",
            n=member.name,
        )
        return
    ins.enrollment = enrollment
    ins.scheme_row = scheme_row
    ins.scheme = load_scheme_for(session, scheme_row)


def _dates(data: ClaimInput, ins: Inspection) -> None:
    fields_ = KIND_DATES.get(data.kind, ())
    for f in fields_:
        value = getattr(data, f)
        ins.dates[f] = value
        zh, en = DATE_NAMES[f]
        if value is None:
            ins.add(f"claim.{f}", "请填写{w}", "the {w_en} is missing", "incomplete", w=zh, w_en=en)
        elif value > today():
            ins.add(
                f"claim.{f}",
                "{w} {d} 晚于今天",
                "the {w_en} {d} is after today",
                w=zh,
                w_en=en,
                d=value.isoformat(),
            )
    if (
        data.kind == "inpatient"
        and data.admission is not None
        and data.discharge is not None
        and data.discharge < data.admission
    ):
        ins.add(
            "claim.discharge",
            "出院日期 {b} 早于入院日期 {a}",
            "the discharge date {b} is before the admission date {a}",
            a=data.admission.isoformat(),
            b=data.discharge.isoformat(),
        )


def _coverage(session: Session, data: ClaimInput, ins: Inspection) -> None:
    if ins.scheme is None or ins.member is None or data.kind not in CLAIM_KINDS:
        return
    scheme = ins.scheme
    on = covered_date(
        scheme,
        data.kind,
        admission=data.admission,
        discharge=data.discharge,
        visit_date=data.visit_date,
        event_date=data.event_date,
    )
    if on is None or scheme.covers(on):
        return
    f = covered_field(scheme, data.kind)
    zh, en = DATE_NAMES[f]
    others = [
        r
        for r in covering(
            session,
            ins.member.id,
            data.admission if data.kind == "inpatient" else on,
            data.discharge if data.kind == "inpatient" else None,
        )
        if r.id != data.enrollment_id
    ]
    if others:
        ins.add(
            "claim.enrollment_id",
            "{w} {d} 不在「{s}」的保障期（{a} 至 {b}）内；"
            "该职工参加的「{o}」保障这一天，请改选该方案",
            "the {w_en} {d} is outside the period of {s} ({a} to {b}); {o}, which the member "
            "is also enrolled in, covers it: choose that one",
            w=zh,
            w_en=en,
            d=on.isoformat(),
            s=scheme.name,
            a=scheme.period_start.isoformat(),
            b=scheme.period_end.isoformat(),
            o="、".join(r.scheme_name for r in others),
        )
        return
    held = enrollment_rows(session, Enrollment.member_id == ins.member.id)
    listing = "；".join(f"{r.scheme_name} {r.period_start} 至 {r.period_end}" for r in held)
    ins.add(
        f"claim.{f}",
        "{w} {d} 不在该职工任何参保方案的保障期内（已参保：{l}）",
        "the {w_en} {d} is outside the period of every scheme the member is enrolled in ({l})",
        w=zh,
        w_en=en,
        d=on.isoformat(),
        l=listing or "无",
    )


def _texts(session: Session, data: ClaimInput, ins: Inspection) -> None:
    hospital = one_line(data.hospital)
    if len(hospital) > MAX_HOSPITAL:
        ins.add(
            "claim.hospital",
            "医院名称太长（最多 {n} 字）",
            "the hospital name is too long (at most {n})",
            n=MAX_HOSPITAL,
        )
    if hospital:
        ins.hospital = canonical_hospital(session, hospital)
    elif data.kind in ("inpatient", "outpatient"):
        ins.add("claim.hospital", "请填写医院", "the hospital is missing", "incomplete")
    code = one_line(data.disease_code).replace(" ", "").upper()
    name = one_line(data.disease_name)
    if len(code) > MAX_DISEASE_CODE:
        ins.add(
            "claim.disease_code",
            "疾病编码太长（最多 {n} 位）",
            "the disease code is too long (at most {n})",
            n=MAX_DISEASE_CODE,
        )
    elif code and not _ICD10.match(code):
        ins.add(
            "claim.disease_code",
            "疾病编码 {c} 不像 ICD-10 编码（如 C50.9），请核对",
            "the disease code {c} does not look like an ICD-10 code (C50.9): check it",
            "warning",
            c=code,
        )
    if len(name) > MAX_DISEASE_NAME:
        ins.add(
            "claim.disease_name",
            "疾病名称太长（最多 {n} 字）",
            "the disease name is too long (at most {n})",
            n=MAX_DISEASE_NAME,
        )
    if code and not name:
        known = session.get(Disease, code)
        if known is not None:
            name = known.name
    ins.disease_code = code or None
    ins.disease_name = name or None
    if (
        not code
        and ins.scheme is not None
        and data.kind in ("inpatient", "outpatient")
        and any(
            isinstance(b, (sm.LumpSum, sm.LivingAllowance)) and data.kind in b.applies_to
            for b in ins.scheme.benefits
        )
    ):
        ins.add(
            "claim.disease_code",
            "未填写疾病编码：本方案按病种给付的项目需要它",
            "no disease code: this scheme pays some benefits by diagnosis",
            "warning",
        )
    if data.note is not None and len(data.note) > MAX_NOTE:
        ins.add(
            "claim.note",
            "备注太长（最多 {n} 字）",
            "the note is too long (at most {n})",
            n=MAX_NOTE,
        )
