"""What the city publishes to the desks, and how a desk pulls it.

Everything a desk receives is a row of ``feed``, numbered by the server's own sequence: schemes,
changes to the reference lists (one item per hospital or disease added, changed or withdrawn),
and cross-county findings (for the two sites concerned). A desk asks for what follows its
cursor; asking twice for the same items is harmless because applying them is idempotent.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from city_server.models import CityScheme, FeedItem, InboxOp, Record, ReferenceItem, Site
from desk_app.schemes.parse import parse_scheme, scheme_sha256
from desk_app.sync.protocol import MAX_RECOVER

MAX_PULL = 1000

# Column names accepted in a reference list file (English as in the shipped CSVs, or Chinese).
REFERENCE_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "hospital": {
        "name": ("name", "医院名称", "名称"),
        "code": ("code", "医院编码", "编码"),
        "level": ("level", "等级", "医院等级"),
        "region": ("region", "地区", "所在地区"),
    },
    "disease": {
        "code": ("code", "疾病编码", "编码"),
        "name": ("name", "疾病名称", "名称"),
        "chapter": ("chapter", "章节"),
    },
}
REFERENCE_KEY = {"hospital": "name", "disease": "code"}


class PublishError(Exception):
    """A file the city tried to publish was refused (the message says why)."""


@dataclass(frozen=True)
class SchemePublished:
    code: str
    name: str
    new: bool


def publish_scheme(session: Session, text: str) -> SchemePublished:
    """Check a scheme file with the desk's own parser and put it in every desk's feed.

    The same code with the same content again is a no-op; with other content it is refused
    (a published scheme never changes; a new version gets a new code).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    scheme = parse_scheme(text)  # SchemeError lists every problem
    sha = scheme_sha256(text)
    existing = session.get(CityScheme, scheme.code)
    if existing is not None:
        if existing.sha256 == sha or parse_scheme(existing.text) == scheme:
            return SchemePublished(scheme.code, scheme.name, False)
        raise PublishError(
            f"scheme {scheme.code} was already published with other content: a published "
            "scheme never changes; publish the new version under a new code"
        )
    session.add(CityScheme(code=scheme.code, name=scheme.name, sha256=sha, text=text))
    session.add(
        FeedItem(
            kind="scheme",
            key=scheme.code,
            site_id=None,
            data={"code": scheme.code, "name": scheme.name, "sha256": sha, "text": text},
        )
    )
    return SchemePublished(scheme.code, scheme.name, True)


def read_reference_file(kind: str, path: Path) -> list[dict[str, Any]]:
    """Rows of a reference list CSV (UTF-8, with or without BOM, or GB18030 as Excel saves)."""
    if kind not in REFERENCE_COLUMNS:
        raise PublishError(f"unknown list {kind!r}: use hospitals or diseases")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    columns: dict[str, str] = {}
    for field, names in REFERENCE_COLUMNS[kind].items():
        for h in header:
            if h in names:
                columns[field] = h
                break
    key = REFERENCE_KEY[kind]
    if key not in columns or "name" not in columns:
        raise PublishError(
            f"{path.name}: the header needs the columns "
            + " and ".join(REFERENCE_COLUMNS[kind][f][0] for f in sorted({key, "name"}))
        )
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, r in enumerate(reader, start=2):
        r = {(k or "").strip(): (v or "").strip() for k, v in r.items()}
        row = {f: (r.get(h) or None) for f, h in columns.items()}
        if not row.get(key):
            if any(r.values()):
                raise PublishError(f"{path.name} row {n}: {columns[key]} is empty")
            continue
        if str(row[key]) in seen:
            raise PublishError(f"{path.name} row {n}: {row[key]} appears twice")
        seen.add(str(row[key]))
        if not row.get("name"):
            raise PublishError(f"{path.name} row {n}: the name is empty")
        rows.append(row)
    if not rows:
        raise PublishError(f"{path.name}: no rows")
    return rows


@dataclass(frozen=True)
class ReferencePublished:
    added: int
    changed: int
    withdrawn: int


