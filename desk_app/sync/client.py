"""The desk's HTTP client for the city server: retries with exponential backoff and jitter,
timeouts, gzip, and refusals turned into messages a clerk can read.

Runs on the sync worker thread (never the GUI thread). A request is retried on what a poor link
does — a refused or dropped connection, a timeout, a cut answer, a busy server (408, 429, 5xx) —
and never on a refusal (wrong token, revoked site, old version, another site's record). Retrying
a push is always safe: the server applies each change once.
"""

from __future__ import annotations

import gzip
import json
import logging
import random
import threading
from dataclasses import dataclass
from typing import Any

import httpx

import desk_app
from base.errors import DeskError, Message, msg
from base.progress import Cancelled
from desk_app.sync import protocol

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class SyncError(DeskError):
    """Sync could not finish. ``code`` says why, for the exit code and the window:

    ``not_configured``, ``unreachable``, ``auth``, ``revoked``, ``schema``, ``not_owner``,
    ``regressed``, ``behind`` (the city holds newer state: recover first), ``refused`` (the
    server refused the request), ``protocol`` (an answer that is
    not the city server's), ``busy`` (another sync is running).
    """

    def __init__(self, code: str, message: Message, *, body: Any = None) -> None:
        super().__init__(message, code=code)
        self.body = body


@dataclass(frozen=True)
class RetryPolicy:
    """How hard one request tries. Delay before retry *n* (from 0) is uniformly random in
    ``[0, min(max_delay, base_delay × 2ⁿ)]`` ("full jitter": desks that lost the link together
    do not come back together)."""

    attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 30.0
    connect_timeout: float = 10.0
    read_timeout: float = 120.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        return rng.uniform(0, min(self.max_delay, self.base_delay * (2**attempt)))


def _unreachable(url: str, why: Message) -> SyncError:
    return SyncError(
        "unreachable",
        Message(
            f"无法连接市级服务器（{url}）：{why.zh}。本机数据已保存，网络恢复后会自动补传",
            f"cannot reach the city server ({url}): {why.en}. Nothing is lost; it will be sent "
            "when the link is back",
        ),
    )


_CODES = {
    protocol.E_AUTH: "auth",
    protocol.E_REVOKED: "revoked",
    protocol.E_SCHEMA: "schema",
    protocol.E_NOT_OWNER: "not_owner",
    protocol.E_REGRESSED: "regressed",
    protocol.E_VERSION: "behind",
    protocol.E_BAD: "refused",
    protocol.E_PAPER_OFFSET: "paper_offset",
    protocol.E_UNKNOWN_PAPER: "unknown_paper",
    protocol.E_PAPERS_NOT_WANTED: "papers_not_wanted",
}


def refusal(status: int, body: Any) -> SyncError:
    """The error for a non-retryable answer, with the server's own words when it gave some."""
    code = _CODES.get(str(body.get("error"))) if isinstance(body, dict) else None
    if code is None:
        code = {401: "auth", 403: "revoked", 426: "schema", 409: "refused"}.get(status, "protocol")
    message = protocol.message_from(body) or msg(
        "市级服务器拒绝了请求（HTTP {s}）：请检查服务器地址是否正确",
        "the city server refused the request (HTTP {s}): check the server address",
        s=status,
    )
    return SyncError(code, message, body=body)


