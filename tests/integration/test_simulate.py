"""方案测算 over settlement files: the sums, the grouping into claims and persons, bad rows,
CSV and .xlsx, the command line."""

from __future__ import annotations

import csv
import itertools
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from base.errors import ValidationError
from desk_app.schemes.engine import calculate
from desk_app.schemes.model import Claim, MemberFacts
from desk_app.schemes.parse import read_scheme_file
from desk_app.schemes.sample import HEADER, write_csv
from desk_app.schemes.settlements import BadRow, read_settlements
from desk_app.schemes.simulate import simulate
from tests.conftest import SPEC, run_cli

QUZHOU = SPEC / "schemes" / "quzhou-2015.toml"
SCHEME = read_scheme_file(QUZHOU)[1]
AMOUNT_COLUMNS = [
    "统筹基金支付",
    "其他支付",
    "起付标准自付",
    "按比例自付",
    "超封顶线自付",
    "自付二",
    "自费",
]


_SLIPS = itertools.count(1)


def row(
    id_number: str,
    kind: str,
    dates: tuple[str, ...],
    hospital: str = "衢州市人民医院",
    **amounts: str,
) -> dict[str, str]:
    """One settlement row; ``amounts`` by Chinese column name, the total is their sum; a slip
    number of its own (the row check wants one, as at the desk)."""
    r = {"姓名": "张三", "身份证号": id_number, "医院名称": hospital, "就诊类型": kind}
    r["票据号"] = f"P{next(_SLIPS):06d}"
    if kind == "住院":
        r["入院日期"], r["出院日期"] = dates
    else:
        (r["就诊日期"],) = dates
    values = {c: amounts.get(c, "0") for c in AMOUNT_COLUMNS}
    values["统筹基金支付"] = amounts.get("统筹基金支付", "1000.00")
    r.update(values)
    r["医疗费总额"] = amounts.get("医疗费总额") or str(sum(Decimal(v) for v in values.values()))
    return r


def write(
    path: Path, rows: list[dict[str, str]], *, encoding: str = "utf-8-sig", title_rows: int = 0
) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        for _ in range(title_rows):
            w.writerow(["衢州市医保结算数据导出"])
        w.writerow(HEADER)
        for r in rows:
            w.writerow([r.get(h, "") for h in HEADER])
    return path


A, B, C = "330802198001010011", "330802198002020022", "330802198003030033"
STAY_A1 = ("2015-03-01", "2015-03-10")


def worked_rows() -> list[dict[str, str]]:
    return [
        # A: one stay on two receipts (5000 in base), then a second stay (6000).
        row(A, "住院", STAY_A1, 起付标准自付="800", 按比例自付="3000"),
        row(A, "住院", STAY_A1, 按比例自付="1200", 自费="500"),
        row(A, "住院", ("2015-06-01", "2015-06-05"), hospital="衢州市中医医院", 按比例自付="6000"),
        # B: outpatient (not covered), discharged in 2016 (outside), 400 within the deductible.
        row(B, "门诊", ("2015-04-01",), 按比例自付="100"),
        row(B, "住院", ("2016-01-02", "2016-01-05"), 按比例自付="900"),
        row(B, "住院", ("2015-12-20", "2015-12-28"), 按比例自付="400"),
        # C: a bad amount, then a stay above the cap.
        row(C, "住院", ("2015-05-01", "2015-05-03"), 按比例自付="12.345"),
        row(C, "住院", ("2015-05-01", "2015-05-03"), 按比例自付="50000"),
    ]


def test_a_worked_file_adds_up(tmp_path):
    """A: 4500 × 40% = 1800, then 5000 × 40% + 1000 × 45% = 2450 (deductible used up).
    C: 500 deductible, 5000 × 40% + 5000 × 45% + 39500 × 50% = 24000, cut to the 20000 cap."""
    report = simulate(SCHEME, write(tmp_path / "s.csv", worked_rows()), head_count=1000)
    assert (report.rows, report.bad_rows, report.persons, report.persons_paid) == (8, 1, 3, 2)
    assert (report.claims, report.claims_payable, report.claims_paid) == (6, 4, 3)
    assert dict(report.rejected) == {"outside_period": 1, "not_covered": 1}
    assert (report.computed, report.cap_cut, report.payout) == (
        Decimal("28250.00"),
        Decimal("4000.00"),
        Decimal("24250.00"),
    )
    (benefit,) = report.benefits
    assert (benefit.claims, benefit.amount) == (4, Decimal("28250.00"))
    assert [(k.base, k.amount) for k in benefit.brackets] == [
        (Decimal("14500.00"), Decimal("5800.00")),
        (Decimal("6000.00"), Decimal("2700.00")),
        (Decimal("39500.00"), Decimal("19750.00")),
    ]
    assert report.premium_income == Decimal("50000.00")
    assert report.payout_ratio == Decimal("0.485")
    assert report.errors[0].row == 8 and "12.345" in report.errors[0].message.en


