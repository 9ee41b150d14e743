"""Persistence: sessions and turns in SQLite or PostgreSQL (migrated with Alembic), and the user's files.

``Store`` is loaded on first use: SQLAlchemy is slow to import, and the file stores
(`store.recordings`, `store.calls`) do not need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starcoach.store.repository import Store

__all__ = ["Store"]


def __getattr__(name: str) -> object:
    if name == "Store":
        from starcoach.store.repository import Store

        return Store
    raise AttributeError(f"module 'starcoach.store' has no attribute {name!r}")
