"""rambling.v2: too long, repetitive, or drifting from the question and from the story's core."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis.analyzers.star import StarResult
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.language import LanguageResult
from starcoach.analysis.learned import LearnedModels
from starcoach.analysis.pooled import DIGRESSION, OFF_CORE, closeness_to_core, drift_features, repeated_trigrams
from starcoach.analysis.registry import Results, analyzer

WINDOW_SECONDS = (60.0, 120.0)
# More than this share of word trigrams said twice is repetition anyone hears.
_REPEATED = 0.25
# A sentence this far from the answer's own centre of meaning is a likely detour.


@dataclass(frozen=True)
class RamblingResult:
    """The learned verdict with what it read: length, repetition, asides and off-track sentences."""

    seconds: float
    over_window: bool
    digressions: tuple[Span, ...]
    repeated_share: float
    has_action: bool
    repeats: tuple[Span, ...] = ()
    drifting: tuple[Span, ...] = ()
    flagged: bool = False
    confidence: float = 0.0

    @property
    def rambling(self) -> bool:
        """True when the model reads the answer as unfocused, or it plainly repeats itself or wanders off.

        The model is fitted on answers where rambling is mostly length and drift; word-for-word
        repetition and an answer made of asides are rare there, so they are ruled on directly.
        """
        wandering = len(self.digressions) >= 2 or (bool(self.digressions) and not self.has_action)
        return self.flagged or wandering or self.repeated_share > _REPEATED


def _off_core(answer: Answer, language: LanguageResult) -> tuple[Span, ...]:
    """Sentences whose meaning sits far from the rest of the answer."""
    if len(language.vectors) < 4:
        return ()
    closeness = closeness_to_core(language)
    return tuple(
        Span(s.start, s.end)
        for s, c in zip(answer.sentences, closeness)
        if c < OFF_CORE and len(language.sentences[s.index].words) >= 6
    )


@analyzer("rambling.v2", produces=RamblingResult, reads=(StarResult, LanguageResult, LearnedModels))
def analyze_rambling(answer: Answer, results: Results) -> RamblingResult:
    """Length is spoken seconds at the answer's words-per-minute (150 unless measured)."""
    language = results.get(LanguageResult)
    model = results.get(LearnedModels).flags.answer["rambling"]
    probability = model.probability(drift_features(answer, language))
    seconds = answer.estimated_seconds
    digressions = tuple(Span(m.start(), m.end()) for m in DIGRESSION.finditer(answer.lower))
    share, repeats = repeated_trigrams(answer)
    return RamblingResult(
        seconds,
        seconds > WINDOW_SECONDS[1],
        digressions,
        share,
        results.get(StarResult).has("A"),
        repeats,
        _off_core(answer, language),
        probability >= model.threshold,
        probability,
    )
