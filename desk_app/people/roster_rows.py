"""The roster's rows, read and checked one by one (no database writes): each good row becomes
a :class:`Row`, each bad one a :class:`RowError` with every problem of that row."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.clock import today
from base.errors import DeskError, Message, RowError, ValidationError, msg
from base.progress import check
from db.models import Scheme, Unit
from desk_app.people.enrollment import check_enrolled_on, check_shares
from desk_app.people.idcard import IdInfo, check_id_number
from desk_app.people.members import join_categories
from desk_app.people.roster_template import LABELS, SAMPLE_ID
from desk_app.people.rules import (
    check_account,
    check_categories,
    check_medical_type,
    check_mobile,
    check_name,
    known_categories,
)
from desk_app.system.months import locked_through
from desk_app.xlsx import read as xlsxio


@dataclass
class Row:
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


class Units:
    """The county's units, looked up by code (case-insensitive) or exact name."""

    def __init__(self, session: Session) -> None:
        self.by_code: dict[str, tuple[int, str]] = {}
        self.by_name: dict[str, list[tuple[int, str]]] = {}
        for uid, code, name in session.execute(select(Unit.id, Unit.code, Unit.name)):
            self.by_code[code.strip().lower()] = (uid, code)
            self.by_name.setdefault(name_key(name), []).append((uid, code))

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
            found = self.by_name.get(name_key(name), [])
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


def name_key(name: str) -> str:
    return "".join(xlsxio.text(name).split())


def parse_rows(
    s: Session,
    sheet: xlsxio.SheetRows,
    header: xlsxio.Header,
    scheme: Scheme,
    units: Units,
    fixed: tuple[int, str] | None,
    cancel: threading.Event | None,
) -> tuple[list[Row], list[RowError], list[RowError]]:
    ctx = _Context(scheme, units, fixed, known_categories(s), today(), locked_through(s))
    rows: list[Row] = []
    errors: list[RowError] = []
    warnings: list[RowError] = []
    for n, (number, values) in enumerate(sheet.rows[header.position + 1 :]):
        if n % 1000 == 0:
            check(cancel)
        get = xlsxio.column_values(values, header)
        cells = {f: xlsxio.text(get(f)) for f in header.columns}  # each cell read once
        if cells["name"] == "" and cells["id_number"] == "":
            continue  # a blank, a number-only or a signature line: not a member
        if cells["name"] in ("姓名", "姓 名") or xlsxio.header_key(cells["name"]) == "姓名":
            continue  # the header repeated on a printed roster's next page
        shown = {LABELS[f]: v for f, v in cells.items()}
        problems: list[Message] = []
        row = _check_row(ctx, number, get, cells, shown, problems, warnings)
        if row is None:
            errors.append(RowError(number, _join(problems), shown))
        else:
            rows.append(row)
    return rows, errors, warnings


@dataclass
class _Context:
    """What every row is checked against, read once per import."""

    scheme: Scheme
    units: Units
    fixed: tuple[int, str] | None
    known: frozenset[str]
    default_day: date
    closed: str | None
    seen: dict[str, int] = field(default_factory=dict)  # ID number -> its first row


def _check_row(
    ctx: _Context,
    number: int,
    get: Callable[[str], Any],
    cells: dict[str, str],
    shown: dict[str, str],
    problems: list[Message],
    warnings: list[RowError],
) -> Row | None:
    """The row, or None with every problem of it noted in ``problems``."""
    cell = functools.partial(_cell, cells)
    attempt = _Attempt(problems)
    name = attempt(check_name, cell("name"))
    info = _check_id(ctx, number, get, cell, attempt, shown, warnings)
    unit_id = attempt(ctx.units.resolve, cell("unit_code"), cell("unit_name"), ctx.fixed)
    phone = attempt(check_mobile, attempt(_digits, get("phone"), "手机号", "mobile number"))
    account = attempt(check_account, attempt(_digits, get("account"), "银行账号", "account number"))
    cats_raw = cell("categories")
    cats = attempt(check_categories, cats_raw, ctx.known) if cats_raw else None
    medical = attempt(check_medical_type, cell("medical_type"))
    shares = attempt(xlsxio.whole_number, get("shares"), what_zh="份数", what_en="shares")
    if shares is not None or not cell("shares"):
        shares = attempt(check_shares, 1 if shares is None else shares, ctx.scheme.max_shares)
    day = attempt(
        xlsxio.cell_date, get("enrolled_on"), what_zh="参保日期", what_en="enrollment date"
    )
    if day is not None or not cell("enrolled_on"):
        day = attempt(check_enrolled_on, day or ctx.default_day, ctx.scheme, ctx.closed)
    if problems:
        return None
    assert name is not None and info is not None and unit_id is not None
    return Row(
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


def _check_id(
    ctx: _Context,
    number: int,
    get: Callable[[str], Any],
    cell: Callable[[str], str],
    attempt: _Attempt,
    shown: dict[str, str],
    warnings: list[RowError],
) -> IdInfo | None:
    """The row's ID number checked: not turned into a number by Excel, valid, not repeated
    from an earlier row, not the template's sample; its warnings noted."""
    raw_id = get("id_number")
    if xlsxio.is_number(raw_id):
        attempt.problems.append(
            msg(
                "身份证号被 Excel 转成了数字（{v}），后几位已丢失；请把该列设为文本后重新填写",
                "the ID number was turned into a number by Excel ({v}) and lost its last "
                "digits: format the column as text and type it again",
                v=xlsxio.text(raw_id) if isinstance(raw_id, int) else f"{raw_id:.14E}",
            )
        )
        return None
    info: IdInfo | None = attempt(check_id_number, cell("id_number"), on=ctx.default_day)
    if info is None:
        return None
    first = ctx.seen.get(info.number)
    if first is not None:
        attempt.problems.append(
            msg(
                "与第 {r} 行的身份证号重复",
                "the same ID number as row {r}",
                r=first,
            )
        )
    else:
        ctx.seen[info.number] = number
    if info.number == SAMPLE_ID:
        attempt.problems.append(
            msg("这是模板中的示例行，请删除", "this is the template's sample row: delete it")
        )
    for w in info.warnings:
        warnings.append(RowError(number, w, shown))
    return info


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
    """Every problem of the row in one message; each quotes its cell short (a cell of 10 000
    characters is not repeated into the error report)."""
    return Message(
        "；".join(xlsxio.shorten(p.zh, 200) for p in problems),
        "; ".join(xlsxio.shorten(p.en, 200) for p in problems),
    )
