"""blame.v2: faulting customers, colleagues or systems with nothing the speaker did about it."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis.analyzers._learned import passing, quoted, sentence_scores
from starcoach.analysis.analyzers.ownership import OwnershipResult
from starcoach.analysis.analyzers.star import StarResult
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.language import LanguageResult
from starcoach.analysis.learned import LearnedModels
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.loader import load_lexicons


@dataclass(frozen=True)
class BlameResult:
    """Blaming sentences, and the speaker's own actions in the story's steps."""

    blame_spans: tuple[Span, ...]
    corrective_spans: tuple[Span, ...]
    confidence: float = 0.0

    @property
    def blames_others(self) -> bool:
        """True when the answer faults someone or something else."""
        return bool(self.blame_spans)

    @property
    def blame(self) -> bool:
        """The red flag: the model reads the fault as left on others (it weighs the speaker's own fix)."""
        return self.blames_others


@analyzer("blame.v2", produces=BlameResult, reads=(StarResult, OwnershipResult, LanguageResult, LearnedModels))
def analyze_blame(answer: Answer, results: Results) -> BlameResult:
    """Sentences the learned model reads as shifting blame; the speaker's actions for context."""
    star = results.get(StarResult)
    ownership = results.get(OwnershipResult)
    scores, threshold = sentence_scores(results, "blame")
    chosen = passing(scores, threshold)
    acting = {i for i, label in enumerate(star.labels) if label in ("A", "R")}
    corrective = [
        span
        for span in ownership.i_actions
        if (sentence := answer.sentence_at(span.start)) is not None
        and sentence.index in acting
        and sentence.index not in chosen
    ]
    return BlameResult(
        quoted(answer, chosen, load_lexicons().blame.faults), tuple(corrective), max(scores, default=0.0)
    )
