"""Store fixtures: one URL per backend (SQLite always; PostgreSQL when STARCOACH_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from starcoach.settings import Settings
from starcoach.store import Store

POSTGRES_VARIABLE = "STARCOACH_TEST_POSTGRES_URL"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"postgres: runs against the PostgreSQL server at ${POSTGRES_VARIABLE}")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def postgres_url() -> str:
    """The test server's URL; in CI its absence is a failure, so PostgreSQL is never skipped silently there."""
    url = os.environ.get(POSTGRES_VARIABLE, "").strip()
    if url:
        return url
    if _in_ci():
        pytest.fail(f"CI is set but ${POSTGRES_VARIABLE} is not: .ci/run starts a PostgreSQL and sets it")
    pytest.skip(f"set ${POSTGRES_VARIABLE} to run the store tests against PostgreSQL")


def reset_postgres(url: str) -> None:
    """Drop StarCoach's tables, so each test starts from an empty database."""
    from sqlalchemy import NullPool, create_engine

    from starcoach.store._migrate import OUR_TABLES

    # Every table a migration makes, so a new migration's table cannot outlive a test.
    tables = ", ".join(sorted(OUR_TABLES | {"alembic_version"}))
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {tables} CASCADE")
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_url(_isolated_home: Path) -> str:
    """The default database: SQLite in the (not yet created) StarCoach home."""
    return Settings(home=_isolated_home).resolved_database_url


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Parametrized here rather than in @pytest.fixture(params=...): the marker only exists once
    # pytest_configure above has run, which is after this module is imported.
    if "store_url" in metafunc.fixturenames:
        backends = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
        metafunc.parametrize("store_url", backends, indirect=True)


@pytest.fixture
def store_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    """A URL to an empty database, for each backend."""
    if request.param == "sqlite":
        return sqlite_url
    url = postgres_url()
    reset_postgres(url)
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open store on an empty database, closed afterwards."""
    opened = Store.open(store_url)
    try:
        yield opened
    finally:
        opened.close()
