"""Shared by the learned flag analyzers: which sentences pass a model, and the words to quote."""

from __future__ import annotations

from collections.abc import Sequence

from starcoach.analysis._match import find
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.language import LanguageResult
from starcoach.analysis.learned import LearnedModels
from starcoach.analysis.registry import Results


def sentence_scores(results: Results, flag: str) -> tuple[list[float], float]:
    """Each sentence's probability for a sentence flag, and the model's threshold."""
    language = results.get(LanguageResult)
    model = results.get(LearnedModels).flags.sentence[flag]
    scores = [
        model.probability({**meaning.features, **language.context}, language.vector(i))
        for i, meaning in enumerate(language.sentences)
    ]
    return scores, model.threshold


def passing(scores: Sequence[float], threshold: float) -> list[int]:
    """Indices of the sentences at or above the threshold, most confident first."""
    return sorted((i for i, p in enumerate(scores) if p >= threshold), key=lambda i: -scores[i])


def quoted(answer: Answer, indices: Sequence[int], phrases: Sequence[str]) -> tuple[Span, ...]:
    """For each passing sentence, the listed phrases inside it, or the whole sentence when none is there.

    The model judged the sentence; a phrase from the word list, when one is there, is the
    tighter quote of what earned it. Sentences with such a phrase come first, then the rest,
    each group most confident first: the first span is the one feedback quotes.
    """
    phrased: list[Span] = []
    whole: list[Span] = []
    for i in indices:
        sentence = answer.sentences[i]
        hits = find(answer, phrases, sentence.start, sentence.end)
        if hits:
            phrased += hits
        else:
            whole.append(Span(sentence.start, sentence.end))
    return tuple(phrased + whole)
