"""overconfidence.v1: absolutes and self-praise with no evidence behind them."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis._match import find, preceded_by
from starcoach.analysis.analyzers.specificity import SpecificityResult
from starcoach.analysis.analyzers.theoretical import TheoreticalResult
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.loader import load_lexicons


@dataclass(frozen=True)
class OverconfidenceResult:
    """Boasts and absolutes, and whether the answer backs them with a story or a figure."""

    boasts: tuple[Span, ...]
    absolutes: tuple[Span, ...]
    backed: bool

    @property
    def overconfident(self) -> bool:
        """True when self-praise stands without evidence; absolutes only make it louder."""
        return not self.backed and bool(self.boasts)


# "not the best", "I want to get really good at": a denial or a goal, not a boast.
_NEGATION_OR_WISH = frozenset(["not", "no", "never", "want", "wants", "hope", "get", "become", "to", "be"])


def _hedged_or_wished(lowered: str, start: int) -> bool:
    return preceded_by(lowered, start, _NEGATION_OR_WISH)


@analyzer("overconfidence.v1", produces=OverconfidenceResult, reads=(SpecificityResult, TheoreticalResult))
def analyze_overconfidence(answer: Answer, results: Results) -> OverconfidenceResult:
    """Evidence is a concrete figure or a told past event."""
    lexicon = load_lexicons().overconfidence
    boasts = [b for b in find(answer, lexicon.boasts) if not _hedged_or_wished(answer.lower, b.start)]
    absolutes = [
        a
        for a in find(answer, lexicon.absolutes)
        if not any(b.start <= a.start < b.end for b in boasts) and not _hedged_or_wished(answer.lower, a.start)
    ]
    backed = results.get(SpecificityResult).quantified or len(results.get(TheoreticalResult).event_sentences) >= 2
    return OverconfidenceResult(tuple(boasts), tuple(absolutes), backed)
