"""overconfidence.v2: self-praise and absolutes with no evidence behind them."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis._match import find, preceded_by
from starcoach.analysis.analyzers._learned import passing, quoted, sentence_scores
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.language import LanguageResult
from starcoach.analysis.learned import LearnedModels
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.loader import load_lexicons


@dataclass(frozen=True)
class OverconfidenceResult:
    """Boasting sentences, absolutes, and the model's confidence in its most boastful sentence."""

    boasts: tuple[Span, ...]
    absolutes: tuple[Span, ...]
    confidence: float = 0.0

    @property
    def overconfident(self) -> bool:
        """True when the model reads self-praise with nothing behind it (it weighs figures and events)."""
        return bool(self.boasts)


# "not the best", "I want to get really good at": a denial or a goal, not a boast.
_NEGATION_OR_WISH = frozenset(["not", "no", "never", "want", "wants", "hope", "get", "become", "to", "be"])


@analyzer("overconfidence.v2", produces=OverconfidenceResult, reads=(LanguageResult, LearnedModels))
def analyze_overconfidence(answer: Answer, results: Results) -> OverconfidenceResult:
    """Boasts are the sentences the learned model flags; absolutes are listed words, for delivery notes."""
    lexicon = load_lexicons().overconfidence
    scores, threshold = sentence_scores(results, "overconfident")
    boasts = quoted(answer, passing(scores, threshold), lexicon.boasts)
    absolutes = [
        a
        for a in find(answer, lexicon.absolutes)
        if not any(b.start <= a.start < b.end for b in boasts)
        and not preceded_by(answer.lower, a.start, _NEGATION_OR_WISH)
    ]
    return OverconfidenceResult(boasts, tuple(absolutes), max(scores, default=0.0))