def test_min_payout_is_counted_apart(tmp_path):
    scheme = read_scheme_file(SPEC / "schemes" / "quzhou-2016.toml")[1]
    rows = [row(A, "住院", ("2016-03-01", "2016-03-03"), 按比例自付="100")]
    report = simulate(scheme, write(tmp_path / "s.csv", rows))
    assert (report.computed, report.min_payout_added, report.payout) == (
        Decimal("40.00"),
        Decimal("10.00"),
        Decimal("50.00"),
    )
    assert report.payout_ratio is None and report.premium_income is None


def test_claims_of_a_person_are_taken_by_covered_date_not_file_order(tmp_path):
    later_first = [
        row(A, "住院", ("2015-09-01", "2015-09-05"), 按比例自付="1000"),
        row(A, "住院", ("2015-02-01", "2015-02-05"), 按比例自付="300"),
    ]
    report = simulate(SCHEME, write(tmp_path / "s.csv", later_first))
    # February's 300 is all deductible; September's 1000 loses the remaining 200: 800 × 40 %.
    assert report.payout == Decimal("320.00")


def test_a_person_whose_rows_come_back_later_is_refused(tmp_path):
    rows = [
        row(A, "住院", STAY_A1, 按比例自付="1000"),
        row(B, "住院", STAY_A1, 按比例自付="1000"),
        row(A, "住院", ("2015-06-01", "2015-06-05"), 按比例自付="1000"),
    ]
    with pytest.raises(ValidationError) as e:
        simulate(SCHEME, write(tmp_path / "s.csv", rows))
    assert "row 4" in e.value.text("en") and "sort the file by 身份证号" in e.value.text("en")
    assert A not in e.value.text("en")  # the ID is masked


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"就诊类型": "急诊"}, "the kind must be 住院 or 门诊"),
        ({"入院日期": "2015-02-30"}, "the admission date is not a date: 2015-02-30"),
        ({"出院日期": ""}, "an inpatient row needs the discharge date"),
        ({"按比例自付": "abc"}, "the co-payment is not an amount in yuan and fen: abc"),
        ({"医疗费总额": ""}, "the total is empty"),
        ({"份数": "2"}, "份数 must be 1 to 1"),
        ({"身份证号": ""}, "the ID number is empty"),
        ({"票据号": ""}, "the invoice number is empty"),
        ({"医疗费总额": "999.00"}, "the total 999.00 is not the sum of its seven parts"),
    ],
)
def test_a_bad_row_is_reported_with_its_row_number_and_skipped(tmp_path, change, words):
    bad = {**row(A, "住院", STAY_A1, 按比例自付="1000"), **change}
    rows = [row(B, "住院", STAY_A1, 按比例自付="1000"), bad]
    report = simulate(SCHEME, write(tmp_path / "s.csv", rows, title_rows=2))
    (error,) = report.errors
    assert error.row == 5 and words in error.message.en  # 2 title rows, the header, row 4
    assert report.claims == 1


def test_forgiving_about_layout(tmp_path):
    """GB18030 as Excel saves it, title rows, thousands separators, slashed dates, 人员类别."""
    r = row(A, "住院", ("2015/3/1", "2015/3/10"), 按比例自付="1,000.00", 医疗费总额="2,000.00")
    r["人员类别"] = "困难职工、劳模"
    path = write(tmp_path / "s.csv", [r], encoding="gb18030", title_rows=3)
    (parsed,) = list(read_settlements(path))
    assert not isinstance(parsed, BadRow)
    assert parsed.admission == date(2015, 3, 1) and parsed.receipt.copay == Decimal("1000.00")
    assert parsed.categories == ("hardship", "model_worker")


def test_an_xlsx_file_with_numbers_and_dates_in_cells(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["医保结算数据"])
    ws.append(HEADER)
    ws.append(
        [
            "张三",
            A,
            "衢州市人民医院",
            "1",
            "住院",
            date(2015, 3, 1),
            date(2015, 3, 10),
            None,
            "K35.8",
            "阑尾炎",
            3287.99,
            1000,
            0,
            800,
            1487.99,
            0,
            0,
            0,
            1,
            None,
        ]
    )
    ws.append(
        [
            "李四",
            330802198002020022,
            "衢州市人民医院",
            "2",
            "住院",
            date(2015, 3, 1),
            date(2015, 3, 10),
            None,
            "K35.8",
            "阑尾炎",
            100,
            100,
            0,
            0,
            0,
            0,
            0,
            0,
            1,
            None,
        ]
    )
    wb.save(tmp_path / "s.xlsx")
    report = simulate(SCHEME, tmp_path / "s.xlsx")
    assert report.payout == Decimal("715.20")  # (800 + 1487.99 − 500) × 40 %
    (error,) = report.errors
    assert error.row == 4 and "turned into a number by Excel" in error.message.en


