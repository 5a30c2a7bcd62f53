"""The simulation's streaming path: its peak memory does not grow with the number of rows.
(The columnar path holds the file's columns: its peak is measured by the benchmark.)"""

from __future__ import annotations

import tracemalloc

import pytest

from desk_app.schemes.parse import read_scheme_file
from desk_app.schemes.sample import write_csv_rows
from desk_app.schemes.simulate import simulate
from tests.conftest import SPEC

SCHEME = read_scheme_file(SPEC / "schemes" / "quzhou-2015.toml")[1]


def _peak(path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        report = simulate(SCHEME, path, head_count=100_000, columnar=False)
        return tracemalloc.get_traced_memory()[1], report.rows
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_peak_memory_does_not_grow_with_the_row_count(tmp_path):
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    write_csv_rows(small, 800, seed=3)
    write_csv_rows(large, 9_000, seed=3)
    peak_small, rows_small = _peak(small)
    peak_large, rows_large = _peak(large)
    assert rows_large >= 10 * rows_small
    # Ten times the rows and more, the same peak (the Bloom filter's fixed 32 MiB dominates both);
    # a reader that kept rows or results would add tens of megabytes here.
    assert peak_large - peak_small < 2 * 1024 * 1024, (peak_small, peak_large)
