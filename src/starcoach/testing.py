"""Stand-ins for the edges of the machine, shipped for tests and plugin authors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self._start = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        self._elapsed = 0.0

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self._elapsed += seconds

    def monotonic(self) -> float:
        """Seconds since the clock was made."""
        return self._elapsed

    def now(self) -> datetime:
        """The start time plus what has elapsed."""
        return self._start + timedelta(seconds=self._elapsed)
