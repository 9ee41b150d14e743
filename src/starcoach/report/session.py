"""Build a SessionReport from a stored session: per-answer results, coverage, highlights, outline, note."""

from __future__ import annotations

from statistics import fmean

from starcoach.competencies import COMPETENCY_NAMES
from starcoach.content.models import COMPETENCY_IDS
from starcoach.prep.thank_you import note_for_session
from starcoach.report._highlights import top_fixes, top_strengths
from starcoach.report._outline import build_outline
from starcoach.report.model import AnswerEntry, AnswerSentence, CompetencyCoverage, SessionReport, StarOutline
from starcoach.session_records import SCORED_KINDS, SessionRecord, TurnRecord

TOUCHED = 0.5


def _entry(number: int, turn: TurnRecord) -> AnswerEntry:
    report = turn.report
    return AnswerEntry(
        number=number,
        kind=turn.kind,
        question=turn.question,
        answer=turn.answer,
        sentences=[AnswerSentence(text=s.text.strip(), star=s.star) for s in report.sentences],
        question_type=report.question_type,
        score=report.score,
        word_count=report.word_count,
        thinking_seconds=turn.thinking_seconds,
        answer_seconds=turn.answer_seconds,
        interrupted=turn.interrupted,
        asked_for_moment=turn.asked_for_moment,
        silence_verdict=turn.silence_verdict,
        competencies={c: report.competencies.get(c, 0.0) for c in COMPETENCY_IDS},
        feedback=report.feedback,
    )


def _coverage(numbered: list[tuple[int, TurnRecord]], focus: list[str]) -> list[CompetencyCoverage]:
    # Means over the scored answers, as in SessionSummary.competencies that `progress` charts;
    # the best value and where it showed count follow-ups too, since they add evidence.
    rows = []
    for competency in COMPETENCY_IDS:
        values = [(n, t.report.competencies.get(competency, 0.0)) for n, t in numbered]
        scored = [v for (_, v), (_, t) in zip(values, numbered) if t.kind in SCORED_KINDS]
        rows.append(
            CompetencyCoverage(
                id=competency,
                name=COMPETENCY_NAMES.get(competency, competency),
                mean=round(fmean(scored), 2) if scored else 0.0,
                max=max((v for _, v in values), default=0.0),
                touched_by=[n for n, v in values if v >= TOUCHED],
                job_focus=competency in focus,
            )
        )
    return rows


def _main(numbered: list[tuple[int, TurnRecord]]) -> list[tuple[int, TurnRecord]]:
    return [(n, t) for n, t in numbered if t.kind == "main"]


def _weakest_outline(numbered: list[tuple[int, TurnRecord]]) -> StarOutline | None:
    mains = _main(numbered)
    if not mains:
        return None
    # min() keeps the first of equal scores, so ties go to the earlier answer.
    number, turn = min(mains, key=lambda pair: pair[1].report.score)
    return build_outline(number, turn)


def build_session_report(session: SessionRecord) -> SessionReport:
    """Everything worth reading after a mock interview, computed from the stored session alone."""
    numbered = list(enumerate(sorted(session.turns, key=lambda t: t.index), start=1))
    scores = [t.report.score for _, t in numbered if t.kind in SCORED_KINDS]
    return SessionReport(
        session_id=session.id,
        track=session.track,
        company=session.company,
        status=session.status,
        started_at=session.started_at,
        finished_at=session.finished_at,
        answer_count=len(numbered),
        mean_score=round(fmean(scores), 1) if scores else None,
        answers=[_entry(n, t) for n, t in numbered],
        coverage=_coverage(numbered, session.job_focus),
        strengths=top_strengths(numbered),
        fixes=top_fixes(numbered),
        outline=_weakest_outline(numbered),
        thank_you=note_for_session(session),
        scoring=sorted({t.report.scoring for _, t in numbered}),
    )


def render_json(report: SessionReport) -> str:
    """The report as indented JSON, the form other tools read."""
    return report.model_dump_json(indent=2) + "\n"
