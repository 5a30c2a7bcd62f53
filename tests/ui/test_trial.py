"""方案 › 试算: a spec case typed at the counter with the keyboard only, the engine's answer
(each benefit, the payout, the cap left, every 计算过程 line), and nothing written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from db.models import AuditEntry, Enrollment, Member
from tests.conftest import SPEC
from tests.fixtures_people import add_scheme
from tests.ui.conftest import type_and_enter, type_text
from ui.widgets import forms


@pytest.fixture
def schemes(db: Any, actors: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2015-09-01T09:00:00+08:00")
    return {
        "sx": add_scheme(db, actors["admin"], "shaoxing-2015.toml"),
        "qz": add_scheme(db, actors["admin"], "quzhou-2015.toml"),
    }


def trial_screen(win: Any) -> Any:
    win.navigate("schemes")
    page = win.pages["schemes"]
    page.tabs.setCurrentWidget(page.widgets["trial"])
    screen = page.widgets["trial"]
    screen.focus_first()
    return screen


def rows_written(db: Any) -> tuple[int, int, int]:
    with db.reader() as uow:
        s = uow.session
        return (
            s.execute(select(func.count(Member.id))).scalar_one(),
            s.execute(select(func.count(Enrollment.id))).scalar_one(),
            s.execute(select(func.count(AuditEntry.id))).scalar_one(),
        )


def pick(qtbot: Any, win: Any, picker: Any, text: str) -> None:
    """Type into a picker and press Enter as the keyboard delivers it: the first Enter goes
    to the completer's open list (which closes), the next one moves on to the next field."""
    import warnings

    from PySide6.QtWidgets import QApplication

    picker.line().selectAll()
    type_text(qtbot, picker, text)
    popup = QApplication.activePopupWidget()
    if popup is not None:
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        # The offscreen platform activates the popup late and does not give the activation
        # back when it closes: let its queued events pass, then activate the window again.
        qtbot.wait(50)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(win)
    qtbot.keyClick(picker, Qt.Key.Key_Return)


def type_receipt(qtbot: Any, grid: Any, amounts: list[str]) -> None:
    """Down the slip: total, then the seven components, Enter after each. Each key goes to
    where the keyboard sends it: the grid, then the cell's editor that the first key opens."""
    from PySide6.QtWidgets import QApplication

    for amount in amounts:
        for ch in amount:
            qtbot.keyClick(QApplication.focusWidget() or grid, ch)
        qtbot.keyClick(QApplication.focusWidget() or grid, Qt.Key.Key_Return)


