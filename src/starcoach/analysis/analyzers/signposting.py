"""signposting.v1: words that tell the listener where the answer is going."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis._match import find
from starcoach.analysis.analyzers._phrases import PhraseHits
from starcoach.analysis.answer import Answer
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.loader import load_lexicons


@dataclass(frozen=True)
class SignpostResult(PhraseHits):
    """Signposts found ("first", "then", "as a result")."""


@analyzer("signposting.v1", produces=SignpostResult)
def analyze_signposting(answer: Answer, _: Results) -> SignpostResult:
    """Mark signposts at the start of a sentence or clause, where they guide the listener."""
    spans = []
    for span in find(answer, load_lexicons().signposting.phrases):
        # Only the last few characters before the signpost matter; slicing the whole prefix per
        # hit made long answers quadratic.
        end = span.start
        while end > 0 and answer.lower[end - 1].isspace():
            end -= 1
        head = answer.lower[max(0, end - 4) : end]
        if end == 0 or head[-1] in ',.;:!?"' or head.endswith((" and", " so", " but")):
            spans.append(span)
    return SignpostResult(tuple(spans))
