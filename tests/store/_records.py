"""Session and turn records with real analyze() reports, for storing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache

from starcoach import analyze
from starcoach.analysis.report import AnswerReport
from starcoach.session_records import SessionRecord, TurnKind, TurnRecord
from tests.conftest import STRONG_STORY, THEORY, WEAK_BLAME

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
UPSET = "beh-upset-customer-turnaround"
PEAK = "beh-peak-volume-black-friday"
QUESTION = "Tell me about a time you turned an upset customer into a happy one."
FOLLOWUP = "What would you do differently if it happened again?"
CLOSING = "Do you have any questions for us?"
CLOSING_ANSWER = "How do you measure quality on the team? And which CRM do you use for escalations?"


@lru_cache
def report_for(answer: str, question: str) -> AnswerReport:
    """The real report for an answer (cached: analysing is deterministic)."""
    return analyze(answer, question)


def make_turn(
    index: int,
    kind: TurnKind = "main",
    *,
    question_id: str | None = UPSET,
    question: str = QUESTION,
    answer: str = STRONG_STORY,
    start: datetime = START,
    **extra: object,
) -> TurnRecord:
    """A turn with a real report, created a minute after the one before it."""
    return TurnRecord.model_validate(
        {
            "index": index,
            "kind": kind,
            "question_id": question_id,
            "question": question,
            "answer": answer,
            "report": report_for(answer, question),
            "created_at": start + timedelta(minutes=index + 1),
            **extra,
        }
    )


def standard_turns(start: datetime = START) -> list[TurnRecord]:
    """A main answer with a silence, its follow-up, a weak main answer and a closing question."""
    return [
        make_turn(
            0,
            thinking_seconds=3.5,
            answer_seconds=82.0,
            silence_addition="And she renewed for a year.",
            silence_verdict="added",
            start=start,
        ),
        make_turn(
            1,
            "followup",
            question_id=None,
            question=FOLLOWUP,
            answer=THEORY,
            parent_index=0,
            followup_reason="no result",
            start=start,
        ),
        make_turn(
            2, question_id=PEAK, question="Describe a busy period.", answer=WEAK_BLAME, interrupted=True, start=start
        ),
        make_turn(3, "closing", question_id=None, question=CLOSING, answer=CLOSING_ANSWER, start=start),
    ]


def make_session(
    session_id: str = "a1b2c3d4e5f6",
    started_at: datetime = START,
    turns: list[TurnRecord] | None = None,
    **extra: object,
) -> SessionRecord:
    """A session (in progress unless told otherwise) with the given turns."""
    return SessionRecord.model_validate(
        {
            "id": session_id,
            "track": "behavioral",
            "company": "Northwind Broadband",
            "job_focus": ["empathy_problem_solving"],
            "job_tools": ["Zendesk"],
            "planned_question_ids": [UPSET, PEAK],
            "started_at": started_at,
            "turns": turns or [],
            **extra,
        }
    )
