"""Persistence: sessions and turns in SQLite or PostgreSQL, migrated with Alembic."""

from starcoach.store.repository import Store

__all__ = ["Store"]
