"""Claim papers sent to the city where it wants them (issue #19, item 4): a real city server
process on a real PostgreSQL, the desk's own sync. Papers stay at the county until the city
asks; then each sync sends what the city lacks, in parts, and an upload cut by the network goes
on where it stopped; the city keeps only papers the site's own claims name, checked against
their hash."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from base.clock import now
from city_server.cli import main as city_cli
from city_server.models import Paper, PaperPart
from db.models import AttachmentBlob, Claim, ClaimAttachment, PaperSent
from desk_app.claims.paper_state import write_files
from desk_app.sync import protocol
from desk_app.sync.client import CityClient, RetryPolicy
from tests.conftest import run_cli
from tests.integration.sync.helpers import CityServer, Desk

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ONE_TRY = RetryPolicy(attempts=1, base_delay=0.01, max_delay=0.01)


def _paper(desk: Desk, claim_uid: str, size: int, seed: int) -> str:
    """A scan on the claim as the papers service stores it (blob by hash, the claim's files)."""
    data = b"\x89PNG\r\n\x1a\n" + hashlib.shake_256(seed.to_bytes(4, "big")).digest(size - 8)
    sha = hashlib.sha256(data).hexdigest()
    with desk.db.uow() as uow:
        s = uow.session
        claim = s.execute(select(Claim).where(Claim.uid == claim_uid)).scalar_one()
        s.add(AttachmentBlob(sha256=sha, mime="image/png", size=size, content=data))
        s.add(
            ClaimAttachment(
                claim_id=claim.id,
                item_code="invoice",
                sha256=sha,
                mime="image/png",
                size=size,
                added_by="clerk",
                added_at=now(),
            )
        )
        s.flush()
        write_files(s, claim)
        uow.commit()
    return sha


def _city_papers(city: CityServer, site: str) -> dict[str, tuple[int, bool, bytes]]:
    sid = city.site_id(site)
    with city.sessions() as s:
        out = {}
        for p in s.execute(select(Paper).where(Paper.site_id == sid)).scalars():
            parts = s.execute(
                select(PaperPart.data)
                .where(PaperPart.site_id == sid, PaperPart.sha256 == p.sha256)
                .order_by(PaperPart.offset)
            ).scalars()
            out[p.sha256] = (p.received, p.complete, b"".join(parts))
        return out


def _want(city: CityServer, site: str, choice: str = "send") -> None:
    """The city's operator asks the site for its papers (``city-server site papers``)."""
    assert city_cli(["--db", city.db_url, "site", "papers", site, choice]) == 0


class CutAfter(httpx.BaseTransport):
    """The network: every request passes until ``puts`` parts of papers went through, then
    the link is down (for the desk, exactly a pulled cable)."""

    def __init__(self, puts: int) -> None:
        self.inner = httpx.HTTPTransport()
        self.left = puts

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            if self.left <= 0:
                raise httpx.ConnectError("the cable was pulled", request=request)
            self.left -= 1
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def _claim_with_member(desk: Desk) -> str:
    b = desk.build
    m = b.member(b.unit())
    b.enroll(m)
    uid = b.claim(m)
    assert uid is not None
    return uid


def test_papers_stay_at_the_county_until_the_city_asks_then_go_up_once(
    city: CityServer, make_desk: Any
) -> None:
    desk = make_desk("PAP", city)
    claim = _claim_with_member(desk)
    small = _paper(desk, claim, 40_000, 1)
    big = _paper(desk, claim, 2 * protocol.MAX_PART + 12_345, 2)  # three parts
    rep = desk.sync()
    assert rep.ok and rep.papers is None  # not asked: only the hashes went, with the claim
    assert _city_papers(city, "PAP") == {}
    held = city.records("PAP")[claim][1]["documents"]["files"]["invoice"]
    assert set(held) == {small, big}

    _want(city, "PAP")
    rep = desk.sync()
    assert rep.ok, rep.error
    assert rep.papers is not None and rep.papers.sent == 2 and rep.papers.later == 0
    at_city = _city_papers(city, "PAP")
    with desk.db.reader() as uow:
        for sha in (small, big):
            blob = uow.session.get(AttachmentBlob, sha)
            received, complete, data = at_city[sha]
            assert complete and received == blob.size and data == blob.content
        assert set(uow.session.execute(select(PaperSent.sha256)).scalars()) == {small, big}

    rep = desk.sync()  # nothing new: nothing sent again, not even asked about
    assert rep.ok and rep.papers is not None and rep.papers.sent == rep.papers.held == 0


def test_an_upload_cut_by_the_network_goes_on_where_it_stopped(
    city: CityServer, make_desk: Any
) -> None:
    desk = make_desk("CUT", city)
    claim = _claim_with_member(desk)
    assert desk.sync().ok
    _want(city, "CUT")
    huge = _paper(desk, claim, 4 * protocol.MAX_PART + 99, 5)  # five parts
    # The claim's new file list goes up, two parts of the paper follow, then the cable goes.
    rep = desk.sync(transport=CutAfter(puts=2), policy=ONE_TRY)
    assert not rep.ok and rep.error_code == "unreachable", rep
    received, complete, _ = _city_papers(city, "CUT")[huge]
    assert received == 2 * protocol.MAX_PART and not complete  # what arrived is kept

    rep = desk.sync(transport=CutAfter(puts=3))  # exactly the three parts left
    assert rep.ok, rep.error
    assert rep.papers is not None and rep.papers.sent == 1 and rep.papers.resumed == 1
    assert rep.papers.bytes == 2 * protocol.MAX_PART + 99
    received, complete, data = _city_papers(city, "CUT")[huge]
    assert complete and received == len(data) and hashlib.sha256(data).hexdigest() == huge


def test_the_city_takes_only_papers_the_site_claims_name_and_checks_their_hash(
    city: CityServer, make_desk: Any
) -> None:
    desk = make_desk("CHK", city)
    claim = _claim_with_member(desk)
    sha = _paper(desk, claim, 10_000, 6)
    assert desk.sync().ok
    token = city.add_site("OTH")
    _want(city, "OTH")
    other = CityClient(city.url, "OTH", token, policy=ONE_TRY)
    with other:
        # Another county cannot store (or read the state of) this county's paper by its hash.
        with pytest.raises(Exception) as refused:
            other.put_paper(sha, 0, 10_000, b"x" * 10_000)
        assert getattr(refused.value, "code", "") == "unknown_paper"
        stranger = hashlib.sha256(b"not a paper of any claim").hexdigest()
        with pytest.raises(Exception) as refused:
            other.put_paper(stranger, 0, 5, b"12345")
        assert getattr(refused.value, "code", "") == "unknown_paper"
    assert _city_papers(city, "OTH") == {}

    # Not asked: refused in words, nothing kept.
    with desk.db.reader() as uow:
        row = uow.session.execute(select(AttachmentBlob.content)).scalar_one()
    r = run_cli("sync", data_dir=desk.root)
    assert r.code == 0, r.err
    assert "papers" not in r.out
    _want(city, "CHK")
    # Bytes that do not hash to the name are dropped whole, and said so.
    with desk.db.reader() as uow:
        from desk_app.sync import credentials

        tok = credentials.stored_token(uow.session, "CHK")
    with CityClient(city.url, "CHK", tok, policy=ONE_TRY) as me:
        wrong = bytes(reversed(row))
        state = me.put_paper(sha, 0, len(wrong), wrong)
        assert state["mismatch"] and not state["complete"] and state["received"] == 0
    assert sha not in _city_papers(city, "CHK")
    r = run_cli("sync", data_dir=desk.root)
    assert r.code == 0, r.err
    assert "the city asked for the claim papers: 1 sent" in r.out
    assert _city_papers(city, "CHK")[sha][1]
