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

import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from base.changes import Changes, Done
from base.errors import Message, NotFound, RowError, msg
from base.progress import Progress, check, report
from db.engine import UnitOfWork
from db.models import Scheme
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.people.enrollment import active_scheme_by_code, clean_receipt_no
from desk_app.people.roster_rows import Units, parse_rows
from desk_app.people.roster_template import (
    COLUMNS,
    write_error_rows,
    write_template,
)
from desk_app.people.roster_write import write_rows
from desk_app.xlsx import read as xlsxio

__all__ = ["RosterReport", "import_roster", "write_error_rows", "write_template"]


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
    sheet, header = _read_sheet(path, unit_code, progress, cancel)

    s = uow.session
    scheme = active_scheme_by_code(s, scheme_code)
    receipt = clean_receipt_no(receipt_no)
    units = Units(s)
    fixed = _fixed_unit(units, unit_code) if unit_code else None

    rows, errors, warnings = parse_rows(s, sheet, header, scheme, units, fixed, cancel)
    report(progress, 0.5, "核对已登记的职工")
    check(cancel)
    result = write_rows(uow, actor, scheme, rows, errors, receipt, path, progress, cancel)
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
    check(cancel)  # a cancel pressed until here keeps nothing (only the commit is left)
    report(progress, 1.0, "完成")
    changed = result.accepted > 0 or result.updated_members > 0
    return Done(
        summary,
        Changes(members=changed, enrollments=changed, units=changed, audit=True),
    )


def _read_sheet(
    path: Path,
    unit_code: str | None,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> tuple[xlsxio.SheetRows, xlsxio.Header]:
    """The first sheet and its header row; a file without the needed columns is refused."""
    report(progress, 0.0, "读取名册")
    sheet, header = xlsxio.sheet_with_header(
        path, COLUMNS, ("name", "id_number"), share=0.35, progress=progress, cancel=cancel
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
    return sheet, header


def _fixed_unit(units: Units, unit_code: str) -> tuple[int, str]:
    """The unit chosen for the whole import."""
    hit = units.by_code.get(unit_code.strip().lower())
    if hit is None:
        raise NotFound(
            msg(
                "单位编码 {c} 未登记，请先登记该单位",
                "no unit has the code {c}: register it first",
                c=unit_code,
            )
        )
    return hit


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
