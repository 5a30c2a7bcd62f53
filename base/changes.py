"""What a mutating service changed, so the window refreshes only the views affected
(Anki's ``OpChanges``)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    units: bool = False
    members: bool = False
    enrollments: bool = False
    schemes: bool = False
    claims: bool = False
    payments: bool = False
    returns: bool = False
    users: bool = False
    settings: bool = False
    audit: bool = False
    sync: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )

    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


NOTHING = Changes()


@dataclass(frozen=True)
class Done(Generic[T]):
    """A mutating service's answer: its result and what it changed."""

    value: T
    changes: Changes
