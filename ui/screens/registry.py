"""Which screens the window has: the navigation sections, in a fixed order (so Alt+1 … Alt+9
always mean the same place for everyone), and the screen factories registered for them.

Adding a screen is one line in its own module under ``ui/screens/``::

    register_screen("members", MembersScreen, section="enrollment",
                    title=QT_TRANSLATE_NOOP("Screens", "Members"), perm=Perm.VIEW)

A section with no screen shows a "not yet available" page; with one it shows it; with several,
tabs in ``order``. The window imports every module of this package (:func:`discover`), so no
other file needs editing.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desk_app.access.auth import Perm
from ui.context import AppContext
from ui.texts import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

ScreenFactory = Callable[[AppContext], QWidget]


@dataclass(frozen=True)
class Section:
    id: str
    title: str  # English source, context "Sections"
    perms: frozenset[Perm]  # any one of them opens the section; empty: everyone

    def allowed(self, ctx: AppContext) -> bool:
        return not self.perms or any(ctx.can(p) for p in self.perms)

    def label(self) -> str:
        return QCoreApplication.translate("Sections", self.title)


SECTIONS: tuple[Section, ...] = (
    Section("dashboard", QT_TRANSLATE_NOOP("Sections", "Dashboard"), frozenset()),
    Section(
        "enrollment",
        QT_TRANSLATE_NOOP("Sections", "Enrollment"),
        frozenset({Perm.ENROLL, Perm.MEMBERS, Perm.UNITS}),
    ),
    Section("claims", QT_TRANSLATE_NOOP("Sections", "Claims"), frozenset({Perm.CLAIMS})),
    Section("review", QT_TRANSLATE_NOOP("Sections", "Review"), frozenset({Perm.REVIEW})),
    Section("payments", QT_TRANSLATE_NOOP("Sections", "Payments"), frozenset({Perm.PAY})),
    Section("reports", QT_TRANSLATE_NOOP("Sections", "Reports"), frozenset({Perm.RETURNS})),
    Section("schemes", QT_TRANSLATE_NOOP("Sections", "Schemes"), frozenset({Perm.VIEW})),
    Section("sync", QT_TRANSLATE_NOOP("Sections", "Sync"), frozenset({Perm.SYNC, Perm.SYNC_SETUP})),
    Section("system", QT_TRANSLATE_NOOP("Sections", "System"), frozenset()),
)
SECTION_IDS = tuple(s.id for s in SECTIONS)


@dataclass(frozen=True)
class ScreenSpec:
    id: str
    section: str
    factory: ScreenFactory
    title: str | None  # English source, context "Screens"; the tab's label
    order: int
    perm: Perm | None  # needed to see this screen (the services still enforce it)

    def label(self) -> str:
        return QCoreApplication.translate("Screens", self.title or self.id)

    def allowed(self, ctx: AppContext) -> bool:
        return self.perm is None or ctx.can(self.perm)


_SCREENS: dict[str, ScreenSpec] = {}


def register_screen(
    screen_id: str,
    factory: ScreenFactory,
    *,
    section: str | None = None,
    title: str | None = None,
    order: int = 100,
    perm: Perm | None = None,
) -> None:
    """Offer a screen in ``section`` (default: the section named ``screen_id``). Registering
    the same id again replaces it (a module reloaded in a test)."""
    section = section or screen_id
    if section not in SECTION_IDS:
        raise ValueError(f"unknown section {section!r}; sections are {', '.join(SECTION_IDS)}")
    _SCREENS[screen_id] = ScreenSpec(screen_id, section, factory, title, order, perm)


def unregister_screen(screen_id: str) -> None:
    _SCREENS.pop(screen_id, None)


def screens_for(section_id: str) -> list[ScreenSpec]:
    return sorted(
        (s for s in _SCREENS.values() if s.section == section_id), key=lambda s: (s.order, s.id)
    )


def section(section_id: str) -> Section:
    return next(s for s in SECTIONS if s.id == section_id)


_discovered: dict[str, str] | None = None


def discover() -> dict[str, str]:
    """Import every module of ``ui.screens`` once; returns {module: error} for those that
    failed (logged; their section shows the failure instead of taking the window down)."""
    global _discovered
    if _discovered is not None:
        return _discovered
    import ui.screens as pkg

    failures: dict[str, str] = {}
    for info in sorted(
        pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."), key=lambda m: m.name
    ):
        if info.name.rsplit(".", 1)[-1].startswith("_") or info.name == __name__:
            continue
        try:
            importlib.import_module(info.name)
        except Exception as exc:
            log.exception("screen module %s failed to load", info.name)
            failures[info.name] = f"{type(exc).__name__}: {exc}"
    _discovered = failures
    return failures
