"""The city server's embedded default (SQLite, for a trial on one PC) keeps the same promises."""

from __future__ import annotations

import pytest

from tests.integration.sync.helpers import CityServer, assert_city_holds_exactly

pytestmark = pytest.mark.slow  # no PostgreSQL: the trial city is a SQLite file


def test_a_trial_city_on_sqlite_receives_everything_once(make_desk, tmp_path):
    city = CityServer(None, "trial", tmp_path).start()
    try:
        a, b = make_desk("TRIAL-A", city), make_desk("TRIAL-B", city)
        for desk in (a, b):
            m = desk.build.member(desk.build.unit())
            desk.build.enroll(m)
            desk.build.claim(m, [("同一医院", "SAME-1")])
        assert a.sync().ok and b.sync().ok
        assert a.sync(batch_size=1).ok and b.sync().ok  # again: duplicates change nothing
        for desk in (a, b):
            assert_city_holds_exactly(city, desk)
        assert a.sync().ok
        with a.db.reader() as uow:
            from desk_app.sync import list_findings

            assert [f.kind for f in list_findings(uow)] == ["duplicate_receipt"]
    finally:
        city.stop()
