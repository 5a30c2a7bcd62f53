"""The quarterly one-to-one verification list (一对一核实): a sheet per unit with what was paid to
whom, for the unit union to check with each member and sign."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from base.errors import ValidationError
from desk_app.payments import service as payments
from desk_app.people.idcard import mask_id
from desk_app.returns import service as returns
from desk_app.returns.verification import SUMMARY_HEADERS
from tests.integration.payments_support import county, load, pay, rows, three_stays

__all__ = ["county"]
D = Decimal


@pytest.fixture
def quarter(county):
    s = three_stays(county)
    pay(county, date(2015, 8, 20))
    with county.db.uow() as uow:
        payments.reverse_payment(uow, county.reviewer, s["zhang"].id, D("100.00"), "多付")
        uow.commit()
    pay(county, date(2015, 9, 10))
    return s


def _write(county, **kw):
    out = county.tmp / "核实.xlsx"
    with county.db.uow() as uow:
        path = returns.write_verification_list(uow, county.reviewer, 2015, 3, out, **kw).value
        uow.commit()
    return load(path)


def test_one_sheet_per_unit_after_a_summary(county, quarter):
    wb = _write(county)
    assert wb.sheetnames == ["汇总", "DW001 城关供电所工会", "DW002 衢州第一中学"]
    summary = rows(wb["汇总"])
    assert "2015年第3季度" in summary[0][0]
    assert tuple(summary[2]) == SUMMARY_HEADERS
    assert summary[3:] == [
        [1, "DW001", "城关供电所工会", 1, 1, 300.0, None],
        [2, "DW002", "衢州第一中学", 1, 1, 200.0, None],
        ["合计", None, None, 2, 2, 500.0, None],
    ]


def test_a_unit_sheet_lists_each_payment_with_a_masked_id_and_the_account_tail(county, quarter):
    ws = _write(county)["DW001 城关供电所工会"]
    z = quarter["zhang"]
    table = rows(ws)
    assert table[0][0] == "城关供电所工会2015年第3季度职工医疗互助保障金给付核实表"
    assert table[2] == ["序号", "姓名", "身份证号", "账号尾号", "给付金额", "审批编号", "给付日期",
                        "核实情况"]  # fmt: skip
    assert table[3:6] == [
        [1, "张建国", mask_id(z.id_number), "2222", 400.0, z.approval_no, datetime(2015, 8, 20),
         None],
        [2, "张建国", mask_id(z.id_number), None, -100.0, z.approval_no, datetime(2015, 9, 10),
         "冲正"],
        ["合计", None, None, None, 300.0, None, None, None],
    ]  # fmt: skip
    assert ws["E4"].number_format == "#,##0.00" and ws["G4"].is_date
    assert ws["C4"].data_type == "s"
    signatures = " ".join(str(r[0]) for r in table[6:] if r[0])
    assert "基层工会核实人（签字）" in signatures and "单位（盖章）" in signatures
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:H5"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$1:$3"


def test_full_ids_when_asked(county, quarter):
    ws = _write(county, mask_id=False)["DW002 衢州第一中学"]
    assert rows(ws)[3][2] == quarter["wang"].id_number


def test_one_unit_only(county, quarter):
    wb = _write(county, unit_id=county.school)
    assert wb.sheetnames == ["汇总", "DW002 衢州第一中学"]


def test_a_unit_without_payments_still_gets_its_sheet_to_sign(county, quarter):
    at_q2 = county.tmp / "q2.xlsx"
    with county.db.uow() as uow:
        returns.write_verification_list(uow, county.reviewer, 2015, 2, at_q2,
                                        unit_id=county.power)  # fmt: skip
        uow.commit()
    ws = load(at_q2)["DW001 城关供电所工会"]
    assert any(r[0] == "本季度本单位没有给付记录。" for r in rows(ws))


def test_a_quarter_is_one_to_four(county):
    with county.db.uow() as uow, pytest.raises(ValidationError):
        returns.write_verification_list(uow, county.reviewer, 2015, 5, county.tmp / "x.xlsx")
