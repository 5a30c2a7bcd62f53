"""Files refused as a whole (one clear message, nothing changed), the template, the error
list sent back to the unit, and cancelling."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from base.progress import Cancelled
from desk_app.people import roster
from desk_app.people.roster_template import SAMPLE_ID
from desk_app.xlsx import read as xlsxio
from tests.fixtures_people import make_id
from tests.fixtures_xlsx import (
    ROSTER_HEADER,
    billion_laughs,
    encrypt,
    fake_xls,
    read_rows,
    write_workbook,
    zip_bomb,
    zip_without_workbook,
)
from tests.integration.roster_support import counts, error_map, import_file, world

__all__ = ["world"]


def _refused(db, actor, path, **kw) -> xlsxio.WorkbookError:
    before = counts(db)
    with pytest.raises(xlsxio.WorkbookError) as e:
        import_file(db, actor, path, **kw)
    assert counts(db) == before
    return e.value


def _good(tmp_path):
    return write_workbook(
        tmp_path / "good.xlsx", [ROSTER_HEADER, ["张伟", make_id(1), "", "DW001", "", "", "", ""]]
    )


def test_an_empty_file_is_refused(db, actors, world, tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    e = _refused(db, actors["clerk"], tmp_path / "empty.xlsx")
    assert e.code == "empty_file" and "是空的" in e.text("zh")


def test_a_text_file_is_not_a_workbook(db, actors, world, tmp_path):
    (tmp_path / "名册.xlsx").write_text("姓名,身份证号\n张伟,110105194912310021\n", "utf-8")
    e = _refused(db, actors["clerk"], tmp_path / "名册.xlsx")
    assert e.code == "not_a_workbook" and "不是 Excel 工作簿" in e.text("zh")


def test_a_zip_without_a_workbook_is_not_a_workbook(db, actors, world, tmp_path):
    e = _refused(db, actors["clerk"], zip_without_workbook(tmp_path / "doc.xlsx"))
    assert e.code == "not_a_workbook"


def test_a_password_protected_workbook_is_refused(db, actors, world, tmp_path):
    locked = encrypt(_good(tmp_path), tmp_path / "locked.xlsx")
    e = _refused(db, actors["clerk"], locked)
    assert e.code == "encrypted" and "设置了打开密码" in e.text("zh")


def test_a_damaged_xls_file_is_not_a_workbook(db, actors, world, tmp_path):
    """An OLE2 header with nothing behind it (a real .xls reads: test_workbook_kinds)."""
    e = _refused(db, actors["clerk"], fake_xls(tmp_path / "old.xls"))
    assert e.code == "not_a_workbook" and "另存为 .xlsx" in e.text("zh")


def test_a_sheet_without_the_header_is_refused(db, actors, world, tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [["名字", "证件"], ["张伟", make_id(1)]])
    e = _refused(db, actors["clerk"], path)
    assert e.code == "no_header" and "找不到表头" in e.text("zh")


def test_a_header_below_the_tenth_row_is_not_looked_for(db, actors, world, tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx",
        [ROSTER_HEADER, _good_row()],
        title_rows=[f"说明{i}" for i in range(10)],
    )
    assert _refused(db, actors["clerk"], path).code == "no_header"


def _good_row():
    return ["张伟", make_id(1), "", "DW001", "", "", "", ""]


def test_an_empty_first_sheet_is_refused(db, actors, world, tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [], extra_sheets=["名册"])
    assert _refused(db, actors["clerk"], path).code == "no_data"


def test_a_roster_without_a_unit_column_needs_the_unit_named(db, actors, world, tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [["姓名", "身份证号"], ["张伟", make_id(1)]])
    assert _refused(db, actors["clerk"], path).code == "no_unit"


@pytest.mark.slow
def test_a_zip_bomb_is_refused_before_it_is_expanded(db, actors, world, tmp_path):
    bomb = zip_bomb(_good(tmp_path), tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    assert _refused(db, actors["clerk"], bomb).code == "too_large"


def test_xml_entities_are_refused_before_reading(db, actors, world, tmp_path):
    bomb = billion_laughs(_good(tmp_path), tmp_path / "laughs.xlsx")
    e = _refused(db, actors["clerk"], bomb)
    assert e.code == "unsafe" and "EntitiesForbidden" in e.text("en")
    assert "不安全" in e.text("zh")


def test_too_many_rows_are_refused(db, actors, world, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsxio, "MAX_ROWS", 5)
    monkeypatch.setattr(
        xlsxio.read_first_sheet,
        "__kwdefaults__",
        {**xlsxio.read_first_sheet.__kwdefaults__, "max_rows": 5},
    )
    rows = [ROSTER_HEADER] + [[f"职工{chr(0x4E00 + i)}", make_id(i), "", "DW001"] for i in range(6)]
    assert _refused(db, actors["clerk"], write_workbook(tmp_path / "r.xlsx", rows)).code == (
        "too_many_rows"
    )


def test_an_unknown_unit_named_for_the_import_is_refused(db, actors, world, tmp_path):
    from base.errors import NotFound

    with pytest.raises(NotFound):
        import_file(db, actors["clerk"], _good(tmp_path), unit_code="NOPE")


def test_a_cancelled_import_leaves_nothing(db, actors, world, tmp_path):
    rows = [ROSTER_HEADER] + [
        [f"职工{chr(0x4E00 + i)}", make_id(i), "", "DW001"] for i in range(20)
    ]
    path = write_workbook(tmp_path / "r.xlsx", rows)
    cancel = threading.Event()

    def progress(fraction: float, message: str) -> None:
        if fraction >= 0.6:  # the members are being written
            cancel.set()

    before = counts(db)
    with pytest.raises(Cancelled):
        import_file(db, actors["clerk"], path, progress=progress, cancel=cancel)
    assert counts(db) == before


def test_a_cancel_while_the_last_rows_are_written_keeps_nothing(db, actors, world, tmp_path):
    """Esc is honoured until the commit: here while the last part of the enrollments is
    written (a big roster is written in parts, each reported and checked for a cancel)."""
    from desk_app.people import roster_write

    n = roster_write._WRITE_CHUNK + 500
    rows = [ROSTER_HEADER] + [
        [
            f"职工{chr(0x4E00 + i % 400)}{chr(0x4E00 + i // 400)}",
            make_id(i % 400, birth=date(1970, 1, 1) + timedelta(days=i // 400)),
            "",
            "DW001",
        ]
        for i in range(n)
    ]
    path = write_workbook(tmp_path / "r.xlsx", rows)
    cancel = threading.Event()
    seen: list[tuple[float, str]] = []

    def progress(fraction: float, message: str) -> None:
        seen.append((fraction, message))
        if message == "写入参保记录" and fraction > 0.8:  # the last part
            cancel.set()

    before = counts(db)
    with pytest.raises(Cancelled):
        import_file(db, actors["clerk"], path, progress=progress, cancel=cancel)
    assert counts(db) == before
    members = [f for f, m in seen if m == "写入职工"]
    assert members == sorted(members) and members[-1] > 0.6  # the bar moves while writing


def test_the_template_has_the_header_a_sample_validations_and_text_columns(tmp_path):
    from openpyxl import load_workbook

    path = roster.write_template(tmp_path / "模板.xlsx", max_shares=2)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["姓名", "身份证号"] and "人员类别" in header and "份数" in header
    assert ws.cell(row=2, column=2).value == SAMPLE_ID
    id_col = header.index("身份证号") + 1
    account_col = header.index("银行账号") + 1
    assert ws.cell(row=500, column=id_col).number_format == "@"
    assert ws.cell(row=500, column=account_col).number_format == "@"
    validated = {
        header[ws[str(dv.sqref).split(":")[0]].column - 1]: dv
        for dv in ws.data_validations.dataValidation
    }
    assert set(validated) == {"人员类别", "医保类型", "份数"}
    assert validated["份数"].formula2 == "2"
    assert "城乡居民" in validated["医保类型"].formula1


def test_the_untouched_template_imports_nothing(db, actors, world, tmp_path):
    path = roster.write_template(tmp_path / "模板.xlsx")
    r = import_file(db, actors["clerk"], path, unit_code="DW001")
    assert r.accepted == 0 and "示例行" in error_map(r)[2]


def test_a_filled_in_template_imports(db, actors, world, tmp_path):
    from openpyxl import load_workbook

    path = roster.write_template(tmp_path / "模板.xlsx")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for col, value in enumerate(["张伟", make_id(1), "13800001111", "DW001", "城关供电所工会"], 1):
        ws.cell(row=2, column=col, value=value)
    ws.cell(row=2, column=10, value=None)
    wb.save(path)
    r = import_file(db, actors["clerk"], path)
    assert (r.accepted, r.rejected) == (1, 0)


def test_the_error_rows_go_back_to_the_unit_with_row_numbers_and_reasons(
    db, actors, world, tmp_path
):
    rows = [
        ROSTER_HEADER,
        _good_row(),
        ["张二", "110105194912310021", "", "DW001"],
        ["", make_id(3), "", "DW001"],
    ]
    r = import_file(db, actors["clerk"], write_workbook(tmp_path / "r.xlsx", rows))
    out = roster.write_error_rows(tmp_path / "错误行.xlsx", r)
    got = read_rows(out)
    assert got[0][:4] == ("行号", "错误原因", "姓名", "身份证号")
    assert [g[0] for g in got[1:]] == [3, 4]
    assert "校验位不对" in got[1][1] and got[1][3] == "110105194912310021"
    assert got[2][1] == "姓名为空"


def test_the_json_summary_has_the_cli_keys(db, actors, world, tmp_path):
    rows = [ROSTER_HEADER, _good_row(), ["", make_id(3), "", "DW001"]]
    r = import_file(db, actors["clerk"], write_workbook(tmp_path / "r.xlsx", rows))
    assert r.to_json("en") == {
        "accepted": 1,
        "skipped": 0,
        "rejected": 1,
        "errors": [{"row": 3, "message": "the name is empty"}],
    }
