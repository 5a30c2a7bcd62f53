"""Applying what the desk pulled from the city: schemes, reference list items, findings.

A page of items and the new cursor are written in one transaction, so a page is applied whole
or not at all, and applying it again is harmless (a scheme already stored is a no-op, list items
are upserts, a finding is stored once by its server sequence). A scheme the desk cannot take
(its parser refuses it, or the code exists with other content) does not stop the feed: it
becomes a local finding for the admin.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from base.errors import DeskError, Message
from db.engine import UnitOfWork
from db.models import Disease, Hospital, SyncFinding
from desk_app.access import audit
from desk_app.access.auth import SYSTEM

log = logging.getLogger(__name__)


@dataclass
class Applied:
    items: int = 0
    schemes: int = 0
    hospitals: int = 0
    diseases: int = 0
    findings: int = 0


def _local_finding(
    uow: UnitOfWork, seq: int, kind: str, data: dict[str, Any], message: Message
) -> bool:
    s = uow.session
    if s.execute(select(SyncFinding.id).where(SyncFinding.server_seq == seq)).first():
        return False
    s.add(
        SyncFinding(
            server_seq=seq,
            kind=kind,
            detail={**data, "summary": {"zh": message.zh, "en": message.en}},
        )
    )
    return True


def _scheme(uow: UnitOfWork, seq: int, data: dict[str, Any], out: Applied) -> None:
    from desk_app.schemes import store

    code = str(data.get("code", "?"))
    try:
        with uow.session.begin_nested():
            done = store.import_scheme(
                uow,
                SYSTEM,
                str(data["text"]),
                origin="city",
                active=False,
                source_name=f"city:{code}",
            )
        if done.changes.schemes:
            out.schemes += 1
    except DeskError as exc:  # refused by the parser, or the code exists with other content
        log.warning("sync: city scheme %s not stored: %s", code, exc.message.en)
        m = exc.message
        if _local_finding(
            uow,
            seq,
            "scheme_refused",
            {"code": code, "name": data.get("name")},
            Message(
                f"市里发布的方案 {code} 未能导入：{m.zh}",
                f"the city's scheme {code} was not stored: {m.en}",
            ),
        ):
            out.findings += 1


def _hospitals(uow: UnitOfWork, items: list[dict[str, Any]]) -> int:
    s = uow.session
    names = [str(i["name"]) for i in items if i.get("name")]
    existing = {
        h.name: h
        for part in range(0, len(names), 500)
        for h in s.execute(
            select(Hospital).where(Hospital.name.in_(names[part : part + 500]))
        ).scalars()
    }
    for i in items:
        name = str(i.get("name") or "")[:100]
        if not name:
            continue
        h = existing.get(name)
        if h is None:
            h = Hospital(name=name)
            s.add(h)
            existing[name] = h
        h.code = i.get("code")
        h.level = i.get("level")
        h.region = i.get("region")
        h.active = bool(i.get("active", True))
    return len(items)


def _diseases(uow: UnitOfWork, items: list[dict[str, Any]]) -> int:
    s = uow.session
    codes = [str(i["code"]) for i in items if i.get("code")]
    existing = {
        d.code: d
        for part in range(0, len(codes), 500)
        for d in s.execute(
            select(Disease).where(Disease.code.in_(codes[part : part + 500]))
        ).scalars()
    }
    for i in items:
        code = str(i.get("code") or "")[:20]
        if not code:
            continue
        if not i.get("active", True):
            continue  # a withdrawn code stays known: past claims name it
        d = existing.get(code)
        if d is None:
            d = Disease(code=code, name=str(i.get("name") or "")[:100])
            s.add(d)
            existing[code] = d
        d.name = str(i.get("name") or d.name)[:100]
        d.chapter = i.get("chapter")
    return len(items)


def apply_items(uow: UnitOfWork, items: list[dict[str, Any]]) -> Applied:
    """Apply one pulled page in the caller's transaction (the caller moves the cursor and
    commits)."""
    out = Applied(items=len(items))
    hospitals: list[dict[str, Any]] = []
    diseases: list[dict[str, Any]] = []
    for item in items:
        kind, seq, data = item.get("kind"), int(item["seq"]), item.get("data") or {}
        if kind == "scheme":
            _scheme(uow, seq, data, out)
        elif kind == "hospital":
            hospitals.append(data)
        elif kind == "disease":
            diseases.append(data)
        elif kind == "finding":
            summary = data.get("summary") or {}
            if _local_finding(
                uow,
                seq,
                str(data.get("kind", "finding")),
                data,
                Message(str(summary.get("zh", "")), str(summary.get("en", ""))),
            ):
                out.findings += 1
        else:  # something a newer server sends: skip it rather than stop the feed
            log.info("sync: skipped an unknown item kind %r", kind)
    if hospitals:
        out.hospitals = _hospitals(uow, hospitals)
    if diseases:
        out.diseases = _diseases(uow, diseases)
    if out.hospitals or out.diseases or out.findings:
        audit.record(
            uow.session,
            SYSTEM.login,
            "sync.pull",
            None,
            detail={"hospitals": out.hospitals, "diseases": out.diseases, "findings": out.findings},
        )
    return out
