"""方案: the list with each scheme's rules in words and its stored text; importing a scheme file
(a bad one is refused with the parser's words naming the key, nothing stored); schemes sent by
the city stand out until the admin activates them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desk_app.access.auth import SYSTEM
from desk_app.schemes import store
from tests.conftest import SPEC
from tests.fixtures_people import add_scheme
from tests.ui.conftest import answer_next_question
from ui.screens.schemes.screen import PENDING_BACKGROUND
from ui.widgets import forms

SHAOXING = (SPEC / "schemes" / "shaoxing-2015.toml").read_text("utf-8")


def schemes_screen(win: Any) -> Any:
    win.navigate("schemes")
    page = win.pages["schemes"]
    page.tabs.setCurrentWidget(page.widgets["schemes"])
    return page.widgets["schemes"]


def stored(db: Any) -> list[str]:
    with db.reader() as uow:
        return [s.code for s in store.list_schemes(uow)]


def message_box() -> QMessageBox:
    return next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    )


def test_a_bad_scheme_file_is_refused_naming_the_key_and_nothing_is_stored(
    qtbot: Any,
    admin_window: Any,
    db: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = tmp_path / "绍兴2016.toml"
    bad.write_text(
        SHAOXING.replace('code = "SX-2015-ZY"', 'code = "SX-2016-ZY"').replace(
            'premium_per_share = "60.00"', "premium_per_share = 60.0"
        ),
        "utf-8",
    )
    monkeypatch.setattr(forms, "choose_open_file", lambda *a, **k: str(bad))
    screen = schemes_screen(admin_window)
    qtbot.keyClick(screen.import_button, Qt.Key.Key_Space)
    box = message_box()
    assert box.text().startswith("方案文件有误，未导入：premium_per_share：应为")
    assert '请加引号写成 "60.0"' in box.text()
    box.close()
    assert stored(db) == []
    assert screen.model.rowCount() == 0


def test_every_problem_of_a_file_is_named_at_once(
    qtbot: Any,
    admin_window: Any,
    db: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        SHAOXING.replace('rounding = "yuan_floor"', 'rounding = "jiao"').replace(
            'rate = "25.00"', 'rate = "25.00"\nmax_dayz = 30'
        ),
        "utf-8",
    )
    monkeypatch.setattr(forms, "choose_open_file", lambda *a, **k: str(bad))
    screen = schemes_screen(admin_window)
    qtbot.keyClick(screen.import_button, Qt.Key.Key_Space)
    text = message_box().text()
    assert text.startswith("方案文件有 2 处错误，未导入：")
    assert "rounding" in text and "benefits[1].max_dayz" in text
    message_box().close()
    assert stored(db) == []


def test_an_imported_scheme_is_listed_with_its_rules_in_words(
    qtbot: Any,
    admin_window: Any,
    db: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = SPEC / "schemes" / "shaoxing-2015.toml"
    monkeypatch.setattr(forms, "choose_open_file", lambda *a, **k: str(path))
    screen = schemes_screen(admin_window)
    qtbot.keyClick(screen.import_button, Qt.Key.Key_Space)
    assert stored(db) == ["SX-2015-ZY"]
    assert admin_window.statusBar().currentMessage() == "方案 SX-2015-ZY 已导入。"
    row = [screen.model.index(0, c).data() for c in range(screen.model.columnCount())]
    assert row[:4] == [
        "SX-2015-ZY",
        "绍兴市职工住院医疗互助保障（2015年度）",
        "SX-ZY",
        "2015-01-01 ～ 2015-12-31",
    ]
    assert row[4:] == ["60.00", "1", "50,000.00", "已启用", "文件导入"]
    words = screen.words.toPlainText()
    assert "保障期 2015-01-01 至 2015-12-31；每份保费 60.00 元，每人最多 1 份。" in words
    assert (
        "住院自付部分二次报销：以 起付标准自付 + 按比例自付 之和为基数，按 80% 给付（适用：住院）。"
        in words
    )
    assert "住院津贴：住院每天 25.00 元（适用：住院）。" in words
    assert "身故慰问金：一次性给付 3,000.00 元（每个保障期一次）（适用：身故）。" in words
    assert screen.text.toPlainText() == path.read_text("utf-8")
    qtbot.keyClick(screen.import_button, Qt.Key.Key_Space)  # the same file again
    assert admin_window.statusBar().currentMessage() == (
        "方案 SX-2015-ZY 已导入过，内容相同，未作改动。"
    )


def test_a_scheme_sent_by_the_city_stands_out_until_the_admin_activates_it(
    qtbot: Any, admin_window: Any, actors: Any, db: Any
) -> None:
    add_scheme(db, actors["admin"], "quzhou-2015.toml")
    with db.uow() as uow:
        store.import_scheme(uow, SYSTEM, SHAOXING, origin="city", active=False)
        uow.commit()
    screen = schemes_screen(admin_window)
    assert screen.banner.isVisible()
    assert screen.banner.text().startswith("市总工会下发的 1 个方案等待启用：SX-2015-ZY。")
    codes = [screen.model.index(r, 0).data() for r in range(screen.model.rowCount())]
    waiting = codes.index("SX-2015-ZY")
    cell = screen.model.index(waiting, 7)
    assert cell.data() == "待启用"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).name() == PENDING_BACKGROUND
    assert screen.model.index(codes.index("QZ-2015-ZY"), 7).data() == "已启用"
    assert screen.current().code == "SX-2015-ZY"  # the waiting one is shown first
    assert screen.activate_button.isEnabled() and not screen.deactivate_button.isEnabled()
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)
    qtbot.keyClick(screen.activate_button, Qt.Key.Key_Space)
    with db.reader() as uow:
        assert store.get_scheme_row(uow, "SX-2015-ZY").active
    assert not screen.banner.isVisible()
    assert screen.model.index(codes.index("SX-2015-ZY"), 7).data() == "已启用"


def test_a_clerk_reads_the_schemes_but_cannot_import_or_activate(
    qtbot: Any, make_window: Any, actors: Any, db: Any
) -> None:
    add_scheme(db, actors["admin"], "quzhou-2015.toml")
    screen = schemes_screen(make_window(actors["clerk"]))
    assert screen.model.rowCount() == 1
    assert not screen.import_button.isVisible()
    assert not screen.activate_button.isVisible()
    assert "衢州" in screen.words.toPlainText()
