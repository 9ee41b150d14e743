"""empathy.v2: acknowledging how the customer feels or sees things, judged sentence by sentence."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis.analyzers._learned import passing, quoted, sentence_scores
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.language import LanguageResult
from starcoach.analysis.learned import LearnedModels
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.loader import load_lexicons


@dataclass(frozen=True)
class EmpathyResult:
    """The words that acknowledge the customer's feelings, and the model's confidence."""

    acknowledgements: tuple[Span, ...]
    confidence: float = 0.0

    @property
    def empathy(self) -> bool:
        """True when the answer acknowledges the customer's feelings or perspective."""
        return bool(self.acknowledgements)


@analyzer("empathy.v2", produces=EmpathyResult, reads=(LanguageResult, LearnedModels))
def analyze_empathy(answer: Answer, results: Results) -> EmpathyResult:
    """A sentence acknowledges a feeling when the learned model says so; quote its words."""
    scores, threshold = sentence_scores(results, "empathy")
    chosen = passing(scores, threshold)
    lexicon = load_lexicons().empathy
    return EmpathyResult(quoted(answer, chosen, lexicon.acknowledge), max(scores, default=0.0))