class CityClient:
    """One connection pool to the city, for one sync run. Use as a context manager."""

    def __init__(
        self,
        server_url: str,
        site: str,
        token: str,
        *,
        policy: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        cancel: threading.Event | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.url = server_url.rstrip("/")
        self.policy = policy or RetryPolicy()
        self.cancel = cancel
        self.rng = rng or random.Random()
        p = self.policy
        self._http = httpx.Client(
            base_url=self.url,
            transport=transport,
            timeout=httpx.Timeout(p.read_timeout, connect=p.connect_timeout),
            follow_redirects=False,
            headers={
                "Authorization": f"Bearer {token}",
                protocol.HEADER_SITE: site,
                protocol.HEADER_SCHEMA: desk_app.SCHEMA_VERSION,
                protocol.HEADER_APP: desk_app.__version__,
                "User-Agent": f"desk-app/{desk_app.__version__}",
                "Accept-Encoding": "gzip",
            },
        )

    def __enter__(self) -> CityClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- the three calls --------------------------------------------------------------------

    def hello(self) -> dict[str, Any]:
        """Who the server is and what it knows of this site (also checks token and version)."""
        return self._request("GET", protocol.PATH_HELLO)

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self.push_bytes(gzip.compress(raw, compresslevel=5))

    def push_bytes(self, gzipped: bytes) -> dict[str, Any]:
        return self._request(
            "POST",
            protocol.PATH_PUSH,
            content=gzipped,
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        )

    def pull(self, after: int, limit: int = 500) -> dict[str, Any]:
        return self._request("GET", protocol.PATH_PULL, params={"after": after, "limit": limit})

    def recover(self, entity: str, after: int, limit: int = 1000) -> dict[str, Any]:
        """One page of this site's own records of ``entity`` (or ``"ops"``) held at the city."""
        return self._request(
            "GET", protocol.PATH_RECOVER, params={"entity": entity, "after": after, "limit": limit}
        )

    def paper(self, sha256: str) -> dict[str, Any]:
        """What the city holds of one claim paper (``received``, ``size``, ``complete``)."""
        return self._request("GET", f"{protocol.PATH_PAPERS}/{sha256}")

    def put_paper(self, sha256: str, offset: int, size: int, part: bytes) -> dict[str, Any]:
        """The part of a paper from byte ``offset``; the city's state of it after."""
        return self._request(
            "PUT",
            f"{protocol.PATH_PAPERS}/{sha256}",
            content=part,
            params={"offset": offset, "size": size},
            headers={"Content-Type": "application/octet-stream"},
        )

    # -- retries ----------------------------------------------------------------------------

    def _wait(self, seconds: float) -> None:
        if self.cancel is not None:
            if self.cancel.wait(seconds):
                raise Cancelled()
        elif seconds > 0:
            threading.Event().wait(seconds)

    def _request(
        self,
        method: str,
        path: str,
        *,
        content: bytes | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        why = msg("没有回应", "no answer")
        for attempt in range(self.policy.attempts):
            if self.cancel is not None and self.cancel.is_set():
                raise Cancelled()
            if attempt:
                self._wait(self.policy.delay(attempt - 1, self.rng))
            try:
                resp = self._http.request(
                    method, path, content=content, params=params, headers=headers
                )
            except httpx.TimeoutException:
                why = msg("等待回应超时", "the request timed out")
                log.info("sync %s %s: timeout (attempt %d)", method, path, attempt + 1)
                continue
            except httpx.ConnectError:
                why = msg(
                    "连接被拒绝或网络不通", "the connection was refused or the network is down"
                )
                log.info("sync %s %s: cannot connect (attempt %d)", method, path, attempt + 1)
                continue
            except httpx.TransportError as exc:  # cut connection, broken answer
                why = msg("连接中断", "the connection was cut")
                log.info(
                    "sync %s %s: %s (attempt %d)", method, path, type(exc).__name__, attempt + 1
                )
                continue
            body: Any
            try:
                body = resp.json()
            except ValueError:
                body = None
            if resp.status_code == 200:
                if isinstance(body, dict):
                    return body
                raise SyncError(
                    "protocol",
                    msg(
                        "服务器的回答无法识别：{u} 可能不是市级同步服务器的地址",
                        "the answer cannot be understood: {u} may not be the city sync server",
                        u=self.url,
                    ),
                )
            if resp.status_code in RETRYABLE_STATUS:
                why = msg(
                    "服务器暂时不可用（HTTP {s}）",
                    "the server is unavailable (HTTP {s})",
                    s=resp.status_code,
                )
                log.info(
                    "sync %s %s: HTTP %d (attempt %d)", method, path, resp.status_code, attempt + 1
                )
                continue
            raise refusal(resp.status_code, body)
        raise _unreachable(self.url, why)
