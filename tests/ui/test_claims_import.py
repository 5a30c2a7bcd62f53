"""结算数据导入 from the window: the bureau's file becomes submitted claims; every bad row is
listed with its worksheet row number and the reason, and the list is saved as .xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desk_app.claims import service
from desk_app.claims.model import QueueFilter
from tests.fixtures_xlsx import write_workbook
from tests.integration.claims_support import HOSPITAL, counts, world
from tests.ui.conftest import type_text
from tests.ui.test_claims_helpers import go_to, press
from tests.ui.test_claims_intake import id_of

__all__ = ["world"]
ALT = Qt.KeyboardModifier.AltModifier
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


def slip(
    name: str, id_number: str, invoice: str, total: str, fund: str, copay: str, day: int = 1
) -> list[Any]:
    """One settlement row of a stay from 2015-08-``day``, four days."""
    return [
        name, id_number, HOSPITAL, invoice, "住院", f"2015-08-{day:02d}",
        f"2015-08-{day + 4:02d}", None, "K80.2", "胆囊结石", total, fund, "0", "0", copay,
        "0", "0", "0",
    ]  # fmt: skip


def open_import(qtbot: Any, win: Any) -> Any:
    go_to(qtbot, win, 3)
    page = win.pages["claims"]
    screen = page.widgets["settlement_import"]
    page.tabs.setCurrentWidget(screen)
    screen.focus_first()
    return screen


def test_a_settlement_file_with_bad_rows_shows_them_and_saves_them_as_xlsx(
    qtbot: Any, make_window: Any, world: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    li = id_of(world.db, world.li)
    path = write_workbook(
        tmp_path / "结算数据.xlsx",
        [
            HEADER,
            slip("李秀英", li, "JS-1", "3000.00", "2000.00", "1000.00"),  # good: row 2
            slip("李秀英", li[:-1] + ("1" if li[-1] != "1" else "2"), "JS-2", "100", "50", "50"),
            slip("李秀英", li, "JS-3", "999.99", "500.00", "400.00", day=20),  # does not add up
        ],
    )
    win = make_window(world.clerk)
    screen = open_import(qtbot, win)
    screen.scheme.setFocus()
    qtbot.keyClick(screen.scheme, Qt.Key.Key_Home)
    for _ in range(screen.scheme.count()):
        if screen.scheme.currentData() == "QZ-2015-ZY":
            break
        qtbot.keyClick(screen.scheme, Qt.Key.Key_Down)
    assert screen.scheme.currentData() == "QZ-2015-ZY"
    screen.path.setFocus()
    type_text(qtbot, screen.path, str(path))
    qtbot.keyClick(screen.path, Qt.Key.Key_Return)  # Enter on the last field: 导入

    report = screen.report
    assert report is not None and report.claims == 1
    assert [screen.errors.index(r, 0).data() for r in range(screen.errors.rowCount())] == ["3", "4"]
    reasons = [screen.errors.index(r, 1).data() for r in range(2)]
    assert "身份证号" in reasons[0] and "999.99" in reasons[1].replace(",", "")
    assert "导入 1 行" in screen.summary.text() and "错误 2 行" in screen.summary.text()
    with world.db.reader() as uow:
        submitted = service.queue_ids(uow, QueueFilter(status=("submitted",)))
    assert len(submitted) == 1

    out = tmp_path / "错误行.xlsx"
    monkeypatch.setattr(type(screen), "choose_save_path", staticmethod(lambda _p, _s: str(out)))
    screen.export_button.setFocus()
    press(qtbot, win, Qt.Key.Key_Space)
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("行号", "错误原因")
    assert [r[0] for r in rows[1:]] == [3, 4] and rows[1][1] == reasons[0]


def test_a_file_that_is_not_a_workbook_is_refused_in_words_and_changes_nothing(
    qtbot: Any, make_window: Any, world: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "结算.xlsx"
    bad.write_text("不是工作簿", "utf-8")
    win = make_window(world.clerk)
    screen = open_import(qtbot, win)
    before = counts(world.db)
    type_text(qtbot, screen.path, str(bad))
    qtbot.keyClick(screen.path, Qt.Key.Key_Return)
    assert screen.report is None and screen.summary.text()
    assert "结算.xlsx" in screen.summary.text() or "工作簿" in screen.summary.text()
    assert counts(world.db) == before
