"""Qt translations: ``desk_app_zh_CN.ts`` (source, committed) → ``.qm`` (built by ``build``).

:func:`install` loads the window's language at start: our own strings plus Qt's (so the
standard buttons of message boxes and dialogs read 确定 / 取消 too).

Which language, first that applies (:func:`choose_language`, shown in 系统 › 设置):
1. the ``ui.language`` setting when it is ``zh_CN`` or ``en`` (the desk's own choice);
2. ``--lang zh|en`` on the command line;
3. ``DESK_APP_LANG``;
4. the system locale: the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that names a language
   — ``C`` and ``POSIX`` (``LC_ALL=C.UTF-8`` in many containers and scripts) name none and
   are passed over, so ``LANG=zh_CN.UTF-8`` still gives Chinese; then the system's own
   (Windows: the display language).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from base.errors import default_language

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class LanguageChoice:
    """The window's language and what decided it."""

    lang: str  # "zh" | "en"
    source: str  # "setting" | "option" | "environment" | "locale" | "system"
    detail: str  # what was read: "ui.language = zh_CN", "--lang zh", "LANG=zh_CN.UTF-8" …


def _names_language(value: str) -> bool:
    base = value.split(".", 1)[0].split("@", 1)[0]
    return bool(base) and base not in ("C", "POSIX")


def choose_language(setting: str | None, option: str | None = None) -> LanguageChoice:
    """The window's language: the ``ui.language`` setting (``zh_CN`` or ``en``), else
    ``--lang``, else ``DESK_APP_LANG``, else the system locale (see the module's words)."""
    if setting in ("zh_CN", "en"):
        return LanguageChoice(
            "zh" if setting == "zh_CN" else "en", "setting", f"ui.language = {setting}"
        )
    if option in ("zh", "en"):
        return LanguageChoice(option, "option", f"--lang {option}")
    forced = os.environ.get("DESK_APP_LANG")
    if forced:
        return LanguageChoice(default_language(), "environment", f"DESK_APP_LANG={forced}")
    passed: list[str] = []
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if not value:
            continue
        if not _names_language(value):
            passed.append(f"{var}={value}")
            continue
        lang = "zh" if value.lower().startswith("zh") else "en"
        return LanguageChoice(lang, "locale", "; ".join([*passed, f"{var}={value}"]))
    system = QLocale.system()
    lang = "zh" if system.language() == QLocale.Language.Chinese else "en"
    return LanguageChoice(lang, "system", "; ".join([*passed, system.name()]))


def resolve_language(setting: str | None, option: str | None = None) -> str:
    """``"zh"`` or ``"en"`` (see :func:`choose_language`)."""
    return choose_language(setting, option).lang


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
