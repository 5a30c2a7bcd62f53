"""The city's findings sweep (``findings.sweep``) finds what every push's ``detect`` found, once:
the same findings, kept the same way, in the same feeds (a trial city on SQLite, fed through
``apply_push`` as the server does)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from city_server import findings, sites
from city_server.apply import apply_push
from city_server.cli import main as city_cli
from city_server.inbox import Op
from city_server.models import FeedItem, Finding
from city_server.store import init_db, make_engine, sessions, transaction


def _county(n: int, people: list[str], invoices: list[str]) -> tuple[list[Op], dict[str, Any]]:
    """A county's push: members with these ID numbers, enrolled, each with one claim whose
    receipt has one of these invoice numbers."""
    ops: list[Op] = []
    records: dict[str, Any] = {}

    def add(entity: str, uid: str, data: dict[str, Any]) -> None:
        ops.append(Op(len(ops) + 1, f"op-{uid}", entity, uid, "upsert"))
        records[uid] = {"uid": uid, "version": 1, **data}

    for i, (number, invoice) in enumerate(zip(people, invoices, strict=True)):
        m, e, c, r = (f"{kind}{n}-{i}" for kind in "merc")
        add("member", m, {"id_number": number, "name": f"职工{n}-{i}"})
        add("enrollment", e, {"member_uid": m, "scheme_code": "BJ-ZY", "enrolled_on": "2026-01-01"})
        add("claim", c, {"member_uid": m, "claim_no": f"C{n}-{i}", "status": "paid"})
        add("receipt", r, {"claim_uid": c, "hospital": "北京医院", "invoice_no": invoice})
    return ops, records


def _kept(session: Any) -> tuple[list[Any], list[Any]]:
    found = sorted(
        (f.kind, f.key, f.site_a, f.site_b, f.detail)
        for f in session.execute(select(Finding)).scalars()
    )
    feed = sorted(
        (f.site_id, json.dumps({k: v for k, v in f.data.items() if k != "finding_id"}))
        for f in session.execute(select(FeedItem).where(FeedItem.kind == "finding")).scalars()
    )
    return found, feed


def test_the_sweep_finds_what_the_pushes_found(tmp_path: Path, capsys: Any) -> None:
    engine = make_engine(str(tmp_path / "city.sqlite3"))
    init_db(engine)
    factory = sessions(engine)
    with transaction(factory) as s:
        for code in ("110101", "110102", "110105"):  # site ids 1, 2, 3
            sites.add_site(s, code, code)
    people = [f"11010119800101{i:03d}X" for i in range(6)]
    invoices = [f"FP{i:04d}" for i in range(6)]
    pushes = [
        _county(0, people[:4], invoices[:4]),
        _county(1, people[2:5], [invoices[3], invoices[0], invoices[5]]),
        _county(2, people[3:4], invoices[3:4]),  # person 3 and invoice 3 a third time
    ]
    for site_id, (ops, records) in enumerate(pushes, start=1):
        with transaction(factory) as s:
            apply_push(s, site_id, ops, records)
    with factory() as s:
        by_pushes = _kept(s)
    # person 2 and invoice 0 at two sites (a pair each), person 3 and invoice 3 at three (3 pairs)
    assert len(by_pushes[0]) == 1 + 1 + 3 + 3 and len(by_pushes[1]) == 2 * len(by_pushes[0])
    with transaction(factory) as s:
        assert findings.sweep(s) == 0  # nothing the pushes had not found
        s.execute(delete(FeedItem).where(FeedItem.kind == "finding"))
        s.execute(delete(Finding))
    assert city_cli(["--db", str(tmp_path / "city.sqlite3"), "sweep"]) == 0
    assert capsys.readouterr().out.startswith(f"{len(by_pushes[0])} new finding(s)")
    with factory() as s:
        assert _kept(s) == by_pushes
    engine.dispose()
