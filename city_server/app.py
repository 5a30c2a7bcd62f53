"""The city server's HTTP API (ASGI, Starlette): hello, push, pull, and recover (a site's
own records served back to it).

Every request names its site (``X-Desk-Site``), carries the site's token (``Authorization:
Bearer …``) and the desk's schema version (``X-Desk-Schema``). The version is checked first (an
old desk gets "请升级到 x.y 版"), then the token — from the headers, before any body is read;
an address or site with too many wrong tokens lately gets 429 with ``Retry-After``
(``guard.Brakes``). Request bodies may be gzip-compressed; they are read as a stream under hard
limits on the wire and uncompressed (``guard.read_body``) and parsed on a worker thread; query
parameters are checked (400, never 500). Answers over 1 kB are compressed when the desk accepts
it. Database work runs in Starlette's thread
pool; a push answers only after its transaction committed.

Headers are never logged (they hold the token); the log names the site and the counts.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import desk_app
from base.errors import msg
from city_server import apply, feed, guard, heads, inbox, papers, sites
from city_server.models import Site
from city_server.store import CityError, bad_request, make_engine, server_id, sessions, transaction
from desk_app.sync import protocol

log = logging.getLogger("city_server")

SERVER_VERSION = desk_app.__version__
# The desk schema versions this server can store. Payloads are JSON documents, so an older
# schema stays servable as long as its records carry the keys the checks need.
SUPPORTED_SCHEMAS = (desk_app.SCHEMA_VERSION,)


def _schema_number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def check_schema(value: str | None) -> None:
    """Refuse a desk whose schema version this server cannot serve, in words it can show."""
    if value in SUPPORTED_SCHEMAS:
        return
    mine = [n for n in (_schema_number(v) for v in SUPPORTED_SCHEMAS) if n is not None]
    theirs = _schema_number(value or "")
    if theirs is not None and mine and theirs > max(mine):
        message = protocol.server_too_old_message(", ".join(SUPPORTED_SCHEMAS))
    else:
        message = protocol.upgrade_message(SERVER_VERSION)
    raise CityError(
        426,
        protocol.E_SCHEMA,
        message,
        supported=list(SUPPORTED_SCHEMAS),
        app_version=SERVER_VERSION,
    )


def _json(status: int, body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, status_code=status)


def _error(exc: CityError) -> JSONResponse:
    response = _json(exc.status, protocol.error_body(exc.code, exc.message, **exc.extra))
    if "retry_after" in exc.extra:
        response.headers["Retry-After"] = str(exc.extra["retry_after"])
    return response


def _parse_json(raw: bytes) -> Any:
    """The body's JSON (on a worker thread: a large push would stall the event loop)."""
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise bad_request("the request body is not JSON", "请求内容不是 JSON") from exc


def _credentials(request: Request) -> tuple[str | None, str | None]:
    auth = request.headers.get("authorization", "")
    token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
    return request.headers.get(protocol.HEADER_SITE), token