def test_a_file_without_the_header_is_refused(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        simulate(SCHEME, path)
    assert "no header row with 姓名 and 身份证号" in e.value.text("en")


def test_a_header_without_the_amounts_is_refused(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("姓名,身份证号,就诊类型\n张三,1,住院\n", encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        simulate(SCHEME, path)
    assert "lacks the columns 医院名称, 票据号, 医疗费总额" in e.value.text("en")


def test_not_a_workbook(tmp_path):
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(ValidationError) as e:
        simulate(SCHEME, path)
    assert "not an Excel workbook" in e.value.text("en")


def test_the_totals_equal_the_engine_run_person_by_person(tmp_path):
    path = tmp_path / "sample.csv"
    write_csv(path, 300, seed=7)
    report = simulate(SCHEME, path)
    persons: dict[str, list] = {}
    for r in read_settlements(path):
        assert not isinstance(r, BadRow)
        persons.setdefault(r.id_number, []).append(r)
    payout, paid = Decimal(0), 0
    for rows in persons.values():
        stays: dict[tuple, list] = {}
        for r in rows:
            stays.setdefault(
                (r.kind, r.admission, r.discharge, r.visit_date, r.hospital), []
            ).append(r)
        claims = [
            Claim(
                g[0].kind,
                tuple(x.receipt for x in g),
                g[0].admission,
                g[0].discharge,
                g[0].visit_date,
                None,
                g[0].disease,
            )
            for g in stays.values()
        ]
        claims.sort(key=lambda c: c.discharge or c.visit_date)
        results = calculate(
            SCHEME, MemberFacts(1, SCHEME.period_start, True, rows[0].categories), claims
        )
        payout += sum((x.payout for x in results), Decimal(0))
        paid += sum(1 for x in results if x.payout > 0)
    assert (report.payout, report.claims_paid, report.persons) == (payout, paid, 300)
    assert sum((b.amount for b in report.benefits), Decimal(0)) == report.computed
    assert report.payout == report.computed + report.min_payout_added - report.cap_cut


# --------------------------------------------------------------------------- command line


def test_cli_prints_the_report(tmp_path):
    path = write(tmp_path / "s.csv", worked_rows())
    result = run_cli(
        "--lang",
        "zh",
        "simulate",
        "--scheme",
        str(QUZHOU),
        "--claims",
        str(path),
        "--members",
        "1000",
    )
    assert result.code == 0, result.err
    assert "给付总额 24,250.00" in result.out
    assert "资金使用率 48.50%" in result.out
    assert "10,000.00 以上段 50%：基数 39,500.00，金额 19,750.00" in result.out
    assert "第 8 行" in result.out


def test_cli_json(tmp_path):
    path = write(tmp_path / "s.csv", worked_rows())
    result = run_cli(
        "simulate", "--scheme", str(QUZHOU), "--claims", str(path), "--members", "1000", "--json"
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["payout"] == "24250.00" and data["payout_ratio"] == "0.4850"
    assert data["benefits"][0]["brackets"][2]["amount"] == "19750.00"
    assert data["rejected"] == {"outside_period": 1, "not_covered": 1}


def test_cli_refuses_an_unsorted_file_without_a_traceback(tmp_path):
    rows = [row(A, "住院", STAY_A1), row(B, "住院", STAY_A1), row(A, "住院", STAY_A1)]
    path = write(tmp_path / "s.csv", rows)
    result = run_cli("--lang", "en", "simulate", "--scheme", str(QUZHOU), "--claims", str(path))
    assert result.code != 0 and "row 4" in result.err and "Traceback" not in result.err


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["xls", "ods", "xlsb"])
def test_the_other_workbook_kinds_read_as_the_xlsx(tmp_path, kind):
    """The same file saved as .xls / .ods by LibreOffice (.xlsb by tests/xlsb.py) gives the same
    report, bad row and row number included."""
    from tests.office import convert
    from tests.xlsb import write_xlsb

    test_an_xlsx_file_with_numbers_and_dates_in_cells(tmp_path)  # writes s.xlsx, checks it
    source = tmp_path / "s.xlsx"
    if kind == "xlsb":
        from openpyxl import load_workbook

        ws = load_workbook(source).active
        other = write_xlsb(tmp_path / "s.xlsb", [list(r) for r in ws.iter_rows(values_only=True)])
    else:
        (other,) = convert([source], kind, tmp_path / kind)
    want, got = simulate(SCHEME, source), simulate(SCHEME, other)
    assert got.payout == want.payout == Decimal("715.20")
    assert [(e.row, e.message.en) for e in got.errors] == [
        (e.row, e.message.en) for e in want.errors
    ]
