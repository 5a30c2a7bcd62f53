"""The enrollments the intake form offers for a claim (``fitting_enrollments``): the scheme
covers the date and pays on the claim's kind; a critical-illness scheme only for a diagnosis it
lists."""

from __future__ import annotations

from datetime import date

from desk_app.claims import service
from tests.fixtures_people import SCHEMES_DIR, add_scheme
from tests.integration.claims_support import enroll, world

__all__ = ["world"]


def _critical_2015(world):
    text = (SCHEMES_DIR / "huzhou-critical-2013.toml").read_text("utf-8").replace("2013", "2015")
    crit = add_scheme(world.db, world.actors["admin"], "hz-2015.toml", text=text)
    return enroll(world.db, world.clerk, world.li, crit, date(2015, 1, 1))


def test_a_critical_illness_scheme_is_offered_only_for_a_listed_diagnosis(world):
    li_crit = _critical_2015(world)
    day = date(2015, 8, 1)
    with world.db.reader() as uow:

        def ids(kind, disease):
            rows = service.fitting_enrollments(
                uow, world.li, kind, day, discharge=day, disease=disease
            )
            return {r.id for r in rows}

        assert ids("inpatient", "K80.2") == {world.li_qz}
        assert ids("inpatient", None) == {world.li_qz}
        assert ids("inpatient", "C50.9") == {world.li_qz, li_crit}
        # 身故: neither the inpatient scheme nor the critical-illness one pays on a death.
        assert ids("death", "C50.9") == set()


def test_a_date_outside_every_period_fits_nothing(world):
    with world.db.reader() as uow:
        rows = service.fitting_enrollments(uow, world.li, "inpatient", date(2014, 6, 1))
    assert rows == []
