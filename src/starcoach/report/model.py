"""SessionReport: what a finished mock interview adds up to, the one model every session view renders."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from starcoach.analysis.report import FeedbackItem, StarLabel

# The note has one model and one composer, shared with `prep thank-you`; the report carries it as drafted.
from starcoach.prep.thank_you import ThankYouNote
from starcoach.session_records import SessionStatus, SilenceVerdict, TurnKind

OutlineLabel = Literal["S", "T", "A", "R"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnswerSentence(_Model):
    """One sentence of an answer, with the STAR part the analysis gave it ("O": outside the story)."""

    text: str
    star: StarLabel


class AnswerEntry(_Model):
    """One answer of the session: the question, how it went, and its feedback."""

    number: int = Field(ge=1, description="Position in the session, from 1 (follow-ups included).")
    label: str = Field(description='As the interview numbered it: "Q3", "Q3 follow-up 1" or "closing".')
    kind: TurnKind
    question: str
    answer: str = Field(description="The answer as the candidate gave it, whole.")
    sentences: list[AnswerSentence] = Field(description="The answer split into sentences, each with its STAR part.")
    question_type: str
    score: float = Field(ge=0, le=100)
    word_count: int = Field(ge=0)
    thinking_seconds: float | None
    answer_seconds: float | None
    interrupted: bool
    asked_for_moment: bool
    silence_verdict: SilenceVerdict
    competencies: dict[str, float]
    feedback: list[FeedbackItem] = Field(
        description="For a follow-up, one item on the gap it asked about (filled or not), not whole-answer advice."
    )
    gap_filled: bool | None = Field(
        default=None, description="For a follow-up: whether it filled the gap it asked about; None for probes."
    )


class CompetencyCoverage(_Model):
    """How one competency showed up across the session's answers."""

    id: str
    name: str
    mean: float = Field(ge=0, le=1)
    max: float = Field(ge=0, le=1)
    touched_by: list[int] = Field(description="Numbers of the answers where it reached 0.5 or more.")
    touched_labels: list[str] = Field(description="The same answers, labelled as the interview numbered them.")
    job_focus: bool = Field(description="True when the job description stresses this competency.")


class Occurrence(_Model):
    """Where a strength or fix was found: the answer and the words quoted from it."""

    number: int = Field(ge=1)
    label: str
    question: str
    quotes: list[str]


class Highlight(_Model):
    """A strength or fix that may recur across answers, with the evidence from each."""

    kind: Literal["strength", "fix", "red_flag"]
    id: str
    message: str = Field(description="The advice as given for the first answer that raised it.")
    count: int = Field(ge=1, description="How many answers raised it.")
    points_lost: float = Field(ge=0, description="Score points its red-flag penalties cost, over the session.")
    occurrences: list[Occurrence]


class OutlinePart(_Model):
    """One STAR part of the outline: the candidate's own sentences, or a prompt when there are none."""

    label: OutlineLabel
    name: str
    sentences: list[str]
    missing_prompt: str | None


class StarOutline(_Model):
    """The weakest main answer, reordered as Situation, Task, Action, Result from its own sentences."""

    number: int = Field(ge=1)
    label: str
    question: str
    score: float = Field(ge=0, le=100)
    parts: list[OutlinePart]
    cut: list[str] = Field(description="Sentences that belong to no STAR part; leave them out next time.")


class SessionReport(_Model):
    """Everything StarCoach says about one mock interview."""

    session_id: str
    track: str
    company: str | None
    status: SessionStatus
    started_at: datetime
    finished_at: datetime | None
    answer_count: int = Field(ge=0, description="Every answer given, follow-ups included.")
    question_count: int = Field(ge=0, description="The main and closing questions answered.")
    gaps_filled: int = Field(ge=0, description="Follow-ups that filled the gap they asked about.")
    gaps_open: int = Field(ge=0, description="Follow-ups that left their gap open.")
    mean_score: float | None
    answers: list[AnswerEntry]
    coverage: list[CompetencyCoverage]
    strengths: list[Highlight]
    fixes: list[Highlight]
    outline: StarOutline | None = Field(description="None when the session has no main answer.")
    thank_you: ThankYouNote
    scoring: list[str] = Field(description="Rubric versions of the answers, so mixed versions are visible.")
