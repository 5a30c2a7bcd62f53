"""Errors the desk reports to people, in both of its languages.

Core messages are needed in Chinese in the window and in files sent back to units (a roster's
error list), and in Chinese or English on the command line, so each carries both texts; the
window shows the one that matches its language. Qt's translation system handles everything the
window itself says.
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass, field
from typing import Any


def default_language() -> str:
    """``"zh"`` on a Chinese system locale (or ``DESK_APP_LANG=zh``), else ``"en"``."""
    forced = os.environ.get("DESK_APP_LANG")
    if forced:
        return "zh" if forced.lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        # C and POSIX (LC_ALL=C.UTF-8 in containers and scripts) name no language: the next
        # variable decides.
        if value and value.split(".", 1)[0] not in ("C", "POSIX"):
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith(("zh", "chinese")) else "en"


@dataclass(frozen=True)
class Message:
    """One sentence in both languages, already filled in."""

    zh: str
    en: str

    def text(self, lang: str | None = None) -> str:
        return self.zh if (lang or default_language()) == "zh" else self.en

    def __str__(self) -> str:  # English in logs and tracebacks
        return self.en


def msg(zh: str, en: str, **params: Any) -> Message:
    """Fill both templates (``str.format`` syntax) with the same parameters."""
    return Message(zh.format(**params), en.format(**params))


class DeskError(Exception):
    """A refusal the person at the desk must read: wrong input, no permission, a rule."""

    code: str = "error"

    def __init__(self, message: Message, *, code: str | None = None) -> None:
        super().__init__(message.en)
        self.message = message
        if code is not None:
            self.code = code

    def text(self, lang: str | None = None) -> str:
        return self.message.text(lang)


class ValidationError(DeskError):
    """Input that does not pass a check; nothing was changed."""

    code = "invalid"


class PermissionDenied(DeskError):
    """The signed-in role may not do this."""

    code = "denied"


class NotFound(DeskError):
    code = "not_found"


class Conflict(DeskError):
    """The action clashes with what is stored (a duplicate, a wrong state)."""

    code = "conflict"


@dataclass
class RowError:
    """One bad row of an imported file, with the worksheet's own row number."""

    row: int
    message: Message
    values: dict[str, Any] = field(default_factory=dict)
