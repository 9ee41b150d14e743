"""Signals: the analyzers' results gathered in one typed object for scoring and feedback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from starcoach.analysis._match import find
from starcoach.analysis.analyzers.blame import BlameResult
from starcoach.analysis.analyzers.empathy import EmpathyResult
from starcoach.analysis.analyzers.fillers import FillerResult
from starcoach.analysis.analyzers.hedging import HedgingResult
from starcoach.analysis.analyzers.listening import ListeningResult
from starcoach.analysis.analyzers.overconfidence import OverconfidenceResult
from starcoach.analysis.analyzers.ownership import OwnershipResult
from starcoach.analysis.analyzers.questions_asked import QuestionsAskedResult
from starcoach.analysis.analyzers.rambling import RamblingResult
from starcoach.analysis.analyzers.signposting import SignpostResult
from starcoach.analysis.analyzers.specificity import SpecificityResult
from starcoach.analysis.analyzers.star import StarResult
from starcoach.analysis.analyzers.theoretical import TheoreticalResult
from starcoach.analysis.analyzers.tone import ToneResult
from starcoach.analysis.analyzers.tools import ToolResult
from starcoach.analysis.answer import Answer, QuestionType, Span
from starcoach.analysis.language import LanguageResult
from starcoach.analysis.learned import LearnedModels
from starcoach.analysis.registry import Results
from starcoach.content.loader import load_lexicons

_REASON = re.compile(
    r"\b(?:because|so that|so (?:she|he|they|the customer) (?:knows?|doesn't|don't|can)|to make sure|"
    r"that way|which means|since|in order to)\b"
)
# Above this many fillers per hundred words a listener starts to notice them.
FILLER_HEAVY_PER_100 = 4.0


@dataclass(frozen=True)
class Signals:
    """Typed access to every built-in analyzer's result for one answer."""

    answer: Answer
    models: LearnedModels
    language: LanguageResult
    star: StarResult
    specificity: SpecificityResult
    fillers: FillerResult
    hedging: HedgingResult
    signposts: SignpostResult
    tools: ToolResult
    empathy: EmpathyResult
    listening: ListeningResult
    ownership: OwnershipResult
    blame: BlameResult
    theoretical: TheoreticalResult
    overconfidence: OverconfidenceResult
    rambling: RamblingResult
    questions: QuestionsAskedResult
    tone: ToneResult

    @classmethod
    def from_results(cls, answer: Answer, results: Results) -> Signals:
        """Collect the built-in results from a pipeline run."""
        return cls(
            answer=answer,
            models=results.get(LearnedModels),
            language=results.get(LanguageResult),
            star=results.get(StarResult),
            specificity=results.get(SpecificityResult),
            fillers=results.get(FillerResult),
            hedging=results.get(HedgingResult),
            signposts=results.get(SignpostResult),
            tools=results.get(ToolResult),
            empathy=results.get(EmpathyResult),
            listening=results.get(ListeningResult),
            ownership=results.get(OwnershipResult),
            blame=results.get(BlameResult),
            theoretical=results.get(TheoreticalResult),
            overconfidence=results.get(OverconfidenceResult),
            rambling=results.get(RamblingResult),
            questions=results.get(QuestionsAskedResult),
            tone=results.get(ToneResult),
        )

    @property
    def closing(self) -> bool:
        """The question invited the candidate's own questions."""
        return self.answer.question_type is QuestionType.CLOSING

    @property
    def filler_heavy(self) -> bool:
        """Fillers frequent enough for a listener to notice."""
        return self.fillers.count >= 3 and self.fillers.per_100_words >= FILLER_HEAVY_PER_100

    @property
    def substance(self) -> float:
        """0-1: how much was said, full at 100 words (credit for a flaw left out scales with it)."""
        return min(1.0, self.answer.word_count / 100)

    @cached_property
    def relevance(self) -> float:
        """Mean closeness of the answer's sentences to the question's meaning (0 without a question)."""
        vectors = self.language.vectors
        if not len(vectors) or not float((self.language.question_vector**2).sum()):
            return 0.0
        return float((vectors @ self.language.question_vector).mean())

    @cached_property
    def reasons(self) -> list[Span]:
        """Words that give the reason for a step ("because", "so that", "to make sure")."""
        return [Span(m.start(), m.end()) for m in _REASON.finditer(self.answer.lower)]

    def sentence_span(self, index: int) -> Span:
        """The span of one sentence."""
        sentence = self.answer.sentences[index]
        return Span(sentence.start, sentence.end)

    def part_spans(self, part: str) -> list[Span]:
        """Spans of the sentences labelled with one STAR part."""
        return [self.sentence_span(i) for i in self.star.sentences_with(part)]

    @cached_property
    def calm_spans(self) -> list[Span]:
        """Words showing composure ("kept my voice level")."""
        return find(self.answer, load_lexicons().composure.calm)

    @cached_property
    def de_escalation_spans(self) -> list[Span]:
        """Words showing de-escalation or reading the customer."""
        return find(self.answer, load_lexicons().composure.de_escalation)

    @cached_property
    def escalation_spans(self) -> list[Span]:
        """Words naming an escalation path."""
        return find(self.answer, load_lexicons().composure.escalation)

    @cached_property
    def prioritisation_spans(self) -> list[Span]:
        """Words showing triage or prioritising under volume."""
        return find(self.answer, load_lexicons().composure.prioritisation)
