"""Settlement import (FILES.md §2) on real .xlsx files: rows grouped into claims, every bad row
reported with its worksheet row number, a re-import changes nothing, hostile files refused."""

from __future__ import annotations

import json
import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from base.progress import Cancelled
from db.models import Calculation, Claim, ImportLog, Receipt
from desk_app.claims import service
from desk_app.schemes import store
from desk_app.xlsx.read import WorkbookError
from tests.conftest import PASSWORDS, run_cli
from tests.fixtures_people import add_member, make_id
from tests.fixtures_xlsx import (
    encrypt,
    fake_xls,
    read_rows,
    write_workbook,
    zip_without_workbook,
)
from tests.integration.claims_support import (
    HOSPITAL,
    counts,
    enter,
    inpatient,
    receipt,
    world,
)

__all__ = ["world"]
D = Decimal
HEADER = [
    "姓名",
    "身份证号",
    "医院名称",
    "票据号",
    "就诊类型",
    "入院日期",
    "出院日期",
    "就诊日期",
    "疾病编码",
    "疾病名称",
    "医疗费总额",
    "统筹基金支付",
    "其他支付",
    "起付标准自付",
    "按比例自付",
    "超封顶线自付",
    "自付二",
    "自费",
]


def row(
    name: str,
    id_number: str,
    invoice: str,
    *,
    hospital: str = HOSPITAL,
    kind: str = "住院",
    admission: object = "2015-07-01",
    discharge: object = "2015-07-05",
    visit: object = None,
    total: object = None,
    fund: object = 1000,
    deductible: object = 0,
    copay: object = 0,
    disease: str = "K80.2",
) -> list[object]:
    parts = [fund, 0, deductible, copay, 0, 0, 0]
    if total is None:  # the sum, as a number cell when whole, else as text ("2000.50")
        exact = sum((D(str(p)) for p in parts), D("0.00"))
        total = int(exact) if exact == exact.to_integral_value() else str(exact)
    return [
        name,
        id_number,
        hospital,
        invoice,
        kind,
        admission,
        discharge,
        visit,
        disease,
        "胆结石",
        total,
        *parts,
    ]


def _import(w, path, scheme: str = "QZ-2015-ZY", **kw):
    with w.db.uow() as uow:
        rep = service.import_settlements(uow, w.clerk, path, scheme, **kw).value
        uow.commit()
    return rep


def _errors(rep) -> dict[int, str]:
    return {e.row: e.message.zh for e in rep.errors}


def test_rows_of_one_stay_become_one_claim_with_several_receipts(world, tmp_path):
    path = write_workbook(
        tmp_path / "s.xlsx",
        [
            HEADER,
            row("张建国", make_id(1), "INV-1", deductible=500, copay="1000.50"),
            row("张建国", make_id(1), "INV-2", copay=500),
            row(
                "李秀英",
                make_id(2, female=True),
                "INV-3",
                copay=1500,
                admission="2015/7/3",
                discharge="2015年7月9日",
            ),
        ],
        title_rows=["衢州市医保结算数据 2015年7月"],
    )
    rep = _import(world, path)
    assert (rep.accepted, rep.skipped, rep.rejected, rep.claims) == (3, 0, 0, 2)
    with world.db.reader() as uow:
        claims = list(uow.session.execute(select(Claim).order_by(Claim.id)).scalars())
        assert [c.status for c in claims] == ["submitted", "submitted"]
        assert [c.source for c in claims] == ["import", "import"]
        zhang = service.get_claim(uow, claims[0].id)
        assert [r.invoice_no for r in zhang.receipts] == ["INV-1", "INV-2"]
        # 500 + 1000.50 + 500 = 2000.50 of self-paid, less the 500 deductible, × 40 %.
        assert zhang.calc.payout == D("600.20")
        assert (zhang.admission, zhang.discharge, zhang.hospital) == (
            date(2015, 7, 1),
            date(2015, 7, 5),
            HOSPITAL,
        )
        li = service.get_claim(uow, claims[1].id)
        assert (li.admission, li.discharge) == (date(2015, 7, 3), date(2015, 7, 9))
        assert uow.session.execute(select(ImportLog.kind)).scalar_one() == "settlement"


