"""What a user sees when the database cannot be used: one StoreError line, and nothing half-written."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from starcoach.errors import StoreError
from starcoach.store import Store
from tests.conftest import STRONG_STORY
from tests.store._records import make_session, make_turn

NOBODY = 65534


def _path(sqlite_url: str) -> Path:
    return Path(sqlite_url.removeprefix("sqlite:///"))


@contextmanager
def unprivileged() -> Iterator[None]:
    """Act as an ordinary user for a moment: root ignores file permissions, and CI runs as root."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def shared_tmp(tmp_path: Path) -> Iterator[Path]:
    """A folder the unprivileged user can reach (pytest's own tmp folders are private to root)."""
    if os.geteuid() != 0:
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="starcoach-perm-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(folder)


@pytest.fixture
def warm(tmp_path: Path) -> None:
    """Open and use a store once, so nothing is first imported while unprivileged."""
    with Store.open(f"sqlite:///{tmp_path / 'warm' / 'warm.db'}") as store:
        store.create_session(make_session(turns=[make_turn(0)]))
        store.get_session("a1b2")
        with pytest.raises(StoreError):
            store.add_turn("a1b2c3d4e5f6", make_turn(0))


def test_a_file_of_random_bytes_is_refused_as_corrupt_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "starcoach.db"
    data = random.Random(7).randbytes(8192)
    path.write_bytes(data)
    with pytest.raises(StoreError, match="database file is not a database") as caught:
        Store.open(f"sqlite:///{path}")
    assert "damaged" in str(caught.value) and "untouched" in str(caught.value)
    assert caught.value.where == str(path) and str(path) not in str(caught.value)
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["starcoach.db"]


def test_a_damaged_database_is_refused_as_corrupt_and_left_unchanged(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        store.create_session(make_session(turns=[make_turn(0)]))
    path = _path(sqlite_url)
    damaged = bytearray(path.read_bytes())
    damaged[100:4096] = random.Random(3).randbytes(3996)  # the schema page, after the valid header
    path.write_bytes(damaged)
    with pytest.raises(StoreError, match="database file is not a database"):
        Store.open(sqlite_url)
    assert path.read_bytes() == damaged


def test_an_empty_file_is_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "starcoach.db"
    path.touch()
    with Store.open(f"sqlite:///{path}") as store:
        assert store.list_sessions() == []


@pytest.mark.usefixtures("warm")
def test_a_read_only_data_folder_gives_a_store_error_not_a_traceback(shared_tmp: Path) -> None:
    folder = shared_tmp / "data"
    folder.mkdir()
    folder.chmod(0o555)
    with unprivileged(), pytest.raises(StoreError, match=r"cannot write to .*; check permissions") as caught:
        Store.open(f"sqlite:///{folder / 'starcoach.db'}")
    assert caught.value.where == str(folder / "starcoach.db") and "STARCOACH_HOME" in str(caught.value)
    assert list(folder.iterdir()) == []


@pytest.mark.usefixtures("warm")
def test_a_data_folder_that_cannot_be_created_gives_a_store_error(shared_tmp: Path) -> None:
    shared_tmp.chmod(0o555)
    home = shared_tmp / "starcoach" / "home"
    with (
        unprivileged(),
        pytest.raises(StoreError, match=r"cannot create the folder .* \(Permission denied\); check permissions"),
    ):
        Store.open(f"sqlite:///{home / 'starcoach.db'}")
    assert not home.parent.exists()


def _stored_read_only(folder: Path) -> str:
    url = f"sqlite:///{folder / 'starcoach.db'}"
    with Store.open(url) as store:
        store.create_session(make_session(turns=[make_turn(0)]))
    for path in folder.iterdir():
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return url


@pytest.mark.usefixtures("warm")
def test_a_read_only_database_file_can_be_read_but_a_write_says_check_permissions(shared_tmp: Path) -> None:
    url = _stored_read_only(shared_tmp)
    shared_tmp.chmod(0o777)  # WAL readers need to create the -shm file beside it
    with unprivileged():
        store = Store.open(url)
        try:
            assert len(store.get_session("a1b2c3d4e5f6").turns) == 1
            with pytest.raises(StoreError, match="cannot write to the StarCoach database or its folder; check"):
                store.add_turn("a1b2c3d4e5f6", make_turn(1))
        finally:
            store.close()
    with Store.open(url) as store:
        assert len(store.get_session("a1b2c3d4e5f6").turns) == 1


@pytest.mark.usefixtures("warm")
def test_a_database_in_a_read_only_folder_gives_a_store_error_on_opening(shared_tmp: Path) -> None:
    url = _stored_read_only(shared_tmp)
    shared_tmp.chmod(0o555)
    with unprivileged(), pytest.raises(StoreError, match="cannot write to the StarCoach database or its folder"):
        Store.open(url)


def _disk_fills_up(dbapi_connection: Any, _record: Any) -> None:
    # SQLite's own limit: the file may not grow past its current size, as on a full disk.
    pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
    dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_is_a_store_error_and_the_database_stays_as_it_was(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    try:
        store.create_session(make_session(turns=[make_turn(0)]))
        before = store.get_session("a1b2c3d4e5f6")
        event.listen(store._engine, "connect", _disk_fills_up)
        store._engine.dispose()
        long_answer = " ".join([STRONG_STORY] * 25)
        with pytest.raises(StoreError, match="disk is full, so nothing was saved") as caught:
            store.add_turn("a1b2c3d4e5f6", make_turn(1, answer=long_answer))
        assert caught.value.hint == "Free some disk space, then try again."
        event.remove(store._engine, "connect", _disk_fills_up)
        store._engine.dispose()
        assert store.get_session("a1b2c3d4e5f6") == before
    finally:
        store.close()
    with sqlite3.connect(_path(sqlite_url)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def test_every_connection_uses_wal_foreign_keys_and_a_busy_timeout(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store, store._engine.connect() as connection:
        pragmas = [connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in ("journal_mode", "foreign_keys")]
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert pragmas == ["wal", 1] and timeout == 5000


def test_the_data_folder_is_created_when_missing(sqlite_url: str) -> None:
    assert not _path(sqlite_url).parent.exists()
    Store.open(sqlite_url).close()
    assert _path(sqlite_url).is_file()


def test_an_unreachable_postgres_server_is_a_store_error() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot connect to the database server") as caught:
        Store.open("postgresql+psycopg://someone:secret@127.0.0.1:1/starcoach")
    assert "secret" not in str(caught.value) and "STARCOACH_DATABASE_URL" in str(caught.value)


@pytest.mark.parametrize(
    ("url", "message"),
    [("not a url", "not a database URL"), ("postgresql+nosuchdriver://h/db", "no database driver")],
)
def test_a_url_that_cannot_be_used_is_a_store_error(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        Store.open(url)


def test_a_refused_file_is_not_changed_by_a_second_attempt_either(tmp_path: Path) -> None:
    path = tmp_path / "starcoach.db"
    path.write_bytes(b"not sqlite at all")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    for _ in range(2):
        with pytest.raises(StoreError):
            Store.open(f"sqlite:///{path}")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
