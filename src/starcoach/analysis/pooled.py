"""Whole-answer features for the answer-level models: is a real event told, does it stay on track."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.language import LanguageResult

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Matrix = NDArray[np.float32]

# Asides and lost threads; a feature among others, never a verdict on its own.
DIGRESSION = re.compile(
    r"\b(?:anyway|anyways|that reminds me|reminds me of|by the way|where was i|long story short|oh and|"
    r"but that's another story|i forget|i'm rambling|what was the question|off topic|funny story|"
    r"side note|speaking of|i digress|going back to|where do i (?:even )?start|or no,? wait)\b"
)
# General talk about what one would, always or usually does; the theoretical flag quotes these too.
GENERAL_TALK = re.compile(
    r"\b(?:i (?:would|always|usually|normally|generally|tend to|try to)|i'd|whenever|every (?:time|customer)|"
    r"you (?:have to|need to|should|always|just)|(?:most )?people (?:are|who|just)|in general|generally)\b"
)
_NO_EXAMPLE = re.compile(
    r"\b(?:can't think of|cannot think of|don't have (?:a|an|one|any)|never (?:had|been in|really had)|"
    r"haven't (?:had|really)|not (?:a|one) (?:specific|particular)|nothing comes to mind|no specific)\b"
)


def _share(language: LanguageResult, name: str) -> float:
    n = len(language.sentences)
    return sum(1 for s in language.sentences if s.features.get(name)) / n if n else 0.0


def repeated_trigrams(answer: Answer) -> tuple[float, tuple[Span, ...]]:
    """Share of word trigrams said more than once, and each stretch where words are said again."""
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


def event_features(answer: Answer, language: LanguageResult) -> dict[str, float]:
    """Is one real, past event told, or general talk about what one would or always does?"""
    f = dict(language.context)
    f["share:past"] = _share(language, "tense:past")
    f["share:hypothetical"] = _share(language, "mood:hypothetical")
    f["share:habitual"] = _share(language, "mood:habitual")
    f["share:i_acts"] = _share(language, "i:acts")
    f["share:you"] = _share(language, "who:you")
    f["any:time_anchor"] = 1.0 if _share(language, "time_anchor") else 0.0
    f["any:digits"] = 1.0 if _share(language, "digits") else 0.0
    past_acts = sum(1 for s in language.sentences if s.features.get("i:acts") and s.features.get("tense:past"))
    f["past_i_acts"] = min(past_acts, 4) / 4
    f["general_talk"] = min(len(GENERAL_TALK.findall(answer.lower)), 4) / 4
    f["no_example"] = 1.0 if _NO_EXAMPLE.search(answer.lower) else 0.0
    f["sentences"] = min(len(language.sentences), 12) / 12
    return f


# A sentence whose meaning sits this far from the answer's centre has left the story.
OFF_CORE = 0.45


def closeness_to_core(language: LanguageResult) -> Matrix:
    """Each sentence's cosine to the mean meaning of the answer (its core)."""
    import numpy as np

    centroid = language.vectors.mean(axis=0)
    closeness: Matrix = language.vectors @ (centroid / (float(np.linalg.norm(centroid)) or 1.0))
    return closeness


def drift_features(answer: Answer, language: LanguageResult) -> dict[str, float]:
    """Length, repetition, asides and how far sentences wander from the question and from each other."""
    import numpy as np

    f = dict(language.context)
    words = len(answer.text.split())
    f["words:over_250"] = 1.0 if words > 250 else 0.0
    f["words:over_180"] = 1.0 if words > 180 else 0.0
    f["repetition"] = repeated_trigrams(answer)[0]
    f["asides"] = min(len(DIGRESSION.findall(answer.lower)), 3) / 3
    vectors = language.vectors
    if len(vectors) >= 2:
        to_core = closeness_to_core(language)
        f["core:mean"] = float(to_core.mean())
        f["core:low_share"] = float((to_core < OFF_CORE).mean())
        if float(np.linalg.norm(language.question_vector)) > 0:
            to_question = vectors @ language.question_vector
            f["question:mean"] = float(to_question.mean())
            f["question:low_share"] = float((to_question < 0.2).mean())
        sims = vectors @ vectors.T
        upper = sims[np.triu_indices(len(vectors), k=1)]
        f["self:near_duplicates"] = min(float((upper > 0.9).sum()), 4) / 4
    f["sentences:log"] = math.log1p(len(language.sentences)) / math.log1p(30)
    return f
