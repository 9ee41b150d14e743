"""questions_asked.v1: the candidate's own questions when invited to ask some."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis._match import find_in_text
from starcoach.analysis.answer import Answer, QuestionType, Span
from starcoach.analysis.registry import Results, analyzer

_WH_START = (
    "what",
    "how",
    "who",
    "which",
    "when",
    "where",
    "why",
    "is ",
    "are ",
    "do ",
    "does ",
    "can ",
    "could ",
    "would ",
    "will ",
)
# Topics that show curiosity about doing the job well, not only about its perks.
_GOOD_TOPICS = (
    "metric*",
    "kpi*",
    "measured",
    "measure",
    "csat",
    "nps",
    "target*",
    "sla*",
    "escalat*",
    "tier",
    "coaching",
    "coach",
    "training",
    "onboarding",
    "feedback",
    "review*",
    "tool*",
    "crm",
    "software",
    "zendesk",
    "salesforce",
    "team",
    "challeng*",
    "pain point*",
    "complain*",
    "success",
    "first few months",
    "first 90 days",
    "quality",
    "customers",
    "improve",
    "career",
    "grow*",
    "culture",
    "support channels",
)


@dataclass(frozen=True)
class QuestionsAskedResult:
    """Questions the candidate asked, and those on topics that show curiosity about the work."""

    applies: bool
    questions: tuple[Span, ...]
    good_topics: tuple[Span, ...]

    @property
    def none_asked(self) -> bool:
        """True when invited to ask and no question came: the lack-of-curiosity flag."""
        return self.applies and not self.questions


@analyzer("questions_asked.v1", produces=QuestionsAskedResult)
def analyze_questions_asked(answer: Answer, _: Results) -> QuestionsAskedResult:
    """A question is a sentence ending in "?" or opening with a question word."""
    questions: list[Span] = []
    topics: list[Span] = []
    for sentence in answer.sentences:
        lowered = answer.lower[sentence.start : sentence.end]
        stripped = lowered.lstrip("\"' ").removeprefix("and ").removeprefix("also ").removeprefix("so ")
        if sentence.text.rstrip().endswith("?") or (stripped.startswith(_WH_START) and "?" in lowered):
            questions.append(Span(sentence.start, sentence.end))
            topics += [Span(sentence.start + s, sentence.start + e) for s, e in find_in_text(lowered, _GOOD_TOPICS)]
    return QuestionsAskedResult(answer.question_type is QuestionType.CLOSING, tuple(questions), tuple(topics))
