"""One roster and one settlement file, saved by LibreOffice as .xls and .ods (and as .xlsb by
tests/xlsb.py), import exactly as the .xlsx they came from: the same members, shares, dates and
claims, the same row errors with the same row numbers (ID numbers typed as numbers still lose
their digits, a title row still counts). A WPS .et in the old format is an .xls by another
name."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.models import Claim, Enrollment, Member
from tests.fixtures_people import make_id
from tests.fixtures_xlsx import ROSTER_HEADER, write_workbook
from tests.integration.claims_support import world as claims_world
from tests.integration.roster_support import error_map, import_file, world
from tests.office import convert
from tests.xlsb import write_xlsb

__all__ = ["claims_world", "world"]
pytestmark = pytest.mark.slow
KINDS = ("xlsx", "xls", "ods", "xlsb", "et")
HEADER = [*ROSTER_HEADER, "参保日期"]


def roster_rows() -> list[list[Any]]:
    lost = int(make_id(5))  # typed as a number: Excel keeps 15 digits
    return [
        HEADER,
        ["张伟", make_id(1), "13800001111", "DW001", "困难职工", "城镇职工", 1, "6222000011112222",
         datetime(2015, 3, 2)],
        [" 李娜 ", make_id(2, female=True).lower(), "", "DW002", "", "", 1, "", "2015/3/5"],
        ["王强", make_id(3)[:-1] + ("1" if make_id(3)[-1] != "1" else "2"), "", "DW001", "", "",
         1, "", ""],  # bad check digit
        ["赵敏", make_id(4, female=True), "", "DW001", "", "", 3, "", ""],  # too many shares
        ["钱多", lost, "", "DW001", "", "", 1, "", ""],  # lost its digits
        ["张伟", make_id(1), "", "DW001", "", "", 1, "", ""],  # duplicate of row 3
        ["孙丽", make_id(9), "", "DW009", "", "", 1, "", ""],  # unknown unit
    ]  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("kinds")
    source = write_workbook(folder / "名册.xlsx", roster_rows(), title_rows=["2015年参保名册"])
    (xls,) = convert([source], "xls", folder / "xls")
    (ods,) = convert([source], "ods", folder / "ods")
    et = folder / "名册.et"
    shutil.copyfile(xls, et)
    xlsb = write_xlsb(folder / "名册.xlsb", [["2015年参保名册"], *roster_rows()])
    return {"xlsx": source, "xls": xls, "ods": ods, "xlsb": xlsb, "et": et}


def stored(db: Any) -> list[tuple[Any, ...]]:
    with db.reader() as uow:
        q = (
            select(Member.id_number, Member.name, Member.phone, Member.bank_account,
                   Enrollment.shares, Enrollment.enrolled_on)
            .join(Enrollment, Enrollment.member_id == Member.id)
            .order_by(Member.id_number)
        )  # fmt: skip
        return [tuple(r) for r in uow.session.execute(q)]


@pytest.mark.parametrize("kind", KINDS)
def test_a_roster_reads_the_same_whatever_the_kind(db, actors, world, files, kind):
    report = import_file(db, actors["clerk"], files[kind])
    assert (report.accepted, report.skipped, report.rejected) == (2, 0, 5)
    errors = error_map(report)
    assert sorted(errors) == [5, 6, 7, 8, 9]  # the worksheet's own numbers (title on row 1)
    assert "校验" in errors[5] and "份" in errors[6] and "丢失" in errors[7]
    assert "重复" in errors[8] and "DW009" in errors[9]
    assert stored(db) == [
        (make_id(1), "张伟", "13800001111", "6222000011112222", 1, date(2015, 3, 2)),
        (make_id(2, female=True).upper(), "李娜", None, None, 1, date(2015, 3, 5)),
    ]


# --- a settlement file (FILES.md §2) -----------------------------------------------------


def settlement_rows() -> list[list[Any]]:
    from tests.integration.test_settlement_import import HEADER as SETTLEMENT_HEADER
    from tests.integration.test_settlement_import import row

    li = make_id(2, female=True)
    return [
        SETTLEMENT_HEADER,
        row("张建国", make_id(1), "INV-1", deductible=500, copay="1000.50"),
        row("张建国", make_id(1), "INV-2", copay=500),
        row("李秀英", li, "INV-3", copay=1500, admission=datetime(2015, 7, 3),
            discharge="2015年7月9日"),
        row("李秀英", li, "INV-4", copay=50, admission="2015-13-45"),  # bad date
        row("陌生人", make_id(40), "INV-5", copay=100),  # not a member
        row("张建国", make_id(1), "inv-1", copay=100, admission="2015-08-01",
            discharge="2015-08-02"),  # the same slip as row 3
    ]  # fmt: skip


@pytest.fixture(scope="module")
def settlement_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("settlement")
    title = ["衢州市医保结算数据 2015年7月"]
    source = write_workbook(folder / "结算.xlsx", settlement_rows(), title_rows=title)
    (xls,) = convert([source], "xls", folder / "xls")
    (ods,) = convert([source], "ods", folder / "ods")
    xlsb = write_xlsb(folder / "结算.xlsb", [title, *settlement_rows()])
    return {"xlsx": source, "xls": xls, "ods": ods, "xlsb": xlsb}


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods", "xlsb"])
def test_a_settlement_file_reads_the_same_whatever_the_kind(claims_world, settlement_files, kind):
    from desk_app.claims import service

    w = claims_world
    with w.db.uow() as uow:
        rep = service.import_settlements(uow, w.clerk, settlement_files[kind], "QZ-2015-ZY").value
        uow.commit()
    assert (rep.accepted, rep.rejected, rep.claims) == (3, 3, 2)
    errors = {e.row: e.message.zh for e in rep.errors}
    assert sorted(errors) == [6, 7, 8]  # the title on row 1, the header on row 2
    assert "不是有效日期" in errors[6] and "未登记的职工" in errors[7]
    assert "与第 3 行是同一张票据" in errors[8]
    with w.db.reader() as uow:
        claims = [service.get_claim(uow, c.id) for c in uow.session.execute(
            select(Claim).order_by(Claim.id)).scalars()]  # fmt: skip
    assert [c.calc.payout for c in claims] == [Decimal("600.20"), claims[1].calc.payout]
    assert [(c.admission, c.discharge) for c in claims] == [
        (date(2015, 7, 1), date(2015, 7, 5)),
        (date(2015, 7, 3), date(2015, 7, 9)),
    ]
    assert [len(c.receipts) for c in claims] == [2, 1]


def password_xls(source: Path, dest: Path) -> Path:
    """The .xls with its second record turned into FILEPASS (what Excel writes first in the
    Workbook stream of a password-protected file), same length, so the stream keeps its size."""
    import struct

    import olefile

    shutil.copyfile(source, dest)
    with olefile.OleFileIO(str(dest), write_mode=True) as ole:
        data = bytearray(ole.openstream("Workbook").read())
        _bof, length = struct.unpack_from("<HH", data, 0)
        struct.pack_into("<H", data, 4 + length, 0x002F)
        ole.write_stream("Workbook", bytes(data))
    return dest


def test_a_password_protected_xls_is_refused_in_words(db, actors, world, files, tmp_path):
    from desk_app.xlsx.read import WorkbookError

    locked = password_xls(files["xls"], tmp_path / "加密.xls")
    with pytest.raises(WorkbookError) as e:
        import_file(db, actors["clerk"], locked)
    assert e.value.code == "encrypted" and "设置了打开密码" in e.value.text("zh")
    assert stored(db) == []
