"""Bad input never reaches a crash (issue #12): whatever a cell of a settlement file or a
roster holds — text, huge exponents (``1e400``), ``NaN``, ``-0``, full-width digits, 10 000
characters, emoji, control characters, dates as text — each row is an accepted row or a row
error in the clerk's words, never an exception; one bad cell is one bad row, not a failed
import."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from base.errors import RowError
from db.models import Claim, Scheme
from desk_app.claims import service
from desk_app.claims import settlement_rows as srows
from desk_app.claims.numbers import HospitalNames
from desk_app.people import roster_rows
from desk_app.people.roster_template import COLUMNS as ROSTER_COLUMNS
from desk_app.people.roster_template import LABELS as ROSTER_LABELS
from desk_app.xlsx import read as xlsxio
from tests.fixtures_people import make_id
from tests.fixtures_xlsx import write_workbook
from tests.integration.claims_support import HOSPITAL, world
from tests.integration.test_settlement_import import HEADER, row

__all__ = ["world"]

HOSTILE = [
    "1e400",
    "-1e400",
    "1E+999999999",
    "NaN",
    "nan",
    "-NaN",
    "sNaN",
    "Infinity",
    "-inf",
    "-0",
    "-0.00",
    "0e-400",
    "１２３４．５６",
    "１e４００",
    "9" * 40,
    "9" * 5000,
    "1" * 10_000,
    "x" * 10_000,
    "😀💊🏥",
    "12a3",
    "\x00\x01\x07\x1b[31m",
    "\u202e1234",
    "\ufeff100",
    "2015-02-30",
    "2015年13月1日",
    "20150101",
    "0000-00-00",
    "99999999",
    "1/2/3",
    "=1+1",
    "   ",
    "\t\n",
    "住院",
    "门诊",
]
SETTLEMENT_FIELDS = list(srows.COLUMNS)


def hostile_cells() -> st.SearchStrategy[Any]:
    """What a workbook reader can hand over for one cell, hostile on purpose."""
    return st.one_of(
        st.none(),
        st.sampled_from(HOSTILE),
        st.text(max_size=30),
        st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=5),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(),
        st.integers(min_value=10**15, max_value=10**40),
        st.sampled_from([10**400, -(10**400), 10**5000, 2**63, -(2**63) - 1]),
        st.booleans(),
        st.dates(),
        st.datetimes(),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.from_regex(r"\A\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\Z"),
        st.from_regex(r"\A-?\d{1,12}(\.\d{1,4})?\Z").map(lambda s: s.translate(_FULL)),
    )


_FULL = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


def _settlement_header() -> xlsxio.Header:
    sheet = xlsxio.SheetRows("s", ((1, tuple(HEADER)),))
    header = xlsxio.find_header(sheet, srows.COLUMNS, srows.HEADER_FIND)
    assert header is not None
    return header


def _good_cells() -> dict[str, Any]:
    values = row("张建国", make_id(1), "INV-1", copay=500)
    return dict(zip(HEADER, values, strict=True))


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cells=st.dictionaries(st.sampled_from(HEADER), hostile_cells(), min_size=1, max_size=6))
def test_every_settlement_cell_gives_a_row_or_a_row_error(world: Any, cells: dict) -> None:
    header = _settlement_header()
    with world.db.reader() as uow:
        hospitals = HospitalNames(uow.session)
    values = {**_good_cells(), **cells}
    parsed, _key = srows.parse_row(
        7, tuple(values[h] for h in HEADER), header, hospitals, date(2015, 12, 31)
    )
    if isinstance(parsed, RowError):
        assert parsed.row == 7
        assert parsed.message.zh.strip() and parsed.message.en.strip()
        assert len(parsed.message.zh) < 2000  # a 10 000-character cell is not repeated whole
    else:
        assert isinstance(parsed, srows.SettlementRow)
        for amount in parsed.amounts.values():
            assert amount.is_finite() and abs(amount) < Decimal("1e10")
            assert not amount.is_signed() or amount < 0  # no "-0.00"


def test_one_cell_of_1e400_is_one_bad_row_not_a_failed_import(world: Any, tmp_path: Any) -> None:
    # Rows 3-5 are another stay than row 2's, so that the good stay is imported.
    august = {"admission": "2015-08-01", "discharge": "2015-08-05"}
    rows = [
        HEADER,
        row("张建国", make_id(1), "OK-1", copay=500),
        row("张建国", make_id(1), "BAD-1", copay="1e400", total="1e400", **august),
        row("张建国", make_id(1), "BAD-2", copay="NaN", total=1500, **august),
        row("张建国", make_id(1), "BAD-3", copay="9" * 10_000, total=1500, **august),
        row("张建国", make_id(1), "BAD-4", copay="😀", total=1500, admission="二〇一五年七月一日"),
        row(
            "张建国",
            make_id(1),
            "BAD-5",
            copay="\t\u200b\u202e5",
            total=1500,
            discharge="2015-02-30",
        ),
        row("李秀英", make_id(2, female=True), "OK-2", copay="－0", fund="１０００", total=1000),
    ]
    path = write_workbook(tmp_path / "hostile.xlsx", rows)
    with world.db.uow() as uow:
        rep = service.import_settlements(uow, world.clerk, path, "QZ-2015-ZY").value
        uow.commit()
    bad = {e.row: e.message.zh for e in rep.errors}
    assert sorted(bad) == [3, 4, 5, 6, 7], bad
    assert "不是精确到分的金额" in bad[3] and "1e400" in bad[3]
    assert "不是精确到分的金额" in bad[4]
    assert len(bad[5]) < 500  # the 10 000 nines are quoted short
    assert "不是有效日期" in bad[6] and "不是有效日期" in bad[7]
    assert (rep.accepted, rep.claims) == (2, 2)  # the good rows of the same file are imported
    with world.db.reader() as uow:
        assert uow.session.execute(select(func.count(Claim.id))).scalar_one() == 2


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cells=st.dictionaries(
        st.sampled_from(list(ROSTER_COLUMNS)), hostile_cells(), min_size=1, max_size=6
    )
)
def test_every_roster_cell_gives_a_row_or_a_row_error(world: Any, cells: dict) -> None:
    fields = list(ROSTER_COLUMNS)
    good: dict[str, Any] = {
        "name": "张建国",
        "id_number": make_id(1),
        "phone": "13912345678",
        "unit_code": "DW001",
        "unit_name": None,
        "categories": None,
        "medical_type": None,
        "shares": 1,
        "account": "6222000011112222",
        "enrolled_on": "2015-01-01",
    }
    values = {**good, **cells}
    sheet = xlsxio.SheetRows(
        "名册",
        (
            (1, tuple(ROSTER_LABELS[f] for f in fields)),
            (2, tuple(values[f] for f in fields)),
        ),
    )
    header = xlsxio.find_header(sheet, ROSTER_COLUMNS, ("name", "id_number"))
    assert header is not None
    with world.db.reader() as uow:
        s = uow.session
        scheme = s.get(Scheme, world.qz)
        good_rows, errors, _warnings = roster_rows.parse_rows(
            s, sheet, header, scheme, roster_rows.Units(s), None, None
        )
    assert len(good_rows) + len(errors) <= 1
    for e in errors:
        assert e.row == 2 and e.message.zh.strip() and e.message.en.strip()
        assert len(e.message.zh) < 2000
    for r in good_rows:
        assert r.id_number and r.name and r.shares >= 1
        assert isinstance(r.enrolled_on, date) and not isinstance(r.enrolled_on, datetime)


def test_the_cell_readers_refuse_what_cannot_be_a_value() -> None:
    for value in ("1e400", 1e300, float("nan"), float("inf"), 10**400, "9" * 5000):
        try:
            srows.cell_money(value)
        except Exception as exc:
            assert isinstance(exc, ValueError), (value, exc)  # MoneyError is a ValueError
        else:
            raise AssertionError(f"{value!r} was taken as an amount")
    assert srows.cell_money("-0") == Decimal("0.00") and not srows.cell_money("-0").is_signed()
    assert srows.cell_money("１２３４．５６") == Decimal("1234.56")
    for value in ("9" * 5000, 10**400, float("nan"), "1e400"):
        try:
            xlsxio.whole_number(value, what_zh="份数", what_en="shares")
        except xlsxio.CellError:
            pass
        else:
            assert isinstance(value, int)
    assert xlsxio.text(10**5000).endswith("（超长数字）")
    assert HOSPITAL
