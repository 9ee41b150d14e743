"""hedging.v1: softening words that make a claim sound unsure."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis._match import find
from starcoach.analysis.analyzers._phrases import PhraseHits
from starcoach.analysis.answer import Answer
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.loader import load_lexicons


@dataclass(frozen=True)
class HedgingResult(PhraseHits):
    """Hedges found, with their rate."""

    words: int = 0

    @property
    def per_100_words(self) -> float:
        """Hedges per hundred words."""
        return round(100.0 * len(self.spans) / self.words, 1) if self.words else 0.0


@analyzer("hedging.v1", produces=HedgingResult)
def analyze_hedging(answer: Answer, _: Results) -> HedgingResult:
    """Mark hedges such as "I think", "maybe", "probably"."""
    return HedgingResult(tuple(find(answer, load_lexicons().hedging.phrases)), answer.word_count)
