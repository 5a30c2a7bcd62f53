"""Recovery copies of the forms being typed (issue #12): what a clerk has on screen in the claim
form, the enrollment dialog, the add-member dialog or the member page's edit form
(``member_edit``) is kept in the database within a second of each change, so that a crash, a
kill or a power cut loses nothing; the next sign-in of that clerk offers it back. One copy per
user and form, replaced by each write and deleted when the form is saved, submitted or cleared
on purpose.

A copy is not a record of the desk: it is not audited (it changes nothing anyone relies on),
has no outbox row and never syncs. It holds personal data typed by the clerk and lives in the
same database file as the rest of it. Each user reads and writes only their own copies: the
actor's login is the key, so there is no permission to check beyond being signed in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from base.changes import NOTHING, Done
from base.clock import now
from base.errors import ValidationError, msg
from db.engine import UnitOfWork
from db.models import FormCopy
from desk_app.access.auth import Actor

FORMS = ("claim", "enrollment", "member", "member_edit")
MAX_BYTES = 2_000_000  # a form with every field at its longest is far below this


@dataclass(frozen=True)
class Copy:
    form: str
    content: dict[str, Any]
    saved_at: datetime


def _check_form(form: str) -> None:
    if form not in FORMS:
        raise ValidationError(msg("未知的表单：{f}", "unknown form: {f}", f=form))


def keep(uow: UnitOfWork, actor: Actor, form: str, content: dict[str, Any]) -> Done[None]:
    """Store (or replace) ``actor``'s copy of ``form``. Not committed."""
    _check_form(form)
    size = len(json.dumps(content, ensure_ascii=False))
    if size > MAX_BYTES:
        raise ValidationError(msg("表单内容太长，无法保存副本", "the form is too long to keep"))
    s = uow.session
    row = s.execute(
        select(FormCopy).where(FormCopy.login == actor.login, FormCopy.form == form)
    ).scalar_one_or_none()
    if row is None:
        s.add(FormCopy(login=actor.login, form=form, content=content, saved_at=now()))
    else:
        row.content = content
        row.saved_at = now()
    s.flush()
    return Done(None, NOTHING)


def discard(uow: UnitOfWork, actor: Actor, form: str) -> Done[None]:
    """Delete ``actor``'s copy of ``form`` (none is fine). Not committed."""
    _check_form(form)
    uow.session.execute(
        delete(FormCopy).where(FormCopy.login == actor.login, FormCopy.form == form)
    )
    return Done(None, NOTHING)


def copies(uow: UnitOfWork, actor: Actor) -> list[Copy]:
    """``actor``'s kept forms, oldest first."""
    rows = uow.session.execute(
        select(FormCopy)
        .where(FormCopy.login == actor.login)
        .order_by(FormCopy.saved_at, FormCopy.id)
    ).scalars()
    return [Copy(r.form, dict(r.content), r.saved_at) for r in rows if r.form in FORMS]


def copy_of(uow: UnitOfWork, actor: Actor, form: str) -> Copy | None:
    return next((c for c in copies(uow, actor) if c.form == form), None)
