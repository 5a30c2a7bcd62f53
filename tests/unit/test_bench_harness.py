"""The benchmark harness: a row that fails says so, and the rows after it still run."""

from __future__ import annotations

from benchmarks.harness import Benchmark, broken, measure, table


def _boom(_ctx: object) -> None:
    raise AssertionError("approved=0")


def test_a_failing_row_is_reported_and_the_next_row_still_runs() -> None:
    failing = Benchmark(name="approve all", setup=lambda: None, run=_boom, repeat=2)
    fine = Benchmark(name="engine", setup=lambda: None, run=lambda _c: sum(range(100)), repeat=3)
    results = [measure(failing), measure(fine)]
    assert results[0].error.startswith("FAILED in run: AssertionError: approved=0")
    assert results[0].median is None and results[0].ratio is None
    assert not results[1].error and len(results[1].ours) == 3
    text = table(results)
    assert "FAILED in run" in text and "engine" in text


def test_a_failing_setup_still_runs_the_teardown_of_nothing_and_reports() -> None:
    torn: list[object] = []

    def setup() -> None:
        raise RuntimeError("no PostgreSQL")

    b = Benchmark(name="sync", setup=setup, run=lambda _c: None, teardown=torn.append)
    r = measure(b)
    assert r.error == "FAILED in setup: RuntimeError: no PostgreSQL"
    assert torn == []  # nothing was set up, so there is nothing to tear down


def test_a_failing_teardown_is_reported_even_when_the_runs_passed() -> None:
    def teardown(_ctx: object) -> None:
        raise OSError("busy")

    r = measure(Benchmark(name="x", setup=lambda: 1, run=lambda _c: None, teardown=teardown))
    assert r.error == "FAILED in teardown: OSError: busy"


def test_a_module_that_cannot_list_its_rows_is_one_failed_row() -> None:
    r = broken("bench_sync", ModuleNotFoundError("No module named 'psycopg'"))
    assert "bench_sync" in r.bench.name
    assert "FAILED in import: ModuleNotFoundError" in table([r], markdown=True)
