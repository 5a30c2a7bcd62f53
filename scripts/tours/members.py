"""A walk through the people screens for ``scripts/screenshots.py``: the member search with
results, the member page, adding a member and enrolling one, the units and a unit's page, a
roster imported with its bad rows listed, the schemes with their rules in words, and a trial
calculation of the city's worked example. The roster import stores members, so ``write`` is
only for a throw-away desk (the screenshot script's)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QWidget

from desk_app.people import members
from desk_app.people.idcard import make_id_number
from desk_app.schemes.case import read_case_file

Save = Callable[[QWidget, str], None]
CASES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "spec" / "cases"
CASE = CASES / "shaoxing-zhang.json"


def _tab(win: Any, section: str, screen_id: str) -> Any:
    win.navigate(section)
    page = win.pages[section]
    if page.tabs is not None:
        page.tabs.setCurrentWidget(page.widgets[screen_id])
    return page.widgets[screen_id]


def _dialog(d: QDialog, save: Save, name: str) -> None:
    d.show()
    d.adjustSize()
    save(d, name)
    d.reject()


def _roster(path: Path) -> Path:
    """Thirty good rows and four the unit must correct."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "身份证号", "手机号", "人员类别", "医保类型", "份数"])
    surnames, given = "王李张刘陈杨黄赵吴周", "建国秀英志强丽娟海燕文"
    for i in range(30):
        birth = date(1970, 1, 1) + timedelta(days=97 * i)
        name = surnames[i % 10] + given[i % 11] + given[(i * 3) % 11]
        ws.append([name, make_id_number("110101", birth, 301 + 2 * i), "", "", "城镇职工", 1])
    good = make_id_number("110101", date(1985, 1, 1), 501)
    ws.append(["钱校验", good[:17] + ("1" if good[17] != "1" else "2"), "", "", "", 1])
    ws.append(["孙手机", make_id_number("110101", date(1986, 2, 2), 503), "1380000", "", "", 1])
    ws.append(["郑类别", make_id_number("110101", date(1987, 3, 3), 505), "", "优秀", "", 1])
    ws.append(["冯份数", make_id_number("110101", date(1988, 4, 4), 507), "", "", "", 3])
    wb.save(path)
    return path


def tour(win: Any, save: Save, *, write: bool) -> None:
    from ui.screens.enrollment.enroll_dialog import EnrollDialog
    from ui.screens.enrollment.member_form import AddMemberDialog
    from ui.screens.enrollment.units import UnitDialog

    ms = _tab(win, "enrollment", "members")
    ms.search.clear()
    QTest.keyClicks(ms.search, "zw")
    QTest.qWait(400)
    save(win, "30-职工-查找")
    QTest.keyClick(ms.search, Qt.Key.Key_Return)
    if ms.on_page():
        save(win, "31-职工-资料页")
        if ms.page.detail is not None:
            _dialog(EnrollDialog(win.ctx, ms.page.detail, win), save, "32-职工-参保登记")
        ms.back_to_list()
    with win.ctx.db.reader() as uow:
        ids = members.search_member_ids(uow, "", limit=1)
        number = members.member_rows(uow, ids)[0].id_number if ids else ""
    _dialog(AddMemberDialog(win.ctx, win, id_number=number[:14]), save, "33-职工-登记新职工")

    us = _tab(win, "enrollment", "units")
    save(win, "34-参保单位")
    if us.model.rows:
        us.open_unit(us.model.rows[0].id)
        save(win, "35-参保单位-单位页面")
        _dialog(UnitDialog(win.ctx, win, us.model.rows[0]), save, "36-参保单位-修改")
        us.back_to_list()

    rs = _tab(win, "enrollment", "roster")
    if write and us.model.rows:
        folder = Path(tempfile.mkdtemp(prefix="desk-roster-"))
        rs.unit.setEditText(us.model.rows[-1].code)
        rs.unit.accept_typed()
        rs.file.setText(str(_roster(folder / "示例单位参保名册.xlsx")))
        rs.receipt.setText("ZS2026-0099")
        rs.start_import()
    save(win, "37-单位参保-错误行")

    _tab(win, "schemes", "schemes")
    save(win, "38-方案")
    ts = _tab(win, "schemes", "trial")
    if CASE.exists() and any(s.code == "SX-2015-ZY" for s in _all_schemes(ts)):
        ts.scheme.setEditText("SX-2015-ZY")
        ts.scheme.accept_typed()
        case = read_case_file(CASE)
        ts.load_case(case.member, list(case.claims))
    save(win, "39-试算")


def _all_schemes(trial: Any) -> list[Any]:
    return [trial.scheme.itemData(i) for i in range(trial.scheme.count())]
