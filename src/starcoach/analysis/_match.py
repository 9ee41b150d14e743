"""Find lexicon phrases in an answer as whole words, returning spans."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from starcoach.analysis.answer import Answer, Span


def _phrase_pattern(phrase: str) -> str:
    parts = [re.escape(word) for word in phrase.split()]
    pattern = r"\s+".join(parts)
    return pattern.replace(r"\*", r"[\w'-]*")


@lru_cache(maxsize=256)
def compile_phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any phrase as whole words; longer phrases win."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(_phrase_pattern(p) for p in ordered) or r"(?!x)x"
    # Not inside a word, nor after a word's apostrophe ("don't"); an opening quote ('I can see...') is fine.
    return re.compile(rf"(?<!\w)(?<!\w')(?:{body})(?![\w])")


def find(answer: Answer, phrases: Sequence[str], start: int = 0, end: int | None = None) -> list[Span]:
    """Spans where any phrase occurs in the answer (or in [start, end))."""
    pattern = compile_phrases(tuple(phrases))
    stop = len(answer.text) if end is None else end
    return [Span(m.start(), m.end()) for m in pattern.finditer(answer.lower, start, stop)]


def find_in_text(lowered: str, phrases: Sequence[str]) -> list[tuple[int, int]]:
    """Offsets where any phrase occurs in an already lower-cased text."""
    return [(m.start(), m.end()) for m in compile_phrases(tuple(phrases)).finditer(lowered)]


def preceded_by(lowered: str, start: int, words: frozenset[str], window: int = 3) -> bool:
    """True when one of ``words`` (or any "n't" word) is among the few words before ``start``
    in the same clause: "not the best", "never rude back"."""
    head = lowered[max(0, start - 40) : start]
    for stop in ".!?;,":
        head = head.rsplit(stop, 1)[-1]
    before = [w.strip(",:\"'") for w in head.split()[-window:]]
    return any(word in words or word.endswith("n't") for word in before)
