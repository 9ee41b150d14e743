"""active_listening.v1: listening, confirming, repeating back, asking to clarify."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starcoach.analysis._match import find
from starcoach.analysis.analyzers._phrases import PhraseHits
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.loader import load_lexicons


@dataclass(frozen=True)
class ListeningResult(PhraseHits):
    """Listening and confirming moves the candidate describes."""


# Asking the customer something: "asked her three quick questions", "I'd ask what outcome...".
_WHO = r"(?:her|him|them|the customer|the caller|each person|each caller|the guest|the passenger)"
_ASKED = re.compile(
    rf"\b(?:i|i'd|i would|by|then)\s+(?:first\s+|also\s+)?(?:ask|asked|asking)\s+"
    rf"(?:(?:{_WHO}\s+)?(?:a few |some |one or two |two |three |a couple of )?(?:quick |clarifying |short |simple )?"
    rf"questions?|(?:{_WHO}\s+)?(?:what|how|which|when)|{_WHO}\s+(?:whether|if|for (?:the|their|her|his) \w+))\b"
)
# Checking a fact with the customer, not only in a system: "confirmed the two dates with him".
_CONFIRMED_WITH = re.compile(rf"\b(?:confirm|confirmed|checked|verified)\s+(?:[\w'-]+\s+){{0,5}}?with\s+{_WHO}\b")


@analyzer("active_listening.v1", produces=ListeningResult)
def analyze_listening(answer: Answer, _: Results) -> ListeningResult:
    """Mark confirming, clarifying and listening moves, and questions put to the customer."""
    spans = find(answer, load_lexicons().active_listening.phrases)
    for pattern in (_ASKED, _CONFIRMED_WITH):
        spans += [Span(m.start(), m.end()) for m in pattern.finditer(answer.lower)]
    return ListeningResult(tuple(sorted(set(spans), key=lambda s: s.start)))
