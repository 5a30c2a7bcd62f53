"""Schemes in the desk database: import (once, never altered), list, activate, load, and the
``desk-app scheme`` commands."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from base.errors import Conflict, NotFound, PermissionDenied, ValidationError
from db.models import AuditEntry
from db.models import Scheme as SchemeModel
from desk_app.access.auth import SYSTEM
from desk_app.schemes import store
from desk_app.schemes.model import SchemeError
from desk_app.schemes.parse import scheme_sha256
from tests.conftest import PASSWORDS, SPEC, run_cli

SCHEMES = SPEC / "schemes"


def _text(name: str) -> str:
    return (SCHEMES / name).read_text(encoding="utf-8")


def _import(db, actor, text_: str, **kw):
    with db.uow() as uow:
        done = store.import_scheme(uow, actor, text_, **kw)
        uow.commit()
    return done


def _audit(db, action: str) -> list[tuple[str | None, str | None, str, dict]]:
    """(login, target, outcome, detail) of the audit entries with this action, oldest first."""
    with db.reader() as uow:
        entries = uow.session.execute(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        ).scalars()
        return [(e.login, e.target, e.outcome, e.detail) for e in entries]


def test_import_stores_the_text_its_sha256_and_the_queried_fields(db, actors):
    source = _text("jinhua-2015.toml")
    done = _import(db, actors["admin"], source, source_name="jinhua-2015.toml")
    row = done.value
    assert done.changes.schemes
    assert (row.code, row.plan, row.max_shares) == ("JH-2015-ZY", "JH-ZY", 2)
    assert str(row.premium_per_share) == "50.00" and str(row.annual_cap) == "30000.00"
    assert row.sha256 == scheme_sha256(source) and row.active and row.origin == "file"
    with db.reader() as uow:
        assert store.load_scheme_text(uow, row.id) == source
    ((login, target, outcome, detail),) = _audit(db, "scheme.import")
    assert (login, target, outcome) == ("admin", "JH-2015-ZY", "ok")
    assert detail["source"] == "jinhua-2015.toml"


def test_importing_the_same_file_again_changes_nothing(db, actors):
    first = _import(db, actors["admin"], _text("quzhou-2015.toml")).value
    again = _import(db, actors["admin"], _text("quzhou-2015.toml"))
    assert again.value == first and not again.changes.any()
    with db.reader() as uow:
        assert len(store.list_schemes(uow)) == 1
    assert [e[2] for e in _audit(db, "scheme.import")] == ["ok", "noop"]


def test_same_scheme_with_other_comments_is_not_a_conflict_and_keeps_the_stored_text(db, actors):
    original = _text("quzhou-2015.toml")
    row = _import(db, actors["admin"], original).value
    again = _import(db, actors["admin"], "# re-saved by the city office\n" + original)
    assert not again.changes.any()
    with db.reader() as uow:
        assert store.load_scheme_text(uow, row.id) == original


def test_same_code_with_other_content_is_refused_and_names_what_differs(db, actors):
    _import(db, actors["admin"], _text("quzhou-2015.toml"))
    altered = _text("quzhou-2015.toml").replace('annual_cap = "20000.00"', 'annual_cap = "30000"')
    with db.uow() as uow, pytest.raises(Conflict) as e:
        store.import_scheme(uow, actors["admin"], altered)
    assert "annual_cap" in e.value.text("en") and "QZ-2015-ZY" in e.value.text("zh")
    with db.reader() as uow:
        (row,) = store.list_schemes(uow)
    assert str(row.annual_cap) == "20000.00"


def test_a_bad_file_is_refused_and_nothing_is_stored(db, actors):
    bad = _text("quzhou-2015.toml").replace('"0.45"', "0.45")
    with db.uow() as uow, pytest.raises(SchemeError) as e:
        store.import_scheme(uow, actors["admin"], bad)
        uow.commit()
    assert "benefits[0].brackets[1].rate" in e.value.text("en")
    with db.reader() as uow:
        assert store.list_schemes(uow) == []


def test_a_clerk_may_not_import_schemes(db, actors):
    with db.uow() as uow, pytest.raises(PermissionDenied):
        store.import_scheme(uow, actors["clerk"], _text("quzhou-2015.toml"))


def test_a_scheme_from_the_city_needs_no_admin_and_can_wait_inactive(db, actors):
    row = _import(db, SYSTEM, _text("shaoxing-2015.toml"), origin="city", active=False).value
    assert row.origin == "city" and not row.active
    with db.reader() as uow:
        assert store.list_schemes(uow, active_only=True) == []
    # Pulling the same scheme again is silent: no audit line per sync.
    _import(db, SYSTEM, _text("shaoxing-2015.toml"), origin="city", active=False)
    assert len(_audit(db, "scheme.import")) == 1


def test_list_is_by_plan_then_period(db, actors):
    for name in ("quzhou-2019.toml", "shaoxing-2015.toml", "quzhou-2015.toml", "quzhou-2016.toml"):
        _import(db, actors["admin"], _text(name))
    with db.reader() as uow:
        codes = [r.code for r in store.list_schemes(uow)]
    assert codes == ["QZ-2015-ZY", "QZ-2016-ZY", "QZ-2019-ZY", "SX-2015-ZY"]


def test_deactivating_hides_the_scheme_from_the_desk_and_is_audited(db, actors):
    _import(db, actors["admin"], _text("quzhou-2015.toml"))
    with db.uow() as uow:
        done = store.activate_scheme(uow, actors["admin"], "QZ-2015-ZY", False)
        uow.commit()
    assert not done.value.active and done.changes.schemes
    with db.reader() as uow:
        assert store.list_schemes(uow, active_only=True) == []
        assert not store.get_scheme_row(uow, "QZ-2015-ZY").active
    assert len(_audit(db, "scheme.deactivate")) == 1


def test_unknown_scheme_is_not_found(db, actors):
    with db.reader() as uow, pytest.raises(NotFound):
        store.get_scheme_row(uow, "NO-SUCH")


def test_load_scheme_parses_the_stored_text(db, actors):
    row = _import(db, actors["admin"], _text("beijing-2021.toml")).value
    with db.reader() as uow:
        scheme = store.load_scheme(uow, row.id)
        assert store.load_scheme(uow, row.id) is scheme  # cached by sha256
    assert scheme.code == "BJ-2021-EC" and [b.label for b in scheme.benefits] == [
        "门诊自付一",
        "住院自付一",
        "超封顶线分段",
    ]


def test_a_scheme_text_altered_in_the_database_is_not_used(db, actors):
    row = _import(db, actors["admin"], _text("quzhou-2015.toml")).value
    with db.uow() as uow:
        uow.session.execute(
            text("UPDATE schemes SET source_text = replace(source_text, '0.40', '0.90')")
        )
        uow.commit()
    with db.reader() as uow, pytest.raises(ValidationError) as e:
        store.load_scheme(uow, row.id)
    assert "sha256" in e.value.text("en")


# --------------------------------------------------------------------------- command line


def _cli_import(data_dir: Path, path: Path, *extra: str):
    return run_cli(
        "scheme",
        "import",
        str(path),
        "--user",
        "admin",
        *extra,
        input=PASSWORDS["admin"] + "\n",
        data_dir=data_dir,
    )


def test_cli_import_then_again_then_list(db, actors, data_dir):
    first = _cli_import(data_dir, SCHEMES / "shaoxing-2015.toml")
    assert first.code == 0, first.err
    assert "SX-2015-ZY imported" in first.out
    again = _cli_import(data_dir, SCHEMES / "shaoxing-2015.toml")
    assert again.code == 0 and "already imported" in again.out
    listing = run_cli("scheme", "list", data_dir=data_dir)
    assert listing.code == 0
    (line,) = listing.out.splitlines()
    assert line.split("\t")[:3] == ["SX-2015-ZY", "SX-ZY", "2015-01-01..2015-12-31"]


def test_cli_refuses_a_changed_scheme_with_a_message_and_no_traceback(db, actors, data_dir):
    _cli_import(data_dir, SCHEMES / "quzhou-2016.toml")
    changed = data_dir / "quzhou-2016.toml"
    changed.write_text(
        _text("quzhou-2016.toml").replace('min_payout = "50.00"', 'min_payout = "30.00"'),
        encoding="utf-8",
    )
    result = _cli_import(data_dir, changed)
    assert result.code != 0
    assert "min_payout" in result.err and "Traceback" not in result.err


def test_cli_refuses_a_bad_file_before_asking_for_the_password(db, actors, data_dir):
    bad = data_dir / "bad.toml"
    bad.write_text(_text("quzhou-2015.toml") + "\nsurprise = 1\n", encoding="utf-8")
    result = run_cli("scheme", "import", str(bad), "--user", "admin", data_dir=data_dir)
    assert result.code != 0 and "surprise" in result.err and "unknown key" in result.err
    assert _audit(db, "scheme.import") == []


def test_cli_check_needs_no_database(tmp_path):
    result = run_cli(
        "scheme", "check", str(SCHEMES / "huzhou-critical-2013.toml"), data_dir=tmp_path / "none"
    )
    assert result.code == 0 and "HZ-2013-ZDJB" in result.out
    assert not (tmp_path / "none" / "desk.sqlite3").exists()


def test_model_row_matches_the_file(db, actors):
    row = _import(db, actors["admin"], _text("beijing-allowance-2015.toml")).value
    with db.reader() as uow:
        m = uow.session.get(SchemeModel, row.id)
        assert m is not None and m.annual_cap is None and m.imported_by == "admin"


# --------------------------------------------------------------------------- reproducibility


def test_a_stored_calculation_reruns_the_same_after_a_newer_version_is_imported(db, actors):
    """The claims service stores the engine input (JSON) and the scheme id with a calculation;
    re-running it from the stored scheme text gives the same result, whatever came later."""
    import json

    from desk_app.schemes.case import input_from_json, input_to_json, results_to_json
    from desk_app.schemes.engine import calculate

    old = _import(db, actors["admin"], _text("quzhou-2015.toml")).value
    case = json.loads((SPEC / "cases" / "quzhou-2015-lin.json").read_text(encoding="utf-8"))
    facts = input_from_json(case)
    with db.reader() as uow:
        results = calculate(store.load_scheme(uow, old.id), facts.member, facts.claims)
    stored_input = json.dumps(input_to_json(facts.member, facts.claims))
    stored_result = json.dumps(results_to_json(results, full=True), ensure_ascii=False)
    stored_scheme = (old.id, old.sha256)

    # The plan's next version drops the 500-yuan deductible: same plan, new code.
    new = _import(db, actors["admin"], _text("quzhou-2016.toml")).value
    assert new.plan == old.plan and new.id != old.id
    store._cache.clear()  # as after a restart of the desk

    again = input_from_json(json.loads(stored_input))
    with db.reader() as uow:
        scheme = store.load_scheme(uow, stored_scheme[0])
        assert store.get_scheme_row(uow, stored_scheme[0]).sha256 == stored_scheme[1]
        rerun = calculate(scheme, again.member, again.claims)
        newer = store.load_scheme(uow, new.id)
    assert json.dumps(results_to_json(rerun, full=True), ensure_ascii=False) == stored_result
    assert str(rerun[0].payout) == "6000.00"
    # The newer version would pay differently, so the test could tell them apart.
    shifted = [
        replace(c, admission=date(2016, 4, 2), discharge=date(2016, 4, 30)) for c in again.claims
    ]
    assert str(calculate(newer, again.member, shifted)[0].payout) != "6000.00"
