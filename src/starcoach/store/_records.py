"""Rows to records and back, and the per-session summary that `history` and `progress` show."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from statistics import fmean

from starcoach.analysis.report import AnswerReport
from starcoach.session_records import SessionRecord, SessionSummary, TurnRecord
from starcoach.store.models import SessionRow, TurnRow


def session_row(record: SessionRecord) -> SessionRow:
    """A new sessions row for a record (its turns are stored separately)."""
    return SessionRow(
        id=record.id,
        track=record.track,
        company=record.company,
        job_focus=list(record.job_focus),
        job_tools=list(record.job_tools),
        planned_question_ids=list(record.planned_question_ids),
        status=record.status,
        started_at=record.started_at,
        finished_at=record.finished_at,
    )


def turn_values(turn: TurnRecord) -> dict[str, object]:
    """A turn's columns (all but its session and surrogate id)."""
    return {
        "index": turn.index,
        "kind": turn.kind,
        "question_id": turn.question_id,
        "question": turn.question,
        "parent_index": turn.parent_index,
        "followup_reason": turn.followup_reason,
        "answer": turn.answer,
        "report": turn.report.model_dump_json(),
        "score": turn.report.score,
        "competencies": dict(turn.report.competencies),
        "thinking_seconds": turn.thinking_seconds,
        "answer_seconds": turn.answer_seconds,
        "interrupted": turn.interrupted,
        "asked_for_moment": turn.asked_for_moment,
        "silence_addition": turn.silence_addition,
        "silence_verdict": turn.silence_verdict,
        "created_at": turn.created_at,
    }


def turn_row(session_id: str, turn: TurnRecord) -> TurnRow:
    """A new turns row for a record."""
    return TurnRow(session_id=session_id, **turn_values(turn))


def turn_record(row: TurnRow) -> TurnRecord:
    """The record a turns row holds."""
    return TurnRecord(
        index=row.index,
        kind=row.kind,
        question_id=row.question_id,
        question=row.question,
        parent_index=row.parent_index,
        followup_reason=row.followup_reason,
        answer=row.answer,
        report=AnswerReport.model_validate_json(row.report),
        thinking_seconds=row.thinking_seconds,
        answer_seconds=row.answer_seconds,
        interrupted=row.interrupted,
        asked_for_moment=row.asked_for_moment,
        silence_addition=row.silence_addition,
        silence_verdict=row.silence_verdict,
        created_at=row.created_at,
    )


def session_record(row: SessionRow, turns: Iterable[TurnRow]) -> SessionRecord:
    """The record a sessions row and its turns rows hold."""
    return SessionRecord(
        id=row.id,
        track=row.track,
        company=row.company,
        job_focus=list(row.job_focus),
        job_tools=list(row.job_tools),
        planned_question_ids=list(row.planned_question_ids),
        status=row.status,
        started_at=row.started_at,
        finished_at=row.finished_at,
        turns=[turn_record(t) for t in sorted(turns, key=lambda t: t.index)],
    )


def summary(row: SessionRow, scored: Sequence[tuple[float, dict[str, float]]], answers: int) -> SessionSummary:
    """One line of history: the session, its counts (``answers``: every turn) and the means over its scored answers."""
    names = sorted({name for _, competencies in scored for name in competencies})
    return SessionSummary(
        id=row.id,
        track=row.track,
        company=row.company,
        status=row.status,
        started_at=row.started_at,
        finished_at=row.finished_at,
        questions=len(scored),
        answers=answers,
        mean_score=round(fmean(score for score, _ in scored), 1) if scored else None,
        competencies={name: round(fmean(c.get(name, 0.0) for _, c in scored), 3) for name in names},
    )
