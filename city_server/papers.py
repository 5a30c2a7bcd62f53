"""Claim papers (scans) sent up by a desk, where the city wants them (issue #19).

By default a claim's papers stay at the county: only their hashes and the checklist travel in
the claim record. For a site the city asks for (``city-server papers SITE --want``), ``hello``
says ``"papers": "send"`` and the desk uploads each paper its synced claims name:

- ``GET  /api/v1/papers/{sha256}`` — what the city holds of it: ``received`` bytes, ``size``,
  ``complete`` (0 and false for one it has not seen);
- ``PUT  /api/v1/papers/{sha256}?offset=N&size=S`` — the next part (at most ``MAX_PART``
  bytes) starting at byte N of a paper of S bytes (at most ``MAX_PAPER``). A part at another
  offset than the city holds is refused with ``paper_offset`` and the offset to resume from,
  so a cut connection costs one part, not the paper. When the last byte arrives the city checks
  the bytes against the hash; a paper that does not match is dropped (``"mismatch": true``)
  and is sent again from byte 0.

Only a paper that one of the site's own synced claims names is accepted (the city stores no
arbitrary files), and only for a site the city wants papers from. Parts are kept as they came
(one row each), so a resumed upload never rewrites what arrived before.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import Engine, Text, cast, delete, select
from sqlalchemy.orm import Session
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from base.clock import now
from base.errors import msg
from city_server import guard, sites
from city_server.models import Base, Paper, PaperPart, PaperWanted, Record, Site
from city_server.store import CityError, bad_request
from desk_app.sync import protocol

log = logging.getLogger("city_server")

SHA_RE = re.compile(r"^[0-9a-f]{64}$")

Authed = Callable[[Request, Callable[[Session, Site], Any]], Callable[[], Any]]
Call = Callable[[Request, Callable[[], Any]], Awaitable[Response]]


def create_tables(engine: Engine) -> None:
    """The papers' tables on a city database made before them (idempotent, at start)."""
    names = (PaperWanted.__tablename__, Paper.__tablename__, PaperPart.__tablename__)
    Base.metadata.create_all(engine, tables=[Base.metadata.tables[n] for n in names])


def wanted(s: Session, site_id: int) -> bool:
    return s.get(PaperWanted, site_id) is not None


def want(s: Session, code: str, on: bool) -> None:
    """Ask a site for its papers (``on``), or stop asking (what arrived is kept)."""
    site = sites.get(s, code)
    row = s.get(PaperWanted, site.id)
    if on and row is None:
        s.add(PaperWanted(site_id=site.id))
    elif not on and row is not None:
        s.delete(row)


def _not_wanted() -> CityError:
    return CityError(
        403,
        protocol.E_PAPERS_NOT_WANTED,
        msg("市里没有要求本服务点上传材料扫描件", "the city has not asked this site for papers"),
    )


def _named_by_a_claim(s: Session, site_id: int, sha: str) -> bool:
    """One of the site's synced claims lists the paper in its checklist's files."""
    rows = s.execute(
        select(Record.data).where(
            Record.site_id == site_id,
            Record.entity == "claim",
            Record.deleted.is_(False),
            cast(Record.data, Text).contains(sha),
        )
    ).scalars()
    for data in rows:
        docs = (data or {}).get("documents") or {}
        files = docs.get("files") if isinstance(docs, dict) else None
        if isinstance(files, dict) and any(
            isinstance(v, list) and sha in v for v in files.values()
        ):
            return True
    return False


def _state(p: Paper | None, sha: str) -> dict[str, Any]:
    if p is None:
        return {"sha256": sha, "received": 0, "size": None, "complete": False}
    return {"sha256": sha, "received": p.received, "size": p.size, "complete": p.complete}


def status(s: Session, site: Site, sha: str) -> dict[str, Any]:
    if not wanted(s, site.id):
        raise _not_wanted()
    return _state(s.get(Paper, (site.id, sha)), sha)