def test_the_shaoxing_case_typed_at_the_counter_pays_2080(
    qtbot: Any, make_window: Any, actors: Any, schemes: Any, db: Any
) -> None:
    """shaoxing-zhang.json: 13 000 yuan, of which 2 287.99 self-paid; 10 days in hospital."""
    before = rows_written(db)
    win = make_window(actors["clerk"])
    screen = trial_screen(win)
    assert screen.scheme.hasFocus()
    pick(qtbot, win, screen.scheme, "SX-2015-ZY")
    assert screen.scheme.currentText().startswith("SX-2015-ZY\u3000绍兴市")
    assert screen.shares.hasFocus()
    qtbot.keyClick(screen.shares, Qt.Key.Key_Return)
    screen.enrolled_on.selectAll()
    type_and_enter(qtbot, screen.enrolled_on, "20150101")
    qtbot.keyClick(screen.renewal, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # 续保(&R)
    qtbot.waitUntil(screen.renewal.isChecked, timeout=2000)  # a mnemonic clicks, animated
    editor = screen.current_editor()
    editor.kind.setFocus()
    assert editor.kind.currentText() == "住院"
    qtbot.keyClick(editor.kind, Qt.Key.Key_Return)
    type_and_enter(qtbot, editor.admission, "20150801")
    type_and_enter(qtbot, editor.discharge, "2015-08-11")
    type_and_enter(qtbot, editor.disease, "k35.8")
    assert editor.grid.hasFocus()
    type_receipt(qtbot, editor.grid, ["13000", "10712.01", "0", "800", "1487.99"])
    qtbot.keyClick(editor.grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert screen.problem == ""
    assert screen.payout_label.text() == "给付 2,080.00 元 · 剩余封顶额度 47,920.00 元"
    (result,) = screen.results
    assert [(b.label, str(b.amount)) for b in result.benefits] == [
        ("住院自付部分二次报销", "1830.00"),
        ("住院津贴", "250.00"),
    ]
    lines = screen.result_lines()
    assert "自付合计 2,287.99 × 80% = 1,830.39，取整 1,830.00" in lines
    assert "住院津贴：住院 10 天 × 25.00 = 250.00" in lines
    assert lines[-1] == "本次给付 2,080.00"
    shown = screen.result_view.toPlainText()
    assert "计算过程" in shown
    assert all(line in shown for line in lines)
    assert screen.claim_list.item(0).text() == "1. 住院 2015-08-01 K35.8"
    assert rows_written(db) == before  # a trial writes nothing


def test_a_missing_date_is_named_instead_of_a_result(
    qtbot: Any, make_window: Any, actors: Any, schemes: Any
) -> None:
    win = make_window(actors["clerk"])
    screen = trial_screen(win)
    editor = screen.current_editor()
    editor.kind.setFocus()
    qtbot.keyClick(editor.kind, Qt.Key.Key_Return)
    type_and_enter(qtbot, editor.admission, "20150801")
    qtbot.keyClick(editor.grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert screen.problem == "第 1 笔：请填写出院日期。"
    assert screen.payout_label.text() == "尚未算出"


def test_a_second_claim_uses_what_the_first_left_of_the_cap(
    qtbot: Any, make_window: Any, actors: Any, schemes: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case file loaded (the city's worked example), then a second claim added by keys."""
    case = SPEC / "cases" / "shaoxing-zhang.json"
    monkeypatch.setattr(forms, "choose_open_file", lambda *a, **k: str(case))
    win = make_window(actors["clerk"])
    screen = trial_screen(win)
    pick(qtbot, win, screen.scheme, "SX-2015-ZY")
    qtbot.keyClick(screen.case_button, Qt.Key.Key_Space)
    assert screen.payout_label.text().startswith("给付 2,080.00 元")
    qtbot.keyClick(screen.add_claim_button, Qt.Key.Key_Space)
    editor = screen.current_editor()
    assert editor.kind.hasFocus() and screen.claim_list.count() == 2
    qtbot.keyClick(editor.kind, Qt.Key.Key_Return)
    type_and_enter(qtbot, editor.admission, "20151003")
    type_and_enter(qtbot, editor.discharge, "20151005")
    qtbot.keyClick(editor.disease, Qt.Key.Key_Return)
    type_receipt(qtbot, editor.grid, ["1000", "900", "0", "0", "100"])
    qtbot.keyClick(editor.grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    first, second = screen.results
    assert first.payout == 2080
    assert second.payout == 80 + 50  # 100 × 80 %, 2 days × 25
    assert str(second.cap_left) == "47790.00"
    assert screen.payout_label.text() == "给付 2,210.00 元 · 剩余封顶额度 47,790.00 元"


def test_a_case_file_outside_the_spec_format_is_refused_in_words(
    qtbot: Any,
    make_window: Any,
    actors: Any,
    schemes: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    bad = tmp_path / "case.json"
    bad.write_text('{"member": {"shares": 1}, "claims": []}', "utf-8")
    monkeypatch.setattr(forms, "choose_open_file", lambda *a, **k: str(bad))
    win = make_window(actors["clerk"])
    screen = trial_screen(win)
    qtbot.keyClick(screen.case_button, Qt.Key.Key_Space)
    box = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    )
    assert "enrolled_on" in box.text()
    box.close()
