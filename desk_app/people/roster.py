"""Roster import (参保名册导入, FILES.md §1): a unit's Excel roster becomes one enrollment batch.

Forgiving about layout, strict about content: the header row is found among the first ten rows
by its column names, columns come in any order, extra columns are ignored, values are cleaned of
spaces and full-width digits. Every bad row is reported with Excel's own row number and every
problem of that row in the clerk's words; the good rows are imported together in the caller's
transaction (this service never commits), as one batch per unit. A row whose member is already
enrolled in the scheme is skipped, so importing the same file twice changes nothing.

The writes are bulk Core inserts (a 20 000-row roster takes seconds, not minutes), so this
module keeps by hand what the ORM would otherwise keep: the outbox rows, the search keys, the
pinyin sort key and one audit entry with the counts.

Runs on the database worker thread; takes ``progress`` and ``cancel`` (a cancelled import raises
:class:`base.progress.Cancelled` before anything is committed).
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

from base.changes import Changes, Done
from base.clock import now
from base.errors import Message, NotFound, RowError, msg
from base.progress import Progress, check, report
from db.base import new_uid
from db.engine import UnitOfWork
from db.models import Enrollment, EnrollmentBatch, ImportLog, Member, Scheme
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.people import search
from desk_app.people.enrollment import (
    active_scheme_by_code,
    clean_receipt_no,
    next_batch_no,
    previous_scheme,
)
from desk_app.people.roster_rows import Row, Units, name_key, parse_rows
from desk_app.people.roster_template import (
    COLUMNS,
    write_error_rows,
    write_template,
)
from desk_app.xlsx import read as xlsxio

__all__ = ["RosterReport", "import_roster", "write_error_rows", "write_template"]

_CHUNK = 500


@dataclass(frozen=True)
class RosterReport:
    accepted: int
    skipped: int
    rejected: int
    errors: tuple[RowError, ...]
    batch_no: str | None
    head_count: int
    premium_total: Decimal
    file_name: str
    # Beyond the contract: details for the window's summary.
    batch_nos: tuple[str, ...] = ()
    new_members: int = 0
    updated_members: int = 0
    renewals: int = 0
    warnings: tuple[RowError, ...] = ()
    header_row: int = 0
    sheet_name: str = ""

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        """The summary of CLI.md: accepted, skipped, rejected and each error's row and
        message."""
        return {
            "accepted": self.accepted,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "errors": [{"row": e.row, "message": e.message.text(lang)} for e in self.errors],
        }


def _refuse(message: Message, code: str = "bad_roster") -> xlsxio.WorkbookError:
    return xlsxio.WorkbookError(message, code=code)


def import_roster(
    uow: UnitOfWork,
    actor: Actor,
    path: Path,
    scheme_code: str,
    *,
    unit_code: str | None = None,
    receipt_no: str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Done[RosterReport]:
    """Import a roster for a scheme. A file refused as a whole raises a DeskError (nothing
    changed); otherwise the report lists every bad row and the good rows are written, not
    committed."""
    authorize(uow, actor, Perm.ENROLL, f"scheme:{scheme_code}")
    path = Path(path)
    # The file is read before the database is touched: the write lock is then held only
    # for the checks against stored data and the writes.
    report(progress, 0.0, "读取名册")
    sheet = xlsxio.read_first_sheet(
        path, progress=lambda f, m: report(progress, 0.35 * f, m), cancel=cancel
    )
    header = xlsxio.find_header(sheet, COLUMNS, ("name", "id_number"))
    if header is None:
        raise _refuse(
            msg(
                "在 {f} 第一个工作表的前 10 行中找不到表头：需要有「姓名」和「身份证号」两列",
                "no header row in the first 10 rows of {f}: it needs the columns 姓名 (name) "
                "and 身份证号 (ID number)",
                f=path.name,
            ),
            code="no_header",
        )
    if not unit_code and not ({"unit_code", "unit_name"} & header.columns.keys()):
        raise _refuse(
            msg(
                "名册中没有「单位编码」或「单位名称」列：请在导入时选择单位",
                "the roster has no unit column (单位编码 or 单位名称): choose the unit for "
                "the import",
            ),
            code="no_unit",
        )

    s = uow.session
    scheme = active_scheme_by_code(s, scheme_code)
    receipt = clean_receipt_no(receipt_no)
    units = Units(s)
    fixed: tuple[int, str] | None = None
    if unit_code:
        hit = units.by_code.get(unit_code.strip().lower())
        if hit is None:
            raise NotFound(
                msg(
                    "单位编码 {c} 未登记，请先登记该单位",
                    "no unit has the code {c}: register it first",
                    c=unit_code,
                )
            )
        fixed = hit

    rows, errors, warnings = parse_rows(s, sheet, header, scheme, units, fixed, cancel)
    report(progress, 0.5, "核对已登记的职工")
    check(cancel)
    result = _write(uow, actor, scheme, rows, errors, receipt, path, progress, cancel)
    errors.extend(result.pop_errors)
    errors.sort(key=lambda e: e.row)
    summary = RosterReport(
        accepted=result.accepted,
        skipped=result.skipped,
        rejected=len(errors),
        errors=tuple(errors),
        batch_no=result.batch_nos[0] if result.batch_nos else None,
        head_count=result.accepted,
        premium_total=result.premium_total,
        file_name=path.name,
        batch_nos=tuple(result.batch_nos),
        new_members=result.new_members,
        updated_members=result.updated_members,
        renewals=result.renewals,
        warnings=tuple(warnings),
        header_row=header.row,
        sheet_name=sheet.sheet_name,
    )
    _audit(s, actor, scheme, path, summary, result.sha256)
    report(progress, 1.0, "完成")
    changed = result.accepted > 0 or result.updated_members > 0
    return Done(
        summary,
        Changes(members=changed, enrollments=changed, units=changed, audit=True),
    )


@dataclass
class _Written:
    accepted: int = 0
    skipped: int = 0
    new_members: int = 0
    updated_members: int = 0
    renewals: int = 0
    premium_total: Decimal = Decimal("0.00")
    batch_nos: list[str] = field(default_factory=list)
    pop_errors: list[RowError] = field(default_factory=list)
    sha256: str = ""


def _write(
    uow: UnitOfWork,
    actor: Actor,
    scheme: Scheme,
    rows: list[Row],
    errors: list[RowError],
    receipt: str | None,
    path: Path,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> _Written:
    s = uow.session
    out = _Written(sha256=_sha256(path))
    existing: dict[str, tuple[int, str, str, int | None, str | None, str | None, str, str | None]]
    existing = {}
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
            existing[m[0]] = tuple(m[1:])  # type: ignore[assignment]
    enrolled: set[int] = set()
    member_ids = [v[0] for v in existing.values()]
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
    check(cancel)

    to_enroll: list[Row] = []
    new_rows: list[Row] = []
    updates: list[dict[str, Any]] = []
    member_uids: list[str] = []
    for r in rows:
        hit = existing.get(r.id_number)
        if hit is None:
            new_rows.append(r)
            to_enroll.append(r)
            continue
        mid, muid, mname, munit, mphone, macct, mcats, mmed = hit
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
        if mid in enrolled:
            out.skipped += 1
            continue
        to_enroll.append(r)
        # The roster is the unit's current record of the person: a new unit means the member
        # moved; a filled-in value replaces the stored one, a blank keeps it.
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
        if change:
            updates.append({"id": mid, **change})
            member_uids.append(muid)

    report(progress, 0.6, "写入职工")
    stamp = now()
    if new_rows:
        next_id = (s.execute(select(func.max(Member.id))).scalar() or 0) + 1
        member_rows: list[dict[str, Any]] = []
        for r in new_rows:
            r.member_id = next_id
            next_id += 1
            uid = new_uid()
            member_uids.append(uid)
            member_rows.append(
                {
                    "id": r.member_id,
                    "uid": uid,
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
        check(cancel)
        s.connection().execute(insert(cast(Table, Member.__table__)), member_rows)
        search.index_members(s, ((r.member_id, r.name, r.id_number) for r in new_rows))  # type: ignore[misc]
    if updates:
        _update_members(s, updates, stamp)
    out.new_members = len(new_rows)
    out.updated_members = len(updates)
    check(cancel)

    report(progress, 0.8, "写入参保记录")
    # Each unit's batch is made with its final totals, so it is written (and queued for the
    # city) once.
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
    enroll_rows: list[dict[str, Any]] = []
    enroll_uids: list[str] = []
    for r in to_enroll:
        premium = scheme.premium_per_share * r.shares
        renewal = r.member_id in in_prev
        out.renewals += int(renewal)
        uid = new_uid()
        enroll_uids.append(uid)
        enroll_rows.append(
            {
                "uid": uid,
                "version": 1,
                "created_at": stamp,
                "updated_at": stamp,
                "member_id": r.member_id,
                "scheme_id": scheme.id,
                "unit_id": r.unit_id,
                "batch_id": batches[r.unit_id].id,
                "shares": r.shares,
                "premium": premium,
                "enrolled_on": r.enrolled_on,
                "renewal": renewal,
                "created_by": actor.login,
            }
        )
    check(cancel)
    if enroll_rows:
        s.connection().execute(insert(cast(Table, Enrollment.__table__)), enroll_rows)
    out.accepted = len(enroll_rows)
    if out.accepted:
        s.add(
            ImportLog(
                kind="roster",
                file_name=path.name[:255],
                sha256=out.sha256,
                scheme_id=scheme.id,
                summary={
                    "accepted": out.accepted,
                    "skipped": out.skipped,
                    "rejected": len(errors) + len(out.pop_errors),
                    "batches": out.batch_nos,
                },
                login=actor.login,
            )
        )
        s.flush()
    return out


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


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _audit(s: Session, actor: Actor, scheme: Scheme, path: Path, r: RosterReport, sha: str) -> None:
    audit.record(
        s,
        actor.login,
        "roster.import",
        f"scheme:{scheme.code}",
        detail={
            "file": path.name,
            "sha256": sha,
            "accepted": r.accepted,
            "skipped": r.skipped,
            "rejected": r.rejected,
            "new_members": r.new_members,
            "updated_members": r.updated_members,
            "renewals": r.renewals,
            "batches": list(r.batch_nos),
            "premium_total": str(r.premium_total),
        },
    )
