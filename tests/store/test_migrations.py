"""Migrations: an empty database reaches head, the models match them, and unknown databases are refused."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import NullPool, create_engine, inspect, text

from starcoach.errors import StoreError
from starcoach.store import Store
from starcoach.store._migrate import HEAD, alembic_config, head_revisions
from starcoach.store.models import Base
from tests.store._records import make_session

FUTURE = "9999_from_the_future"


def _state(url: str) -> tuple[set[str], list[tuple[str, ...]]]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            versions = [tuple(r) for r in connection.execute(text("SELECT version_num FROM alembic_version"))]
            return tables, versions
    finally:
        engine.dispose()


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_opening_an_empty_database_creates_both_tables_at_the_head_revision(store_url: str) -> None:
    Store.open(store_url).close()
    tables, versions = _state(store_url)
    assert {"sessions", "turns", "alembic_version"} <= tables
    assert versions == [(HEAD,)]
    engine = create_engine(store_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            schema = inspect(connection)
            (foreign_key,) = schema.get_foreign_keys("turns")
            uniques = [u["column_names"] for u in schema.get_unique_constraints("turns")]
    finally:
        engine.dispose()
    assert foreign_key["referred_table"] == "sessions" and foreign_key["options"].get("ondelete") == "CASCADE"
    assert ["session_id", "index"] in uniques


def test_the_head_the_store_expects_is_the_newest_migration() -> None:
    assert head_revisions() == {HEAD}


def test_the_models_match_what_the_migrations_create(store_url: str) -> None:
    Store.open(store_url).close()
    engine = create_engine(store_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_the_migrations_go_down_to_nothing_and_up_again(store_url: str) -> None:
    Store.open(store_url).close()
    engine = create_engine(store_url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
            assert not {"sessions", "turns"} & set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    with Store.open(store_url) as store:
        store.create_session(make_session())
        assert [s.id for s in store.list_sessions()] == ["a1b2c3d4e5f6"]


def _stamp_future(url: str) -> None:
    with Store.open(url) as store:
        store.create_session(make_session())
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": FUTURE})
    finally:
        engine.dispose()


def test_a_database_from_a_newer_starcoach_is_refused_and_left_unchanged(store_url: str) -> None:
    _stamp_future(store_url)
    before = _state(store_url)
    with pytest.raises(StoreError, match=f"made by a newer StarCoach \\(schema revision {FUTURE}\\)") as caught:
        Store.open(store_url)
    assert "Upgrade StarCoach" in str(caught.value)
    assert _state(store_url) == before


def test_a_newer_sqlite_file_keeps_every_byte(sqlite_url: str) -> None:
    _stamp_future(sqlite_url)
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    before = _fingerprint(path)
    with pytest.raises(StoreError, match="newer StarCoach"):
        Store.open(sqlite_url)
    assert _fingerprint(path) == before


def test_a_newer_sqlite_file_in_the_old_journal_mode_keeps_every_byte(tmp_path: Path) -> None:
    # Made without WAL: even switching the journal mode would rewrite the header.
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (FUTURE,))
    connection.close()
    before = _fingerprint(path)
    with pytest.raises(StoreError, match="newer StarCoach"):
        Store.open(f"sqlite:///{path}")
    assert _fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_tables_that_starcoach_did_not_make_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "someone-else.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, who TEXT)")
    connection.close()
    before = _fingerprint(path)
    with pytest.raises(StoreError, match="tables that StarCoach did not make"):
        Store.open(f"sqlite:///{path}")
    assert _fingerprint(path) == before
