"""Measuring a screen as the clerk sees it (no tests here): a label, a button or a column
header whose text does not fit its width, and a window larger than the screen. Measured from
the widgets — ``fontMetrics().horizontalAdvance(text)`` against the width Qt gave it — not by
eye."""

from __future__ import annotations

import re

from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QTableView,
    QTreeView,
    QWidget,
)

SIZES = {"1366x768": (1366, 768), "125%": (1093, 614)}  # 1366×768 at 125 % is 1093×614 logical


def _plain(text: str) -> str:
    text = re.sub(r"\(&(\w)\)", r"(\1)", text)  # mnemonics take no room
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _fits(widget: QWidget, text: str, room: int) -> bool:
    fm = widget.fontMetrics()
    need = max((fm.horizontalAdvance(line) for line in text.split("\n")), default=0)
    return need <= room + 1


def cut_texts(root: QWidget) -> list[str]:
    """Every visible label, button and column header in ``root`` whose text is cut."""
    out: list[str] = []
    for w in root.findChildren(QWidget):
        if not w.isVisible() or w.width() <= 0:
            continue
        if isinstance(w, QLabel):
            text = w.text()
            if (
                not text
                or w.wordWrap()
                or QtGui.Qt.mightBeRichText(text)
                or not w.pixmap().isNull()
            ):
                continue
            room = w.contentsRect().width() - 2 * w.margin() - max(w.indent(), 0)
            if not _fits(w, _plain(text), room):
                out.append(f"label “{_plain(text)}” ({w.width()} px)")
        elif isinstance(w, QPushButton) and w.text() and not w.isFlat():
            room = w.width() - 12  # the frame and padding of a push button
            if not _fits(w, _plain(w.text()), room):
                out.append(f"button “{_plain(w.text())}” ({w.width()} px)")
        elif isinstance(w, (QCheckBox, QRadioButton)) and w.text():
            room = w.width() - 20  # the box
            if not _fits(w, _plain(w.text()), room):
                out.append(f"check box “{_plain(w.text())}” ({w.width()} px)")
        elif isinstance(w, (QTableView, QTreeView)) and w.model() is not None:
            out += _cut_headers(w)
    return out


def _cut_headers(view: QTableView | QTreeView) -> list[str]:
    header: QHeaderView = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    if not header.isVisible():
        return []
    model = view.model()
    out = []
    for i in range(model.columnCount(QModelIndex())):
        if header.isSectionHidden(i):
            continue
        text = model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if not text:
            continue
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        room = header.sectionSize(i) - 2 * margin
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == i:
            room -= header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
        if not _fits(header, str(text), room):
            out.append(
                f"header “{text}” of {view.objectName() or 'a list'} ({header.sectionSize(i)} px)"
            )
    return out


def too_large(window: QWidget, size: tuple[int, int]) -> str | None:
    """Why ``window`` does not fit on a screen of ``size`` (None: it fits)."""
    w, h = size
    hint = window.minimumSizeHint()  # the smallest Qt can make it: more, and it spills over
    width, height = max(window.width(), hint.width()), max(window.height(), hint.height())
    if width > w or height > h:
        return f"{window.objectName() or type(window).__name__} is {width}×{height}"
    return None


def buttons_off_window(root: QWidget) -> list[str]:
    """Buttons that lie (partly) outside their window."""
    out = []
    win = root.window()
    scrolled = [a.widget() for a in root.findChildren(QScrollArea) if a.widget() is not None]
    for b in root.findChildren(QAbstractButton):
        if not b.isVisible() or any(area.isAncestorOf(b) for area in scrolled):
            continue  # (in a scroll area the scroll bar reaches it)
        top_left = b.mapTo(win, b.rect().topLeft())
        bottom_right = b.mapTo(win, b.rect().bottomRight())
        if not (win.rect().contains(top_left) and win.rect().contains(bottom_right)):
            out.append(_plain(b.text()) or b.objectName())
    return out
