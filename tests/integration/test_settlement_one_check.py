"""One settlement file, two readers: the desk's settlement import and the scheme simulation
refuse the same rows with the same words (both go through desk_app/schemes/settlement_row.py),
on a real .xlsx file and, for the simulation, the same rows as CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from desk_app.claims import service
from desk_app.schemes.parse import read_scheme_file
from desk_app.schemes.simulate import simulate
from desk_app.schemes.simulate_columns import _columns, _parsed, simulate_columns
from tests.conftest import SPEC
from tests.fixtures_people import make_id
from tests.fixtures_xlsx import write_workbook
from tests.integration.claims_support import world
from tests.integration.test_settlement_import import HEADER, row

__all__ = ["world"]
SCHEME = read_scheme_file(SPEC / "schemes" / "quzhou-2015.toml")[1]
ZHANG = make_id(1)


def _stay(n: int) -> dict[str, str]:
    """Dates of a stay of its own for row ``n`` (so a bad row holds back no other row)."""
    return {"admission": f"2015-07-{n:02d}", "discharge": f"2015-07-{n:02d}"}


def _rows() -> list[list[object]]:
    """张建国's rows (one person, together, as the simulation wants them), one problem or
    several per row, and two good rows."""
    return [
        HEADER,  # row 1
        row("张建国", ZHANG, "G-2", copay=100, **_stay(2)),  # 2: good
        row("张建国", ZHANG, "G-3", kind="急诊", copay=100, **_stay(3)),  # 3: kind
        row("张建国", ZHANG, "", copay=100, **_stay(4)),  # 4: no invoice number
        row("张建国", ZHANG, "G-5", hospital="", copay=100, **_stay(5)),  # 5: no hospital
        row("", ZHANG, "G-6", copay=100, **_stay(6)),  # 6: no name
        row("张建国", ZHANG, "G-7", copay=100, admission="2015-02-30"),  # 7: not a date
        row("张建国", ZHANG, "G-8", copay=100, discharge=None, admission="2015-07-08"),  # 8
        row("张建国", ZHANG, "G-9", admission="2015-07-20", discharge="2015-07-09"),  # 9
        row("张建国", ZHANG, "G-10", total=999, copay=100, **_stay(10)),  # 10: sum
        row("张建国", ZHANG, "G-11", copay="12.345", **_stay(11)),  # 11: not fen
        row("张建国", ZHANG, "G-12", copay=-50, fund=1100, **_stay(12)),  # 12: negative
        row("张建国", ZHANG, "G-13", total=0, fund=0, **_stay(13)),  # 13: total 0
        row("张建国", ZHANG, "G-14", copay=100, admission="2099-01-01", discharge="2099-01-02"),
        row("张建国", ZHANG, "G-15", copay=100, disease="K" * 30, **_stay(15)),  # 15: long
        row("张建国", ZHANG, "G-16", kind="门诊", admission=None, discharge=None),  # 16
        row("", ZHANG, "", kind="体检", total="abc", copay=100, **_stay(17)),  # 17: several
        row("张建国", ZHANG, "G-18", kind="门诊", visit="2015-07-18", copay=30),  # 18: good
        row("张建国", ZHANG, "G-19", hospital="医" * 101, copay=100, **_stay(19)),  # 19: long
    ]


def _desk_errors(w, path: Path) -> dict[int, tuple[str, str]]:
    with w.db.uow() as uow:
        rep = service.import_settlements(uow, w.clerk, path, "QZ-2015-ZY").value
        uow.commit()
    assert rep.claims == 2  # rows 2 and 18
    return {e.row: (e.message.zh, e.message.en) for e in rep.errors}


def _simulation_errors(path: Path) -> dict[int, tuple[str, str]]:
    report = simulate(SCHEME, path)
    assert report.claims == 2 and report.bad_rows == len(report.errors)
    return {e.row: (e.message.zh, e.message.en) for e in report.errors}


def test_the_desk_and_the_simulation_refuse_the_same_rows_in_the_same_words(world, tmp_path):
    path = write_workbook(tmp_path / "s.xlsx", _rows())
    desk = _desk_errors(world, path)
    assert sorted(desk) == [*range(3, 18), 19]
    assert _simulation_errors(path) == desk
    # The words are the clerk's, every problem of the row at once.
    assert desk[3][0] == "就诊类型应为住院或门诊（现为「急诊」）"
    assert desk[17][0].split("；") == [
        "姓名为空",
        "票据号为空",
        "就诊类型应为住院或门诊（现为「体检」）",
        "医疗费总额不是精确到分的金额：abc",
    ]


@pytest.mark.parametrize("bad", [*range(3, 18), 19])
def test_each_bad_row_in_a_plain_csv_is_refused_by_the_simulation_in_the_desks_words(
    world, tmp_path, bad
):
    """As CSV with its header on row 1 the simulation takes its columnar path when it can
    prove every row good; each bad row alone (after a good one) must still be refused, in the
    desk's words for that row (read from the .xlsx)."""
    rows = _rows()
    desk = _desk_errors(world, write_workbook(tmp_path / "s.xlsx", rows))
    path = tmp_path / "s.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        for r in (rows[0], rows[1], rows[bad - 1]):
            out.writerow(["" if v is None else v for v in r])
    report = simulate(SCHEME, path)
    assert [(e.row, (e.message.zh, e.message.en)) for e in report.errors] == [(3, desk[bad])]
    # The columnar path's own check turns the file down (not only its sample check after).
    assert _parsed(path, _columns(path), SCHEME.max_shares) is None


def test_a_plain_csv_of_good_rows_goes_the_columnar_path(world, tmp_path):
    rows = _rows()
    path = tmp_path / "s.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        for r in (rows[0], rows[1], rows[17]):
            out.writerow(["" if v is None else v for v in r])
    assert _parsed(path, _columns(path), SCHEME.max_shares) is not None
    assert simulate_columns(SCHEME, path) == simulate(SCHEME, path, columnar=False)
