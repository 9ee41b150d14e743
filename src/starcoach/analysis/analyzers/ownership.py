"""ownership.v1: what the speaker personally did ("I called") against "we" and the passive."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starcoach.analysis._grammar import first_person_actions
from starcoach.analysis.analyzers.star import StarResult
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.registry import Results, analyzer

_WE_ACTION = re.compile(
    r"\b(?:we|our team|the team)\s+(?:all\s+|just\s+|each\s+|then\s+|also\s+)*"
    r"(?!were\b|are\b|had\b|have\b|'re\b|'ve\b)[a-z]+(?:ed)?\b"
)
_PASSIVE = re.compile(
    r"\b(?:was|were|got|been|being)\s+(?:\w+ly\s+)?(?:[a-z]+ed|done|sent|made|given|taken|told|sorted|fixed)\b"
    r"(?!\s+(?:to|that|about|with|by me))"
)


@dataclass(frozen=True)
class OwnershipResult:
    """First-person singular actions, "we" actions, and passive constructions."""

    i_actions: tuple[Span, ...]
    story_actions: tuple[Span, ...]
    we_actions: tuple[Span, ...]
    passives: tuple[Span, ...]

    @property
    def ownership(self) -> bool:
        """True when the speaker clearly says what they personally did."""
        return bool(self.story_actions) and len(self.i_actions) >= len(self.we_actions) / 2


@analyzer("ownership.v1", produces=OwnershipResult, reads=(StarResult,))
def analyze_ownership(answer: Answer, results: Results) -> OwnershipResult:
    """Count who acts: "I", "we", or nobody (the passive); story actions are "I" in Action sentences."""
    labels = results.get(StarResult).labels
    i_actions: list[Span] = []
    story_actions: list[Span] = []
    for sentence in answer.sentences:
        words = [t for t in answer.sentence_tokens(sentence) if t.is_word]
        for i, verb in first_person_actions(words):
            i_actions.append(Span(words[i].start, verb.end))
            if labels[sentence.index] == "A":
                story_actions.append(i_actions[-1])
    we_actions = [Span(m.start(), m.end()) for m in _WE_ACTION.finditer(answer.lower)]
    passives = [Span(m.start(), m.end()) for m in _PASSIVE.finditer(answer.lower)]
    return OwnershipResult(tuple(i_actions), tuple(story_actions), tuple(we_actions), tuple(passives))
