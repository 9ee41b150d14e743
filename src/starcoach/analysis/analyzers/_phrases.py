"""A result shape shared by the analyzers that mark phrases from one word list."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis.answer import Span


@dataclass(frozen=True)
class PhraseHits:
    """Where the phrases of one word list occur."""

    spans: tuple[Span, ...]

    @property
    def found(self) -> bool:
        """True when any phrase occurred."""
        return bool(self.spans)

    def __len__(self) -> int:
        return len(self.spans)
