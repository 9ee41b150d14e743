"""theoretical.v1: a question that asks for a past event, answered with general talk."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starcoach.analysis._grammar import count_past
from starcoach.analysis.analyzers.star import StarResult
from starcoach.analysis.answer import Answer, QuestionType, Span
from starcoach.analysis.registry import Results, analyzer

_GENERIC = re.compile(
    r"\b(?:i (?:would|'d|always|usually|normally|generally|just|never|tend to)|i'd|whenever|"
    r"every (?:time|customer|day)|all the time|you (?:have to|need to|should|can't|just)|"
    r"(?:some |most )?people (?:are|who|just)|i'm (?:always|very|really|a|the))\b"
)


@dataclass(frozen=True)
class TheoreticalResult:
    """Sentences that tell a specific past event, and general-talk phrases."""

    applies: bool
    event_sentences: tuple[int, ...]
    generic_spans: tuple[Span, ...]

    @property
    def theoretical(self) -> bool:
        """True when the question wants a real example and none is told."""
        return self.applies and not self.event_sentences


@analyzer("theoretical.v1", produces=TheoreticalResult, reads=(StarResult,))
def analyze_theoretical(answer: Answer, results: Results) -> TheoreticalResult:
    """A past event is a Situation, Action or Result sentence told in the past tense."""
    star = results.get(StarResult)
    events = tuple(
        i
        for i, (sentence, label) in enumerate(zip(answer.sentences, star.labels))
        if label in ("S", "A", "R", "T") and count_past([t for t in answer.sentence_tokens(sentence) if t.is_word])
    )
    generic = tuple(Span(m.start(), m.end()) for m in _GENERIC.finditer(answer.lower))
    # With no question we cannot know a story was asked for; judge only clear general talk.
    applies = answer.question_type is QuestionType.BEHAVIORAL or (
        answer.question_type is QuestionType.UNKNOWN and bool(generic)
    )
    return TheoreticalResult(applies, events, generic)
