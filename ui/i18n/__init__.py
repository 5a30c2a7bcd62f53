"""Qt translations: ``desk_app_zh_CN.ts`` (source, committed) → ``.qm`` (built by ``build``).

:func:`install` loads the window's language at start: our own strings plus Qt's (so the
standard buttons of message boxes and dialogs read 确定 / 取消 too).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from base.errors import default_language

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent


def resolve_language(setting: str | None) -> str:
    """``"zh"`` or ``"en"`` from the ``ui.language`` setting (``auto``, ``zh_CN``, ``en``).

    ``auto`` is Chinese on a Chinese system (``DESK_APP_LANG`` or the locale), else English.
    """
    if setting == "zh_CN":
        return "zh"
    if setting == "en":
        return "en"
    if os.environ.get("DESK_APP_LANG"):
        return default_language()
    if QLocale.system().language() == QLocale.Language.Chinese:
        return "zh"
    return default_language()


def qm_file(lang: str) -> Path | None:
    """The compiled translation for ``lang``, compiling it first if the .ts is newer (a
    developer's checkout); ``None`` for English (the source language)."""
    if lang != "zh":
        return None
    ts = HERE / "desk_app_zh_CN.ts"
    qm = ts.with_suffix(".qm")
    if ts.exists() and (not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime):
        try:
            from ui.i18n import build

            build.build()
        except (SystemExit, OSError, Exception) as exc:  # a packaged install has no lrelease
            log.warning("could not compile %s: %s", ts, exc)
    return qm if qm.exists() else None


_installed: list[QTranslator] = []


def install(app: QCoreApplication, lang: str) -> bool:
    """Load ``lang`` into ``app`` (replacing what was loaded); True when ours was found."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if lang != "zh":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load("qtbase_zh_CN", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    ours = QTranslator(app)
    qm = qm_file(lang)
    if qm is not None and ours.load(str(qm)):
        app.installTranslator(ours)
        _installed.append(ours)
        return True
    log.warning("no Chinese translation found (run python -m ui.i18n.build)")
    return False
