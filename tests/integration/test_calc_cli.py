"""``desk-app calc``: every worked case of the spec through the real command line, and bad
scheme or case files refused with a clear message (never a traceback)."""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from desk_app.schemes.case import input_to_json, results_to_json
from desk_app.schemes.dump import dump_scheme
from desk_app.schemes.engine import calculate
from tests.conftest import SPEC, run_cli, run_cli_process
from tests.unit.test_engine_properties import claims, members, schemes

CASES = sorted((SPEC / "cases").glob("*.json"))
SCHEMES = SPEC / "schemes"
SHAOXING = SCHEMES / "shaoxing-2015.toml"


def _case(name: str) -> dict:
    return json.loads((SPEC / "cases" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case_path", CASES, ids=[p.stem for p in CASES])
def test_spec_case_through_the_installed_command(case_path: Path):
    case = json.loads(case_path.read_text(encoding="utf-8"))
    result = run_cli_process(
        "calc", "--scheme", str(SCHEMES / case["scheme"]), "--case", str(case_path)
    )
    assert result.code == 0, result.err
    assert result.err == ""
    assert len(result.out.splitlines()) == 1  # one JSON object and nothing else
    assert json.loads(result.out) == case["expected"]


def test_every_spec_case_is_tested():
    assert len(CASES) >= 12


def _calc(tmp_path: Path, case: object, scheme: Path = SHAOXING, *extra: str, raw: str = ""):
    path = tmp_path / "case.json"
    path.write_text(raw or json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return run_cli("--lang", "en", "calc", "--scheme", str(scheme), "--case", str(path), *extra)


def _zhang() -> dict:
    return _case("shaoxing-zhang.json")


def test_explain_adds_the_calculation_lines(tmp_path):
    result = _calc(tmp_path, _zhang(), SHAOXING, "--explain")
    assert result.code == 0, result.err
    (r,) = json.loads(result.out)["results"]
    assert r["days"] == 10 and r["total"] == "2080.00"
    assert [b["kind"] for b in r["benefits"]] == ["copay", "daily_allowance"]
    assert "自付合计 2,287.99 × 80% = 1,830.39，取整 1,830.00" in r["lines"]
    assert "年度封顶 50,000.00，已给付 0.00，本次可付 2,080.00，剩余 47,920.00" in r["lines"]


def test_the_case_files_own_keys_are_ignored(tmp_path):
    case = _zhang()
    case["scheme"] = "nonexistent.toml"
    case["expected"] = {"anything": 1}
    case["note"] = ["not", "a", "string"]
    assert _calc(tmp_path, case).code == 0


def _refused(result, *words: str) -> None:
    assert result.code != 0
    assert result.out == ""
    assert "Traceback" not in result.err
    for w in words:
        assert w in result.err, result.err


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda c: c.pop("member"), ["member", "missing"]),
        (lambda c: c["member"].pop("enrolled_on"), ["member.enrolled_on", "missing"]),
        (lambda c: c["claims"][0].pop("kind"), ["claims[0].kind", "missing"]),
        (
            lambda c: c["claims"][0]["receipts"][0].pop("copay"),
            ["claims[0].receipts[0].copay", "missing"],
        ),
        (
            lambda c: c["claims"][0]["receipts"][0].update(copay=1487.99),
            ["claims[0].receipts[0].copay", 'string like "1487.99"'],
        ),
        (
            lambda c: c["claims"][0]["receipts"][0].update(total="13000.001"),
            ["claims[0].receipts[0].total", "two decimals"],
        ),
        (
            lambda c: c["claims"][0].update(admission="2015-02-30"),
            ["claims[0].admission", "no such day: 2015-02-30"],
        ),
        (
            lambda c: c["claims"][0].update(discharge="2015/08/11"),
            ["claims[0].discharge", "YYYY-MM-DD"],
        ),
        (lambda c: c["claims"][0].update(kind="maternity"), ["claims[0].kind", "maternity"]),
        (lambda c: c["member"].update(shares="1"), ["member.shares", "whole number"]),
        (lambda c: c["member"].update(renewal="yes"), ["member.renewal", "true or false"]),
        (lambda c: c["member"].update(categories="hardship"), ["member.categories"]),
        (lambda c: c["claims"][0].update(admision="2015-08-01"), ["claims[0].admision", "unknown"]),
        (lambda c: c.update(claims={}), ["claims", "array"]),
        (lambda c: c["member"].update(shares=2), ["member.shares", "at most 1"]),
    ],
)
def test_bad_case_file_is_refused_naming_the_key(tmp_path, change, words):
    case = _zhang()
    change(case)
    _refused(_calc(tmp_path, case), *words)


