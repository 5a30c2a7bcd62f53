"""The repository's copy of the spec's cases and example schemes (used when the clone stands on
its own, as in CI) and the schemes shipped with the program are the spec's, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_app.data.schemes import FOLDER as SHIPPED
from tests.conftest import SHARED, SPEC_COPY


def _files(folder: Path, pattern: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob(pattern))}


def test_the_shipped_schemes_are_the_copy_of_the_spec():
    assert _files(SHIPPED, "*.toml") == _files(SPEC_COPY / "schemes", "*.toml")
    assert len(_files(SHIPPED, "*.toml")) >= 8


@pytest.mark.skipif(not (SHARED / "spec").is_dir(), reason="no shared spec next to this clone")
@pytest.mark.parametrize(("sub", "pattern"), [("cases", "*.json"), ("schemes", "*.toml")])
def test_the_copy_is_the_spec(sub, pattern):
    assert _files(SPEC_COPY / sub, pattern) == _files(SHARED / "spec" / sub, pattern)