def test_every_kind_of_bad_row_is_reported_with_its_row_number(world, tmp_path):
    stranger = make_id(40)
    wang = add_member(world.db, world.clerk, "王不参保", make_id(41), unit_id=world.unit)
    assert wang
    taken = enter(
        world.db,
        world.clerk,
        inpatient(
            world.li,
            world.li_qz,
            date(2015, 6, 1),
            date(2015, 6, 3),
            receipt("USED-1", copay="100.00"),
        ),
    )
    bad_id = make_id(1)[:-1] + ("0" if make_id(1)[-1] != "0" else "1")
    path = write_workbook(
        tmp_path / "bad.xlsx",
        [
            HEADER,  # row 1
            row("陌生人", stranger, "B-2", copay=100),  # 2: unknown member
            row("张建国", bad_id, "B-3", copay=100),  # 3: bad check digit
            row("张三", make_id(1), "B-4", copay=100),  # 4: name mismatch
            row("王不参保", make_id(41), "B-5", copay=100),  # 5: not enrolled
            row(
                "张建国",
                make_id(1),
                "B-6",
                total=2000,
                copay=100,
                admission="2015-07-20",
                discharge="2015-07-21",
            ),  # 6: does not add up
            row(
                "李秀英",
                make_id(2, female=True),
                "B-7",
                copay=100,
                admission="2015-08-01",
                discharge="2015-08-02",
            ),  # 7: good
            row(
                "李秀英",
                make_id(2, female=True),
                "b-7",
                copay=100,
                admission="2015-08-10",
                discharge="2015-08-12",
            ),  # 8: same slip as row 7 (duplicate in the file)
            row(
                "李秀英",
                make_id(2, female=True),
                "USED-1",
                copay=50,
                admission="2015-08-20",
                discharge="2015-08-22",
            ),  # 9: 重复报销 with the desk's claim
            row(
                "李秀英",
                make_id(2, female=True),
                "B-10",
                copay=50,
                admission="2015-13-45",
                discharge="2015-08-22",
            ),  # 10: bad date
            row(
                "李秀英",
                make_id(2, female=True),
                "B-11",
                copay=50,
                admission="2015-08-25",
                discharge="2015-08-21",
            ),  # 11: discharge before admission
            row(
                "李秀英",
                make_id(2, female=True),
                "",
                copay=50,
                admission="2015-08-26",
                discharge="2015-08-27",
            ),  # 12: no invoice number
            row(
                "李秀英",
                make_id(2, female=True),
                "B-13",
                copay=-50,
                fund=1100,
                admission="2015-08-28",
                discharge="2015-08-29",
            ),  # 13: negative amount
            row(
                "李秀英",
                make_id(2, female=True),
                "B-14",
                copay=50,
                admission="2014-12-01",
                discharge="2014-12-05",
            ),  # 14: outside the scheme's period
            row("李秀英", make_id(2, female=True), "B-15", kind="体检", copay=50),  # 15: bad kind
        ],
    )
    before = counts(world.db)
    rep = _import(world, path)
    errors = _errors(rep)
    assert sorted(errors) == [2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15]
    assert "未登记的职工" in errors[2]
    assert "校验位" in errors[3]
    assert "姓名不符" in errors[4] and "张建国" in errors[4]
    assert "未参加" in errors[5]
    assert "不符" in errors[6] and "总额多 900.00 元" in errors[6]
    assert "与第 7 行是同一张票据" in errors[8]
    assert "重复报销" in errors[9] and taken.claim_no in errors[9]
    assert "不是有效日期" in errors[10]
    assert "早于入院日期" in errors[11]
    assert "票据号为空" in errors[12]
    assert "不能为负数" in errors[13]
    assert "不在" in errors[14] and "保障期" in errors[14]
    assert "就诊类型" in errors[15]
    assert (rep.accepted, rep.rejected, rep.claims) == (1, 13, 1)
    after = counts(world.db)
    assert after["claims"] == before["claims"] + 1