def test_case_file_that_is_not_json_says_where(tmp_path):
    _refused(_calc(tmp_path, None, raw='{"member": {,}}'), "not valid JSON", "line 1")


def test_case_file_with_a_key_twice_is_refused(tmp_path):
    raw = json.dumps(_zhang()).replace('"renewal": true', '"renewal": true, "renewal": false')
    _refused(_calc(tmp_path, None, raw=raw), "renewal", "twice")


def test_case_file_that_does_not_exist(tmp_path):
    result = run_cli("--lang", "en", "calc", "--scheme", str(SHAOXING), "--case", "/nope.json")
    _refused(result, "cannot read the case file", "/nope.json")


def test_several_problems_are_all_listed(tmp_path):
    case = _zhang()
    case["member"]["shares"] = 0
    case["claims"][0]["discharge"] = "2015-13-01"
    _refused(_calc(tmp_path, case), "2 problems", "member.shares", "claims[0].discharge")


def test_bad_scheme_file_is_refused_naming_the_key(tmp_path):
    scheme = tmp_path / "s.toml"
    scheme.write_text(
        SHAOXING.read_text(encoding="utf-8").replace('{ rate = "0.80" }', "{ rate = 0.8 }"),
        encoding="utf-8",
    )
    _refused(_calc(tmp_path, _zhang(), scheme), "benefits[0].brackets[0].rate", "float")


def test_scheme_file_that_is_not_toml(tmp_path):
    scheme = tmp_path / "s.toml"
    scheme.write_text("code = \n", encoding="utf-8")
    _refused(_calc(tmp_path, _zhang(), scheme), "not valid TOML", "line 1")


def test_refusals_are_in_chinese_for_a_chinese_desk(tmp_path):
    case = _zhang()
    case["claims"][0]["admission"] = "2015-02-30"
    path = tmp_path / "c.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    result = run_cli("--lang", "zh", "calc", "--scheme", str(SHAOXING), "--case", str(path))
    _refused(result, "claims[0].admission", "没有这一天")


def test_bad_files_through_the_real_process_give_no_traceback(tmp_path):
    case = _zhang()
    case["claims"][0]["receipts"][0]["fund_paid"] = 10712.01
    path = tmp_path / "c.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    result = run_cli_process("calc", "--scheme", str(SHAOXING), "--case", str(path))
    _refused(result, "claims[0].receipts[0].fund_paid")


def test_calc_needs_no_data_folder(tmp_path):
    data = tmp_path / "data"
    path = tmp_path / "c.json"
    path.write_text(json.dumps(_zhang()), encoding="utf-8")
    result = run_cli(
        "--data-dir", str(data), "calc", "--scheme", str(SHAOXING), "--case", str(path)
    )
    assert result.code == 0 and not data.exists()


# --------------------------------------------------------------------------- locale and zone

