"""Settlement import (医保结算数据导入, FILES.md §2): the insurance bureau's export becomes
submitted, calculated claims instead of typed receipts.

One row per settlement slip; rows of the same person, kind, dates and hospital form one claim
with several receipts. Name and ID must match an enrolled member of the scheme. Every bad row is
reported with Excel's own row number and every problem of that row; a claim with a bad row is
not imported at all (each of its rows says why), so a claim never lacks a slip. The good claims
are created, calculated and submitted in the caller's transaction (this service never commits).

Importing the same file again changes nothing: a slip whose hospital and invoice number are
already stored *for the same member with the same eight amounts* is the same slip imported
before, counted as ``skipped``; the same hospital and invoice number with another member or
other amounts is a 重复报销 error naming the claim that holds it. A stay whose slips were
partly imported before is an error for the new slips (add them to that claim at the window).

Runs on the database worker thread; takes ``progress`` and ``cancel`` (a cancelled import
raises :class:`base.progress.Cancelled` before anything is committed).
"""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.changes import Changes, Done
from base.clock import today
from base.errors import Message, RowError, ValidationError, msg
from base.progress import Progress, check, report
from db.engine import UnitOfWork
from db.models import Claim, Enrollment, ImportLog, Member, Receipt, Scheme
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.claims import bulk
from desk_app.claims.checks import covered_date, load_scheme_for
from desk_app.claims.model import AMOUNT_FIELDS, ZERO, SettlementReport, status_names
from desk_app.claims.numbers import HospitalNames
from desk_app.claims.settlement_rows import (
    COLUMN_LABELS,
    COLUMNS,
    HEADER_FIND,
    REQUIRED_COLUMNS,
    SettlementRow,
    parse_rows,
)
from desk_app.people import roster_template
from desk_app.people.enrollment import active_scheme_by_code
from desk_app.people.idcard import check_id_number, mask_id
from desk_app.people.roster_rows import name_key
from desk_app.xlsx import read as xlsxio

_CHUNK = 500


@dataclass
class _Member:
    id: int
    name: str
    enrollment_id: int | None


@dataclass
class _Existing:
    claim_no: str
    status: str
    member_id: int
    member_name: str
    amounts: tuple[Decimal, ...]


def _refuse(message: Message, code: str) -> xlsxio.WorkbookError:
    return xlsxio.WorkbookError(message, code=code)


