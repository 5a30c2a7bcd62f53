"""One language: the Chinese window has no English left — its screens, menus, Qt's own file,
print and message dialogs —; ``--lang`` reaches the window; and 系统 › 设置 says what decided
the language, in which order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from tests.integration.claims_support import world
from tests.ui.test_claims_helpers import settle

# Words a Chinese screen may carry: keys, file types, codes and the names of variables.
ALLOWED = {
    *("Ctrl", "Shift", "Alt", "Enter", "Esc", "Tab", "Del", "Delete", "Space", "Home", "End"),
    *("PgUp", "PgDn", "PageUp", "PageDown", "Backspace", "Ins", "Up", "Down", "Left", "Right"),
    *("PDF", "pdf", "Excel", "xlsx", "xlsm", "xls", "csv", "CSV", "toml", "TOML", "txt", "png"),
    *("ICD", "SMS", "SQLite", "URL", "HTTP", "HTTPS", "http", "https", "API", "UTF", "USB"),
    *("DESK_APP_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "POSIX", "English", "lang", "desk"),
    *("app", "Windows", "localhost", "Qt", "OK", "backups"),  # (the backup folder's name)
    *("GBK", "xlsb", "ods"),  # the bank layouts' encoding, the workbook kinds read
}
WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")


def english(texts: list[str]) -> list[str]:
    """The texts holding an English word (three letters or more, not an allowed token)."""
    out = []
    for t in texts:
        plain = re.sub(r"<[^>]+>", " ", t or "")  # rich text tags
        # Not words of the language: commands and options to type, setting keys, variables,
        # e-mail addresses, codes with digits, paths.
        plain = re.sub(
            r"(desk-app|city-server)( [a-z-]+)*|--[\w-]+|\b[a-z]+(\.[a-z_]+)+\b|\b[A-Z][A-Z_]{3,}\b"
            r"|\{\w+\}|[\w.-]+@[\w.-]+|[A-Z]{2,}[\w-]*\d[\w-]*|\S*[/\\]\S*",
            " ",
            plain,
        )
        words = [w for w in WORD.findall(plain) if w not in ALLOWED]
        if words:
            out.append(t)
    return out


def shown_texts(root: QWidget) -> list[str]:
    """Every word a person can see in ``root``: labels, buttons, group titles, tabs, the
    entries of list boxes, column headers, tool tips, the window title and its actions."""
    out: list[str] = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append(w.text())
        if isinstance(w, QGroupBox):
            out.append(w.title())
        if isinstance(w, QLineEdit):
            out.append(w.placeholderText())
        if isinstance(w, QComboBox) and not w.isEditable():
            out += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            out += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QTableView | QTreeView) and w.model() is not None:
            m = w.model()
            out += [
                str(m.headerData(i, Qt.Orientation.Horizontal) or "")
                for i in range(m.columnCount(QModelIndex()))
            ]
        out.append(w.toolTip())
        out += [a.text() for a in w.actions()]
    return out


def sections(win: Any) -> Iterator[str]:
    """Each section the signed-in person may open, and each tab of it, brought forward."""
    from ui.screens import registry

    for sec in registry.SECTIONS:
        if not win.navigate(sec.id):
            continue
        page = win.page(sec.id)
        tabs = page.tabs
        for i in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(i)
            settle(win)
            yield f"{sec.id}[{i}]"


@pytest.mark.parametrize("role", ["clerk", "reviewer", "admin"])
def test_no_english_in_the_chinese_window(
    qtbot: Any, make_window: Any, actors: Any, role: str
) -> None:
    win = make_window(actors[role])
    logins = {a.login for a in actors.values()}
    found = {}
    for where in sections(win):
        texts = shown_texts(win)
        if where.startswith("system"):  # 系统 › 用户 and 我的账户 show logins: they are typed
            texts = [t for t in texts if t not in logins]
        bad = english(texts)
        if bad:
            found[where] = bad
    menus = [a.text() for m in win.menuBar().actions() if m.menu() for a in m.menu().actions()]
    if english(menus):
        found["menus"] = english(menus)
    assert not found, found


def test_no_english_in_qts_own_dialogs(zh: str, qtbot: Any, tmp_path: Any) -> None:
    """The file and folder dialogs (Qt's own, as the program asks: AA_DontUseNativeDialogs),
    the print dialog, the standard buttons of a question, a text field's menu."""
    dialogs: list[QWidget] = []
    save = QFileDialog(None, "另存为", str(tmp_path), "Excel (*.xlsx)")
    save.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    save.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    folder = QFileDialog(None, "选择文件夹", str(tmp_path))
    folder.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    folder.setFileMode(QFileDialog.FileMode.Directory)
    printer = QPrinter()
    dialogs += [save, folder, QPrintDialog(printer)]
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "问题", "要保存吗？")
    box.setStandardButtons(
        buttons.Yes | buttons.No | buttons.Ok | buttons.Cancel | buttons.Save | buttons.Close
    )
    dialogs.append(box)
    found = {}
    for d in dialogs:
        qtbot.addWidget(d)
        d.show()
        QApplication.processEvents()
        bad = english(shown_texts(d))
        if bad:
            found[type(d).__name__] = bad
        d.close()
    line = QLineEdit()
    qtbot.addWidget(line)
    menu = line.createStandardContextMenu()
    assert menu is not None
    bad = english([a.text() for a in menu.actions()])
    if bad:
        found["QLineEdit menu"] = bad
    assert not found, found


