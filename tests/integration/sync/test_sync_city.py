"""What the city adds: cross-county findings reported to both desks, schemes and reference
lists published to every desk, and the consolidated city return."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from city_server.cli import main as city_cli
from db.models import Hospital
from desk_app.schemes.store import list_schemes
from desk_app.sync import list_findings
from tests.conftest import SPEC
from tests.integration.sync.helpers import CityServer

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture(scope="module")
def city(module_city: CityServer) -> CityServer:
    return module_city


def _findings(desk):
    with desk.db.reader() as uow:
        return list_findings(uow)


def test_a_receipt_used_in_two_counties_is_reported_to_both(city, make_desk):
    a, b = make_desk("DUP-A", city), make_desk("DUP-B", city)
    for desk in (a, b):
        m = desk.build.member(desk.build.unit())
        desk.build.enroll(m)
        desk.build.claim(m, [("金华市中心医院", "ZY2015-000123")])
    assert a.sync().ok
    assert b.sync().ok  # the city sees the second use now, and tells B at once
    assert a.sync().ok  # and A at its next sync
    for me, other in ((a, "DUP-B"), (b, "DUP-A")):
        found = _findings(me)
        assert [f.kind for f in found] == ["duplicate_receipt"]
        assert other in found[0].summary.zh and "ZY2015-000123" in found[0].summary.zh
        assert found[0].detail["other"][0]["site"] == other
    assert a.sync().new_findings == 0  # reported once


def test_a_person_enrolled_in_one_scheme_at_two_sites_is_reported_to_both(city, make_desk):
    a, b = make_desk("TWICE-A", city), make_desk("TWICE-B", city)
    number = "330702198001010014"
    for desk in (a, b):
        desk.build.enroll(desk.build.member(id_number_=number))
    assert a.sync().ok and b.sync().ok and a.sync().ok
    for desk in (a, b):
        found = _findings(desk)
        assert [f.kind for f in found] == ["double_enrollment"]
        assert "330702********0014" in found[0].summary.zh
        assert number not in str(found[0].detail)  # the other county sees it masked


def test_a_published_scheme_arrives_at_the_desk_waiting_for_activation(city, make_desk, capsys):
    path = SPEC / "schemes" / "jinhua-2015.toml"
    assert city_cli(["--db", city.db_url, "scheme", "publish", str(path)]) == 0
    assert "published" in capsys.readouterr().out
    assert city_cli(["--db", city.db_url, "scheme", "publish", str(path)]) == 0
    assert "nothing changed" in capsys.readouterr().out
    desk = make_desk("SCHEME", city)
    report = desk.sync()
    assert report.ok and report.changes.schemes
    with desk.db.reader() as uow:
        rows = {r.code: r for r in list_schemes(uow)}
    assert rows["JH-2015-ZY"].origin == "city" and rows["JH-2015-ZY"].active is False


def test_a_changed_scheme_under_a_published_code_is_refused(city, tmp_path, capsys):
    text = (SPEC / "schemes" / "quzhou-2019.toml").read_text("utf-8")
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text(text, "utf-8")
    second.write_text(text.replace('premium_per_share = "', 'premium_per_share = "1', 1), "utf-8")
    assert city_cli(["--db", city.db_url, "scheme", "publish", str(first)]) == 0
    assert city_cli(["--db", city.db_url, "scheme", "publish", str(second)]) == 2
    assert "already published with other content" in capsys.readouterr().err


def test_a_scheme_file_the_engine_refuses_is_not_published(city, tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('code = "X"\nname = "没写完"\n', "utf-8")
    assert city_cli(["--db", city.db_url, "scheme", "publish", str(bad)]) == 2
    assert "period_start" in capsys.readouterr().err


def test_hospital_list_changes_reach_the_desk(city, make_desk, tmp_path):
    csv = tmp_path / "hospitals.csv"
    csv.write_text(
        "医院名称,医院编码,等级,地区\n丙医院,H3,二级,兰溪市\n丁医院,H4,一级,兰溪市\n", "utf-8-sig"
    )
    assert city_cli(["--db", city.db_url, "reference", "publish", "hospitals", str(csv)]) == 0
    desk = make_desk("HOSP", city)
    assert desk.sync().ok
    csv.write_text("医院名称,医院编码,等级,地区\n丙医院,H3,三级,兰溪市\n", "utf-8-sig")
    assert city_cli(["--db", city.db_url, "reference", "publish", "hospitals", str(csv)]) == 0
    assert desk.sync().ok
    with desk.db.reader() as uow:
        rows = {
            h.name: (h.level, h.active)
            for h in uow.session.execute(
                select(Hospital).where(Hospital.name.in_(["丙医院", "丁医院"]))
            ).scalars()
        }
    assert rows == {"丙医院": ("三级", True), "丁医院": ("一级", False)}


def test_consolidated_return_uses_each_countys_latest_submitted_return(
    city, make_desk, tmp_path, capsys
):
    a, b = make_desk("CONS-A", city), make_desk("CONS-B", city)
    city.add_site("CONS-C", "未报送县")
    a.build.monthly_return("2031-04", 1, "submitted", paid="800.00")
    a.build.monthly_return("2031-04", 2, "submitted", paid="1200.00")
    b.build.monthly_return("2031-04", 1, "submitted", paid="500.00")
    b.build.monthly_return("2031-04", 2, "exported", paid="9999.00")  # never submitted
    assert a.sync().ok and b.sync().ok
    assert len(city.return_versions("CONS-A")) == 2  # every version is kept
    out = tmp_path / "全市月报_2031-04.xlsx"
    assert (
        city_cli(["--db", city.db_url, "consolidate", "--month", "2031-04", "--out", str(out)]) == 0
    )
    assert "CONS-C" in capsys.readouterr().out
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "按方案", "报送情况", "核对"]
    ws = wb["汇总"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("区县代码", "区县名称", "本月新增参保人数")
    assert header[-1] == "资金使用率"
    paid = header.index("本月给付金额")
    body = {r[0]: r for r in rows[1:]}
    assert Decimal(str(body["CONS-A"][paid])) == Decimal("1200")
    assert Decimal(str(body["CONS-B"][paid])) == Decimal("500")
    assert Decimal(str(body["合计"][paid])) == Decimal("1700")
    assert round(body["合计"][-1], 4) == round(1700 / 12000, 4)
    assert ws.cell(row=2, column=paid + 1).number_format == "#,##0.00"
    assert ws.freeze_panes == "A2"
    states = {r[0]: r[2] for r in wb["报送情况"].iter_rows(min_row=2, values_only=True)}
    assert states["CONS-C"] == "未报送" and states["CONS-A"] == "已报送"


def test_consolidate_refuses_a_malformed_month(city, tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    assert (
        city_cli(["--db", city.db_url, "consolidate", "--month", "2031-4", "--out", str(out)]) == 2
    )
    assert "YYYY-MM" in capsys.readouterr().err and not out.exists()


def test_the_site_token_is_printed_once_and_only_its_hash_is_kept(city, capsys):
    assert city_cli(["--db", city.db_url, "site", "add", "TOKEN-1", "--name", "某县"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(token) >= 40
    assert city_cli(["--db", city.db_url, "site", "list"]) == 0
    assert token not in capsys.readouterr().out
    from city_server.models import Site

    with city.sessions() as s:
        stored = s.execute(select(Site.token_hash).where(Site.code == "TOKEN-1")).scalar_one()
    assert token not in stored
    assert token not in Path(city.log).read_text(errors="replace")


def test_two_counties_pushing_one_invoice_at_the_same_moment_both_hear_of_it(city, make_desk):
    """Two desk processes pushing at once: neither may miss the other's uncommitted receipt."""
    import os
    import subprocess
    import sys

    exe = str(Path(sys.executable).with_name("desk-app"))
    for n in range(1):  # each round starts two processes (seconds): one round per run
        desks = [make_desk(f"RACE{n}-A", city), make_desk(f"RACE{n}-B", city)]
        for desk in desks:
            m = desk.build.member(desk.build.unit())
            desk.build.enroll(m)
            desk.build.claim(m, [("同时医院", f"RACE-{n}")])
        procs = [
            subprocess.Popen(
                [exe, "--data-dir", str(d.root), "sync"],
                env=os.environ.copy(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for d in desks
        ]
        assert [p.wait(120) for p in procs] == [0, 0]
        for desk in desks:
            assert desk.sync().ok  # pull what the city found
            assert [f.kind for f in _findings(desk)] == ["duplicate_receipt"]
