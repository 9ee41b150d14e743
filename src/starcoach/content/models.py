"""Validated shapes of the content data files."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from starcoach.competencies import COMPETENCY_IDS as COMPETENCY_IDS  # re-exported: most code imports it from here
from starcoach.competencies import COMPETENCY_NAMES

# The same ids as COMPETENCY_IDS, spelled out for the type checker; a test holds the two equal.
CompetencyId = Literal["communication", "patience", "empathy_problem_solving", "time_tech", "emotional_intelligence"]
QuestionKind = Literal["behavioral", "situational", "classic", "closing"]

_Text = Field(min_length=1)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Competency(_Strict):
    """One of the five competencies interviewers score."""

    id: CompetencyId
    summary: str = _Text
    evidence: list[str] = Field(min_length=1)
    practice_tip: str = _Text

    @property
    def name(self) -> str:
        """The competency's title, from the one table of names (`starcoach.competencies`)."""
        return COMPETENCY_NAMES[self.id]


class Question(_Strict):
    """An interview question with its follow-up probes and what a strong answer shows."""

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    text: str = Field(min_length=10)
    type: QuestionKind
    competencies: list[CompetencyId] = Field(min_length=1, max_length=3)
    difficulty: int = Field(ge=1, le=3)
    probes: list[str] = Field(min_length=2, max_length=4)
    hint: str = Field(min_length=10, max_length=160)
    tags: list[str] = Field(default_factory=list)


class RedFlag(_Strict):
    """A pattern interviewers mark down, and how to fix it."""

    id: str = Field(pattern=r"^[a-z_]+$")
    name: str = _Text
    looks_like: str = _Text
    correction: str = _Text
    example_fix: str = _Text
    followup: str = _Text
    pressure_followup: str | None = None


def _phrases(values: list[str]) -> list[str]:
    cleaned = [v.strip().lower() for v in values]
    if any(not v for v in cleaned):
        raise ValueError("phrases must not be empty")
    return cleaned


class _PhraseGroup(_Strict):
    @field_validator("*", mode="after")
    @classmethod
    def _clean(cls, value: list[str]) -> list[str]:
        return _phrases(value)


class EmpathyLexicon(_PhraseGroup):
    acknowledge: list[str]
    feelings: list[str]


class PhraseList(_PhraseGroup):
    phrases: list[str]


class BlameLexicon(_PhraseGroup):
    targets: list[str]
    faults: list[str]


class HedgingLexicon(_PhraseGroup):
    phrases: list[str]
    boosters: list[str]


class OverconfidenceLexicon(_PhraseGroup):
    absolutes: list[str]
    boasts: list[str]


class FillerLexicon(_PhraseGroup):
    always: list[str]


class ToolLexicon(_PhraseGroup):
    products: list[str]
    practices: list[str]


class ComposureLexicon(_PhraseGroup):
    calm: list[str]
    de_escalation: list[str]
    escalation: list[str]
    prioritisation: list[str]


class Lexicons(_Strict):
    """Every word list the analyzers match against."""

    empathy: EmpathyLexicon
    active_listening: PhraseList
    blame: BlameLexicon
    hedging: HedgingLexicon
    overconfidence: OverconfidenceLexicon
    fillers: FillerLexicon
    signposting: PhraseList
    tools: ToolLexicon
    composure: ComposureLexicon
