"""Schemes in the desk database: import a file, list, activate, and load a stored version.

A scheme's text is stored as it was imported, with its sha256, and never changed: a code that
exists with other content is refused, so every calculation can be re-run later from the exact
text it used (:func:`load_scheme`), even after a newer version of the plan is published.
Services follow the usual shape (``uow, actor, plain args``; audited; the caller commits).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from base.changes import NOTHING, Changes, Done
from base.errors import Conflict, NotFound, ValidationError, msg
from db.engine import UnitOfWork
from db.models import Scheme as SchemeModel
from db.models.schemes import scheme_by_code
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.schemes.model import Scheme
from desk_app.schemes.parse import parse_scheme, scheme_sha256

ORIGINS = ("file", "city")


@dataclass(frozen=True)
class SchemeRow:
    """A stored scheme as lists and pickers show it."""

    id: int
    code: str
    name: str
    region: str
    plan: str
    period_start: date
    period_end: date
    premium_per_share: Decimal
    max_shares: int
    annual_cap: Decimal | None
    active: bool
    origin: str
    sha256: str


def _row(m: SchemeModel) -> SchemeRow:
    return SchemeRow(
        id=m.id,
        code=m.code,
        name=m.name,
        region=m.region,
        plan=m.plan,
        period_start=m.period_start,
        period_end=m.period_end,
        premium_per_share=m.premium_per_share,
        max_shares=m.max_shares,
        annual_cap=m.annual_cap,
        active=m.active,
        origin=m.origin,
        sha256=m.source_sha256,
    )


def list_schemes(uow: UnitOfWork, *, active_only: bool = False) -> list[SchemeRow]:
    """Every stored scheme (or only the active ones), by plan then period."""
    stmt = select(SchemeModel).order_by(
        SchemeModel.plan, SchemeModel.period_start, SchemeModel.code
    )
    if active_only:
        stmt = stmt.where(SchemeModel.active.is_(True))
    return [_row(m) for m in uow.session.execute(stmt).scalars()]


def _model(uow: UnitOfWork, code_or_id: str | int) -> SchemeModel:
    if isinstance(code_or_id, int):
        m = uow.session.get(SchemeModel, code_or_id)
    else:
        m = scheme_by_code(uow.session, code_or_id)
    if m is None:
        raise NotFound(msg("没有方案 {c}", "no scheme {c}", c=code_or_id))
    return m


def get_scheme_row(uow: UnitOfWork, code_or_id: str | int) -> SchemeRow:
    """One stored scheme by its code (``str``) or id (``int``); :class:`NotFound` otherwise."""
    return _row(_model(uow, code_or_id))


# Parsed schemes by the sha256 of their text: a text never changes under its hash, so the
# cache never needs invalidating. Shared by the window's threads, hence the lock.
_CACHE_SIZE = 64
_cache: OrderedDict[str, Scheme] = OrderedDict()
_cache_lock = threading.Lock()


def parse_cached(text: str, sha256: str | None = None) -> Scheme:
    """Parse a stored scheme text, once per distinct text (thread-safe)."""
    key = sha256 or scheme_sha256(text)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    scheme = parse_scheme(text)
    with _cache_lock:
        _cache[key] = scheme
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return scheme


def load_scheme(uow: UnitOfWork, scheme_id: int) -> Scheme:
    """The stored scheme version, parsed from its stored text (cached by sha256).

    Refuses a text that no longer matches its recorded sha256: a calculation must never run on
    a scheme that was altered in the database behind the desk's back.
    """
    m = _model(uow, scheme_id)
    actual = scheme_sha256(m.source_text)
    if actual != m.source_sha256:
        raise ValidationError(
            msg(
                "方案 {c} 的存档文本与其指纹不符（已被改动），不能用于计算",
                "the stored text of scheme {c} does not match its sha256 (it was altered); "
                "it cannot be used",
                c=m.code,
            )
        )
    return parse_cached(m.source_text, actual)


def load_scheme_text(uow: UnitOfWork, scheme_id: int) -> str:
    """The scheme's text exactly as imported (to show, export or send)."""
    return _model(uow, scheme_id).source_text