def import_settlements(
    uow: UnitOfWork,
    actor: Actor,
    path: Path,
    scheme_code: str,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Done[SettlementReport]:
    """Import a settlement file for one scheme. A file refused as a whole (not a workbook,
    encrypted, empty, no header, missing columns) raises a DeskError and changes nothing;
    otherwise the report lists every bad row and the good claims are written, not committed."""
    authorize(uow, actor, Perm.CLAIMS, f"scheme:{scheme_code}")
    s = uow.session
    path = Path(path)
    scheme_row = active_scheme_by_code(s, scheme_code)
    scheme = load_scheme_for(s, scheme_row)

    report(progress, 0.0, "读取结算数据")
    sheet, header = _read_sheet(path, progress, cancel)
    rows, errors, bad_groups = parse_rows(sheet, header, HospitalNames(s), today(), cancel)
    report(progress, 0.4, "核对职工与票据")
    check(cancel)
    members = _members(s, rows, scheme_row.id)
    existing = _existing_receipts(s, rows)
    good, skipped_rows, more_errors = _resolve(
        rows, bad_groups, members, existing, scheme, scheme_row
    )
    errors.extend(more_errors)
    check(cancel)

    report(progress, 0.5, "生成申请并计算")
    groups = sorted(good, key=lambda g: (g[0].id_number, _group_order(g, scheme), g[0].row))
    new = [_new_claim(members[g[0].id_number], g) for g in groups]
    bulk.create(
        s,
        actor.login,
        scheme_row,
        new,
        progress=lambda f, m: report(progress, 0.5 + 0.45 * f, m),
        cancel=cancel,
    )
    check(cancel)
    errors.sort(key=lambda e: e.row)
    summary = SettlementReport(
        accepted=sum(len(g) for g in good),
        skipped=skipped_rows,
        rejected=len(errors),
        errors=tuple(errors),
        claims=len(new),
        claim_nos=tuple(c.claim_no for c in new),
        payout_total=sum((c.payout for c in new if c.calc_status == "payable"), ZERO),
        file_name=path.name,
        sheet_name=sheet.sheet_name,
        header_row=header.row,
        engine_rejected=sum(1 for c in new if c.calc_status != "payable"),
    )
    _record(s, actor, scheme_row, path, summary, new)
    s.flush()
    report(progress, 1.0, "完成")
    return Done(summary, Changes(claims=bool(new), audit=True))


def _read_sheet(
    path: Path, progress: Progress | None, cancel: threading.Event | None
) -> tuple[xlsxio.SheetRows, xlsxio.Header]:
    """The file's first sheet and its header; a file without the header or one of the
    required columns is refused."""
    sheet, header = xlsxio.sheet_with_header(
        path, COLUMNS, HEADER_FIND, share=0.3, progress=progress, cancel=cancel
    )
    missing = [COLUMN_LABELS[c] for c in REQUIRED_COLUMNS if c not in header.columns]
    if missing:
        raise _refuse(
            msg(
                "{f} 的表头（第 {r} 行）缺少这些列：{c}",
                "the header of {f} (row {r}) lacks the columns {c}",
                f=path.name,
                r=header.row,
                c="、".join(missing),
            ),
            "missing_columns",
        )
    return sheet, header


def _record(
    s: Session,
    actor: Actor,
    scheme_row: Scheme,
    path: Path,
    summary: SettlementReport,
    new: list[bulk.NewClaim],
) -> None:
    """The import log (when claims were made) and the audit record, with the file's hash."""
    sha = _sha256(path)
    if new:
        s.add(
            ImportLog(
                kind="settlement",
                file_name=path.name[:255],
                sha256=sha,
                scheme_id=scheme_row.id,
                summary={**summary.to_json("zh"), "claims": list(summary.claim_nos)},
                login=actor.login,
            )
        )
    audit.record(
        s,
        actor.login,
        "claims.import",
        f"scheme:{scheme_row.code}",
        detail={
            "file": path.name,
            "sha256": sha,
            "accepted": summary.accepted,
            "skipped": summary.skipped,
            "rejected": summary.rejected,
            "claims": {c.claim_no: c.extra["rows"] for c in new},
            "payout_total": str(summary.payout_total),
        },
    )


def _group_order(group: list[SettlementRow], scheme: Any) -> Any:
    first = group[0]
    day = covered_date(
        scheme,
        first.kind,
        admission=first.admission,
        discharge=first.discharge,
        visit_date=first.visit_date,
    )
    return day.toordinal() if day else 0


def _members(s: Session, rows: list[SettlementRow], scheme_id: int) -> dict[str, _Member]:
    numbers = sorted({r.id_number for r in rows})
    out: dict[str, _Member] = {}
    for i in range(0, len(numbers), _CHUNK):
        chunk = numbers[i : i + _CHUNK]
        for number, mid, name, eid in s.execute(
            select(Member.id_number, Member.id, Member.name, Enrollment.id)
            .outerjoin(
                Enrollment,
                (Enrollment.member_id == Member.id) & (Enrollment.scheme_id == scheme_id),
            )
            .where(Member.id_number.in_(chunk))
        ):
            out[number] = _Member(mid, name, eid)
    return out


def _existing_receipts(s: Session, rows: list[SettlementRow]) -> dict[tuple[str, str], _Existing]:
    invoices = sorted({r.invoice_no for r in rows})
    wanted = {(r.hospital, r.invoice_no) for r in rows}
    out: dict[tuple[str, str], _Existing] = {}
    for i in range(0, len(invoices), _CHUNK):
        chunk = invoices[i : i + _CHUNK]
        for rec, claim_no, status, member_id, member_name in s.execute(
            select(Receipt, Claim.claim_no, Claim.status, Claim.member_id, Member.name)
            .join(Claim, Claim.id == Receipt.claim_id)
            .join(Member, Member.id == Claim.member_id)
            .where(Receipt.invoice_no.in_(chunk))
        ):
            key = (rec.hospital, rec.invoice_no)
            if key in wanted:
                out[key] = _Existing(
                    claim_no,
                    status,
                    member_id,
                    member_name,
                    tuple(getattr(rec, f) for f in AMOUNT_FIELDS),
                )
    return out


def _row_error(r: SettlementRow, zh: str, en: str, **params: Any) -> RowError:
    return RowError(r.row, msg(zh, en, **params), r.values)


_SKIPPED = "skipped"  # a slip imported before, the same: nothing to do


def _resolve(
    rows: list[SettlementRow],
    bad_groups: dict[tuple[Any, ...], list[int]],
    members: dict[str, _Member],
    existing: dict[tuple[str, str], _Existing],
    scheme: Any,
    scheme_row: Scheme,
) -> tuple[list[list[SettlementRow]], int, list[RowError]]:
    """Decide each row: part of a new claim, already imported (skipped), or an error; a claim
    with any bad row is not imported."""
    errors: dict[int, RowError] = {}
    skipped: set[int] = set()
    groups: dict[tuple[Any, ...], list[SettlementRow]] = defaultdict(list)
    for r in rows:
        groups[r.group_key()].append(r)
        verdict = _row_verdict(r, members.get(r.id_number), existing, scheme, scheme_row)
        if verdict == _SKIPPED:
            skipped.add(r.row)
        elif isinstance(verdict, RowError):
            errors[r.row] = verdict
    good: list[list[SettlementRow]] = []
    for group in groups.values():
        fresh = _whole_claim(group, bad_groups, errors, skipped, existing)
        if fresh:
            good.append(fresh)
    return good, len(skipped), list(errors.values())


def _row_verdict(
    r: SettlementRow,
    m: _Member | None,
    existing: dict[tuple[str, str], _Existing],
    scheme: Any,
    scheme_row: Scheme,
) -> RowError | str | None:
    """One row against the database: its error, :data:`_SKIPPED`, or ``None`` (new)."""
    if m is None:
        return _unknown_member(r)
    if name_key(m.name) != name_key(r.name):
        return _row_error(
            r,
            "姓名不符：该身份证号登记的职工是「{a}」，文件中是「{b}」",
            "name mismatch: this ID number is registered for {a}, the file says {b}",
            a=m.name,
            b=r.name,
        )
    if m.enrollment_id is None:
        return _row_error(
            r, "{n} 未参加「{s}」", "{n} is not enrolled in {s}", n=m.name, s=scheme_row.name
        )
    day = covered_date(
        scheme, r.kind, admission=r.admission, discharge=r.discharge, visit_date=r.visit_date
    )
    if day is not None and not scheme.covers(day):
        return _row_error(
            r,
            "日期 {d} 不在「{s}」的保障期（{a} 至 {b}）内",
            "the date {d} is outside the period of {s} ({a} to {b})",
            d=day,
            s=scheme_row.name,
            a=scheme_row.period_start,
            b=scheme_row.period_end,
        )
    old = existing.get((r.hospital, r.invoice_no))
    return None if old is None else _slip_seen_before(r, m, old)


def _unknown_member(r: SettlementRow) -> RowError:
    """No member has the row's ID number: a number that is not one says so first."""
    try:
        check_id_number(r.id_number)
    except ValidationError as exc:
        return RowError(r.row, exc.message, r.values)
    return _row_error(
        r,
        "未登记的职工：身份证号 {i}（{n}）不在职工名册中",
        "unknown member: no member has the ID number {i} ({n})",
        i=mask_id(r.id_number),
        n=r.name,
    )


def _slip_seen_before(r: SettlementRow, m: _Member, old: _Existing) -> RowError | str:
    """A slip already stored: the same one imported before (skipped), or 重复报销."""
    amounts = tuple(r.amounts[f] for f in AMOUNT_FIELDS)
    if old.member_id == m.id and old.amounts == amounts:
        return _SKIPPED
    st_zh, st_en = status_names(old.status)
    return _row_error(
        r,
        "重复报销：{h} 的票据号 {i} 已用于申请 {c}（{n}，{st}）",
        "duplicate claim (重复报销): invoice {i} of {h} is already on claim {c} ({st_en})",
        h=r.hospital,
        i=r.invoice_no,
        c=old.claim_no,
        n=old.member_name,
        st=st_zh,
        st_en=st_en,
    )


def _whole_claim(
    group: list[SettlementRow],
    bad_groups: dict[tuple[Any, ...], list[int]],
    errors: dict[int, RowError],
    skipped: set[int],
    existing: dict[tuple[str, str], _Existing],
) -> list[SettlementRow]:
    """The claim's new rows when the whole claim can be imported, else none: a bad row, or
    slips imported before, hold the new rows back (each gets its error in ``errors``)."""
    bad = sorted(
        [r.row for r in group if r.row in errors] + bad_groups.get(group[0].group_key(), [])
    )
    done = [r for r in group if r.row in skipped]
    fresh = [r for r in group if r.row not in errors and r.row not in skipped]
    if not fresh:
        return []
    if bad:
        rows_text = "、".join(str(n) for n in bad)
        for r in fresh:
            errors[r.row] = _row_error(
                r,
                "同一次就诊的第 {b} 行有错误，整件申请未导入（请改正后重新导入）",
                "row {b} of the same stay is wrong, so its claim was not imported (correct "
                "it and import again)",
                b=rows_text,
            )
        return []
    if done:
        held = existing[(done[0].hospital, done[0].invoice_no)].claim_no
        for r in fresh:
            errors[r.row] = _row_error(
                r,
                "该次就诊已导入为申请 {c}，新增的票据未导入：请在窗口中补录到该申请",
                "this stay was imported before as claim {c}: add the new receipt to that "
                "claim at the window",
                c=held,
            )
        return []
    return fresh


def _new_claim(member: _Member, group: list[SettlementRow]) -> bulk.NewClaim:
    first = group[0]
    assert member.enrollment_id is not None
    return bulk.NewClaim(
        member_id=member.id,
        enrollment_id=member.enrollment_id,
        kind=first.kind,
        admission=first.admission,
        discharge=first.discharge,
        visit_date=first.visit_date,
        hospital=first.hospital,
        disease_code=next((r.disease_code for r in group if r.disease_code), None),
        disease_name=next((r.disease_name for r in group if r.disease_name), None),
        note=f"医保结算数据导入（第 {'、'.join(str(r.row) for r in group)} 行）",
        receipts=[bulk.NewReceipt(r.invoice_no, r.hospital, dict(r.amounts)) for r in group],
        extra={"rows": [r.row for r in group]},
    )


def write_error_rows(path: Path, report: SettlementReport, lang: str = "zh") -> Path:
    """The rejected rows with Excel's row number and the reason, as an .xlsx to send back to
    whoever made the file (the same layout as the roster's error list)."""
    return roster_template.write_error_rows(path, cast(Any, report), lang)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
