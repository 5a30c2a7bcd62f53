"""The roster's columns, the template a unit fills in, and the error list sent back to it.

The template is an .xlsx with the header row, one sample row, drop-down lists on 人员类别 and
医保类型, a whole-number check on 份数, and the ID, mobile and account columns formatted as text
so Excel keeps all 18 digits (instead of showing 1.10105E+17 and dropping the last three).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.people.idcard import make_id_number

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from desk_app.people.roster import RosterReport

# field -> the header names units use for it (the first is the template's).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码"),
    "phone": ("手机号", "联系电话", "手机号码", "手机"),
    "unit_code": ("单位编码",),
    "unit_name": ("单位名称",),
    "categories": ("人员类别",),
    "medical_type": ("医保类型",),
    "shares": ("份数",),
    "account": ("银行账号", "互助服务卡号", "银行卡号"),
    "enrolled_on": ("参保日期",),
}
LABELS = {f: names[0] for f, names in COLUMNS.items()}
TEXT_FIELDS = ("id_number", "phone", "unit_code", "account")
WIDTHS = {
    "name": 10,
    "id_number": 22,
    "phone": 14,
    "unit_code": 12,
    "unit_name": 28,
    "categories": 16,
    "medical_type": 12,
    "shares": 8,
    "account": 24,
    "enrolled_on": 12,
}
# A syntactically valid ID for the sample row; the import refuses a row carrying it, so a
# sample left in the file never becomes a member.
SAMPLE_ID = make_id_number("110101", date(1980, 1, 1), 1)
TEMPLATE_ROWS = 1000  # rows formatted and validated below the header


def _col(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def write_template(path: Path, *, max_shares: int = 1) -> Path:
    """Write the roster template (参保名册模板) to ``path`` and return it."""
    from openpyxl import Workbook

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "参保名册"
    fields = list(COLUMNS)
    _header_and_sample(ws, fields)
    last = TEMPLATE_ROWS + 1
    _formats(ws, fields, last)
    _validations(ws, fields, last, max_shares)
    ws.freeze_panes = "A2"
    _notes(wb.create_sheet("填写说明"), max_shares)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _header_and_sample(ws: Worksheet, fields: list[str]) -> None:
    """The header row (bold, shaded, the columns sized) and the grey sample row under it."""
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for i, f in enumerate(fields):
        c = ws.cell(row=1, column=i + 1, value=LABELS[f])
        c.font, c.fill = bold, fill
        c.alignment = Alignment(horizontal="center")
        ws.column_dimensions[_col(i)].width = WIDTHS[f]
    sample = {
        "name": "张三",
        "id_number": SAMPLE_ID,
        "phone": "13800000000",
        "unit_code": "DW001",
        "unit_name": "示例单位工会",
        "categories": "困难职工",
        "medical_type": "城镇职工",
        "shares": 1,
        "account": "6222000000000000000",
        "enrolled_on": date(2015, 1, 1),
    }
    grey = Font(color="808080", italic=True)
    for i, f in enumerate(fields):
        c = ws.cell(row=2, column=i + 1, value=sample[f])
        c.font = grey


def _formats(ws: Worksheet, fields: list[str], last: int) -> None:
    """The ID, mobile and account columns as text, the date column as a date."""
    for i, f in enumerate(fields):
        letter = _col(i)
        if f in TEXT_FIELDS:
            for r in range(2, last + 1):
                ws[f"{letter}{r}"].number_format = "@"
        elif f == "enrolled_on":
            for r in range(2, last + 1):
                ws[f"{letter}{r}"].number_format = "yyyy-mm-dd"


def _validations(ws: Worksheet, fields: list[str], last: int, max_shares: int) -> None:
    """Drop-down lists on 人员类别 and 医保类型, a whole-number check on 份数."""
    from openpyxl.worksheet.datavalidation import DataValidation

    col = {f: _col(i) for i, f in enumerate(fields)}
    cats = DataValidation(
        type="list",
        formula1='"普通职工,困难职工,劳模,女职工"',
        allow_blank=True,
        errorStyle="information",  # several may be typed, separated by 、
        showErrorMessage=True,
        errorTitle="人员类别",
        error="人员类别可填 困难职工、劳模、女职工，多个用顿号「、」分隔",
    )
    medical = DataValidation(
        type="list",
        formula1='"城镇职工,城乡居民"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="医保类型",
        error="医保类型只能是 城镇职工 或 城乡居民",
    )
    shares = DataValidation(
        type="whole",
        operator="between",
        formula1="1",
        formula2=str(max(1, max_shares)),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="份数",
        error=f"份数应为 1 到 {max(1, max_shares)} 的整数",
    )
    for dv, f in ((cats, "categories"), (medical, "medical_type"), (shares, "shares")):
        dv.add(f"{col[f]}2:{col[f]}{last}")
        ws.add_data_validation(dv)


def _notes(notes: Worksheet, max_shares: int) -> None:
    """The sheet 填写说明: how to fill the roster in."""
    for n, line in enumerate(
        [
            "1. 每行一名职工；第 2 行是示例，请删除后填写。",
            "2. 姓名、身份证号必填；身份证号 18 位，最后一位可以是 X。",
            "3. 身份证号、手机号、银行账号列已设为文本格式，请勿改为数字，"
            "否则 Excel 会丢失后几位。",
            "4. 单位编码或单位名称填其一（导入时已选单位的可不填）。",
            "5. 人员类别可填 困难职工、劳模、女职工，多个用顿号「、」分隔；普通职工可不填。",
            "6. 医保类型填 城镇职工 或 城乡居民。",
            f"7. 份数默认为 1，最多 {max(1, max_shares)} 份。",
            "8. 参保日期不填则为导入当天，格式如 2015-01-01。",
        ],
        start=1,
    ):
        notes.cell(row=n, column=1, value=line)
    notes.column_dimensions["A"].width = 90


def write_error_rows(path: Path, report: RosterReport, lang: str = "zh") -> Path:
    """The rejected rows, with Excel's row number and the reason, as an .xlsx to send back to
    the unit (the reasons in ``lang``); their values as they were read, as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "错误行" if lang == "zh" else "rejected rows"
    seen: list[str] = []
    for e in report.errors:
        for k in e.values:
            if k not in seen:
                seen.append(k)
    order = [LABELS[f] for f in COLUMNS if LABELS[f] in seen]
    order += [k for k in seen if k not in order]
    head = (["行号", "错误原因"] if lang == "zh" else ["row", "reason"]) + order
    for i, h in enumerate(head):
        c = ws.cell(row=1, column=i + 1, value=h)
        c.font = Font(bold=True)
    for r, e in enumerate(report.errors, start=2):
        ws.cell(row=r, column=1, value=e.row)
        c = ws.cell(row=r, column=2, value=e.message.text(lang))
        c.alignment = Alignment(wrap_text=True, vertical="top")
        for i, k in enumerate(order):
            v = ws.cell(row=r, column=i + 3, value=str(e.values.get(k, "")))
            v.number_format = "@"
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 60
    for i, k in enumerate(order):
        ws.column_dimensions[_col(i + 2)].width = 22 if k in ("身份证号", "银行账号") else 14
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
