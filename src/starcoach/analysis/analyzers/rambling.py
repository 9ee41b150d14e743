"""rambling.v1: too long for the 60-120 s window, repetitive, or drifting off the question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starcoach.analysis.analyzers.star import StarResult
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.registry import Results, analyzer

WINDOW_SECONDS = (60.0, 120.0)
# Asides, self-corrections and lost threads: the marks of a speaker off the track.
_DIGRESSION = re.compile(
    r"(?:(?:^|[,.;:]\s*|\b(?:but|so|and)\s+)(?P<anyway>anyways?)\b)"
    r"|\b(?:that reminds me|reminds me of|by the way|if you think about it|where do i "
    r"(?:even )?start|or no,? wait|wait,? no|where was i|"
    r"long story short|oh and|oh,? also|but that's another story|which was,? um,? a whole thing|"
    r"a whole thing|i forget|i'm rambling|what was the question|off topic|funny story|random)\b"
)


@dataclass(frozen=True)
class RamblingResult:
    """Length against the window, repetition, asides, and overlap with the question."""

    seconds: float
    over_window: bool
    digressions: tuple[Span, ...]
    repeated_share: float
    has_action: bool
    repeats: tuple[Span, ...] = ()

    @property
    def rambling(self) -> bool:
        """True when the answer runs long, repeats itself, or wanders off and never comes back."""
        wandering = len(self.digressions) >= 2 or (bool(self.digressions) and not self.has_action)
        return self.over_window or wandering or self.repeated_share > 0.2


def _repetition(answer: Answer) -> tuple[float, tuple[Span, ...]]:
    """Share of word trigrams said more than once, and where each was said again."""
    words = [t for t in answer.tokens if t.is_word]
    grams = [(words[i].lower, words[i + 1].lower, words[i + 2].lower) for i in range(len(words) - 2)]
    if len(grams) < 30:
        return 0.0, ()
    counts: dict[tuple[str, ...], int] = {}
    for gram in grams:
        counts[gram] = counts.get(gram, 0) + 1
    repeated = sum(count for count in counts.values() if count > 1)
    seen: set[tuple[str, ...]] = set()
    again: list[Span] = []
    for i, gram in enumerate(grams):
        if gram in seen:
            span = Span(words[i].start, words[i + 2].end)
            if again and span.start <= again[-1].end:
                span = Span(again.pop().start, span.end)  # one stretch of repeated words, not many
            again.append(span)
        seen.add(gram)
    return round(repeated / len(grams), 3), tuple(again)


@analyzer("rambling.v1", produces=RamblingResult, reads=(StarResult,))
def analyze_rambling(answer: Answer, results: Results) -> RamblingResult:
    """Length is spoken seconds at the answer's words-per-minute (150 unless measured)."""
    seconds = answer.estimated_seconds
    digressions = tuple(
        Span(m.start("anyway"), m.end()) if m.group("anyway") else Span(m.start(), m.end())
        for m in _DIGRESSION.finditer(answer.lower)
    )
    has_action = results.get(StarResult).has("A")
    share, repeats = _repetition(answer)
    return RamblingResult(seconds, seconds > WINDOW_SECONDS[1], digressions, share, has_action, repeats)
