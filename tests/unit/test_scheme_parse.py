"""Scheme files: every spec scheme reads; every kind of mistake is refused naming the key path
and the problem, in Chinese and English; nothing is half-loaded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desk_app.schemes.dump import dump_scheme
from desk_app.schemes.model import Copay, DailyAllowance, Fixed, SchemeError
from desk_app.schemes.parse import decode_scheme_bytes, parse_scheme
from tests.conftest import SPEC

SPEC_SCHEMES = sorted((SPEC / "schemes").glob("*.toml"))
BEIJING = (SPEC / "schemes" / "beijing-2021.toml").read_text(encoding="utf-8")
SHAOXING = (SPEC / "schemes" / "shaoxing-2015.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SPEC_SCHEMES, ids=[p.stem for p in SPEC_SCHEMES])
def test_every_spec_scheme_reads_and_writes_back_equal(path: Path):
    scheme = parse_scheme(path.read_text(encoding="utf-8"))
    assert parse_scheme(dump_scheme(scheme)) == scheme


def test_shaoxing_fields_and_defaults():
    s = parse_scheme(SHAOXING)
    assert (s.code, s.plan, s.period_start, s.period_end) == (
        "SX-2015-ZY",
        "SX-ZY",
        date(2015, 1, 1),
        date(2015, 12, 31),
    )
    assert (s.premium_per_share, s.annual_cap, s.min_payout) == (
        Decimal("60.00"),
        Decimal("50000.00"),
        Decimal("0"),
    )
    copay, allowance, condolence = s.benefits
    assert isinstance(copay, Copay) and copay.deductible_scope == "period"
    assert copay.accumulate == "claim" and copay.applies_to == ("inpatient",)
    assert isinstance(allowance, DailyAllowance) and allowance.from_day == 1
    assert isinstance(condolence, Fixed) and condolence.applies_to == ("death",)


def test_quzhou_without_min_payout_or_waiting_days_uses_zero():
    s = parse_scheme((SPEC / "schemes" / "quzhou-2015.toml").read_text(encoding="utf-8"))
    assert s.min_payout == 0 and s.waiting_days == 0


def test_no_annual_cap_means_none():
    s = parse_scheme((SPEC / "schemes" / "huzhou-critical-2013.toml").read_text(encoding="utf-8"))
    assert s.annual_cap is None


def test_notepad_utf8_signature_is_accepted():
    text = decode_scheme_bytes(b"\xef\xbb\xbf" + SHAOXING.encode("utf-8"))
    assert parse_scheme(text).code == "SX-2015-ZY"


def test_a_file_that_is_not_utf8_is_refused():
    with pytest.raises(SchemeError) as e:
        decode_scheme_bytes(SHAOXING.encode("gbk"), "s.toml")
    assert "UTF-8" in e.value.text("en")


def _refused(text: str) -> SchemeError:
    with pytest.raises(SchemeError) as e:
        parse_scheme(text)
    return e.value


BROKEN = [
    # (what is changed, old, new, path named, English words)
    (
        "unknown top-level key",
        "max_shares = 1",
        'max_shares = 1\ncolour = "red"',
        "colour",
        "unknown key",
    ),
    (
        "unknown benefit key",
        'deductible = "1300"',
        'deductable = "1300"',
        "benefits[1].deductable",
        "unknown key",
    ),
    (
        "unknown bracket key",
        '{ upto = "50000", rate = "0.40" }',
        '{ upto = "50000", rate = "0.40", cap = "1" }',
        "benefits[2].brackets[0].cap",
        "unknown key",
    ),
    ("missing required key", 'code = "BJ-2021-EC"\n', "", "code", "required key is missing"),
    (
        "missing benefit key",
        'brackets = [ { rate = "0.60" } ]\n',
        "",
        "benefits[1].brackets",
        "missing",
    ),
    (
        "integer where string",
        'name = "北京',
        "name = 5\n#",
        "name",
        "must be a string, not an integer",
    ),
    ("string where integer", "max_shares = 1", 'max_shares = "1"', "max_shares", "an integer"),
    ("float rate", 'rate = "0.60"', "rate = 0.60", "benefits[1].brackets[0].rate", "not a float"),
    ("float money", 'annual_cap = "200653.00"', "annual_cap = 200653.0", "annual_cap", "float"),
    (
        "integer money",
        'premium_per_share = "0"',
        "premium_per_share = 0",
        "premium_per_share",
        'quote it: "0"',
    ),
    (
        "three decimals",
        'annual_cap = "200653.00"',
        'annual_cap = "200653.001"',
        "annual_cap",
        "at most two decimals",
    ),
    (
        "negative money",
        'deductible = "1800"',
        'deductible = "-1800"',
        "benefits[0].deductible",
        "negative",
    ),
    (
        "not a number",
        'deductible = "1800"',
        'deductible = "1,800"',
        "benefits[0].deductible",
        "not an amount",
    ),
    (
        "rate above 1",
        'rate = "0.60"',
        'rate = "60"',
        "benefits[1].brackets[0].rate",
        "between 0 and 1",
    ),
    (
        "rate below 0",
        'rate = "0.60"',
        'rate = "-0.1"',
        "benefits[1].brackets[0].rate",
        "between 0 and 1",
    ),
    (
        "uplift above 1",
        'hardship = "0.05", model',
        'hardship = "5", model',
        "benefits[0].uplift.hardship",
        "between 0 and 1",
    ),
    (
        "upto decreasing",
        '{ upto = "100000", rate = "0.60" }',
        '{ upto = "40000", rate = "0.60" }',
        "benefits[2].brackets[1].upto",
        "strictly increase",
    ),
    (
        "upto equal",
        '{ upto = "100000", rate = "0.60" }',
        '{ upto = "50000", rate = "0.60" }',
        "benefits[2].brackets[1].upto",
        "strictly increase",
    ),
    (
        "last bracket with upto",
        '{ rate = "0.90" } ]',
        '{ upto = "900000", rate = "0.90" } ]',
        "benefits[2].brackets[3].upto",
        "last bracket must not have an upto",
    ),
    (
        "middle bracket without upto",
        '{ upto = "100000", rate = "0.60" }',
        '{ rate = "0.60" }',
        "benefits[2].brackets[1].upto",
        "only the last bracket",
    ),
    (
        "no brackets",
        'brackets = [ { rate = "0.60" } ]',
        "brackets = []",
        "benefits[1].brackets",
        "at least one",
    ),
    (
        "unknown component",
        'base = ["over_cap"]',
        'base = ["overcap"]',
        "benefits[2].base[0]",
        'unknown receipt component "overcap"',
    ),
    (
        "unknown kind",
        'kind = "copay"\nlabel = "门诊',
        'kind = "copays"\nlabel = "门诊',
        "benefits[0].kind",
        'unknown value "copays"',
    ),
    (
        "unknown claim kind",
        'applies_to = ["outpatient"]',
        'applies_to = ["clinic"]',
        "benefits[0].applies_to[0]",
        'unknown claim kind "clinic"',
    ),
    (
        "unknown rounding",
        'rounding = "cent"',
        'rounding = "fen"',
        "rounding",
        'unknown value "fen"',
    ),
    (
        "unknown coverage date",
        'coverage_date = "discharge"',
        'coverage_date = "visit"',
        "coverage_date",
        'unknown value "visit"',
    ),
    (
        "unknown scope",
        'deductible_scope = "period"',
        'deductible_scope = "year"',
        "benefits[0].deductible_scope",
        'unknown value "year"',
    ),
    (
        "unknown accumulate",
        'accumulate = "period"',
        'accumulate = "annual"',
        "benefits[2].accumulate",
        'unknown value "annual"',
    ),
    (
        "period backwards",
        "period_end = 2021-12-31",
        "period_end = 2020-12-31",
        "period_start",
        "after it ends",
    ),
    ("no shares", "max_shares = 1", "max_shares = 0", "max_shares", "at least 1"),
    (
        "negative waiting",
        "max_shares = 1",
        "max_shares = 1\nwaiting_days = -1",
        "waiting_days",
        "at least 0",
    ),
    (
        "quoted date",
        "period_start = 2021-01-01",
        'period_start = "2021-01-01"',
        "period_start",
        "without quotes",
    ),
    (
        "datetime",
        "period_start = 2021-01-01",
        "period_start = 2021-01-01T08:00:00",
        "period_start",
        "a date",
    ),
    ("empty name", 'region = "北京市"', 'region = "  "', "region", "must not be empty"),
    ("space in code", 'code = "BJ-2021-EC"', 'code = "BJ 2021"', "code", "spaces"),
    ("zero cap", 'annual_cap = "200653.00"', 'annual_cap = "0"', "annual_cap", "more than 0"),
    (
        "duplicate label",
        'label = "住院自付一"',
        'label = "门诊自付一"',
        "benefits[1].label",
        "same label as benefits[0]",
    ),
    (
        "duplicate claim kind",
        'applies_to = ["outpatient"]',
        'applies_to = ["outpatient", "outpatient"]',
        "benefits[0].applies_to[1]",
        "listed twice",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "path", "words"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_a_mistake_is_refused_naming_its_key(old, new, path, words):
    assert old in BEIJING
    error = _refused(BEIJING.replace(old, new, 1))
    assert len(error.problems) == 1, error.text("en")
    en, zh = error.problems[0].en, error.problems[0].zh
    assert en.startswith(f"{path}: ") and words in en, en
    assert zh.startswith(f"{path}：")
    assert path in error.text("zh") and "未导入" in error.text("zh")


def test_daily_allowance_cannot_apply_to_outpatient_claims():
    text = SHAOXING.replace('rate = "25.00"', 'rate = "25.00"\napplies_to = ["outpatient"]')
    error = _refused(text)
    assert error.problems[0].en.startswith(
        "benefits[1].applies_to: daily_allowance counts hospital"
    )


def test_a_benefit_needs_its_own_keys():
    text = SHAOXING.replace('rate = "25.00"', 'amount = "25.00"')
    messages = [p.en for p in _refused(text).problems]
    assert any(m.startswith("benefits[1].amount: unknown key") for m in messages)
    assert any(m.startswith("benefits[1].rate: required key is missing") for m in messages)


def test_min_payout_above_the_cap_is_refused():
    text = SHAOXING.replace('min_payout = "0"', 'min_payout = "60000"')
    assert "min_payout" in _refused(text).problems[0].en


def test_every_problem_is_listed_at_once():
    text = (
        BEIJING.replace("max_shares = 1", "max_shares = 0")
        .replace('rate = "0.60"', "rate = 0.6", 1)
        .replace('rounding = "cent"', 'rounding = "jiao"')
    )
    error = _refused(text)
    assert [p.en.split(":")[0] for p in error.problems] == [
        "max_shares",
        "rounding",
        "benefits[1].brackets[0].rate",
    ]
    assert "3 problems" in error.text("en") and "3 处错误" in error.text("zh")


def test_no_benefits_is_refused():
    head = SHAOXING.split("[[benefits]]")[0]
    assert "benefits" in _refused(head).problems[0].en


def test_not_toml_says_where():
    error = _refused('code = "X"\nname = \n')
    assert "not valid TOML" in error.text("en") and "line 2" in error.text("en")


def test_disease_codes_are_kept_upper_case():
    text = (SPEC / "schemes" / "huzhou-critical-2013.toml").read_text(encoding="utf-8")
    s = parse_scheme(text.replace('"C50"', '"c50"', 1))
    assert "C50" in s.benefits[0].diseases  # type: ignore[union-attr]
