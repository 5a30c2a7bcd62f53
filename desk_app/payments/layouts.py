"""Bank list layouts (代发格式, FILES.md §4): which columns a bank's import tool reads, their
names and order, the file type (xlsx, csv or txt), the text encoding and the total line it
checks. Each layout is a TOML file under ``desk_app/data/bank_layouts/``; the setting
``bank.layout`` chooses one (``docs/bank-lists.md`` describes the file and the shipped ones).

Whatever the layout, the column header is the file's first line and the last line is the
total (合计): the count of transfers and their sum.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

from base.errors import ValidationError, msg
from base.money import fmt
from desk_app.data import bank_layouts
from desk_app.payments.model import ZERO, PayableRow

PACKAGE = bank_layouts.__name__
FORMATS = ("xlsx", "csv", "txt")
#: What a column may hold; ``text`` is the column's fixed ``value`` (a purpose, 摘要).
FIELDS = (
    "seq",
    "name",
    "id_number",
    "account",
    "amount",
    "amount_fen",
    "approval_no",
    "unit_name",
    "phone",
    "batch_no",
    "pay_date",
    "text",
)
#: Columns written as text cells (Excel must not turn an ID or account into 6.2E+18).
TEXT_FIELDS = frozenset({"id_number", "account", "approval_no", "phone", "batch_no", "text"})


@dataclass(frozen=True)
class Column:
    field: str
    title: str
    value: str = ""  # for ``text``


@dataclass(frozen=True)
class Total:
    label: str = "合计"
    label_column: str = ""  # the field whose column holds the label (default: the first)
    count_column: str = ""  # the field whose column holds "N 笔" (none when empty)


@dataclass(frozen=True)
class BankLayout:
    code: str
    name: str
    name_en: str
    format: str  # xlsx | csv | txt
    columns: tuple[Column, ...]
    total: Total
    encoding: str = "utf-8-sig"
    delimiter: str = ","

    @property
    def suffix(self) -> str:
        return "." + self.format

    def titles(self) -> list[str]:
        return [c.title for c in self.columns]


def _bad(origin: str, what: str, what_en: str) -> ValidationError:
    return ValidationError(
        msg(
            "代发格式文件 {o} 有误：{w}",
            "bank layout {o} is wrong: {w_en}",
            o=origin,
            w=what,
            w_en=what_en,
        ),
        code="bank_layout",
    )


def parse(text: str, origin: str) -> BankLayout:
    """A layout from the text of its TOML file; a clear refusal of anything it cannot use."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _bad(origin, f"不是有效的 TOML（{exc}）", f"not valid TOML ({exc})") from exc
    fmt_ = str(data.get("format", "xlsx"))
    if fmt_ not in FORMATS:
        raise _bad(origin, f"文件类型 {fmt_} 不支持", f"format {fmt_!r} is not one of {FORMATS}")
    columns = []
    for i, c in enumerate(data.get("columns", []), 1):
        field = str(c.get("field", ""))
        if field not in FIELDS:
            raise _bad(origin, f"第 {i} 列的字段 {field} 不存在", f"column {i}: no field {field!r}")
        columns.append(Column(field, str(c.get("title", field)), str(c.get("value", ""))))
    if not any(c.field in ("amount", "amount_fen") for c in columns):
        raise _bad(origin, "没有金额列", "no amount column")
    encoding = str(data.get("encoding", "utf-8-sig"))
    try:
        "合计".encode(encoding)
    except LookupError as exc:
        raise _bad(origin, f"编码 {encoding} 不存在", f"no encoding {encoding!r}") from exc
    t = data.get("total", {})
    total = Total(
        str(t.get("label", "合计")), str(t.get("label_column", "")), str(t.get("count_column", ""))
    )
    fields = {c.field for c in columns}
    for f in (total.label_column, total.count_column):
        if f and f not in fields:
            raise _bad(origin, f"合计行的列 {f} 不在表中", f"total line column {f!r} not laid out")
    return BankLayout(
        code=str(data.get("code", origin)),
        name=str(data.get("name", origin)),
        name_en=str(data.get("name_en", data.get("name", origin))),
        format=fmt_,
        columns=tuple(columns),
        total=total,
        encoding=encoding,
        delimiter=str(data.get("delimiter", ",")),
    )


def shipped_codes() -> tuple[str, ...]:
    """The codes of the layouts shipped with the desk, the standard one first."""
    return bank_layouts.codes()


def load(code: str) -> BankLayout:
    """The shipped layout ``code``."""
    if code not in shipped_codes():
        raise ValidationError(
            msg("没有代发格式 {c}", "no bank layout {c!r}", c=code), code="bank_layout"
        )
    text = resources.files(PACKAGE).joinpath(f"{code}.toml").read_text(encoding="utf-8")
    return parse(text, code)


def names(lang: str) -> dict[str, str]:
    """Each shipped layout's name in ``lang`` ("zh" or "en"), by code (for the settings)."""
    out = {}
    for code in shipped_codes():
        layout = load(code)
        out[code] = layout.name if lang == "zh" else layout.name_en
    return out


def value(column: Column, n: int, row: PayableRow, pay_date: date, batch_no: str) -> Any:
    """What ``column`` holds for the ``n``-th transfer ``row`` (amounts as ``Decimal`` / fen)."""
    f = column.field
    values: dict[str, Any] = {
        "seq": n,
        "name": row.member_name,
        "id_number": row.id_number,
        "account": row.bank_account,
        "amount": row.payout,
        "amount_fen": int(row.payout * 100),
        "approval_no": row.approval_no or row.claim_no,
        "unit_name": row.unit_name or "",
        "phone": row.phone or "",
        "batch_no": batch_no,
        "pay_date": pay_date,
        "text": column.value,
    }
    return values[f]


def total_line(layout: BankLayout, paid: Sequence[PayableRow]) -> list[Any]:
    """The last line: the label, the count, and the sum under each amount column."""
    total = sum((r.payout for r in paid), ZERO)
    label_at = layout.total.label_column or layout.columns[0].field
    out: list[Any] = []
    for c in layout.columns:
        if c.field == "amount":
            out.append(total)
        elif c.field == "amount_fen":
            out.append(int(total * 100))
        elif c.field == label_at:
            out.append(layout.total.label)
        elif c.field == layout.total.count_column:
            out.append(f"{len(paid)} 笔")
        else:
            out.append(None)
    return out


def text_cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return fmt(v, grouped=False)
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def encode(layout: BankLayout, text: str, row: int) -> bytes:
    """The file's text in the layout's encoding; a name it cannot write is refused by row."""
    try:
        return text.encode(layout.encoding)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end]
        raise ValidationError(
            msg(
                "代发格式「{n}」使用 {e} 编码，第 {r} 行的「{c}」无法写入："
                "请改用 xlsx 格式的代发格式或与银行确认该字的写法",
                "bank layout {n_en} is written in {e}, which cannot hold {c!r} of line {r}: "
                "choose an xlsx layout or ask the bank how to write it",
                n=layout.name,
                n_en=layout.name_en,
                e=layout.encoding,
                r=row,
                c=bad,
            ),
            code="bank_layout_encoding",
        ) from exc
