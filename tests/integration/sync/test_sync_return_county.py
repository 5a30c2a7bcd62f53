"""The city files a monthly return under the county its site is registered for, never under a
code in the return's own figures: a return naming another county is refused with a finding on
the desk; the consolidated return is the sum of the sites' returns, and what the city's own
records say against them (two current calculations, payments that do not add up) is shown on
sheet 核对, not summed away."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from city_server.cli import main as city_cli
from desk_app.sync import list_findings
from tests.integration.sync.helpers import CityServer

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture(scope="module")
def city(module_city: CityServer) -> CityServer:
    return module_city


def _consolidate(city: CityServer, month: str, out: Path) -> dict[str, Any]:
    assert city_cli(["--db", city.db_url, "consolidate", "--month", month, "--out", str(out)]) == 0
    wb = load_workbook(out)
    rows = list(wb["汇总"].iter_rows(values_only=True))
    paid = rows[0].index("本月给付金额")
    checks = [r for r in wb["核对"].iter_rows(min_row=2, values_only=True)]
    return {
        "paid": {r[0]: Decimal(str(r[paid])) for r in rows[1:]},
        "checks": checks,
    }


def test_a_return_naming_another_county_is_refused_with_a_finding(city, make_desk, tmp_path):
    desk = make_desk("331001", city)  # registered for county 331001
    desk.build.monthly_return("2031-05", 1, "submitted", paid="1000000.00", county="331002")
    assert desk.sync().ok
    assert city.return_versions("331001") == []  # not filed anywhere
    assert desk.sync().ok  # the finding comes back with the next pull
    with desk.db.reader() as uow:
        found = [f for f in list_findings(uow) if f.kind == "return_county"]
    assert len(found) == 1 and "331002" in found[0].summary.zh and "331001" in found[0].summary.zh
    result = _consolidate(city, "2031-05", tmp_path / "c.xlsx")
    assert "331002" not in result["paid"] and "331001" not in result["paid"]
    # Its own county's return is taken.
    desk.build.monthly_return("2031-05", 2, "submitted", paid="800.00", county="331001")
    assert desk.sync().ok
    assert [v[1] for v in city.return_versions("331001")] == [2]


def test_the_consolidated_return_is_the_sum_of_the_sites_returns(city, make_desk, tmp_path):
    one, two = make_desk("331101-1", city), make_desk("331101-2", city)  # two desks, one county
    other = make_desk("331102", city)
    one.build.monthly_return("2031-06", 1, "submitted", paid="800.00", county="331101")
    two.build.monthly_return("2031-06", 1, "submitted", paid="300.00", county="331101")
    other.build.monthly_return("2031-06", 1, "submitted", paid="450.00")
    for d in (one, two, other):
        assert d.sync().ok
    paid = _consolidate(city, "2031-06", tmp_path / "c.xlsx")["paid"]
    assert paid["331101"] == Decimal("1100") and paid["331102"] == Decimal("450")
    # The whole city's consolidation sums every county's (other tests' sites included).
    assert paid["合计"] == sum((v for k, v in paid.items() if k != "合计"), Decimal(0))


def test_records_that_disagree_with_a_return_are_shown_not_summed(city, make_desk, tmp_path):
    desk = make_desk("331201", city)
    member = desk.build.member(desk.build.unit())
    desk.build.enroll(member)
    claim = desk.build.claim(member)
    assert claim is not None
    desk.build.advance(claim)
    desk.build.advance(claim)  # approved, 800.00
    # Two current calculations, written behind the desk's back (the triggers send them).
    conn = sqlite3.connect(desk.path)
    cid = conn.execute("SELECT id FROM claims").fetchone()[0]
    for uid in ("calc-one-00000001", "calc-two-00000002"):
        conn.execute(
            "INSERT INTO calculations (uid, version, created_at, updated_at, claim_id, scheme_id,"
            " scheme_sha256, engine_version, status, payout, benefits, input, current) VALUES"
            f" ('{uid}', 1, '2015-04-01 00:00:00', '2015-04-01 00:00:00', {cid}, 1, 'x', '1',"
            " 'payable', 80000, '[]', '{}', 1)"
        )
    conn.commit()
    conn.close()
    desk.build.pay(claim)  # paid on 2015-04-01
    desk.build.monthly_return("2015-04", 1, "submitted", paid="1200.00")
    assert desk.sync().ok
    result = _consolidate(city, "2015-04", tmp_path / "c.xlsx")
    assert result["paid"]["331201"] == Decimal("1200")  # the return as submitted
    texts = [t for code, t in result["checks"] if code == "331201"]
    assert any("2 条当前计算记录" in t for t in texts), texts
    assert any("1,200.00" in t and "800.00" in t and "400.00" in t for t in texts), texts
