"""Roster import (FILES.md §1) on real .xlsx files: layout tolerated, content checked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from db.models import AuditEntry, Enrollment, EnrollmentBatch, Member, OutboxEntry
from desk_app.people import members
from tests.fixtures_people import make_id
from tests.fixtures_xlsx import ROSTER_HEADER, write_workbook
from tests.integration.roster_support import counts, error_map, import_file, world

__all__ = ["world"]


def _good_rows(n: int, unit: str = "DW001", start: int = 0) -> list[list[object]]:
    return [
        [f"职工{chr(0x4E00 + i)}", make_id(start + i), "", unit, "", "", "", ""] for i in range(n)
    ]


def test_a_good_roster_becomes_members_enrollments_and_one_batch(db, actors, world, tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx",
        [
            ROSTER_HEADER,
            [
                "张伟",
                make_id(1),
                "13800001111",
                "DW001",
                "困难职工",
                "城镇职工",
                1,
                "6222000011112222",
            ],
            ["李娜", make_id(2, female=True), "", "DW001", "", "", "", ""],
        ],
    )
    r = import_file(db, actors["clerk"], path, receipt_no="PJ-001")
    assert (r.accepted, r.skipped, r.rejected) == (2, 0, 0)
    assert (r.head_count, r.premium_total, r.new_members) == (2, Decimal("100.00"), 2)
    with db.reader() as uow:
        (batch,) = uow.session.execute(select(EnrollmentBatch)).scalars()
        assert (batch.batch_no, batch.receipt_no, batch.head_count) == (r.batch_no, "PJ-001", 2)
        zhang = members.find_by_id_number(uow, make_id(1))
        detail = members.get_member(uow, zhang.id)
        assert members.search_member_ids(uow, "zw") == [zhang.id]
    assert (zhang.gender, zhang.categories, zhang.unit_name) == (
        "M",
        ("hardship",),
        "城关供电所工会",
    )
    assert (detail.medical_type, detail.bank_account) == ("employee", "6222000011112222")
    assert detail.enrollments[0].enrolled_on == date(2015, 6, 1)  # the day of the import


def test_the_import_writes_the_outbox_and_one_audit_entry_with_counts(db, actors, world, tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", [ROSTER_HEADER, *_good_rows(3)])
    before = counts(db)
    import_file(db, actors["clerk"], path)
    with db.reader() as uow:
        entities = (
            uow.session.execute(
                select(OutboxEntry.entity).where(OutboxEntry.seq > before["outbox"])
            )
            .scalars()
            .all()
        )
        (detail,) = uow.session.execute(
            select(AuditEntry.detail).where(AuditEntry.action == "roster.import")
        ).scalars()
    assert sorted(entities) == ["enrollment"] * 3 + ["enrollment_batch"] + ["member"] * 3
    assert (detail["accepted"], detail["rejected"], detail["new_members"]) == (3, 0, 3)


def test_a_title_row_reordered_columns_and_extra_columns_are_fine(db, actors, world, tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx",
        [
            ["序号", "身份证号码", "备注", "份数", "姓 名", "单位编码"],
            [1, make_id(1), "新入职", "1", "张伟", "DW001"],
        ],
        title_rows=["城关供电所工会 2015 年度职工医疗互助保障参保名册", "填报日期：2015-05-30"],
    )
    r = import_file(db, actors["clerk"], path)
    assert (r.accepted, r.rejected, r.header_row) == (1, 0, 3)


def test_full_width_digits_spaces_and_a_lower_case_x(db, actors, world, tmp_path):
    number = "11010519491231002X"
    full_width = "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in number[:-1]) + "x"
    path = write_workbook(
        tmp_path / "r.xlsx",
        [
            ROSTER_HEADER,
            [" 李娜 ", f"  {full_width} ", " １３８００００１１１１ ", " DW001 ", "", "", "", ""],
        ],
    )
    r = import_file(db, actors["clerk"], path)
    assert (r.accepted, r.rejected) == (1, 0)
    with db.reader() as uow:
        m = uow.session.execute(select(Member)).scalar_one()
        assert (m.id_number, m.name, m.phone) == (number, "李娜", "13800001111")


def test_an_id_that_excel_turned_into_a_number_is_a_clear_error(db, actors, world, tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx",
        [
            ROSTER_HEADER,
            ["张伟", 3.30203198001011e17, "", "DW001", "", "", "", ""],
            ["李娜", 330203198001010022, "", "DW001", "", "", "", ""],
        ],
    )
    r = import_file(db, actors["clerk"], path)
    errors = error_map(r)
    assert r.accepted == 0 and set(errors) == {2, 3}
    for text in errors.values():
        assert "身份证号被 Excel 转成了数字" in text and "请把该列设为文本后重新填写" in text
    assert "3.30203198001011E+17" in errors[2]


def test_every_kind_of_bad_row_is_reported_with_its_excel_row(db, actors, world, tmp_path):
    bad_check = make_id(5)[:-1] + ("0" if make_id(5)[-1] != "0" else "1")
    from desk_app.people.idcard import check_digit

    feb30 = "33020319800230011"
    rows = [
        ["张一", make_id(1), "", "DW001", "", "", "", ""],  # row 2: good
        ["张二", bad_check, "", "DW001", "", "", "", ""],  # row 3
        ["张三", feb30 + check_digit(feb30), "", "DW001", "", "", "", ""],  # row 4
        ["张一", make_id(1), "", "DW001", "", "", "", ""],  # row 5: duplicate of row 2
        ["张四", make_id(4), "", "DW001", "", "", 2, ""],  # row 6: too many shares
        ["张五", make_id(6), "", "DW999", "", "", "", ""],  # row 7: unknown unit
        ["", make_id(7), "", "DW001", "", "", "", ""],  # row 8: empty name
        ["张六", make_id(8), "1380000", "DW001", "", "", "", ""],  # row 9: phone
        ["张七", make_id(9), "", "DW001", "", "", "", "6222-abc"],  # row 10: account
        ["张八", make_id(10), "", "DW001", "贵宾", "", "", ""],  # row 11: category
        ["张九", make_id(11), "", "DW001", "", "商业保险", "", ""],  # row 12: medical type
        ["张十", make_id(12), "", "DW001", "", "", "一份", ""],  # row 13: shares not a number
    ]
    path = write_workbook(tmp_path / "r.xlsx", [ROSTER_HEADER, *rows])
    r = import_file(db, actors["clerk"], path)
    e = error_map(r)
    assert (r.accepted, r.rejected) == (1, 11)
    assert "校验位不对" in e[3]
    assert "出生日期 1980-02-30 不存在" in e[4]
    assert e[5] == "与第 2 行的身份证号重复"
    assert "超过本方案每人最多 1 份" in e[6]
    assert "单位编码 DW999 未登记" in e[7]
    assert e[8] == "姓名为空"
    assert "11 位手机号码" in e[9]
    assert "银行账号只能是数字" in e[10]
    assert "人员类别无法识别：贵宾" in e[11]
    assert "医保类型只能是" in e[12]
    assert "份数应为整数" in e[13]


def test_all_problems_of_a_row_are_reported_together(db, actors, world, tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx", [ROSTER_HEADER, ["张", make_id(1), "123", "DW001", "", "", "", ""]]
    )
    (message,) = error_map(import_file(db, actors["clerk"], path)).values()
    assert "姓名应为 2–20 个字" in message and "手机号" in message


def test_an_enrollment_date_is_read_and_checked(db, actors, world, tmp_path):
    path = write_workbook(
        tmp_path / "r.xlsx",
        [
            ["姓名", "身份证号", "单位编码", "参保日期"],
            ["张一", make_id(1), "DW001", date(2015, 3, 1)],
            ["张二", make_id(2), "DW001", "2015/4/1"],
            ["张三", make_id(3), "DW001", "2016-01-01"],
            ["张四", make_id(4), "DW001", "去年"],
        ],
    )
    r = import_file(db, actors["clerk"], path)
    e = error_map(r)
    assert r.accepted == 2 and set(e) == {4, 5}
    assert "晚于保障期结束日" in e[4] and "不是有效日期" in e[5]
    with db.reader() as uow:
        days = sorted(uow.session.execute(select(Enrollment.enrolled_on)).scalars())
    assert days == [date(2015, 3, 1), date(2015, 4, 1)]


def test_a_member_already_enrolled_is_skipped_and_a_reimport_changes_nothing(
    db, actors, world, tmp_path
):
    path = write_workbook(tmp_path / "r.xlsx", [ROSTER_HEADER, *_good_rows(5)])
    first = import_file(db, actors["clerk"], path)
    before = counts(db)
    again = import_file(db, actors["clerk"], path)
    after = counts(db)
    assert (first.accepted, again.accepted, again.skipped, again.rejected) == (5, 0, 5, 0)
    assert again.batch_no is None
    # The audit log records the attempt; nothing else moves.
    assert {k: v for k, v in after.items() if k != "audit"} == {
        k: v for k, v in before.items() if k != "audit"
    }


def test_a_duplicate_row_is_an_error_even_when_already_enrolled(db, actors, world, tmp_path):
    import_file(
        db, actors["clerk"], write_workbook(tmp_path / "a.xlsx", [ROSTER_HEADER, *_good_rows(1)])
    )
    path = write_workbook(tmp_path / "b.xlsx", [ROSTER_HEADER, *_good_rows(1), *_good_rows(1)])
    r = import_file(db, actors["clerk"], path)
    assert (r.skipped, r.rejected) == (1, 1)
    assert error_map(r) == {3: "与第 2 行的身份证号重复"}


def test_a_second_period_roster_marks_renewals(db, actors, world, tmp_path):
    import_file(
        db, actors["clerk"], write_workbook(tmp_path / "a.xlsx", [ROSTER_HEADER, *_good_rows(3)])
    )
    rows_2016 = [
        ["姓名", "身份证号", "单位编码", "参保日期"],
        *[[r[0], r[1], "DW001", "2016-01-01"] for r in _good_rows(2)],
        ["新人", make_id(50), "DW001", "2016-01-01"],
    ]
    r = import_file(
        db, actors["clerk"], write_workbook(tmp_path / "b.xlsx", rows_2016), "QZ-2016-ZY"
    )
    assert (r.accepted, r.renewals) == (3, 2)
    with db.reader() as uow:
        newcomer = members.find_by_id_number(uow, make_id(50))
        (e,) = members.get_member(uow, newcomer.id).enrollments
    assert e.renewal is False


def test_a_member_moving_to_another_unit_keeps_the_old_enrollment_unit(db, actors, world, tmp_path):
    import_file(
        db, actors["clerk"], write_workbook(tmp_path / "a.xlsx", [ROSTER_HEADER, *_good_rows(1)])
    )
    moved = [
        ["姓名", "身份证号", "单位名称", "参保日期"],
        [_good_rows(1)[0][0], make_id(0), "第二纺织厂工会", "2016-01-01"],
    ]
    r = import_file(db, actors["clerk"], write_workbook(tmp_path / "b.xlsx", moved), "QZ-2016-ZY")
    assert (r.accepted, r.updated_members) == (1, 1)
    with db.reader() as uow:
        m = members.find_by_id_number(uow, make_id(0))
        detail = members.get_member(uow, m.id)
    assert m.unit_name == "第二纺织厂工会"
    assert [(e.scheme_code, e.unit_name) for e in detail.enrollments] == [
        ("QZ-2016-ZY", "第二纺织厂工会"),
        ("QZ-2015-ZY", "城关供电所工会"),
    ]


def test_rows_of_two_units_make_two_batches_in_one_import(db, actors, world, tmp_path):
    rows = [ROSTER_HEADER, *_good_rows(2, "DW001"), *_good_rows(3, "DW002", start=10)]
    r = import_file(db, actors["clerk"], write_workbook(tmp_path / "r.xlsx", rows))
    assert r.accepted == 5 and len(r.batch_nos) == 2
    with db.reader() as uow:
        heads = sorted(uow.session.execute(select(EnrollmentBatch.head_count)).scalars())
    assert heads == [2, 3]


def test_the_unit_chosen_for_the_import_fills_rows_without_one(db, actors, world, tmp_path):
    rows = [["姓名", "身份证号"], ["张一", make_id(1)], ["张二", make_id(2)]]
    r = import_file(
        db, actors["clerk"], write_workbook(tmp_path / "r.xlsx", rows), unit_code="dw002"
    )
    assert r.accepted == 2
    with db.reader() as uow:
        assert members.find_by_id_number(uow, make_id(1)).unit_name == "第二纺织厂工会"


def test_a_row_of_another_unit_than_the_chosen_one_is_an_error(db, actors, world, tmp_path):
    rows = [ROSTER_HEADER, *_good_rows(1, "DW001")]
    r = import_file(
        db, actors["clerk"], write_workbook(tmp_path / "r.xlsx", rows), unit_code="DW002"
    )
    assert "与导入时选择的单位（DW002）不一致" in error_map(r)[2]


def test_an_id_registered_under_another_name_is_an_error(db, actors, world, tmp_path):
    import_file(
        db, actors["clerk"], write_workbook(tmp_path / "a.xlsx", [ROSTER_HEADER, *_good_rows(1)])
    )
    rows = [["姓名", "身份证号", "单位编码"], ["王五", make_id(0), "DW001"]]
    r = import_file(db, actors["clerk"], write_workbook(tmp_path / "b.xlsx", rows), "JH-2015-ZY")
    assert "已登记为「职工一」" in error_map(r)[2]


def test_two_shares_where_the_scheme_allows_them(db, actors, world, tmp_path):
    rows = [["姓名", "身份证号", "单位编码", "份数"], ["张一", make_id(1), "DW001", 2]]
    r = import_file(db, actors["clerk"], write_workbook(tmp_path / "r.xlsx", rows), "JH-2015-ZY")
    assert (r.accepted, r.premium_total) == (1, Decimal("100.00"))


def test_progress_is_reported_up_to_the_end(db, actors, world, tmp_path):
    seen: list[float] = []
    path = write_workbook(tmp_path / "r.xlsx", [ROSTER_HEADER, *_good_rows(3)])
    import_file(db, actors["clerk"], path, progress=lambda f, m: seen.append(f))
    assert seen == sorted(seen) and seen[-1] == 1.0


def test_an_unknown_area_code_is_imported_with_a_warning(db, actors, world, tmp_path):
    from desk_app.people.idcard import make_id_number

    number = make_id_number("990101", date(1985, 5, 5), 11)
    path = write_workbook(tmp_path / "r.xlsx", [ROSTER_HEADER, ["张伟", number, "", "DW001"]])
    r = import_file(db, actors["clerk"], path)
    assert (r.accepted, r.rejected) == (1, 0)
    (w,) = r.warnings
    assert w.row == 2 and "990101" in w.message.zh
