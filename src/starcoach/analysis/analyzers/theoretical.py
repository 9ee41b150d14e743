"""theoretical.v2: a question that asks for a real example, answered with general talk."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis._grammar import count_past
from starcoach.analysis.analyzers.star import StarResult
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.language import LanguageResult
from starcoach.analysis.learned import LearnedModels
from starcoach.analysis.pooled import GENERAL_TALK, event_features
from starcoach.analysis.registry import Results, analyzer


@dataclass(frozen=True)
class TheoreticalResult:
    """The learned verdict, the sentences that tell a past event, and the general-talk phrases."""

    flagged: bool
    event_sentences: tuple[int, ...]
    generic_spans: tuple[Span, ...]
    confidence: float = 0.0

    @property
    def theoretical(self) -> bool:
        """True when the answer talks in general where one real example was wanted."""
        return self.flagged


@analyzer("theoretical.v2", produces=TheoreticalResult, reads=(StarResult, LanguageResult, LearnedModels))
def analyze_theoretical(answer: Answer, results: Results) -> TheoreticalResult:
    """The learned answer model weighs tense, mood, who acts, time anchors and the question's kind."""
    star = results.get(StarResult)
    model = results.get(LearnedModels).flags.answer["theoretical"]
    probability = model.probability(event_features(answer, results.get(LanguageResult)))
    events = tuple(
        i
        for i, (sentence, label) in enumerate(zip(answer.sentences, star.labels))
        if label in ("S", "A", "R", "T") and count_past([t for t in answer.sentence_tokens(sentence) if t.is_word])
    )
    generic = tuple(Span(m.start(), m.end()) for m in GENERAL_TALK.finditer(answer.lower))
    return TheoreticalResult(probability >= model.threshold, events, generic, probability)
