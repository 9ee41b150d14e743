"""blame.v1: faulting customers, colleagues or systems, and whether the speaker then acted."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis._match import find, preceded_by
from starcoach.analysis.analyzers.ownership import OwnershipResult
from starcoach.analysis.analyzers.star import StarResult
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.loader import load_lexicons

# Corrective action means at least this many of the speaker's own actions in the
# Action or Result part of the story: one "I" alone ("I got new eggs") is not a fix.
_CORRECTIVE_ACTIONS = 2
_NEGATION = frozenset(["not", "no", "never", "without"])


@dataclass(frozen=True)
class BlameResult:
    """Blaming words, and the speaker's own corrective actions."""

    blame_spans: tuple[Span, ...]
    corrective_spans: tuple[Span, ...]

    @property
    def blames_others(self) -> bool:
        """True when the answer faults someone or something else."""
        return bool(self.blame_spans)

    @property
    def blame(self) -> bool:
        """Blame with no corrective action of the speaker's own: the red flag."""
        return self.blames_others and len(self.corrective_spans) < _CORRECTIVE_ACTIONS


@analyzer("blame.v1", produces=BlameResult, reads=(StarResult, OwnershipResult))
def analyze_blame(answer: Answer, results: Results) -> BlameResult:
    """Find blaming words; count the speaker's own actions in Action/Result sentences."""
    star = results.get(StarResult)
    ownership = results.get(OwnershipResult)
    blame_spans = [
        span
        for span in find(answer, load_lexicons().blame.faults)
        if not preceded_by(answer.lower, span.start, _NEGATION)
    ]
    acting = {i for i, label in enumerate(star.labels) if label in ("A", "R")}
    corrective = [
        span
        for span in ownership.i_actions
        if (sentence := answer.sentence_at(span.start)) is not None
        and sentence.index in acting
        and not any(b.start >= sentence.start and b.end <= sentence.end for b in blame_spans)
    ]
    return BlameResult(tuple(blame_spans), tuple(corrective))
