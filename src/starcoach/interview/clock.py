"""Time, injected: the engine asks a clock, so tests can move time instantly."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Monotonic seconds for durations, and the wall-clock time for records."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; only differences mean anything."""
        ...

    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        """Seconds from the system's monotonic clock."""
        return time.monotonic()

    def now(self) -> datetime:
        """The current UTC time."""
        return datetime.now(UTC)
