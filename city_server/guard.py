"""What the city server checks before it spends anything on a request: a brake on failed
tokens, the body read as a stream under hard limits, the query parameters.

The server gives nothing away before it knows who asks: ``app`` authenticates from the headers,
then reads the body through :func:`read_body` (compressed and uncompressed sizes capped while
reading, never after), then parses it off the event loop.
"""

from __future__ import annotations

import math
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from starlette.requests import Request

from base.errors import msg
from city_server.store import CityError, bad_request
from desk_app.sync import protocol

# The most a request body may be on the wire, and once gzip is undone.
MAX_WIRE_BYTES = protocol.MAX_BODY_BYTES
MAX_PLAIN_BYTES = protocol.MAX_BODY_BYTES
_STEP = 1 << 20  # gzip is undone a megabyte at a time: a bomb never balloons in one call
MAX_AFTER = 2**63 - 1  # feed sequence numbers are PostgreSQL BIGINT
MAX_LIMIT = 10_000


def _too_large() -> CityError:
    return CityError(
        413,
        protocol.E_BAD,
        msg("请求内容过大", "the request body is too large"),
        limit=MAX_PLAIN_BYTES,
    )


async def read_body(request: Request) -> bytes:
    """The request body, gzip undone, refused (413) as soon as it passes a limit on the wire
    or uncompressed, without reading the rest."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise bad_request("Content-Length is not a number", "Content-Length 不是数字")
        if int(declared) > MAX_WIRE_BYTES:
            raise _too_large()
    gz = request.headers.get("content-encoding", "").lower() == "gzip"
    d = zlib.decompressobj(wbits=31) if gz else None
    out = bytearray()
    wire = 0
    async for chunk in request.stream():
        wire += len(chunk)
        if wire > MAX_WIRE_BYTES:
            raise _too_large()
        if d is None:
            out += chunk
        else:
            _inflate(d, chunk, out)
        if len(out) > MAX_PLAIN_BYTES:
            raise _too_large()
    if d is not None and not d.eof:
        raise bad_request("the request body is cut short", "请求内容不完整")
    return bytes(out)


def _inflate(d: zlib._Decompress, chunk: bytes, out: bytearray) -> None:
    buf = chunk
    try:
        while buf:
            out += d.decompress(buf, _STEP)
            if len(out) > MAX_PLAIN_BYTES:
                raise _too_large()
            buf = d.unconsumed_tail
    except zlib.error as exc:
        raise bad_request("the request body is not valid gzip", "请求内容的压缩格式不对") from exc


def int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    """A query parameter as a whole number in ``[low, high]``, else a 400 naming it."""
    text = request.query_params.get(name)
    if text is None:
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or not low <= int(text) <= high:
        raise bad_request(
            f"{name} must be a whole number from {low} to {high}",
            f"{name} 必须是 {low} 到 {high} 之间的整数",
        )
    return int(text)


@dataclass
class Throttle:
    """Failed sign-ins counted in a sliding window per key (the client's address, the site code
    it named): at ``limit`` failures within ``window`` seconds, requests with that key are
    answered 429 with ``Retry-After`` until the oldest failure leaves the window. In memory, per
    server process (a restart forgets; several processes each count their own)."""

    limit: int
    window: float
    clock: Callable[[], float] = time.monotonic
    _seen: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, keys: Iterable[str]) -> int | None:
        """Seconds to wait when any key is over the limit, else ``None``."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                q = self._trim(key, now)
                if q is not None and len(q) >= self.limit:
                    wait = max(wait, q[0] + self.window - now)
        return max(1, math.ceil(wait)) if wait > 0 else None

    def failed(self, keys: Iterable[str]) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                self._seen.setdefault(key, deque()).append(now)
                self._trim(key, now)

    def _trim(self, key: str, now: float) -> deque[float] | None:
        q = self._seen.get(key)
        if q is None:
            return None
        while q and q[0] <= now - self.window:
            q.popleft()
        if not q:
            del self._seen[key]
            return None
        return q


@dataclass
class Brakes:
    """The two throttles of failed tokens: per address and per site code."""

    by_address: Throttle = field(default_factory=lambda: Throttle(limit=10, window=60.0))
    by_site: Throttle = field(default_factory=lambda: Throttle(limit=30, window=60.0))

    @staticmethod
    def keys(request: Request) -> tuple[str, str]:
        host = request.client.host if request.client else "?"
        return f"addr:{host}", f"site:{request.headers.get(protocol.HEADER_SITE, '')[:40]}"

    def check(self, request: Request) -> None:
        """429 with ``Retry-After`` when this address or site failed too often lately."""
        addr, site = self.keys(request)
        wait = max(self.by_address.retry_after([addr]) or 0, self.by_site.retry_after([site]) or 0)
        if wait:
            raise CityError(
                429,
                protocol.E_THROTTLED,
                msg(
                    "令牌错误次数过多，请 {s} 秒后再试",
                    "too many wrong tokens: try again in {s} seconds",
                    s=wait,
                ),
                retry_after=wait,
            )

    def failed(self, request: Request) -> None:
        addr, site = self.keys(request)
        self.by_address.failed([addr])
        self.by_site.failed([site])