def _matches(s: Session, site: Site, sha: str) -> bool:
    """The bytes that arrived hash to the paper's name; if not, the paper is dropped (the
    deletes commit with the answer, so the desk's next try starts from byte 0)."""
    h = hashlib.sha256()
    parts = s.execute(
        select(PaperPart.data)
        .where(PaperPart.site_id == site.id, PaperPart.sha256 == sha)
        .order_by(PaperPart.offset)
    ).scalars()
    for part in parts:
        h.update(part)
    if h.hexdigest() == sha:
        return True
    s.execute(delete(PaperPart).where(PaperPart.site_id == site.id, PaperPart.sha256 == sha))
    s.execute(delete(Paper).where(Paper.site_id == site.id, Paper.sha256 == sha))
    log.warning("papers: site %s sent bytes that do not hash to %s; dropped", site.code, sha)
    return False


def put_part(
    s: Session, site: Site, sha: str, offset: int, size: int, data: bytes
) -> dict[str, Any]:
    """Store one part; the paper's state after it (see the module's docstring)."""
    if not wanted(s, site.id):
        raise _not_wanted()
    if not data or offset + len(data) > size:
        raise bad_request("the part lies outside the paper", "上传的部分超出了材料的大小")
    p = s.execute(
        select(Paper).where(Paper.site_id == site.id, Paper.sha256 == sha).with_for_update()
    ).scalar_one_or_none()
    if p is None:
        if not _named_by_a_claim(s, site.id, sha):
            raise CityError(
                404,
                protocol.E_UNKNOWN_PAPER,
                msg(
                    "本服务点已同步的申请中没有这份材料",
                    "no claim this site synced names this paper",
                ),
            )
        p = Paper(site_id=site.id, sha256=sha, size=size, received=0, complete=False)
        s.add(p)
        s.flush()
    if p.complete:
        return _state(p, sha)  # sent again (its answer was lost): already held
    if p.size != size or offset != p.received:
        raise CityError(
            409,
            protocol.E_PAPER_OFFSET,
            msg(
                "市里已收到该材料的前 {n} 字节，请从那里继续",
                "the city holds the first {n} bytes of this paper; go on from there",
                n=p.received,
            ),
            received=p.received,
            size=p.size,
        )
    s.add(PaperPart(site_id=site.id, sha256=sha, offset=offset, data=data))
    p.received = offset + len(data)
    p.updated_at = now()
    if p.received == size:
        s.flush()
        if not _matches(s, site, sha):
            return {**_state(None, sha), "mismatch": True}
        p.complete = True
    return _state(p, sha)


def _sha(request: Request) -> str:
    sha = str(request.path_params.get("sha", ""))
    if not SHA_RE.match(sha):
        raise bad_request("not a SHA-256 in hex", "材料校验值格式不对")
    return sha


def routes(authed: Authed, call: Call, error: Callable[[CityError], Response]) -> list[Route]:
    """The two routes, over the server's authentication (``authed``: headers only, before a
    body is read) and its answer/refusal handling (``call``)."""

    async def get_paper(request: Request) -> Response:
        try:
            sha = _sha(request)
        except CityError as exc:
            return error(exc)
        return await call(request, authed(request, lambda s, site: status(s, site, sha)))

    async def put_paper(request: Request) -> Response:
        try:
            sha = _sha(request)
            offset = guard.int_param(request, "offset", 0, 0, protocol.MAX_PAPER - 1)
            size = guard.int_param(request, "size", 0, 1, protocol.MAX_PAPER)
        except CityError as exc:
            return error(exc)
        refused = await call(request, authed(request, lambda _s, _site: {}))
        if refused.status_code != 200:
            return refused
        try:
            data = await guard.read_body(request)
        except ClientDisconnect:
            return Response(status_code=499)  # cut mid-part: nothing stored
        except CityError as exc:
            return error(exc)
        if len(data) > protocol.MAX_PART:
            return error(
                CityError(
                    413,
                    protocol.E_BAD,
                    msg("一次上传的部分太大", "the part is too large"),
                )
            )
        work = lambda s, site: put_part(s, site, sha, offset, size, data)  # noqa: E731
        return await call(request, authed(request, work))

    path = protocol.PATH_PAPERS + "/{sha}"
    return [
        Route(path, get_paper, methods=["GET"]),
        Route(path, put_paper, methods=["PUT"]),
    ]
