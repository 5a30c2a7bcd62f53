"""The city server gives nothing away before it knows who asks: a body from nobody is refused
before it is read (memory stays flat), a bomb from a known site is cut at the limit, query
parameters are checked (400, never 500), wrong tokens are throttled (429 + Retry-After)."""

from __future__ import annotations

import contextlib
import gzip
import socket
import time
import zlib
from pathlib import Path

import httpx
import pytest

import desk_app
from desk_app.sync import protocol
from tests.integration.sync.helpers import CityServer

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

MB = 1 << 20


def _headers(site: str, token: str) -> dict[str, str]:
    return {
        protocol.HEADER_SITE: site,
        protocol.HEADER_SCHEMA: desk_app.SCHEMA_VERSION,
        "Authorization": f"Bearer {token}",
    }


def _rss_mb(city: CityServer) -> float:
    assert city.proc is not None
    for line in Path(f"/proc/{city.proc.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def _post_streaming(city: CityServer, headers: dict[str, str], body: bytes, total: int) -> tuple[
    str, int
]:  # fmt: skip
    """POST ``total`` bytes (``body`` repeated) over a raw socket, reading the answer as soon as
    one comes; returns the status line and how many body bytes went out before it came."""
    host, port = "127.0.0.1", city.port
    head = [f"POST {protocol.PATH_PUSH} HTTP/1.1", f"Host: {host}:{port}",
            f"Content-Length: {total}", "Content-Type: application/json"]  # fmt: skip
    head += [f"{k}: {v}" for k, v in headers.items()]
    sock = socket.create_connection((host, port), timeout=10)
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
    sock.setblocking(False)
    sent = 0
    answer = b""
    try:
        while sent < total:
            with contextlib.suppress(BlockingIOError):
                answer += sock.recv(65536)
            if answer:
                break
            n = min(len(body), total - sent)
            try:
                sent += sock.send(body[:n])
            except BlockingIOError:
                time.sleep(0.001)
            except (BrokenPipeError, ConnectionResetError):
                break
        sock.setblocking(True)
        sock.settimeout(10)
        while b"\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    finally:
        sock.close()
    return answer.split(b"\r\n", 1)[0].decode(), sent


def test_a_large_body_from_nobody_is_refused_before_it_is_read(city):
    """200 MB plain and a 1 GB gzip bomb, no valid token: 401 before the body is read, and the
    server's memory stays flat."""
    city.add_site("GUARD-A")
    before = _rss_mb(city)
    status, sent = _post_streaming(city, _headers("GUARD-A", "x" * 43), b"[" * MB, 200 * MB)
    assert " 401 " in status and sent < 200 * MB
    bomb = gzip.compress(b"\0" * (256 * MB), compresslevel=9) * 4  # 1 GiB once undone
    status, sent = _post_streaming(
        city, {**_headers("GUARD-A", "x" * 43), "Content-Encoding": "gzip"}, bomb, len(bomb)
    )
    assert " 401 " in status
    assert _rss_mb(city) - before < 20
    assert httpx.get(f"{city.url}/healthz", timeout=2).status_code == 200


def test_a_bomb_from_a_known_site_is_cut_at_the_limit(city):
    """Even a site with the right token cannot make the server undo more than the limit."""
    token = city.add_site("GUARD-B")
    bomb = zlib.compress(b"\0" * (256 * MB), 9)
    gz = gzip.compress(b"\0" * (256 * MB), compresslevel=9)
    assert len(bomb) < 2 * MB
    before = _rss_mb(city)
    r = httpx.post(
        city.url + protocol.PATH_PUSH,
        content=gz,
        headers={**_headers("GUARD-B", token), "Content-Encoding": "gzip"},
        timeout=30,
    )
    assert r.status_code == 413 and r.json()["error"] == protocol.E_BAD
    assert _rss_mb(city) - before < protocol.MAX_BODY_BYTES / MB + 40
    status, _sent = _post_streaming(city, _headers("GUARD-B", token), b" " * MB, 100 * MB)
    assert " 413 " in status  # declared too large: refused on the header


