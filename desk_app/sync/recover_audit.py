"""The audit chain at recovery: the desk's chain against the last head the city holds.

- the chain holds the city's head (same number, same hash): consistent, the head is kept as
  acknowledged;
- the chain ends before it (a restored backup, a new PC): it is **re-anchored** — the next
  entry (the recovery's own) follows the city's head, and ``audit verify`` says the entries up
  to it are held at the city;
- another hash at that number: an ``audit_chain`` finding; nothing is re-anchored.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from base.errors import msg
from desk_app.access import audit
from desk_app.sync.recover_clash import Findings


def settle(s: Session, city: Any, found: Findings) -> dict[str, Any]:
    """Compare and act (in the recovery's transaction, before its audit entry); what the
    recovery's result and audit entry say about the chain."""
    state = audit.compare(s, city)
    if not state:
        return {"state": ""}
    seq = int(city["seq"])
    if state == "consistent":
        audit.acknowledged(s, {"ok": True, "seq": seq, "hash": city["hash"]})
        return {"state": state, "city_seq": seq}
    if state == "behind":
        after = audit.reanchor(s, city)
        return {"state": "reanchored", "city_seq": seq, "desk_seq": after}
    found.add(
        "audit_chain",
        "audit_log",
        str(seq),
        msg(
            "审计日志异常：本机第 {s} 条审计日志与市里收到的不同。请立即核查本机数据库是否被改动",
            "audit log: entry {s} here is not the one the city received. Find out at once "
            "whether the desk's database was changed",
            s=seq,
        ),
        city_hash=city.get("hash"),
        desk_hash=audit.hash_at(s, seq),
    )
    return {"state": "conflict", "city_seq": seq}