class _Api:
    """The routes over one city database: each authenticates from the headers (``authed``,
    before a body is read), runs its work in the thread pool and answers or refuses
    (``call``)."""

    def __init__(self, engine: Any, brakes: guard.Brakes) -> None:
        self.brakes = brakes
        self.ident = server_id(engine)  # DatabaseNotReady before serving anything
        papers.create_tables(engine)  # added since schema 1 (a city made before them)
        self.factory = sessions(engine)

    def authed(self, request: Request, work: Callable[[Session, Site], Any]) -> Callable[[], Any]:
        code, token = _credentials(request)
        schema = request.headers.get(protocol.HEADER_SCHEMA)
        app_version = request.headers.get(protocol.HEADER_APP)

        def run() -> Any:
            check_schema(schema)
            with transaction(self.factory) as s:
                site = sites.authenticate(s, code, token)
                if app_version:
                    site.app_version = app_version[:20]
                return work(s, site)

        return run

    async def call(self, request: Request, run: Callable[[], Any]) -> Response:
        try:
            self.brakes.check(request)
            return _json(200, await run_in_threadpool(run))
        except CityError as exc:
            if exc.status == 401:
                self.brakes.failed(request)
            if exc.status >= 409 or exc.status in (401, 403):
                log.info("refused %s: %s", exc.code, exc.message.en)
            return _error(exc)
        except (OperationalError, IntegrityError) as exc:
            # A lock timeout, a serialisation failure or two pushes racing for one finding:
            # nothing was committed, and the desk retries.
            log.warning("transient database error: %s", type(exc).__name__)
            return _error(
                CityError(
                    503,
                    protocol.E_SERVER,
                    msg("市级服务器繁忙，请稍后再试", "the city server is busy; try again"),
                )
            )
        except Exception:
            log.exception("request failed")
            return _error(
                CityError(
                    500,
                    protocol.E_SERVER,
                    msg("市级服务器出错，请稍后再试", "the city server failed; try again later"),
                )
            )

    async def hello(self, request: Request) -> Response:
        def work(s: Session, site: Site) -> dict[str, Any]:
            return {
                "server_id": self.ident,
                "server_version": SERVER_VERSION,
                "schema_versions": list(SUPPORTED_SCHEMAS),
                "site": {"code": site.code, "name": site.name},
                "last_seq": site.last_seq,
                # The change behind last_seq: a desk holding it is level with the city (its
                # answer was lost); one that does not is behind (a restored backup, a new PC).
                "last_op_id": feed.op_id_at(s, site.id, site.last_seq),
                "audit_head": heads.last_head(s, site.id),
                # The claim papers themselves are wanted from this site (city_server.papers).
                "papers": "send" if papers.wanted(s, site.id) else "keep",
            }

        return await self.call(request, self.authed(request, work))

    async def push(self, request: Request) -> Response:
        # Who asks, from the headers alone, before a byte of the body is read.
        refused = await self.call(request, self.authed(request, lambda _s, _site: {}))
        if refused.status_code != 200:
            return refused
        try:
            body = await run_in_threadpool(_parse_json, await guard.read_body(request))
        except ClientDisconnect:
            return Response(status_code=499)  # the desk went away mid-body: nothing applied
        except CityError as exc:
            return _error(exc)
        t0 = time.perf_counter()

        def work(s: Session, site: Site) -> dict[str, Any]:
            ops, records = inbox.parse_push(body)
            result = apply.apply_push(s, site.id, ops, records)
            audit_ack = heads.receive(
                s, site, body.get("audit") if isinstance(body, dict) else None
            )
            log.info(
                "push site=%s ops=%d applied=%d duplicates=%d stale=%d findings=%d",
                site.code,
                len(ops),
                result.applied,
                result.duplicates,
                result.stale,
                result.findings,
            )
            return {
                "acked": result.acked,
                "applied": result.applied,
                "duplicates": result.duplicates,
                "stale": result.stale,
                "findings": result.findings,
                "last_seq": site.last_seq,
                "audit_ack": audit_ack,
            }

        response = await self.call(request, self.authed(request, work))
        log.debug("push took %.0f ms", (time.perf_counter() - t0) * 1000)
        return response

    async def pull(self, request: Request) -> Response:
        try:
            after = guard.int_param(request, "after", 0, 0, guard.MAX_AFTER)
            limit = guard.int_param(request, "limit", 500, 1, guard.MAX_LIMIT)
        except CityError as exc:
            return _error(exc)

        def work(s: Session, site: Site) -> dict[str, Any]:
            return feed.pull(s, site.id, after, limit)

        return await self.call(request, self.authed(request, work))

    async def recover(self, request: Request) -> Response:
        try:
            after = guard.int_param(request, "after", 0, 0, guard.MAX_AFTER)
            limit = guard.int_param(request, "limit", 1000, 1, protocol.MAX_RECOVER)
        except CityError as exc:
            return _error(exc)
        entity = request.query_params.get("entity", "")
        if entity != "ops" and entity not in protocol.ENTITIES:
            return _error(bad_request("unknown entity {e}", "未知的记录类型 {e}", e=entity[:40]))

        def work(s: Session, site: Site) -> dict[str, Any]:
            page = (
                feed.own_ops(s, site, after, limit)
                if entity == "ops"
                else feed.own_records(s, site, entity, after, limit)
            )
            page["audit_head"] = heads.last_head(s, site.id)  # the desk compares its chain
            return page

        return await self.call(request, self.authed(request, work))

    def routes(self) -> list[Route]:
        return [
            Route(protocol.PATH_HELLO, self.hello, methods=["GET"]),
            Route(protocol.PATH_PUSH, self.push, methods=["POST"]),
            Route(protocol.PATH_PULL, self.pull, methods=["GET"]),
            Route(protocol.PATH_RECOVER, self.recover, methods=["GET"]),
            *papers.routes(self.authed, self.call, _error),
            Route("/healthz", _health, methods=["GET"]),
        ]


async def _health(_request: Request) -> Response:
    return _json(200, {"ok": True, "server_version": SERVER_VERSION})


def create_app(db_url: str, brakes: guard.Brakes | None = None) -> Starlette:
    """The application over the city database at ``db_url`` (initialised by ``init``);
    ``brakes`` throttle failed tokens (default: 10 a minute per address, 30 per site)."""
    engine = make_engine(db_url)
    api = _Api(engine, brakes or guard.Brakes())

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = Starlette(
        routes=api.routes(),
        middleware=[Middleware(GZipMiddleware, minimum_size=1024)],
        lifespan=lifespan,
    )
    app.state.engine = engine
    return app
