"""empathy.v1: acknowledging how the customer feels or sees things."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis._match import find
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.loader import load_lexicons


@dataclass(frozen=True)
class EmpathyResult:
    """Acknowledgements of feeling, and feeling words named in them."""

    acknowledgements: tuple[Span, ...]

    @property
    def empathy(self) -> bool:
        """True when the answer acknowledges the customer's feelings or perspective."""
        return bool(self.acknowledgements)


@analyzer("empathy.v1", produces=EmpathyResult)
def analyze_empathy(answer: Answer, _: Results) -> EmpathyResult:
    """An acknowledgement counts when it sits in a sentence that names a feeling or stakes."""
    lexicon = load_lexicons().empathy
    acknowledgements = find(answer, lexicon.acknowledge)
    feelings = find(answer, lexicon.feelings)
    kept = []
    for span in acknowledgements:
        sentence = answer.sentence_at(span.start)
        if sentence is None:
            continue
        if any(sentence.start <= f.start < sentence.end for f in feelings) or _names_perspective(answer, span):
            kept.append(span)
    return EmpathyResult(tuple(kept))


def _names_perspective(answer: Answer, span: Span) -> bool:
    """Acknowledging phrases that carry the feeling themselves ("that sounds really scary")."""
    phrase = answer.lower[span.start : span.end]
    return phrase.startswith(_SELF_SUFFICIENT)


# Acknowledgements that carry the customer's side in themselves, with no feeling word needed.
_SELF_SUFFICIENT = (
    "in their",
    "in your",
    "from ",
    "their perspective",
    "what's at stake",
    "how much",
    "name what",
    "named how",
    "i'd be",
    "i would be",
    "i'd feel",
    "made sense",
    "could see why",
    "i can see why",
    "match ",
    "that sounds",
    "that must",
    "i understand you",
    "i understand why",
    "i understood why",
)
