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
:class:`desk_app.progress.Cancelled` before anything is committed).
"""

from __future__ import annotations

import functools
import hashlib
import threading
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from db.base import new_uid
from db.engine import UnitOfWork
from db.models import Enrollment, EnrollmentBatch, ImportLog, Member, Scheme, Unit
from db.outbox import enqueue
from desk_app import audit, search, xlsxio
from desk_app.auth import Actor, Perm, authorize
from desk_app.changes import Changes, Done
from desk_app.clock import now, today
from desk_app.enrollment import (
    check_enrolled_on,
    check_shares,
    clean_receipt_no,
    next_batch_no,
    previous_scheme,
)
from desk_app.errors import DeskError, Message, NotFound, RowError, ValidationError, msg
from desk_app.idcard import check_id_number
from desk_app.members import join_categories
from desk_app.people_rules import (
    check_account,
    check_categories,
    check_medical_type,
    check_mobile,
    check_name,
    known_categories,
)
from desk_app.progress import Progress, check, report
from desk_app.roster_template import (
    COLUMNS,
    LABELS,
    SAMPLE_ID,
    write_error_rows,
    write_template,
)

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


@dataclass
class _Row:
    """One roster row that passed every check of its own."""

    row: int
    name: str
    id_number: str
    gender: str
    birth_date: date
    unit_id: int
    phone: str | None
    account: str | None
    categories: str | None  # None: the column was blank (keep what is stored)
    medical_type: str | None
    shares: int
    enrolled_on: date
    member_id: int | None = None
    values: dict[str, str] = field(default_factory=dict)


class _Units:
    """The county's units, looked up by code (case-insensitive) or exact name."""

    def __init__(self, session: Session) -> None:
        self.by_code: dict[str, tuple[int, str]] = {}
        self.by_name: dict[str, list[tuple[int, str]]] = {}
        for uid, code, name in session.execute(select(Unit.id, Unit.code, Unit.name)):
            self.by_code[code.strip().lower()] = (uid, code)
            self.by_name.setdefault(_name_key(name), []).append((uid, code))

    def resolve(self, code: str, name: str, fixed: tuple[int, str] | None) -> int:
        by_code = by_name = None
        if code:
            by_code = self.by_code.get(code.lower())
            if by_code is None:
                raise ValidationError(
                    msg(
                        "单位编码 {c} 未登记（请先登记该单位，导入不会自动新建单位）",
                        "no unit has the code {c} (register the unit first: an import "
                        "never creates one)",
                        c=code,
                    )
                )
        if name:
            found = self.by_name.get(_name_key(name), [])
            if not found and by_code is None:
                raise ValidationError(
                    msg(
                        "单位「{n}」未登记（请先登记该单位，导入不会自动新建单位）",
                        "no unit is named {n} (register the unit first: an import never "
                        "creates one)",
                        n=name,
                    )
                )
            if len(found) > 1 and by_code is None:
                raise ValidationError(
                    msg(
                        "有多个单位叫「{n}」，请填写单位编码",
                        "several units are named {n}: give the unit code",
                        n=name,
                    )
                )
            if found:
                by_name = found[0]
                if by_code is not None and by_code[0] not in {f[0] for f in found}:
                    raise ValidationError(
                        msg(
                            "单位编码 {c} 与单位名称「{n}」不是同一个单位",
                            "the unit code {c} and the unit name {n} are different units",
                            c=code,
                            n=name,
                        )
                    )
        unit = by_code or by_name
        if fixed is not None:
            if unit is not None and unit[0] != fixed[0]:
                raise ValidationError(
                    msg(
                        "本行的单位与导入时选择的单位（{c}）不一致",
                        "this row's unit is not the unit chosen for the import ({c})",
                        c=fixed[1],
                    )
                )
            return fixed[0]
        if unit is None:
            raise ValidationError(
                msg(
                    "没有填写单位（单位编码或单位名称）",
                    "no unit given (unit code or unit name)",
                )
            )
        return unit[0]


def _name_key(name: str) -> str:
    return "".join(xlsxio.text(name).split())


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
    s = uow.session
    path = Path(path)
    scheme = s.execute(
        select(Scheme).where(Scheme.code == (scheme_code or "").strip())
    ).scalar_one_or_none()
    if scheme is None:
        raise NotFound(msg("没有方案 {c}", "no scheme {c}", c=scheme_code))
    if not scheme.active:
        raise ValidationError(
            msg(
                "方案 {c} 尚未启用，请管理员启用后再导入",
                "the scheme {c} is not active: an admin must activate it first",
                c=scheme.code,
            )
        )
    receipt = clean_receipt_no(receipt_no)
    units = _Units(s)
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
    if fixed is None and not ({"unit_code", "unit_name"} & header.columns.keys()):
        raise _refuse(
            msg(
                "名册中没有「单位编码」或「单位名称」列：请在导入时选择单位",
                "the roster has no unit column (单位编码 or 单位名称): choose the unit for "
                "the import",
            ),
            code="no_unit",
        )

    rows, errors, warnings = _parse_rows(s, sheet, header, scheme, units, fixed, cancel)
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


