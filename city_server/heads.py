"""Desks' audit chain heads: a desk sends the number and hash of its last audit entry with each
push, and the hash its chain now has at the head the city received before (``prior``, for the
number the city told it in ``hello``). The city keeps every head it received and reports a chain
that went backwards (a lower number than before) or was rewritten (another hash at a number it
had seen) as an ``audit_chain`` finding: kept at the city and put in the desk's feed, so both
sides see it. A desk cannot hide this by editing its own file: the number it must answer for
comes from the city.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.errors import msg
from city_server import findings
from city_server.models import AuditHeadSeen, Site

HASH_RE = re.compile(r"^[0-9a-f]{64}$")


def last_head(session: Session, site_id: int) -> dict[str, Any] | None:
    """The last head received from the site: ``{"seq", "hash"}`` (None: none yet)."""
    row = session.execute(
        select(AuditHeadSeen)
        .where(AuditHeadSeen.site_id == site_id)
        .order_by(AuditHeadSeen.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return {"seq": row.seq, "hash": row.hash} if row is not None else None


def _parse(body: Any) -> tuple[int, str, str | None] | None:
    if not isinstance(body, dict):
        return None
    seq, h, prior = body.get("seq"), body.get("hash"), body.get("prior")
    if not isinstance(seq, int) or seq < 0 or not isinstance(h, str) or not HASH_RE.match(h):
        return None
    if prior is not None and not (isinstance(prior, str) and HASH_RE.match(prior)):
        prior = None
    return seq, h, prior


def receive(session: Session, site: Site, body: Any) -> dict[str, Any] | None:
    """Keep the head a push carried and check it against the one before; the answer's
    ``audit_ack`` (None: no head, or a malformed one, was sent)."""
    parsed = _parse(body)
    if parsed is None:
        return None
    seq, h, prior = parsed
    before = last_head(session, site.id)
    problem = _problem(before, seq, h, prior)
    session.add(AuditHeadSeen(site_id=site.id, seq=seq, hash=h, prior_hash=prior, ok=not problem))
    if problem is not None and before is not None:
        why_zh, why_en = problem
        findings.site_finding(
            session,
            site,
            "audit_chain",
            f"{before['seq']}|{before['hash']}|{seq}|{h}",
            {"seen_seq": before["seq"], "seen_hash": before["hash"], "seq": seq, "hash": h},
            msg(
                "审计日志异常：市里已收到本服务点的审计日志至第 {s} 条，{w_zh}。请立即核查本机"
                "数据库是否被改动（审计日志不可删改）",
                "audit log: the city holds this desk's log up to entry {s}; {w_en}. Find out at "
                "once whether the desk's database was tampered with (the log is never edited)",
                s=before["seq"],
                w_zh=why_zh,
                w_en=why_en,
            ),
        )
    return {"seq": seq, "hash": h, "ok": problem is None}


def _problem(
    before: dict[str, Any] | None, seq: int, h: str, prior: str | None
) -> tuple[str, str] | None:
    if before is None:
        return None
    if seq < before["seq"]:
        return (
            f"现在只到第 {seq} 条（日志被截短或被替换）",
            f"it now ends at entry {seq} (cut short or replaced)",
        )
    if seq == before["seq"] and h != before["hash"]:
        return (
            f"第 {seq} 条的内容与市里收到的不同（日志被改写）",
            f"entry {seq} is not the one the city received (the log was rewritten)",
        )
    if seq > before["seq"] and prior != before["hash"]:
        return (
            f"第 {before['seq']} 条已不是市里收到的那一条（日志被改写后又续写）",
            f"entry {before['seq']} is no longer the one the city received (the log was "
            "rewritten, then continued)",
        )
    return None