def test_a_claim_with_one_bad_row_is_not_imported_at_all(world, tmp_path):
    path = write_workbook(
        tmp_path / "s.xlsx",
        [
            HEADER,
            row("张建国", make_id(1), "G-1", copay=300),
            row("张建国", make_id(1), "G-2", total=999, copay=300),  # same stay, bad amounts
        ],
    )
    rep = _import(world, path)
    errors = _errors(rep)
    assert sorted(errors) == [2, 3] and "第 3 行有错误" in errors[2]
    assert rep.claims == 0 and rep.accepted == 0


def test_importing_the_same_file_again_changes_nothing(world, tmp_path):
    rows = [
        HEADER,
        row("张建国", make_id(1), "R-1", deductible=500, copay=1000),
        row("张建国", make_id(1), "R-2", copay=500),
        row("李秀英", make_id(2, female=True), "R-3", copay=1500),
        row("李秀英", make_id(2, female=True), "R-4", total=1, copay=1500),  # always wrong
    ]
    path = write_workbook(tmp_path / "s.xlsx", rows)
    first = _import(world, path)
    assert (first.accepted, first.skipped, first.rejected) == (2, 0, 2)
    before = counts(world.db)
    again = _import(world, path)
    assert (again.accepted, again.skipped, again.rejected, again.claims) == (0, 2, 2, 0)
    after = counts(world.db)
    # Only the audit entry of the attempt is new.
    assert {k: v for k, v in after.items() if k != "audit"} == {
        k: v for k, v in before.items() if k != "audit"
    }
    assert after["audit"] == before["audit"] + 1


def test_the_same_invoice_with_other_amounts_is_a_duplicate_not_a_re_import(world, tmp_path):
    _import(
        world,
        write_workbook(tmp_path / "a.xlsx", [HEADER, row("张建国", make_id(1), "D-1", copay=300)]),
    )
    rep = _import(
        world,
        write_workbook(tmp_path / "b.xlsx", [HEADER, row("张建国", make_id(1), "D-1", copay=301)]),
    )
    assert rep.skipped == 0 and "重复报销" in _errors(rep)[2]


def test_a_new_slip_for_a_stay_imported_before_is_reported(world, tmp_path):
    _import(
        world,
        write_workbook(tmp_path / "a.xlsx", [HEADER, row("张建国", make_id(1), "P-1", copay=300)]),
    )
    rep = _import(
        world,
        write_workbook(
            tmp_path / "b.xlsx",
            [
                HEADER,
                row("张建国", make_id(1), "P-1", copay=300),
                row("张建国", make_id(1), "P-2", copay=10),
            ],
        ),
    )
    assert rep.skipped == 1 and "已导入为申请 LP2015-000001" in _errors(rep)[3]


def test_claims_of_one_member_are_counted_in_date_order(world, tmp_path):
    path = write_workbook(
        tmp_path / "s.xlsx",
        [
            HEADER,
            row(
                "张建国",
                make_id(1),
                "O-2",
                copay=1000,
                admission="2015-08-01",
                discharge="2015-08-03",
            ),
            row(
                "张建国",
                make_id(1),
                "O-1",
                copay=300,
                admission="2015-07-01",
                discharge="2015-07-03",
            ),
        ],
    )
    _import(world, path)
    with world.db.reader() as uow:
        by_invoice = {
            inv: payout
            for inv, payout in uow.session.execute(
                select(Receipt.invoice_no, Claim.payout).join(Claim, Claim.id == Receipt.claim_id)
            )
        }
    # July first: 300 used of the deductible, nothing paid; August then pays (1000 − 200) × 40 %.
    assert by_invoice == {"O-1": D("0.00"), "O-2": D("320.00")}


