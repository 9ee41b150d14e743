"""What every repository of the Store shares: its transactions and the place to name in errors."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy.orm import Session

from starcoach.store._engine import Target

Transaction = Callable[[], AbstractContextManager[Session]]


class RepositoryBase:
    """Holds the Store's write and read transactions; each write commits on its own, or not at all."""

    def __init__(self, writing: Transaction, reading: Transaction, target: Target) -> None:
        self._writing = writing
        self._reading = reading
        self._target = target

    @property
    def where(self) -> str:
        """The database, as error messages name it."""
        return self._target.where
