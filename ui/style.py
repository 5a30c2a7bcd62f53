"""How the window looks: a CJK font that renders 汉字 well on each platform, a calm light style,
sizes that fit a 1366×768 screen and scale on high-DPI ones (Qt 6 scales by itself; sizes here
are in points or device-independent pixels)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

# In order of preference: Windows, macOS, then the free fonts of Linux installs.
CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "SimHei",
)
BASE_POINT_SIZE = 10

ACCENT = "#1f6fb2"

STYLESHEET = f"""
QListWidget#navigation {{
    background: #f3f5f8; border: none; border-right: 1px solid #d9dee5;
    font-size: 11pt; outline: 0; padding-top: 6px;
}}
QListWidget#navigation::item {{ padding: 9px 14px; border-left: 4px solid transparent; }}
QListWidget#navigation::item:selected {{
    background: #e1ecf7; color: #0d3c66; border-left: 4px solid {ACCENT};
}}
QListWidget#navigation::item:disabled {{ color: #a8b0ba; }}
QLabel#pageTitle {{ font-size: 15pt; font-weight: 600; color: #1d2733; padding: 2px 0 6px 0; }}
QLabel#dialogTitle {{ font-size: 13pt; font-weight: 600; color: #1d2733; }}
QLabel#hint {{ color: #5f6b7a; }}
QLabel#errorLabel {{ color: #b3261e; }}
QLabel#placeholderTitle {{ font-size: 14pt; color: #3b4654; }}
QLabel#placeholderText {{ color: #6b7785; }}
QFrame#card {{ background: #ffffff; border: 1px solid #d9dee5; border-radius: 6px; }}
QLabel#cardValue {{ font-size: 22pt; font-weight: 600; color: #0d3c66; }}
QLabel#cardTitle {{ color: #5f6b7a; }}
QWidget#lockCover {{ background: #2b3440; }}
QLabel#lockCoverLabel {{ color: #dfe5ec; font-size: 18pt; }}
QStatusBar QLabel {{ padding: 0 8px; }}
QSplitter#mainSplitter::handle {{ background: #d9dee5; width: 1px; }}
"""


def pick_font() -> QFont:
    """The application font: the first CJK family installed, at a size clerks read all day."""
    available = set(QFontDatabase.families())
    font = QFont(QGuiApplication.font())
    for family in CJK_FAMILIES:
        if family in available:
            font.setFamilies([family, *CJK_FAMILIES])
            break
    font.setPointSize(BASE_POINT_SIZE)
    return font


def apply(app: QApplication) -> None:
    app.setFont(pick_font())
    app.setStyle("Fusion")  # the same look on every Windows version and in screenshots
    app.setStyleSheet(STYLESHEET)
