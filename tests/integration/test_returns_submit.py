"""Submitting a monthly return: the month is locked (and the months before it), its paid claims
are reported, the file, its sha256 and the figures are kept for the city — in the format the
city's consolidation reads."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from base.errors import Conflict, PermissionDenied
from db.models import Claim, MonthLock, MonthlyReturn, OutboxEntry
from desk_app.payments import service as payments
from desk_app.returns import service as returns
from desk_app.returns.model import SUMMARY_HEADERS
from tests.integration.payments_support import (
    COUNTY_CODE,
    COUNTY_NAME,
    at,
    county,
    load,
    pay,
    rows,
    three_stays,
)

__all__ = ["county"]
D = Decimal


def _export(county, month: str):
    with county.db.uow() as uow:
        view = returns.export_return(uow, county.reviewer, month).value
        uow.commit()
    return view


def _submit(county, return_id: int):
    with county.db.uow() as uow:
        view = returns.submit_return(uow, county.reviewer, return_id).value
        uow.commit()
    return view


@pytest.fixture
def august(county):
    s = three_stays(county)
    pay(county, date(2015, 8, 20))
    at(county.mp, "2015-09-02T09:00:00")
    return s


def test_submitting_locks_the_month_and_reports_its_claims(county, august):
    view = _submit(county, _export(county, "2015-08").id)
    assert (view.status, view.submitted_by) == ("submitted", "reviewer")
    with county.db.reader() as uow:
        s = uow.session
        lock = s.get(MonthLock, "2015-08")
        assert (lock.return_id, lock.locked_by) == (view.id, "reviewer")
        states = {c.id: (c.status, c.reported_month) for c in s.execute(select(Claim)).scalars()}
        assert returns.preview_return(uow, "2015-08").locked
    assert states[august["zhang"].id] == ("reported", "2015-08")
    assert states[august["wang"].id] == ("reported", "2015-08")
    assert states[august["li"].id] == ("approved", None)  # not paid: not in the return


def test_the_submitted_file_and_figures_are_kept(county, august):
    out = county.tmp / "r.xlsx"
    with county.db.uow() as uow:
        view = returns.export_return(uow, county.reviewer, "2015-08", out).value
        uow.commit()
    _submit(county, view.id)
    with county.db.reader() as uow:
        r = uow.session.get(MonthlyReturn, view.id)
        content, sha, figures = r.content, r.sha256, r.figures
        queued = (
            uow.session.execute(select(OutboxEntry.entity).where(OutboxEntry.entity_uid == r.uid))
            .scalars()
            .all()
        )
    assert content == out.read_bytes() and sha == hashlib.sha256(content).hexdigest()
    assert queued == ["monthly_return", "monthly_return"]  # exported, then submitted
    assert (figures["month"], figures["county_code"], figures["county_name"]) == (
        "2015-08", COUNTY_CODE, COUNTY_NAME,
    )  # fmt: skip
    qz, _sx, total = figures["summary"]
    assert set(total) == set(SUMMARY_HEADERS) and total["方案编码"] == "合计"
    assert (qz["本月给付金额"], qz["本月给付人次"], qz["资金使用率"]) == ("600.00", 2, "4.0000")
    assert total["期内累计互助金收入"] == "210.00" and total["资金使用率"] == "2.8571"


def test_exporting_a_submitted_month_gives_the_submitted_file_back(county, august):
    view = _submit(county, _export(county, "2015-08").id)
    out = county.tmp / "copy.xlsx"
    with county.db.uow() as uow:
        again = returns.export_return(uow, county.reviewer, "2015-08", out).value
        uow.commit()
    assert (again.id, again.sha256) == (view.id, view.sha256)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == view.sha256


def test_an_open_batch_dated_in_the_month_holds_the_submission(county, august):
    from desk_app.people.members import MemberInput, update_member

    old = _export(county, "2015-08")
    at(county.mp, "2015-08-31T16:00:00")
    with county.db.uow() as uow:  # Li's account arrives; a late August batch, not confirmed
        update_member(
            uow, county.clerk, county.li,
            MemberInput(id_number=august["li"].id_number, name="李秀英",
                        unit_id=county.school, bank_account="6222000055556666"),
        )  # fmt: skip
        batch = payments.create_batch(uow, county.reviewer, date(2015, 8, 31)).value
        uow.commit()
    at(county.mp, "2015-09-02T09:00:00")
    with county.db.uow() as uow, pytest.raises(Conflict) as info:
        returns.submit_return(uow, county.reviewer, old.id)
    assert info.value.code == "open_batch" and batch.batch_no in info.value.message.zh
    with county.db.uow() as uow:
        payments.cancel_batch(uow, county.reviewer, batch.id)
        uow.commit()
    assert _submit(county, old.id).status == "submitted"  # the export still holds


def test_a_stale_export_is_refused(county, august):
    from desk_app.people.members import MemberInput, update_member

    old = _export(county, "2015-08")
    with county.db.uow() as uow:
        update_member(
            uow, county.clerk, county.li,
            MemberInput(id_number=august["li"].id_number, name="李秀英",
                        unit_id=county.school, bank_account="6222000055556666"),
        )  # fmt: skip
        uow.commit()
    pay(county, date(2015, 8, 31))
    with county.db.uow() as uow, pytest.raises(Conflict) as info:
        returns.submit_return(uow, county.reviewer, old.id)
    assert info.value.code == "stale_return"
    new = _export(county, "2015-08")
    with county.db.uow() as uow, pytest.raises(Conflict) as older:
        returns.submit_return(uow, county.reviewer, old.id)
    assert older.value.code == "not_latest"
    assert _submit(county, new.id).revision == 2


def test_a_month_is_submitted_once(county, august):
    view = _submit(county, _export(county, "2015-08").id)
    with county.db.uow() as uow, pytest.raises(Conflict) as info:
        returns.submit_return(uow, county.reviewer, view.id)
    assert info.value.code == "submitted"


def test_an_earlier_month_with_payments_goes_first(county, august):
    at(county.mp, "2015-10-02T09:00:00")
    september = _export(county, "2015-09")
    with county.db.uow() as uow, pytest.raises(Conflict) as info:
        returns.submit_return(uow, county.reviewer, september.id)
    assert info.value.code == "earlier_month" and "2015-08" in info.value.message.zh
    _submit(county, _export(county, "2015-08").id)
    assert _submit(county, _export(county, "2015-09").id).status == "submitted"


def test_a_later_lock_closes_the_months_before_it(county, august):
    at(county.mp, "2015-10-02T09:00:00")
    _submit(county, _export(county, "2015-08").id)
    _submit(county, _export(county, "2015-09").id)
    with county.db.uow() as uow, pytest.raises(Conflict) as info:
        payments.create_batch(uow, county.reviewer, date(2015, 9, 30))
    assert info.value.code == "month_locked"


def test_a_clerk_may_not_export_or_submit(county, august):
    with county.db.uow() as uow, pytest.raises(PermissionDenied):
        returns.export_return(uow, county.clerk, "2015-08")


def test_a_copy_of_a_kept_return_is_written_byte_for_byte(county, august):
    view = _submit(county, _export(county, "2015-08").id)
    with county.db.uow() as uow:
        path = returns.write_return_copy(uow, county.reviewer, view.id, county.tmp / "c.xlsx")
        uow.commit()
    assert hashlib.sha256(path.value.read_bytes()).hexdigest() == view.sha256


def test_the_city_consolidates_what_the_desk_submitted(county, august, tmp_path):
    """The figures stored are what city_server.consolidate reads: one row for this county."""
    from city_server import consolidate
    from city_server.models import Base, ReturnVersion, Site

    view = _submit(county, _export(county, "2015-08").id)
    with county.db.reader() as uow:
        r = uow.session.get(MonthlyReturn, view.id)
        figures, sha = r.figures, r.sha256
    engine = create_engine(f"sqlite:///{tmp_path / 'city.sqlite3'}")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        site = Site(code="330802-01", name="柯城区服务中心", token_hash="0" * 64)
        s.add(site)
        s.flush()
        s.add(
            ReturnVersion(site_id=site.id, uid="u1", version=2, desk_seq=9, month="2015-08",
                          revision=1, status="submitted", file_name=view.file_name,
                          sha256=sha, figures=figures)
        )  # fmt: skip
        s.commit()
        result = consolidate.consolidate(s, "2015-08", tmp_path / "city.xlsx")
    engine.dispose()
    assert result.counties == 1
    table = rows(load(tmp_path / "city.xlsx")["汇总"])
    assert table[1][:2] == [COUNTY_CODE, COUNTY_NAME]
    assert table[1][10] == 600.0 and table[1][12] == pytest.approx(2.8571)


def test_an_enrollment_dated_in_a_submitted_month_is_refused(county, august):
    """The return counts enrollments by their date (FILES.md §3): a submitted month's figures
    must not move, so the clerk is told to date it after that month; nothing is written."""
    from desk_app.people.enrollment import enroll_member
    from tests.integration.roster_support import counts

    _submit(county, _export(county, "2015-08").id)
    before = counts(county.db)
    with county.db.uow() as uow, pytest.raises(Conflict) as err:
        enroll_member(uow, county.clerk, county.li, county.sx, enrolled_on=date(2015, 8, 20))
    assert err.value.code == "month_locked"
    assert "2015-08 的月报已报送" in err.value.message.zh
    assert counts(county.db) == before
    with county.db.uow() as uow:  # a date after the locked month is taken
        row = enroll_member(
            uow, county.clerk, county.li, county.sx, enrolled_on=date(2015, 9, 2)
        ).value
        uow.commit()
    assert row.enrolled_on == date(2015, 9, 2)


def test_a_roster_row_dated_in_a_submitted_month_is_a_row_error(county, august):
    from tests.fixtures_people import make_id
    from tests.fixtures_xlsx import write_workbook
    from tests.integration.roster_support import import_file

    _submit(county, _export(county, "2015-08").id)
    header = ["姓名", "身份证号", "单位编码", "份数", "参保日期"]
    path = write_workbook(
        county.tmp / "roster.xlsx",
        [
            header,
            ["赵敏", make_id(10), "DW001", 1, "2015-08-31"],
            ["钱进", make_id(11), "DW001", 1, "2015-09-01"],
            ["孙丽", make_id(12, female=True), "DW001", 1, ""],  # the day of the import
        ],
    )
    report = import_file(county.db, county.clerk, path, "SX-2015-ZY")
    assert (report.accepted, report.rejected) == (2, 1)
    (bad,) = report.errors
    assert bad.row == 2
    assert "月报已报送" in bad.message.zh
