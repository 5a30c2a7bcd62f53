"""Engine input and results as JSON: case files read strictly, and the stored input and result
of a calculation read back exactly."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from desk_app.schemes.case import (
    input_from_json,
    input_to_json,
    parse_case,
    results_from_json,
    results_to_json,
)
from desk_app.schemes.engine import calculate
from desk_app.schemes.model import CaseError, Claim, MemberFacts
from desk_app.schemes.parse import parse_scheme
from tests.conftest import SPEC

CASES = sorted((SPEC / "cases").glob("*.json"))


def _spec_case(path):
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    scheme = parse_scheme((SPEC / "schemes" / data["scheme"]).read_text(encoding="utf-8"))
    return scheme, parse_case(text)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_input_round_trips_through_json(path):
    _scheme, case = _spec_case(path)
    stored = json.dumps(input_to_json(case.member, case.claims))
    again = input_from_json(json.loads(stored))
    assert again == case


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_full_results_round_trip_through_json(path):
    scheme, case = _spec_case(path)
    results = calculate(scheme, case.member, case.claims)
    stored = json.dumps(results_to_json(results, full=True), ensure_ascii=False)
    assert results_from_json(json.loads(stored)) == results


def test_stored_input_is_itself_a_case_file():
    member = MemberFacts(2, date(2015, 1, 1), False, ("hardship",), True)
    claims = (Claim(kind="death", event_date=date(2015, 5, 1), ref="LP-9"),)
    text = json.dumps(input_to_json(member, claims))
    case = parse_case(text)
    assert case.member == member and case.claims == claims


def test_lump_sum_paid_before_defaults_to_false():
    data = json.loads((SPEC / "cases" / "shaoxing-zhang.json").read_text(encoding="utf-8"))
    assert "lump_sum_paid_before" not in data["member"]
    assert input_from_json(data).member.lump_sum_paid_before is False


def test_what_the_engine_rejects_is_read_not_refused():
    """No receipt, no dates, a negative amount: SCHEMES.md makes these invalid_receipt."""
    data = {
        "member": {"categories": [], "shares": 1, "enrolled_on": "2015-01-01", "renewal": True},
        "claims": [
            {"kind": "inpatient"},
            {"kind": "outpatient", "visit_date": None, "receipts": []},
            {
                "kind": "inpatient",
                "admission": "2015-03-01",
                "discharge": "2015-03-02",
                "receipts": [
                    {
                        "total": "-1.00",
                        "fund_paid": "0",
                        "other_paid": "0",
                        "deductible": "0",
                        "copay": "-1.00",
                        "over_cap": "0",
                        "class_b": "0",
                        "self_funded": "0",
                    }
                ],
            },
        ],
    }
    case = input_from_json(data)
    assert case.claims[0].receipts == () and case.claims[0].admission is None
    assert case.claims[2].receipts[0].copay == Decimal("-1.00")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[]", "must be a JSON object"),
        ('{"member": {}, "claims": [], "extra": 1}', "extra: unknown key"),
        (
            '{"member": {"categories": [], "shares": 1, "enrolled_on": "2015-01-01", '
            '"renewal": true}, "claims": [{"kind": "inpatient", "disease": 5}]}',
            "claims[0].disease: must be a string",
        ),
        (
            '{"member": {"categories": [], "shares": 1, "enrolled_on": "2015-01-01", '
            '"renewal": true}, "claims": [{"kind": "inpatient", "receipts": [{"total": NaN}]}]}',
            "not a valid number",
        ),
        (
            '{"member": {"categories": [""], "shares": 1, "enrolled_on": "2015-01-01", '
            '"renewal": true}, "claims": []}',
            "member.categories[0]",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_key(text, words):
    with pytest.raises(CaseError) as e:
        parse_case(text)
    assert words in e.value.text("en")