ENVIRONMENTS = [
    {"TZ": "Asia/Shanghai", "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "DESK_APP_LANG": "zh"},
    {"TZ": "America/Los_Angeles", "LANG": "C", "LC_ALL": "C", "DESK_APP_LANG": "en"},
    {"TZ": "Pacific/Kiritimati", "LANG": "en_US.ISO-8859-1", "LC_ALL": "POSIX"},
]


@pytest.mark.slow
# No shrinking: each example costs three processes.
@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(schemes(), members, st.lists(claims(), min_size=1, max_size=4))
def test_results_are_the_same_in_every_locale_and_time_zone(scheme, member, cs):
    """The same generated case through the real command under different TZ and LANG/LC_ALL:
    byte-identical output, equal to the engine's own answer (explanation lines included)."""
    with tempfile.TemporaryDirectory() as tmp:
        scheme_path, case_path = Path(tmp) / "s.toml", Path(tmp) / "c.json"
        scheme_path.write_text(dump_scheme(scheme), encoding="utf-8")
        case_path.write_text(json.dumps(input_to_json(member, cs)), encoding="utf-8")
        outputs = set()
        for env in ENVIRONMENTS:
            result = run_cli_process(
                "calc",
                "--explain",
                "--scheme",
                str(scheme_path),
                "--case",
                str(case_path),
                env=env,
            )
            assert result.code == 0, result.err
            outputs.add(result.out)
    assert len(outputs) == 1
    expected = results_to_json(calculate(scheme, member, cs), full=True)
    assert json.loads(outputs.pop()) == json.loads(json.dumps(expected, ensure_ascii=False))


# --------------------------------------------------------------------------- a worked case

WORKED_SCHEME = """
code = "WK-2015"
name = "多规则测试方案"
region = "测试市"
plan = "WK"
period_start = 2015-01-01
period_end = 2015-12-31
premium_per_share = "50.00"
max_shares = 2
waiting_days = 30
coverage_date = "discharge"
rounding = "yuan"
annual_cap = "2000.00"
min_payout = "30.00"

[[benefits]]
kind = "copay"
label = "自付分段"
base = ["deductible", "copay"]
deductible = "1000"
accumulate = "period"
brackets = [ { upto = "2000", rate = "0.5" }, { rate = "0.8" } ]
uplift = { hardship = "0.1" }

[[benefits]]
kind = "daily_allowance"
label = "住院津贴"
rate = "50.00"
from_day = 3
max_days = 10
"""


def _stay(admission: str, discharge: str, copay: str, deductible: str = "0") -> dict:
    total = str(Decimal(copay) + Decimal(deductible) + 100)
    zero = {k: "0" for k in ("other_paid", "over_cap", "class_b", "self_funded")}
    return {
        "kind": "inpatient",
        "admission": admission,
        "discharge": discharge,
        "receipts": [
            {"total": total, "fund_paid": "100", "deductible": deductible, "copay": copay, **zero}
        ],
    }


def _ok(amounts: list[str], payout: str, cap_left: str) -> dict:
    labels = ["自付分段", "住院津贴"]
    return {
        "status": "payable",
        "reason": None,
        "payout": payout,
        "benefits": [{"label": lb, "amount": a} for lb, a in zip(labels, amounts, strict=True)],
        "cap_left": cap_left,
    }


def _no(reason: str, cap_left: str) -> dict:
    return {
        "status": "rejected",
        "reason": reason,
        "payout": "0.00",
        "benefits": [],
        "cap_left": cap_left,
    }


def test_a_worked_case_through_every_rule(tmp_path):
    """Two shares (cap 4000), first enrollment 2015-02-01 (covered from 03-03 by discharge),
    hardship (+10 %, 0.8 + 0.1 = 0.9 above 2000), a period deductible of 1000, yuan rounding."""
    scheme = tmp_path / "wk.toml"
    scheme.write_text(WORKED_SCHEME, encoding="utf-8")
    outpatient = {
        "kind": "outpatient",
        "visit_date": "2015-04-01",
        "receipts": [_stay("x", "x", "50")["receipts"][0]],
    }
    case = {
        "member": {
            "categories": ["hardship"],
            "shares": 2,
            "enrolled_on": "2015-02-01",
            "renewal": False,
        },
        "claims": [
            _stay("2015-02-10", "2015-02-20", "400", "800"),  # waiting period (discharge)
            _stay("2015-03-01", "2015-03-05", "400", "800"),  # b 200 × 60 %; 4 days: 2 paid
            outpatient,  # no benefit for outpatient claims
            _stay("2015-05-01", "2015-05-21", "3000.50"),  # 1800 × 60 % + 1200.50 × 90 %; 8 days
            _stay("2015-07-01", "2015-07-02", "10"),  # 9, raised to the 30 minimum
            _stay("2015-08-01", "2015-08-03", "5000"),  # 4500, cut to the 1190 left
            _stay("2015-09-01", "2015-09-02", "100"),  # nothing left
            _stay("2015-12-30", "2016-01-02", "100"),  # discharged after the period
        ],
    }
    expected = {
        "results": [
            _no("waiting_period", "4000.00"),
            _ok(["120.00", "100.00"], "220.00", "3780.00"),
            _no("not_covered", "3780.00"),
            _ok(["2160.00", "400.00"], "2560.00", "1220.00"),
            _ok(["9.00", "0.00"], "30.00", "1190.00"),
            _ok(["4500.00", "0.00"], "1190.00", "0.00"),
            _no("cap_reached", "0.00"),
            _no("outside_period", "0.00"),
        ]
    }
    result = _calc(tmp_path, case, scheme)
    assert result.code == 0, result.err
    assert json.loads(result.out) == expected