def publish_reference(
    session: Session, kind: str, rows: list[dict[str, Any]], *, replace: bool = True
) -> ReferencePublished:
    """Make the city's list ``rows``; only the differences go into the feed.

    With ``replace`` the file is the whole list and items missing from it are withdrawn (a
    desk marks a hospital inactive; a disease code stays known but is flagged withdrawn).
    """
    key_field = REFERENCE_KEY[kind]
    current = {
        r.key: r
        for r in session.execute(select(ReferenceItem).where(ReferenceItem.kind == kind)).scalars()
    }
    added = changed = withdrawn = 0
    incoming: set[str] = set()
    for row in rows:
        key = str(row[key_field])
        incoming.add(key)
        data = {k: row.get(k) for k in REFERENCE_COLUMNS[kind]}
        item = current.get(key)
        if item is None:
            session.add(ReferenceItem(kind=kind, key=key, data=data, active=True))
            added += 1
        elif item.data != data or not item.active:
            item.data, item.active = data, True
            changed += 1
        else:
            continue
        session.add(FeedItem(kind=kind, key=key, site_id=None, data={**data, "active": True}))
    if replace:
        for key, item in current.items():
            if key not in incoming and item.active:
                item.active = False
                withdrawn += 1
                session.add(
                    FeedItem(kind=kind, key=key, site_id=None, data={**item.data, "active": False})
                )
    return ReferencePublished(added, changed, withdrawn)


def pull(session: Session, site_id: int, after: int, limit: int) -> dict[str, Any]:
    """The items after ``after`` meant for everyone or for this site, oldest first."""
    limit = max(1, min(limit, MAX_PULL))
    rows = (
        session.execute(
            select(FeedItem)
            .where(
                FeedItem.seq > after, or_(FeedItem.site_id.is_(None), FeedItem.site_id == site_id)
            )
            .order_by(FeedItem.seq)
            .limit(limit)
        )
        .scalars()
        .all()
    )
    items = [{"seq": r.seq, "kind": r.kind, "key": r.key, "data": r.data} for r in rows]
    return {
        "items": items,
        "cursor": items[-1]["seq"] if items else after,
        "more": len(items) == limit,
    }


# --- a site's own records, served back to it (recovery after a restore or a dead disk) ------


def op_id_at(session: Session, site_id: int, seq: int) -> str | None:
    """The op_id of the site's change ``seq`` (``None`` when the city has none)."""
    if seq <= 0:
        return None
    return session.execute(
        select(InboxOp.op_id).where(InboxOp.site_id == site_id, InboxOp.seq == seq)
    ).scalar_one_or_none()


def own_records(
    session: Session, site: Site, entity: str, after: int, limit: int
) -> dict[str, Any]:
    """The site's records of one kind last written after desk sequence ``after``, in the order
    they were written (tombstones included: the desk deletes what the city knows deleted).
    Only ever the asking site's own records."""
    limit = max(1, min(limit, MAX_RECOVER))
    rows = session.execute(
        select(Record.uid, Record.last_seq, Record.version, Record.deleted, Record.data)
        .where(Record.site_id == site.id, Record.entity == entity, Record.last_seq > after)
        .order_by(Record.last_seq)
        .limit(limit)
    ).all()
    items = [
        {"uid": u, "last_seq": q, "version": v, "deleted": bool(d), "data": None if d else data}
        for u, q, v, d, data in rows
    ]
    return {
        "entity": entity,
        "items": items,
        "cursor": items[-1]["last_seq"] if items else after,
        "more": len(items) == limit,
        "last_seq": site.last_seq,
    }


def own_ops(session: Session, site: Site, after: int, limit: int) -> dict[str, Any]:
    """The op_ids of the site's changes after ``after``: a restored desk drops the pending
    changes the city already has (they reached it before the disk was lost)."""
    limit = max(1, min(limit, MAX_RECOVER))
    rows = session.execute(
        select(InboxOp.seq, InboxOp.op_id)
        .where(InboxOp.site_id == site.id, InboxOp.seq > after)
        .order_by(InboxOp.seq)
        .limit(limit)
    ).all()
    return {
        "entity": "ops",
        "items": [[int(q), o] for q, o in rows],
        "cursor": int(rows[-1][0]) if rows else after,
        "more": len(rows) == limit,
        "last_seq": site.last_seq,
    }
