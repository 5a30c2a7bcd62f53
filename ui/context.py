"""What every screen is given: the data folder, the database, the signed-in person, the
window's language, the task runner, the change broadcast and the window's layout store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings

from base.errors import DeskError, Message
from db import Database
from desk_app.access.auth import ROLE_NAMES_ZH, Actor, Perm, Role
from desk_app.system.paths import DataDir
from ui.tasks import ChangeHub, TaskRunner

if TYPE_CHECKING:  # the scheduler is made by the window, with this context
    from ui.sync_scheduler import SyncScheduler

LAYOUT_FILE = "window.ini"


class Shell(Protocol):
    """What a screen may ask of the window around it (and nothing more: no view reaches
    into another view)."""

    def navigate(self, section_id: str) -> bool: ...
    def status_message(self, text: str, ms: int = 5000) -> None: ...
    def lock_screen(self) -> None: ...
    def sign_out(self) -> None: ...
    def restore_backup(self, path: Path) -> None: ...
    def move_data(self, target: Path) -> None: ...
    @property
    def sync_scheduler(self) -> SyncScheduler:
        """The window's syncs: 立即同步, the schedule, and what the status bar says."""
        ...


@dataclass
class AppContext:
    data: DataDir
    db: Database
    actor: Actor
    lang: str  # "zh" or "en": which half of a core Message the window shows
    runner: TaskRunner
    hub: ChangeHub
    layout: QSettings
    shell: Shell | None = field(default=None)
    lang_option: str | None = None  # --lang given when the program started

    def can(self, perm: Perm) -> bool:
        return self.actor.can(perm)

    def text(self, what: Message | DeskError) -> str:
        """A core message in the window's language."""
        return what.text(self.lang)

    def status(self, text: str, ms: int = 5000) -> None:
        """A passing message in the window's status bar (none before the window exists)."""
        if self.shell is not None:
            self.shell.status_message(text, ms)

    def role_name(self, role: Role | None = None) -> str:
        role = role or self.actor.role
        return ROLE_NAMES_ZH[role] if self.lang == "zh" else role.value


def layout_store(data: DataDir) -> QSettings:
    """The window's sizes, positions, splitters and columns: an INI file in the data folder,
    so a portable install carries them along (never the registry)."""
    return QSettings(str(data.root / LAYOUT_FILE), QSettings.Format.IniFormat)
