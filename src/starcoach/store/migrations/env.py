"""Alembic environment: StarCoach passes the open connection in; nothing reads alembic.ini."""

from __future__ import annotations

from alembic import context

from starcoach.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite can only alter tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
