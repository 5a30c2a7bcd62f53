"""报表: the reviewer previews a month's return, exports it (drafts only after saying so) and
submits it, which locks the month; exports the quarter's verification list; sees the year's
analysis drawn from the service's own figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desk_app.payments import service as payments
from desk_app.returns import service as returns
from desk_app.system import settings
from tests.integration.claims_support import inpatient, receipt, save, view, world
from tests.ui.conftest import answer_next_question
from tests.ui.test_claims_helpers import focused, press
from tests.ui.test_payments import approved_claim

__all__ = ["world"]
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
AUGUST = "2015-08-20T10:00:00"
SEPTEMBER = "2015-09-01T10:00:00"


def give_account(w: Any, member_id: int, account: str) -> None:
    from desk_app.people import members

    with w.db.uow() as uow:
        d = members.get_member(uow, member_id)
        data = members.MemberInput(
            id_number=d.member.id_number,
            name=d.member.name,
            phone=d.member.phone,
            unit_id=d.unit_id,
            medical_type=d.medical_type,
            categories=d.member.categories,
            bank_account=account,
        )
        members.update_member(uow, w.clerk, member_id, data)
        uow.commit()


def paid_in_august(w: Any, monkeypatch: Any, folder: Path, invoice: str, member: str) -> Any:
    """A claim approved and paid on 2015-08-20 (the clock moved there and back)."""
    monkeypatch.setenv("DESK_APP_FAKE_NOW", AUGUST)
    claim = approved_claim(w, invoice, 1, member=member)
    with w.db.uow() as uow:
        batch = payments.create_batch(uow, w.reviewer, date(2015, 8, 20), [claim.id]).value
        payments.write_lists(uow, w.reviewer, batch.id, folder)
        payments.confirm_paid(uow, w.reviewer, batch.id)
        uow.commit()
    monkeypatch.setenv("DESK_APP_FAKE_NOW", SEPTEMBER)
    return claim


@pytest.fixture
def august(world: Any, monkeypatch: Any, tmp_path: Path) -> Any:
    """Zhang's claim paid in August 2015; the desk's clock on 2015-09-01."""
    return paid_in_august(world, monkeypatch, tmp_path / "lists", "M-1", "zhang")


def open_reports(qtbot: Any, win: Any, tab: int = 0) -> Any:
    qtbot.keyClick(win.nav, Qt.Key.Key_6, ALT)
    assert win.current_section() == "reports"
    page = win.pages["reports"]
    for _ in range(tab):
        press(qtbot, win, Qt.Key.Key_Tab, CTRL)
    return page.tabs.currentWidget()


def saving_to(monkeypatch: Any, path: Path) -> list[str]:
    """The save dialog answered with ``path``; the names it suggested are collected."""
    import ui.screens.reports.files as rf

    asked: list[str] = []

    def answer(_parent: Any, _title: str, suggested: str) -> str:
        asked.append(Path(suggested).name)
        return str(path)

    monkeypatch.setattr(rf, "ask_save_path", answer)
    return asked


def test_a_month_is_previewed_exported_and_submitted_which_locks_it(
    qtbot: Any, make_window: Any, world: Any, august: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    win = make_window(world.reviewer)
    screen = open_reports(qtbot, win)
    assert screen.objectName() == "monthlyReturnScreen"
    assert focused() is screen.month and screen.chosen_month() == "2015-08"  # last month
    total = screen.summary_model.total.values
    assert total["方案编码"] == "合计" and total["本月给付金额"] == august.calc.payout
    assert screen.summary_model.rowCount() == len(screen.preview.rows) + 1
    assert "给付明细：1 行" in screen.facts["payments"].text()
    assert "核对一致" in screen.facts["checks"].text()

    out = tmp_path / "out" / "月报.xlsx"
    out.parent.mkdir()
    asked = saving_to(monkeypatch, out)
    press(qtbot, win, Qt.Key.Key_E, CTRL)
    with world.db.reader() as uow:
        county = settings.get(uow.session, settings.COUNTY_CODE)
    assert asked == [f"月报_{county}_2015-08.xlsx"]  # the name the city expects (FILES.md §3)
    assert out.exists(), screen.message.text()
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "参保明细", "给付明细", "分类统计"]
    assert wb["汇总"].cell(wb["汇总"].max_row, 1).value == "合计"
    assert screen.list_model.rowCount() == 1

    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    press(qtbot, win, Qt.Key.Key_Return, CTRL)
    assert "已结账锁定" in screen.state.text(), screen.message.text()
    assert screen.month.currentText() == "2015-08  已报送"
    assert screen.preview.locked and not screen.buttons["export"].isEnabled()
    assert view(world.db, august.id).status == "reported"
    with world.db.reader() as uow:
        assert [r.status for r in returns.list_returns(uow)] == ["submitted"]


def test_drafts_are_exported_only_after_the_reviewer_says_so(
    qtbot: Any, make_window: Any, world: Any, august: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("DESK_APP_FAKE_NOW", AUGUST)
    draft = inpatient(
        world.li, world.li_qz, date(2015, 8, 2), date(2015, 8, 5), receipt("D-1", copay="99.00")
    )
    save(world.db, world.clerk, draft)  # still being entered at month end
    monkeypatch.setenv("DESK_APP_FAKE_NOW", SEPTEMBER)
    win = make_window(world.reviewer)
    screen = open_reports(qtbot, win)
    assert screen.preview.drafts == 1
    assert "录入中" in screen.facts["drafts"].text()
    out = tmp_path / "月报.xlsx"
    saving_to(monkeypatch, out)

    answer_next_question(QMessageBox.ButtonRole.RejectRole)
    press(qtbot, win, Qt.Key.Key_E, CTRL)
    assert not out.exists()
    with world.db.reader() as uow:
        assert returns.list_returns(uow) == []

    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    press(qtbot, win, Qt.Key.Key_E, CTRL)
    assert out.exists(), screen.message.text()
    with world.db.reader() as uow:
        assert [(r.month, r.drafts) for r in returns.list_returns(uow)] == [("2015-08", 1)]


def test_the_quarters_verification_list_is_exported(
    qtbot: Any, make_window: Any, world: Any, august: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    win = make_window(world.reviewer)
    screen = open_reports(qtbot, win, tab=1)
    assert screen.objectName() == "verificationScreen"
    assert screen.chosen() == (2015, 2)  # the quarter before today's
    assert focused() is screen.year
    press(qtbot, win, Qt.Key.Key_Return)  # on to the quarter
    assert focused() is screen.quarter
    qtbot.keyClick(screen.quarter, Qt.Key.Key_Down)
    assert screen.chosen() == (2015, 3)
    assert "1 个批次" in screen.quarter_summary.text()
    out = tmp_path / "核实.xlsx"
    saving_to(monkeypatch, out)
    press(qtbot, win, Qt.Key.Key_E, CTRL)
    assert out.exists(), screen.message.text()
    cells = {
        str(c.value)
        for ws in openpyxl.load_workbook(out).worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }
    assert "张建国" in cells and august.approval_no in cells


def test_the_analysis_charts_hold_the_services_figures(
    qtbot: Any, make_window: Any, world: Any, august: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    give_account(world, world.li, "6222000033334444")
    second = paid_in_august(world, monkeypatch, tmp_path / "more", "M-2", "li")
    win = make_window(world.reviewer)
    screen = open_reports(qtbot, win, tab=2)
    assert screen.objectName() == "analysisScreen" and screen.chosen_year() == 2015
    paid = august.calc.payout + second.calc.payout
    with world.db.reader() as uow:
        figures = returns.analysis(uow, 2015)
    assert figures.paid_amount == paid

    assert focused() is screen.year
    press(qtbot, win, Qt.Key.Key_Tab)  # the dimensions
    assert focused() is screen.dimensions
    assert screen.dimensions.currentItem().text() == "按性别"
    bar = screen.bar
    assert bar.groups == tuple(g for g, _c, _a in figures.breakdowns[0].rows)
    assert bar.total() == paid and sum(bar.counts) == 2
    drawn = bar.bar_set
    assert drawn is not None
    assert sum(drawn.at(i) for i in range(drawn.count())) == pytest.approx(float(paid))

    qtbot.keyClick(screen.dimensions, Qt.Key.Key_Down)  # 年龄段
    assert screen.dimensions.currentItem().text() == "按年龄段"
    assert bar.groups == tuple(g for g, _c, _a in figures.breakdowns[1].rows)
    assert bar.total() == paid

    qtbot.keyClick(screen.dimensions, Qt.Key.Key_End)  # 资金使用率 by month
    assert screen.charts.currentWidget() is screen.line
    august_ratio = dict(figures.ratio_by_month)["2015-08"]
    assert august_ratio is not None
    assert dict(zip(screen.line.labels, screen.line.values, strict=True))["8月"] == august_ratio
    percent = (august_ratio * 100).quantize(Decimal("0.01"))
    assert screen.figures.item(7, 1).text() == f"{percent}%"