def test_a_file_without_the_needed_columns_is_refused_naming_them(world, tmp_path):
    path = write_workbook(
        tmp_path / "s.xlsx", [["姓名", "身份证号", "医院名称"], ["张建国", make_id(1), HOSPITAL]]
    )
    with world.db.uow() as uow, pytest.raises(WorkbookError) as excinfo:
        service.import_settlements(uow, world.clerk, path, "QZ-2015-ZY")
    assert "票据号" in excinfo.value.text("zh") and "医疗费总额" in excinfo.value.text("zh")


@pytest.mark.parametrize(
    "kind", ["encrypted", "old_xls", "not_a_workbook", "broken", "text", "no_header"]
)
def test_hostile_or_broken_files_are_refused_with_nothing_changed(world, tmp_path, kind):
    good = write_workbook(
        tmp_path / "good.xlsx", [HEADER, row("张建国", make_id(1), "H-1", copay=300)]
    )
    target = tmp_path / f"{kind}.xlsx"
    if kind == "encrypted":
        encrypt(good, target)
    elif kind == "old_xls":
        fake_xls(target)
    elif kind == "not_a_workbook":
        zip_without_workbook(target)
    elif kind == "broken":
        target.write_bytes(good.read_bytes()[:600])
    elif kind == "text":
        target.write_text("姓名,身份证号\n张建国,330203198001010011\n", encoding="utf-8")
    else:
        write_workbook(target, [["说明"], ["这里没有表头"]])
    before = counts(world.db)
    with world.db.uow() as uow, pytest.raises(WorkbookError):
        service.import_settlements(uow, world.clerk, target, "QZ-2015-ZY")
    assert counts(world.db) == before


def test_a_cancelled_import_leaves_nothing(world, tmp_path):
    path = write_workbook(
        tmp_path / "s.xlsx", [HEADER, row("张建国", make_id(1), "X-1", copay=300)]
    )
    cancel = threading.Event()
    seen: list[float] = []

    def progress(fraction: float, _message: str) -> None:
        seen.append(fraction)
        if fraction >= 0.5:
            cancel.set()

    before = counts(world.db)
    with world.db.uow() as uow, pytest.raises(Cancelled):
        service.import_settlements(
            uow, world.clerk, path, "QZ-2015-ZY", progress=progress, cancel=cancel
        )
    assert counts(world.db) == before and seen and seen[0] == 0.0


def test_claims_import_through_the_command_line_prints_the_json_summary(world, tmp_path, data_dir):
    path = write_workbook(
        tmp_path / "s.xlsx",
        [
            HEADER,
            row("张建国", make_id(1), "L-1", copay=300),
            row("张三", make_id(1), "L-2", copay=1, admission="2015-08-01", discharge="2015-08-02"),
        ],
    )
    r = run_cli(
        "--lang",
        "zh",
        "claims",
        "import",
        str(path),
        "--scheme",
        "QZ-2015-ZY",
        "--errors-out",
        str(tmp_path / "errors.xlsx"),
        "--user",
        "clerk",
        input=f"{PASSWORDS['clerk']}\n",
        data_dir=data_dir,
    )
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert set(out) == {"accepted", "skipped", "rejected", "errors"}
    assert (out["accepted"], out["skipped"], out["rejected"]) == (1, 0, 1)
    assert out["errors"][0]["row"] == 3 and "姓名不符" in out["errors"][0]["message"]
    back = read_rows(tmp_path / "errors.xlsx")
    assert back[0][:3] == ("行号", "错误原因", "姓名") and back[1][0] == 3 and back[1][2] == "张三"
    with world.db.reader() as uow:
        assert uow.session.execute(select(Calculation.status)).scalar_one() == "payable"


