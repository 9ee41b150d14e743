"""active_listening.v2: confirming, reading back, asking to clarify, judged sentence by sentence."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis.analyzers._learned import passing, quoted, sentence_scores
from starcoach.analysis.analyzers._phrases import PhraseHits
from starcoach.analysis.answer import Answer
from starcoach.analysis.language import LanguageResult
from starcoach.analysis.learned import LearnedModels
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.loader import load_lexicons


@dataclass(frozen=True)
class ListeningResult(PhraseHits):
    """Listening and confirming moves the candidate describes."""


@analyzer("active_listening.v2", produces=ListeningResult, reads=(LanguageResult, LearnedModels))
def analyze_listening(answer: Answer, results: Results) -> ListeningResult:
    """Sentences the learned model reads as listening to the customer; quote their words."""
    scores, threshold = sentence_scores(results, "active_listening")
    return ListeningResult(quoted(answer, passing(scores, threshold), load_lexicons().active_listening.phrases))
