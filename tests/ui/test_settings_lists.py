"""系统 › 设置 for the lists the desk writes: the bank list layout chosen from the shipped ones by
name, and the SMS template's length counted against one message while it is typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desk_app.system import settings
from tests.ui.conftest import type_text
from tests.ui.test_system import _system_tab


def test_the_bank_layout_is_chosen_by_name_and_saved(qtbot: Any, admin_window: Any, db: Any):
    page = _system_tab(admin_window, "settings")
    combo = page.editors["bank.layout"]
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names[0].startswith("标准格式") and any("GBK" in n for n in names)
    combo.setCurrentIndex(combo.findData("csv_gbk"))
    qtbot.keyClick(page.save_button, Qt.Key.Key_Space)
    with db.reader() as uow:
        assert settings.get(uow.session, settings.BANK_LAYOUT) == "csv_gbk"


def test_the_sms_template_shows_its_length_against_one_message(qtbot: Any, admin_window: Any):
    page = _system_tab(admin_window, "settings")
    count = page.findChild(QLabel, "smsCount")
    editor = page.editors["sms.template"]
    assert "一条短信" in count.text() and not count.property("tooLong")
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    type_text(qtbot, editor, "如有疑问请拨打服务中心电话咨询。")
    assert "2 条短信" in count.text() and count.property("tooLong")
    editor.setPlainText("【{county}】{nam}")
    assert "短信模板有误" in count.text()
