"""What a mock interview leaves behind: sessions and their turns, as plain data.

A neutral module: the store keeps these records and the interview engine makes them, so neither
imports the other for them. It imports nothing of StarCoach but the `AnswerReport` a turn carries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from starcoach.analysis.report import AnswerReport

TurnKind = Literal["main", "followup", "closing"]
SilenceVerdict = Literal["none", "summary", "composed", "rambling", "added"]
SessionStatus = Literal["in_progress", "finished"]
# The turns a session's scores average over. A follow-up answer is a fragment of the story
# before it and is judged by whether it fills the gap it was asked about, not by the rubric.
SCORED_KINDS: tuple[TurnKind, ...] = ("main", "closing")


class TurnRecord(BaseModel):
    """One question asked and the candidate's answer to it, with timings and the full report."""

    model_config = ConfigDict(extra="forbid")

    index: int = Field(ge=0, description="Order of this turn in its session, from 0.")
    kind: TurnKind
    question_id: str | None = Field(description="Bank id; None for generated follow-ups.")
    question: str
    parent_index: int | None = Field(default=None, description="For a follow-up: the turn it follows.")
    followup_reason: str | None = Field(default=None, description="The gap that caused a follow-up.")
    answer: str
    report: AnswerReport
    thinking_seconds: float | None = Field(default=None, ge=0, description="Question shown to first keystroke.")
    answer_seconds: float | None = Field(default=None, ge=0, description="First keystroke to submission.")
    interrupted: bool = False
    asked_for_moment: bool = False
    silence_addition: str | None = None
    silence_verdict: SilenceVerdict = "none"
    created_at: datetime


class SessionRecord(BaseModel):
    """A mock interview: its settings, its plan, and every turn so far."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[0-9a-f]{12}$")
    track: str
    company: str | None = None
    job_focus: list[str] = Field(default_factory=list, description="Competency ids the job description stresses.")
    job_tools: list[str] = Field(default_factory=list, description="Tools the job description names.")
    planned_question_ids: list[str]
    status: SessionStatus = "in_progress"
    started_at: datetime
    finished_at: datetime | None = None
    turns: list[TurnRecord] = Field(default_factory=list)

    def main_turns(self) -> list[TurnRecord]:
        """Turns that answer a planned question (not follow-ups)."""
        return [t for t in self.turns if t.kind != "followup"]


class SessionSummary(BaseModel):
    """One line of `starcoach history`."""

    model_config = ConfigDict(extra="forbid")

    id: str
    track: str
    company: str | None
    status: SessionStatus
    started_at: datetime
    finished_at: datetime | None
    questions: int = Field(ge=0, description="Main and closing questions answered (the scored ones).")
    answers: int = Field(ge=0, description="Every answer given, follow-ups included.")
    mean_score: float | None
    competencies: dict[str, float] = Field(description="Mean of each competency over the session's answers.")