def test_the_program_asks_for_qts_own_file_dialogs(zh: str, tmp_path: Any) -> None:
    from desk_app.system.paths import DataDir
    from ui.app import setup_qt

    setup_qt(DataDir(tmp_path / "data"), "zh")
    assert QApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)


def test_the_setting_then_lang_then_the_locale_decide_the_language(monkeypatch: Any) -> None:
    from ui.i18n import choose_language

    for var in ("DESK_APP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert choose_language("zh_CN", "en").source == "setting"
    assert choose_language("zh_CN", "en").lang == "zh"
    assert (choose_language("auto", "zh").lang, choose_language("auto", "zh").source) == (
        "zh",
        "option",
    )
    assert choose_language("auto").lang == "en"
    # LC_ALL=C.UTF-8 names no language: LANG=zh_CN.UTF-8 decides, and the detail says both.
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    c = choose_language("auto")
    assert (c.lang, c.source) == ("zh", "locale")
    assert "LC_ALL=C.UTF-8" in c.detail and "LANG=zh_CN.UTF-8" in c.detail
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert choose_language("auto").lang == "en"


def test_lang_on_the_command_line_reaches_the_window(monkeypatch: Any, tmp_path: Any) -> None:
    import ui.app
    from ui import launch

    seen: list[Any] = []
    monkeypatch.setattr(
        ui.app, "run_window", lambda data, option=None, **_kw: seen.append(option) or 0
    )
    assert launch.main(["--data-dir", str(tmp_path / "d"), "--lang", "zh"]) == 0
    assert seen == ["zh"]


def test_the_system_screen_says_what_decided_the_language(
    qtbot: Any, make_window: Any, actors: Any
) -> None:
    win = make_window(actors["admin"])
    win.navigate("system")
    page = win.page("system")
    settings_page = next(w for w in page.widgets.values() if hasattr(w, "language_why"))
    if page.tabs is not None:
        page.tabs.setCurrentWidget(settings_page)
    settle(win)
    text = settings_page.language_why.text()
    assert text.startswith("现在的界面语言是中文，依据")
    assert "--lang" in text and "LC_ALL" in text and "C 和 POSIX 不算一种语言" in text


def test_lists_and_the_review_page_name_people_not_logins(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """经办人 and 审核人 by name (王经办, 赵审核) in the review queue and on the claim page."""
    from datetime import date

    from desk_app.claims import service
    from tests.integration.claims_support import act, enter, inpatient, receipt

    first = enter(
        world.db,
        world.clerk,
        inpatient(
            world.li, world.li_qz, date(2015, 7, 1), date(2015, 7, 3), receipt("N-1", copay="90")
        ),
    )
    enter(
        world.db,
        world.clerk,
        inpatient(
            world.zhang,
            world.zhang_qz,
            date(2015, 7, 5),
            date(2015, 7, 6),
            receipt("N-2", copay="80"),
        ),
    )
    act(world.db, service.approve, world.reviewer, first.id)
    win = make_window(world.reviewer)
    win.navigate("review")
    screen = win.pages["review"].widgets["review"]
    settle(win)
    model = screen.model
    clerk_col = next(
        i
        for i in range(model.columnCount(QModelIndex()))
        if model.headerData(i, Qt.Orientation.Horizontal) == "经办人"
    )
    assert model.data(model.index(0, clerk_col)) == "王经办"
    screen.filters.show_status("approved")
    settle(win)
    screen.open_claim(first.id)
    shown = "\n".join(shown_texts(screen.page))
    assert "王经办" in shown and "赵审核" in shown
    assert "clerk" not in shown and "reviewer" not in shown


__all__ = ["world"]
