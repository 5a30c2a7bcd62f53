"""Sync tests run against a real PostgreSQL cluster (started here, once per session, on a free
loopback port, removed at the end) and the real ``city-server`` process on loopback."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.sync.helpers import CityServer, Desk, make_template
from tests.pgtemp import PostgresUnavailable, TempPostgres

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg() -> Iterator[TempPostgres]:
    try:
        cluster = TempPostgres().start()
    except PostgresUnavailable as exc:  # CI installs it (scripts/bootstrap.sh --test)
        pytest.fail(f"the sync tests need PostgreSQL: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def desk_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("desk-template"))


@pytest.fixture
def city(pg: TempPostgres, tmp_path: Path) -> Iterator[CityServer]:
    server = CityServer(pg, f"city_{next(_names)}", tmp_path).start()
    yield server
    server.stop()
    pg.drop_database(server.db_url.rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def module_city(pg: TempPostgres, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CityServer]:
    """One server for a module whose tests each use their own site codes (cheaper)."""
    server = CityServer(pg, f"city_{next(_names)}", tmp_path_factory.mktemp("city")).start()
    yield server
    server.stop()
    pg.drop_database(server.db_url.rsplit("/", 1)[1])


@pytest.fixture
def make_desk(tmp_path: Path, desk_template: Path) -> Iterator[Callable[..., Desk]]:
    desks: list[Desk] = []

    def make(site: str, city: CityServer | None = None, *, register: bool = True) -> Desk:
        desk = Desk(tmp_path / f"desk-{site}", desk_template, site)
        if city is not None and register:
            desk.setup(city.url, city.add_site(site))
        desks.append(desk)
        return desk

    yield make
    for d in desks:
        d.close()