def _differences(old: Scheme, new: Scheme) -> list[str]:
    """Which keys differ between two versions with the same code (for the refusal message)."""
    out: list[str] = []
    for f in fields(Scheme):
        if f.name == "benefits":
            continue
        if getattr(old, f.name) != getattr(new, f.name):
            out.append(f.name)
    n = max(len(old.benefits), len(new.benefits))
    for i in range(n):
        a = old.benefits[i] if i < len(old.benefits) else None
        b = new.benefits[i] if i < len(new.benefits) else None
        if a != b:
            out.append(f"benefits[{i}]")
    return out


def import_scheme(
    uow: UnitOfWork,
    actor: Actor,
    text: str,
    *,
    origin: str = "file",
    active: bool = True,
    source_name: str | None = None,
) -> Done[SchemeRow]:
    """Store a scheme file's text after checking it (``desk-app scheme import``).

    The same code with the same content is a harmless no-op: the stored row comes back with
    ``changes`` empty (``Changes.schemes`` false), the stored text is kept. "The same content"
    means the same scheme once parsed, so a file that differs only in comments or layout is
    not a conflict. The same code with other content is refused (:class:`Conflict`): a
    published version never changes; the city publishes a new code.

    ``origin="file"`` needs :attr:`Perm.SCHEMES`; ``origin="city"`` (sync) is not checked and
    runs as :data:`desk_app.access.auth.SYSTEM`. Invalid text raises :class:`SchemeError`.
    """
    if origin not in ORIGINS:
        raise ValidationError(msg("未知的方案来源 {o}", "unknown scheme origin {o}", o=origin))
    if origin == "file":
        authorize(uow, actor, Perm.SCHEMES, source_name)
    if text.startswith("\ufeff"):
        text = text[1:]
    scheme = parse_scheme(text)
    sha = scheme_sha256(text)
    session = uow.session
    existing = scheme_by_code(session, scheme.code)
    detail = {"sha256": sha, "origin": origin, "source": source_name}
    if existing is not None:
        _same_as_stored(existing, scheme, sha)
        if origin == "file":  # a sync pulling the same scheme again is not worth a line
            audit.record(
                session,
                actor.login,
                "scheme.import",
                scheme.code,
                outcome="noop",
                detail={**detail, "stored_sha256": existing.source_sha256},
            )
        return Done(_row(existing), NOTHING)
    m = SchemeModel(
        code=scheme.code,
        name=scheme.name,
        region=scheme.region,
        plan=scheme.plan,
        period_start=scheme.period_start,
        period_end=scheme.period_end,
        premium_per_share=scheme.premium_per_share,
        max_shares=scheme.max_shares,
        annual_cap=scheme.annual_cap,
        source_text=text,
        source_sha256=sha,
        origin=origin,
        active=active,
        imported_by=actor.login,
    )
    session.add(m)
    session.flush()
    audit.record(
        session,
        actor.login,
        "scheme.import",
        scheme.code,
        detail={**detail, "name": scheme.name, "active": active},
    )
    return Done(_row(m), Changes(schemes=True))


def _same_as_stored(existing: SchemeModel, scheme: Scheme, sha: str) -> None:
    """A published scheme never changes: the same code again must be the same scheme (the
    same text, or text that parses to the same scheme); otherwise :class:`Conflict`, naming
    what differs."""
    if existing.source_sha256 == sha or parse_cached(existing.source_text) == scheme:
        return
    diff = _differences(parse_cached(existing.source_text), scheme)
    raise Conflict(
        msg(
            "方案 {c} 已导入过，且内容不同（{d}）：已发布的方案不能修改，新版本请使用新的方案编码",
            "scheme {c} was already imported with other content ({d}): a published "
            "scheme never changes; publish the new version under a new code",
            c=scheme.code,
            d=", ".join(diff) or "text",
        )
    )


def activate_scheme(
    uow: UnitOfWork, actor: Actor, code: str, active: bool = True
) -> Done[SchemeRow]:
    """Offer a scheme at the desk (or stop offering it). Existing enrollments and claims under
    it are untouched. Needs :attr:`Perm.SCHEMES`."""
    authorize(uow, actor, Perm.SCHEMES, code)
    m = _model(uow, code)
    if m.active == active:
        return Done(_row(m), NOTHING)
    m.active = active
    uow.session.flush()
    audit.record(
        uow.session, actor.login, "scheme.activate" if active else "scheme.deactivate", m.code
    )
    return Done(_row(m), Changes(schemes=True))