def _parse_rows(
    s: Session,
    sheet: xlsxio.SheetRows,
    header: xlsxio.Header,
    scheme: Scheme,
    units: _Units,
    fixed: tuple[int, str] | None,
    cancel: threading.Event | None,
) -> tuple[list[_Row], list[RowError], list[RowError]]:
    known = known_categories(s)
    default_day = today()
    seen: dict[str, int] = {}
    rows: list[_Row] = []
    errors: list[RowError] = []
    warnings: list[RowError] = []
    for n, (number, values) in enumerate(sheet.rows[header.position + 1 :]):
        if n % 1000 == 0:
            check(cancel)
        get = xlsxio.column_values(values, header)
        raw_id = get("id_number")
        cells = {f: xlsxio.text(get(f)) for f in header.columns}  # each cell read once
        if cells["name"] == "" and cells["id_number"] == "":
            continue  # a blank, a number-only or a signature line: not a member
        if cells["name"] in ("姓名", "姓 名") or xlsxio.header_key(cells["name"]) == "姓名":
            continue  # the header repeated on a printed roster's next page
        shown = {LABELS[f]: v for f, v in cells.items()}
        cell = functools.partial(_cell, cells)

        problems: list[Message] = []
        attempt = _Attempt(problems)
        name = attempt(check_name, cell("name"))
        info = None
        if xlsxio.is_number(raw_id):
            problems.append(
                msg(
                    "身份证号被 Excel 转成了数字（{v}），后几位已丢失；请把该列设为文本后重新填写",
                    "the ID number was turned into a number by Excel ({v}) and lost its last "
                    "digits: format the column as text and type it again",
                    v=xlsxio.text(raw_id) if isinstance(raw_id, int) else f"{raw_id:.14E}",
                )
            )
        else:
            info = attempt(check_id_number, cell("id_number"), on=default_day)
        if info is not None:
            first = seen.get(info.number)
            if first is not None:
                problems.append(
                    msg(
                        "与第 {r} 行的身份证号重复",
                        "the same ID number as row {r}",
                        r=first,
                    )
                )
            else:
                seen[info.number] = number
            if info.number == SAMPLE_ID:
                problems.append(
                    msg(
                        "这是模板中的示例行，请删除", "this is the template's sample row: delete it"
                    )
                )
            for w in info.warnings:
                warnings.append(RowError(number, w, shown))
        unit_id = attempt(units.resolve, cell("unit_code"), cell("unit_name"), fixed)
        phone = attempt(check_mobile, attempt(_digits, get("phone"), "手机号", "mobile number"))
        account = attempt(
            check_account, attempt(_digits, get("account"), "银行账号", "account number")
        )
        cats_raw = cell("categories")
        cats = attempt(check_categories, cats_raw, known) if cats_raw else None
        medical = attempt(check_medical_type, cell("medical_type"))
        shares = attempt(xlsxio.whole_number, get("shares"), what_zh="份数", what_en="shares")
        if shares is not None or not cell("shares"):
            shares = attempt(check_shares, 1 if shares is None else shares, scheme.max_shares)
        day = attempt(
            xlsxio.cell_date, get("enrolled_on"), what_zh="参保日期", what_en="enrollment date"
        )
        if day is not None or not cell("enrolled_on"):
            day = attempt(check_enrolled_on, day or default_day, scheme)
        if problems:
            errors.append(RowError(number, _join(problems), shown))
            continue
        assert name is not None and info is not None and unit_id is not None
        rows.append(
            _Row(
                row=number,
                name=name,
                id_number=info.number,
                gender=info.gender,
                birth_date=info.birth_date,
                unit_id=unit_id,
                phone=phone,
                account=account,
                categories=join_categories(cats) if cats is not None else None,
                medical_type=medical,
                shares=shares,
                enrolled_on=day,
                values=shown,
            )
        )
    return rows, errors, warnings


class _Attempt:
    """Call a check; on a clerk-facing error note its message and give ``None``, so every
    problem of a row is reported at once."""

    def __init__(self, problems: list[Message]) -> None:
        self.problems = problems

    def __call__(self, fn: Any, *args: Any, **kw: Any) -> Any:
        try:
            return fn(*args, **kw)
        except (DeskError, xlsxio.CellError) as exc:
            self.problems.append(exc.message)
            return None


def _cell(cells: dict[str, str], fieldname: str) -> str:
    return cells.get(fieldname, "")


def _digits(value: Any, what_zh: str, what_en: str) -> str:
    return xlsxio.digits_text(value, what_zh=what_zh, what_en=what_en)


def _join(problems: list[Message]) -> Message:
    return Message("；".join(p.zh for p in problems), "; ".join(p.en for p in problems))


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
    rows: list[_Row],
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

    to_enroll: list[_Row] = []
    new_rows: list[_Row] = []
    updates: list[dict[str, Any]] = []
    member_uids: list[str] = []
    for r in rows:
        hit = existing.get(r.id_number)
        if hit is None:
            new_rows.append(r)
            to_enroll.append(r)
            continue
        mid, muid, mname, munit, mphone, macct, mcats, mmed = hit
        if _name_key(mname) != _name_key(r.name):
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
    by_unit: dict[int, list[_Row]] = {}
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
    enqueue(s, "member", member_uids)
    enqueue(s, "enrollment", enroll_uids)
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
