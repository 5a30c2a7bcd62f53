"""The simulation's columnar path gives the streaming engine's report to the fen, on every kind
of copay arithmetic it covers; anything it does not cover goes the streaming way."""

from __future__ import annotations

from pathlib import Path

import pytest

from base.errors import ValidationError
from desk_app.schemes import simulate_columns as columns
from desk_app.schemes.parse import parse_scheme
from desk_app.schemes.sample import write_csv_rows
from desk_app.schemes.simulate import simulate

HEAD = """
code = "T-2015"
name = "测算方案"
region = "测试市"
plan = "T"
period_start = 2015-01-01
period_end = 2015-12-31
premium_per_share = "50.00"
max_shares = 2
coverage_date = "{coverage}"
rounding = "{rounding}"
min_payout = "{floor}"
{cap}
"""
COPAY = """
[[benefits]]
kind = "copay"
label = "{label}"
base = {base}
deductible = "{deductible}"
deductible_scope = "{scope}"
accumulate = "{accumulate}"
applies_to = {applies}
brackets = [
  {{ upto = "2000", rate = "0.4" }}, {{ upto = "8000", rate = "0.555" }}, {{ rate = "0.7" }},
]
"""


def _scheme(*, coverage="discharge", rounding="cent", floor="0", cap='annual_cap = "3000.00"',
            copays=({},)) -> object:  # fmt: skip
    text = HEAD.format(coverage=coverage, rounding=rounding, floor=floor, cap=cap)
    for n, c in enumerate(copays):
        fields = {
            "label": f"自付{n}",
            "base": '["deductible", "copay", "over_cap"]',
            "deductible": "500",
            "scope": "period",
            "accumulate": "claim",
            "applies": '["inpatient"]',
            **c,
        }
        text += COPAY.format(**fields)
    return parse_scheme(text)


SCHEMES = {
    "period deductible, per-claim brackets, a low cap": _scheme(),
    "per-claim deductible, period brackets": _scheme(
        copays=({"scope": "claim", "accumulate": "period"},)
    ),
    "yuan rounding, a minimum payout, admission date, no cap": _scheme(
        coverage="admission", rounding="yuan", floor="200", cap=""
    ),
    "yuan floor, two copays, outpatient too": _scheme(
        rounding="yuan_floor",
        copays=(
            {"base": '["deductible"]', "deductible": "0", "applies": '["inpatient"]'},
            {
                "base": '["copay", "class_b"]',
                "accumulate": "period",
                "applies": '["inpatient", "outpatient"]',
            },
        ),
    ),
}


@pytest.fixture(scope="module")
def settlements(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sim") / "settlements.csv"
    write_csv_rows(path, 6_000, seed=5)
    return path


@pytest.mark.parametrize("part_rows", [columns.PART_ROWS, 997], ids=["one part", "seven parts"])
@pytest.mark.parametrize("name", list(SCHEMES))
def test_the_columnar_report_is_the_streaming_report(name, part_rows, settlements, monkeypatch):
    """Also with the persons taken in parts (as a file of millions of rows is)."""
    monkeypatch.setattr(columns, "PART_ROWS", part_rows)
    scheme = SCHEMES[name]
    fast = columns.simulate_columns(scheme, settlements, head_count=5_000)
    assert fast is not None, "the columnar path should cover this scheme and file"
    exact = simulate(scheme, settlements, head_count=5_000, columnar=False)
    assert fast == exact
    assert fast.to_json() == exact.to_json()
    assert exact.payout > 0 and exact.claims_payable > 0


def test_the_cap_is_reached_and_cut_in_the_sample_file(settlements):
    report = simulate(SCHEMES["period deductible, per-claim brackets, a low cap"], settlements)
    assert report.cap_cut > 0 and dict(report.rejected).get("cap_reached", 0) > 0


def test_a_columnar_result_that_disagrees_with_the_engine_is_dropped(settlements, monkeypatch):
    scheme = SCHEMES["per-claim deductible, period brackets"]
    exact = simulate(scheme, settlements, columnar=False)
    monkeypatch.setattr(columns, "_rounded", lambda units, scale, rounding: units // 10**scale)
    assert columns.simulate_columns(scheme, settlements) is None
    assert simulate(scheme, settlements) == exact  # the streaming path answered


def test_a_bad_row_leaves_the_file_to_the_streaming_reader(tmp_path, settlements):
    text = settlements.read_text("utf-8-sig").splitlines()
    cells = text[5].split(",")
    cells[10] = "12,3"  # not an amount the plain way (the streaming reader says why)
    text[5] = ",".join(cells)
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(text) + "\n", "utf-8-sig")
    scheme = SCHEMES["per-claim deductible, period brackets"]
    assert columns.simulate_columns(scheme, path) is None
    assert simulate(scheme, path).bad_rows == 1


def test_a_person_whose_rows_are_apart_is_refused_by_row(tmp_path, settlements):
    lines = settlements.read_text("utf-8-sig").splitlines()
    path = tmp_path / "apart.csv"
    path.write_text("\n".join([*lines, lines[1]]) + "\n", "utf-8-sig")
    scheme = SCHEMES["per-claim deductible, period brackets"]
    with pytest.raises(ValidationError, match="appeared before"):
        simulate(scheme, path)


def test_a_scheme_with_another_benefit_kind_streams(settlements):
    from desk_app.data.schemes import FOLDER
    from desk_app.schemes.parse import read_scheme_file

    scheme = read_scheme_file(FOLDER / "shaoxing-2015.toml")[1]
    assert columns.simulate_columns(scheme, settlements) is None
