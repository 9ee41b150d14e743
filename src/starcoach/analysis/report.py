"""AnswerReport: the one model every view renders; its JSON honours the answer-report contract."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

StarLabel = Literal["S", "T", "A", "R", "O"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvidenceSpan(_Model):
    """Words in the answer that earned a finding: offsets and the quoted text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class ReportSentence(_Model):
    """A sentence with its STAR label."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    star: StarLabel
    confidence: float = Field(ge=0, le=1)


class StarPresence(_Model):
    """Which STAR parts the answer has."""

    situation: bool
    task: bool
    action: bool
    result: bool


class Flags(_Model):
    """Each flag is true when the answer shows it."""

    quantified: bool
    blame: bool
    theoretical: bool
    rambling: bool
    overconfident: bool
    empathy: bool
    active_listening: bool
    ownership: bool
    filler_heavy: bool
    no_questions: bool


class Fillers(_Model):
    """Filler words with where they are."""

    count: int = Field(ge=0)
    per_100_words: float = Field(ge=0)
    items: list[EvidenceSpan]


class Tone(_Model):
    """Warmth and certainty signals, 0-1."""

    warmth: float = Field(ge=0, le=1)
    certainty: float = Field(ge=0, le=1)
    grovelling: bool


class Finding(_Model):
    """One signal an analyzer measured, with the words behind it."""

    id: str
    label: str
    count: int = Field(ge=0)
    evidence: list[EvidenceSpan]


class ScorePart(_Model):
    """A line of the score rubric: points earned out of the maximum, and why."""

    part: str
    points: float
    max_points: float
    reason: str


class CompetencyEvidence(_Model):
    """Why a competency got its value: each contributing signal and its words."""

    reason: str
    weight: float
    evidence: list[EvidenceSpan]


class FeedbackItem(_Model):
    """A strength or a fix, pointing at the words it is about."""

    kind: Literal["strength", "fix", "red_flag"]
    id: str
    message: str
    evidence: list[EvidenceSpan]


class AnswerReport(_Model):
    """Everything StarCoach says about one answer."""

    id: str | None
    question: str | None
    question_type: str
    word_count: int = Field(ge=0)
    estimated_seconds: float = Field(ge=0)
    words_per_minute: float = Field(gt=0)
    sentences: list[ReportSentence]
    star: StarPresence
    flags: Flags
    fillers: Fillers
    tone: Tone | None
    findings: list[Finding]
    competencies: dict[str, float]
    competency_evidence: dict[str, list[CompetencyEvidence]]
    score: float = Field(ge=0, le=100)
    score_breakdown: list[ScorePart]
    feedback: list[FeedbackItem]
    followups: list[str]
    analyzers: list[str]
    scoring: str
