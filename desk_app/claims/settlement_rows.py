"""The settlement file's rows (FILES.md §2) at the desk, without the database: each row is
checked by the one row check the simulation also uses (:mod:`desk_app.schemes.settlement_row`),
then the rows of one file are checked against each other (the same slip twice)."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from base.errors import RowError, msg
from base.progress import check
from desk_app.claims.numbers import HospitalNames
from desk_app.schemes.settlement_row import (
    COLUMN_LABELS as COLUMN_LABELS,
)
from desk_app.schemes.settlement_row import (
    REQUIRED_COLUMNS as REQUIRED_COLUMNS,
)
from desk_app.schemes.settlement_row import (
    SETTLEMENT_COLUMNS,
    SettlementRow,
    check_row,
)
from desk_app.schemes.settlement_row import (
    cell_money as cell_money,
)
from desk_app.xlsx import read as xlsxio

# Header cells are compared without spaces, required marks and bracketed notes (see
# xlsxio.header_key).
COLUMNS = SETTLEMENT_COLUMNS
HEADER_FIND = ("name", "id_number")


def parse_row(
    number: int,
    values: tuple[Any, ...],
    header: xlsxio.Header,
    hospitals: HospitalNames,
    today: date,
) -> tuple[SettlementRow | RowError, tuple[Any, ...] | None]:
    """One row of the sheet through the one row check (see there)."""
    get = xlsxio.column_values(values, header)
    return check_row(number, get, header.columns, hospitals.canonical, today)


def parse_rows(
    sheet: xlsxio.SheetRows,
    header: xlsxio.Header,
    hospitals: HospitalNames,
    today: date,
    cancel: threading.Event | None,
) -> tuple[list[SettlementRow], list[RowError], dict[tuple[Any, ...], list[int]]]:
    """Every row under the header: the good ones, the errors (rows of the same hospital and
    invoice number after the first are errors: the same slip twice in one file), and the
    claims (group keys) that bad rows belong to."""
    good: list[SettlementRow] = []
    errors: list[RowError] = []
    bad_groups: dict[tuple[Any, ...], list[int]] = {}
    first_of: dict[tuple[str, str], SettlementRow] = {}
    for n, (number, values) in enumerate(sheet.rows[header.position + 1 :], start=1):
        if n % 500 == 0:
            check(cancel)
        parsed, key = parse_row(number, values, header, hospitals, today)
        if isinstance(parsed, RowError):
            errors.append(parsed)
            if key is not None:
                bad_groups.setdefault(key, []).append(number)
            continue
        slip = (parsed.hospital, parsed.invoice_no)
        earlier = first_of.get(slip)
        if earlier is not None:
            errors.append(
                RowError(
                    number,
                    msg(
                        "与第 {r} 行是同一张票据（{h} {i}），同一文件中重复",
                        "the same receipt as row {r} ({h} {i}), twice in the file",
                        r=earlier.row,
                        h=parsed.hospital,
                        i=parsed.invoice_no,
                    ),
                    parsed.values,
                )
            )
            # A line doubled within one stay leaves that stay whole; a slip that also appears
            # under another stay makes that other stay doubtful: it is held back.
            if parsed.group_key() != earlier.group_key():
                bad_groups.setdefault(parsed.group_key(), []).append(number)
            continue
        first_of[slip] = parsed
        good.append(parsed)
    return good, errors, bad_groups
