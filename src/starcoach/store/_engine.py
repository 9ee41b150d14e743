"""Engines for a database URL: SQLite pragmas and transactions, and database failures as StoreErrors."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, NullPool, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

from starcoach.errors import StoreError

BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"
WRITE_OPTION = "starcoach_write"
Mode = Literal["probe", "migrate", "normal"]

_NO_WRITE = "Make the folder and the file writable by you, or set STARCOACH_HOME to a folder you own."


@dataclass(frozen=True)
class Target:
    """A parsed database URL, with the place to name in messages (a path, or the URL without password)."""

    url: URL
    where: str

    @property
    def sqlite_path(self) -> Path | None:
        """The database file, for SQLite on disk; None otherwise."""
        if self.url.get_backend_name() != "sqlite":
            return None
        database = self.url.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            return None
        return Path(database)


def parse(url: str) -> Target:
    """Parse a database URL, refusing one SQLAlchemy cannot read."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        # Not echoed: a mistyped URL may still hold a password.
        raise StoreError(
            "the database setting is not a database URL",
            hint="Set STARCOACH_DATABASE_URL to sqlite:///path/to/file.db or postgresql+psycopg://user@host/db.",
        ) from exc
    target = Target(parsed, parsed.render_as_string(hide_password=True))
    path = target.sqlite_path
    return Target(parsed, str(path)) if path is not None else target


def prepare_sqlite_file(target: Target) -> None:
    """Create the data folder; refuse, without touching it, an existing file that is not SQLite."""
    path = target.sqlite_path
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the folder for the StarCoach database ({exc.strerror}); check permissions",
            where=str(path),
            hint=_NO_WRITE,
        ) from exc
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(
            f"cannot read the StarCoach database file ({exc.strerror}); check permissions",
            where=str(path),
            hint=_NO_WRITE,
        ) from exc
    # An empty file is a database not yet written (SQLite treats it so); anything else must start with the magic.
    if head and head != SQLITE_MAGIC:
        raise corrupt(str(path))


def corrupt(where: str) -> StoreError:
    """The error for a file that is not (or no longer) an SQLite database."""
    return StoreError(
        "the StarCoach database file is not a database (not SQLite, or damaged)",
        where=where,
        hint="It was left untouched: move it aside to start afresh, or restore a backup.",
    )


def make_engine(target: Target, mode: Mode = "normal") -> Engine:
    """An engine for the target: probe (read-only look), migrate (foreign keys off), or normal use."""
    backend = target.url.get_backend_name()
    connect_args: dict[str, Any] = {}
    if backend == "postgresql" and "connect_timeout" not in target.url.query:
        connect_args["connect_timeout"] = 10  # an unreachable host should fail, not hang
    options: dict[str, Any] = {"poolclass": NullPool} if mode != "normal" else {}
    try:
        engine = create_engine(target.url, connect_args=connect_args, pool_pre_ping=backend != "sqlite", **options)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StoreError(
            f"no database driver for '{target.url.drivername}' is installed",
            where=target.where,
            hint="For PostgreSQL: pip install 'starcoach[postgres]' and use postgresql+psycopg://...",
        ) from exc
    if backend == "sqlite":
        _configure_sqlite(engine, mode)
    return engine


def _configure_sqlite(engine: Engine, mode: Mode) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy emits BEGIN itself (below), so the driver's own half-transactions are switched off.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # Wait for another process's write instead of failing at once.
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if mode == "probe":
                cursor.execute("PRAGMA query_only = ON")  # looking must not change a file we may refuse
                return
            _use_wal(cursor)
            # Off while migrating: SQLite batch mode copies tables, which would cascade-delete turns.
            cursor.execute(f"PRAGMA foreign_keys = {'OFF' if mode == 'migrate' else 'ON'}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A writer takes the write lock up front, so it waits (busy_timeout) rather than
        # failing midway when another process wrote since its first read.
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _use_wal(cursor: Any) -> None:
    # WAL: readers never block the writer, and two processes can take turns writing.
    # Switching to it needs the file to itself and SQLite does not wait for that (no busy
    # handler), so a process opening a new database while another does retries here.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if mode in ("wal", "memory") or cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal":
                return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            return  # still not WAL: the database works as before, only with less concurrency
        time.sleep(0.01)


@contextmanager
def translated(target: Target) -> Iterator[None]:
    """Turn database failures a user can cause or fix into StoreErrors; let bugs through."""
    try:
        yield
    except DBAPIError as exc:
        error = explain(exc, target)
        if error is None:
            raise
        raise error from exc


def explain(exc: DBAPIError, target: Target) -> StoreError | None:
    """The StoreError for a database failure, or None for one that is a bug."""
    if target.url.get_backend_name() == "sqlite":
        return _explain_sqlite(exc, target.where)
    return _explain_server(exc, target.where)


def _explain_sqlite(exc: DBAPIError, where: str) -> StoreError | None:
    name = str(getattr(exc.orig, "sqlite_errorname", ""))
    message = str(exc.orig).lower()
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")) or "readonly" in message:
        return StoreError(
            "cannot write to the StarCoach database or its folder; check permissions", where=where, hint=_NO_WRITE
        )
    if name.startswith("SQLITE_FULL") or "disk is full" in message:
        return StoreError(
            "the StarCoach database or its disk is full, so nothing was saved from this step",
            where=where,
            hint="Free some disk space, then try again.",
        )
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or "not a database" in message or "malformed" in message:
        return corrupt(where)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in message:
        return StoreError(
            "the StarCoach database is busy (another StarCoach is writing to it)",
            where=where,
            hint="Try again in a moment.",
        )
    if name.startswith("SQLITE_IOERR") or "disk i/o" in message:
        return StoreError(
            "the disk reported an error while reading or writing the StarCoach database",
            where=where,
            hint="Check the disk, then try again.",
        )
    return None


def _explain_server(exc: DBAPIError, where: str) -> StoreError | None:
    state = str(getattr(exc.orig, "sqlstate", None) or "")
    first_line = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc.orig).__name__
    if state.startswith("28"):
        return StoreError(
            f"the database server refused the login ({first_line})",
            where=where,
            hint="Check the user and password in STARCOACH_DATABASE_URL.",
        )
    if state == "3D000":
        return StoreError(
            "the StarCoach database does not exist on the server",
            where=where,
            hint="Create it (createdb), then try again.",
        )
    if state in ("42501", "25006"):
        return StoreError(
            "cannot write to the StarCoach database; check permissions",
            where=where,
            hint="Grant the user CREATE and write rights, or use another database.",
        )
    if state == "53100":
        return StoreError(
            "the database server's disk is full, so nothing was saved from this step",
            where=where,
            hint="Free space on the server, then try again.",
        )
    if state in ("40001", "40P01", "55P03"):
        return StoreError(
            "the database was busy and gave up on this step", where=where, hint="Nothing was saved; try again."
        )
    if (
        exc.connection_invalidated
        or state.startswith(("08", "57P"))
        or (not state and isinstance(exc, OperationalError))
    ):
        return StoreError(
            f"cannot connect to the database server ({first_line})",
            where=where,
            hint="Check that PostgreSQL is running and that STARCOACH_DATABASE_URL (host, user, database) is right.",
        )
    return None