@pytest.mark.parametrize(
    "query",
    [
        "after=9223372036854775808",
        "after=-1",
        "after=abc",
        "after=1e3",
        "limit=0",
        "limit=99999999999999999999",
        "after=%EF%BC%91",
    ],
)
def test_a_bad_query_parameter_is_a_400_never_a_500(module_city, query):
    city = module_city
    code = f"GUARD-Q{abs(hash(query)) % 10_000}"
    token = city.add_site(code)
    r = httpx.get(f"{city.url}{protocol.PATH_PULL}?{query}", headers=_headers(code, token))
    assert r.status_code == 400, r.text
    assert r.json()["error"] == protocol.E_BAD
    good = httpx.get(
        f"{city.url}{protocol.PATH_PULL}?after=9223372036854775807", headers=_headers(code, token)
    )
    assert good.status_code == 200 and good.json()["items"] == []


def test_wrong_tokens_are_throttled_per_address_with_retry_after(city):
    token = city.add_site("GUARD-T")
    url = city.url + protocol.PATH_HELLO
    codes = [
        httpx.get(url, headers=_headers("GUARD-T", f"wrong-{i:040d}")).status_code
        for i in range(12)
    ]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    r = httpx.get(url, headers=_headers("GUARD-T", token))  # even the right one must wait
    assert r.status_code == 429 and r.json()["error"] == protocol.E_THROTTLED
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert "秒后再试" in r.json()["message"]["zh"]


def _findings(desk):
    from desk_app.sync import list_findings

    with desk.db.reader() as uow:
        return list_findings(uow)


def test_a_finding_carries_no_personal_data_of_the_other_county(module_city, make_desk):
    """What A learns of B's member: that the person is enrolled in B's county since a date;
    not B's name for the person, nor B's claim number, state or amounts."""
    a, b = make_desk("PRIV-A", module_city), make_desk("PRIV-B", module_city)
    number = "330702198001010030"
    for desk in (a, b):
        m = desk.build.member(desk.build.unit(), id_number_=number)
        desk.build.enroll(m)
        desk.build.claim(m, [("金华市中心医院", "ZY2015-PRIV-77")])
    from db.models import Claim, Member

    with b.db.uow() as uow:
        uow.session.query(Member).one().name = b_name = "钱秘密"
        b_claim = uow.session.query(Claim.claim_no).scalar()
        uow.commit()
    assert a.sync().ok and b.sync().ok and a.sync().ok
    found = {f.kind: f for f in _findings(a)}
    assert set(found) == {"double_enrollment", "duplicate_receipt"}
    enrolled = found["double_enrollment"]
    assert "PRIV-B" in enrolled.summary.zh and "2015-01-01" in enrolled.summary.en
    assert "since 2015-01-01" in enrolled.summary.en
    claimed = found["duplicate_receipt"]
    assert "already claimed in" in claimed.summary.en
    for f in found.values():
        text = f"{f.summary.zh} {f.summary.en} {f.detail}"
        assert b_name not in text and b_claim not in text and number not in text
        (other,) = f.detail["other"]
        assert set(other) <= {"site", "site_name", "scheme_code", "enrolled_on"}
        assert other["site"] == "PRIV-B"


def test_no_finding_for_a_record_the_desk_no_longer_holds(module_city, make_desk):
    """A receipt pushed and then deleted at A gives B no finding (and A none)."""
    a, b = make_desk("HELD-A", module_city), make_desk("HELD-B", module_city)
    m = a.build.member(a.build.unit())
    a.build.enroll(m)
    claim = a.build.claim(m, [("金华市中心医院", "ZY2015-HELD-01")])
    assert a.sync().ok
    assert a.build.delete_claim(claim) and a.sync().ok
    mb = b.build.member(b.build.unit())
    b.build.enroll(mb)
    b.build.claim(mb, [("金华市中心医院", "ZY2015-HELD-01")])
    assert b.sync().ok and a.sync().ok
    assert _findings(b) == [] and _findings(a) == []
