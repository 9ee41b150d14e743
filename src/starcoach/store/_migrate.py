"""Alembic, run from code: refuse a database this version does not know, then upgrade it to head."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from starcoach.errors import StoreError
from starcoach.store._engine import WRITE_OPTION, Target, make_engine, translated

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in migrations/versions (a test checks they agree). Knowing it here lets an
# up-to-date database open without importing Alembic, which costs ~0.2 s of every command's start.
HEAD = "0003_session_owners"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
OUR_TABLES = frozenset({"sessions", "turns", "stories", "company_notes", "checklist_ticks", "session_owners"})
# Any fixed number: PostgreSQL processes opening the store at once take turns to migrate.
_PG_MIGRATION_LOCK = 0x53544152


@dataclass(frozen=True)
class SchemaState:
    """What a database holds before we touch it: its Alembic revisions and its tables."""

    revisions: frozenset[str]
    tables: frozenset[str]


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config for the packaged migrations; no alembic.ini needed."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    # New revision files are named v<id>_<slug>.py: a module name may not start with a digit.
    config.set_main_option("file_template", "v%%(rev)s_%%(slug)s")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def head_revisions() -> frozenset[str]:
    """The revisions this version of StarCoach migrates to, as Alembic finds them."""
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def read_state(connection: Connection) -> SchemaState:
    """The revisions and tables a database holds."""
    tables = frozenset(inspect(connection).get_table_names())
    revisions: frozenset[str] = frozenset()
    if "alembic_version" in tables:
        revisions = frozenset(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    return SchemaState(revisions, tables)


def refuse_unknown(state: SchemaState, where: str) -> None:
    """Refuse a database made by a newer StarCoach, or one whose tables are someone else's."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    known = {revision.revision for revision in script.walk_revisions()}
    unknown = sorted(state.revisions - known)
    if unknown:
        raise StoreError(
            f"the StarCoach database was made by a newer StarCoach (schema revision {unknown[0]})",
            where=where,
            hint="Upgrade StarCoach (pip install -U starcoach); the database was left untouched.",
        )
    if not state.revisions and state.tables & OUR_TABLES:
        raise StoreError(
            "the StarCoach database has sessions or turns tables that StarCoach did not make",
            where=where,
            hint="Point STARCOACH_DATABASE_URL at an empty database or schema.",
        )


def migrate(target: Target) -> None:
    """Bring the database to head, after checking (without writing) that it is ours to change."""
    probe = make_engine(target, "probe")
    try:
        with translated(target), probe.connect() as connection:
            state = read_state(connection)
    finally:
        probe.dispose()
    if state.revisions == {HEAD}:
        return
    refuse_unknown(state, target.where)
    engine = make_engine(target, "migrate")
    try:
        with translated(target), engine.connect() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
                # Again, under the lock: another process may have migrated since the probe.
                state = read_state(connection)
                refuse_unknown(state, target.where)
                if state.revisions != {HEAD}:
                    from alembic import command

                    command.upgrade(alembic_config(connection), "head")
    finally:
        engine.dispose()
