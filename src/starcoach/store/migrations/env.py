"""Alembic environment: the store passes its open connection in; nothing reads alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from starcoach.store.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters a table by copying it
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # Authoring a revision (see docs/storage.md): connect from sqlalchemy.url, with the store's pragmas.
    from starcoach.store._engine import make_engine, parse

    engine = make_engine(parse(config.get_main_option("sqlalchemy.url") or ""), "migrate")
    try:
        with engine.begin() as own:
            _run(own)
    finally:
        engine.dispose()


_main()