def test_an_unknown_or_inactive_scheme_is_refused(world, tmp_path, data_dir):
    path = write_workbook(
        tmp_path / "s.xlsx", [HEADER, row("张建国", make_id(1), "M-1", copay=300)]
    )
    r = run_cli(
        "--lang",
        "en",
        "claims",
        "import",
        str(path),
        "--scheme",
        "NOPE",
        "--user",
        "clerk",
        input=f"{PASSWORDS['clerk']}\n",
        data_dir=data_dir,
    )
    assert r.code == 2 and "no scheme NOPE" in r.err and r.out == ""
    with world.db.uow() as uow:
        store.activate_scheme(uow, world.actors["admin"], "QZ-2015-ZY", False)
        uow.commit()
    r = run_cli(
        "--lang",
        "zh",
        "claims",
        "import",
        str(path),
        "--scheme",
        "QZ-2015-ZY",
        "--user",
        "clerk",
        input=f"{PASSWORDS['clerk']}\n",
        data_dir=data_dir,
    )
    assert r.code == 2 and "方案 QZ-2015-ZY 尚未启用，请管理员启用后再导入" in r.err
    with world.db.reader() as uow:
        assert uow.session.execute(select(func.count(Claim.id))).scalar_one() == 0


def test_float_cells_are_read_at_the_cent_they_show(world, tmp_path):
    path = write_workbook(
        tmp_path / "s.xlsx",
        [HEADER, row("张建国", make_id(1), "F-1", total=1830.39, fund=1000.1, copay=830.29)],
    )
    rep = _import(world, path)
    assert rep.accepted == 1, _errors(rep)


def test_imported_claims_are_calculated_exactly_as_one_by_one_submission_would(world, tmp_path):
    from desk_app.claims import calc as desk_calc

    enter(
        world.db,
        world.clerk,
        inpatient(
            world.zhang,
            world.zhang_qz,
            date(2015, 6, 1),
            date(2015, 6, 3),
            receipt("EARLY-1", copay="300.00"),
        ),
    )
    path = write_workbook(
        tmp_path / "s.xlsx",
        [
            HEADER,
            row("张建国", make_id(1), "E-1", copay=1000, deductible=200),
            row(
                "张建国",
                make_id(1),
                "E-2",
                copay=19000,
                admission="2015-08-01",
                discharge="2015-08-30",
            ),
            row("李秀英", make_id(2, female=True), "E-3", copay=700),
        ],
    )
    assert _import(world, path).claims == 3
    with world.db.reader() as uow:
        s = uow.session
        imported = list(
            s.execute(select(Claim).where(Claim.source == "import").order_by(Claim.id)).scalars()
        )
        for claim in imported:
            stored = desk_calc.current_calculation(s, claim.id)
            assert desk_calc.same_calculation(stored, desk_calc.calculate_stored(s, claim))
            assert desk_calc.matches_stored(stored, desk_calc.rerun(s, stored))
        refs = [c["ref"] for c in desk_calc.current_calculation(s, imported[1].id).input["claims"]]
        numbers = [c.claim_no for c in imported]
    # Zhang's desk claim first, then his two imported stays in date order.
    assert refs == ["LP2015-000001", numbers[0], numbers[1]]


def test_a_line_doubled_within_a_stay_is_reported_and_the_stay_imported_once(world, tmp_path):
    line = row("张建国", make_id(1), "DBL-1", copay=300)
    rep = _import(world, write_workbook(tmp_path / "s.xlsx", [HEADER, line, list(line)]))
    assert (rep.accepted, rep.claims) == (1, 1) and "与第 2 行是同一张票据" in _errors(rep)[3]


def test_a_slip_also_listed_under_another_stay_holds_that_stay_back(world, tmp_path):
    rep = _import(
        world,
        write_workbook(
            tmp_path / "s.xlsx",
            [
                HEADER,
                row("张建国", make_id(1), "TWICE-1", copay=300),
                row(
                    "张建国",
                    make_id(1),
                    "TWICE-1",
                    copay=300,
                    admission="2015-08-01",
                    discharge="2015-08-02",
                ),
                row(
                    "张建国",
                    make_id(1),
                    "OTHER-2",
                    copay=50,
                    admission="2015-08-01",
                    discharge="2015-08-02",
                ),
            ],
        ),
    )
    errors = _errors(rep)
    assert sorted(errors) == [3, 4] and "第 3 行有错误" in errors[4]
    assert rep.claims == 1
