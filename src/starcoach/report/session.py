"""Build a SessionReport from a stored session: per-answer results, coverage, highlights, outline, note."""

from __future__ import annotations

from statistics import fmean
from typing import Literal

from starcoach.analysis.answer import QuestionType
from starcoach.analysis.report import FeedbackItem
from starcoach.competencies import COMPETENCY_NAMES
from starcoach.content.models import COMPETENCY_IDS
from starcoach.interview.followups import FollowUpVerdict, judge_followup
from starcoach.interview.numbering import turn_labels
from starcoach.prep.thank_you import note_for_session
from starcoach.report._highlights import top_fixes, top_strengths
from starcoach.report._outline import build_outline
from starcoach.report.model import AnswerEntry, AnswerSentence, CompetencyCoverage, SessionReport, StarOutline
from starcoach.session_records import SCORED_KINDS, SessionRecord, TurnRecord

TOUCHED = 0.5


def _followup_item(verdict: FollowUpVerdict) -> FeedbackItem:
    """A follow-up's one feedback line: the gap it asked about, filled or not, with the words that fill it."""
    words = " ".join(f'"{w}"' for w in verdict.words)
    message = verdict.note + (f" In your words: {words}" if words else "")
    kind: Literal["strength", "fix"] = "fix" if verdict.filled is False else "strength"
    gap = {True: "gap_filled", False: "gap_not_filled", None: "probe_answered"}[verdict.filled]
    return FeedbackItem(kind=kind, id=gap, message=message, evidence=[])


def _verdict(turn: TurnRecord, turns: dict[int, TurnRecord]) -> FollowUpVerdict | None:
    parent = turns.get(turn.parent_index) if turn.kind == "followup" and turn.parent_index is not None else None
    if parent is None:
        return None
    qtype = QuestionType(parent.report.question_type)
    return judge_followup(turn.followup_reason, parent.answer, parent.question, turn.answer, qtype)


def _entry(number: int, label: str, turn: TurnRecord, verdict: FollowUpVerdict | None) -> AnswerEntry:
    report = turn.report
    return AnswerEntry(
        number=number,
        label=label,
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
        feedback=report.feedback if verdict is None else [_followup_item(verdict)],
        gap_filled=None if verdict is None else verdict.filled,
    )


def _coverage(
    numbered: list[tuple[int, TurnRecord]], focus: list[str], labels: dict[int, str]
) -> list[CompetencyCoverage]:
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
                touched_labels=[labels[n] for n, v in values if v >= TOUCHED],
                job_focus=competency in focus,
            )
        )
    return rows


def _main(numbered: list[tuple[int, TurnRecord]]) -> list[tuple[int, TurnRecord]]:
    return [(n, t) for n, t in numbered if t.kind == "main"]


def _weakest_outline(numbered: list[tuple[int, TurnRecord]], labels: dict[int, str]) -> StarOutline | None:
    mains = _main(numbered)
    if not mains:
        return None
    # min() keeps the first of equal scores, so ties go to the earlier answer.
    number, turn = min(mains, key=lambda pair: pair[1].report.score)
    return build_outline(number, turn, labels[number])


def build_session_report(session: SessionRecord) -> SessionReport:
    """Everything worth reading after a mock interview, computed from the stored session alone."""
    numbered = list(enumerate(sorted(session.turns, key=lambda t: t.index), start=1))
    by_index = turn_labels(session.turns, session.planned_question_ids)
    labels = {n: by_index[t.index] for n, t in numbered}
    turns = {t.index: t for _, t in numbered}
    verdicts = {n: _verdict(t, turns) for n, t in numbered}
    scores = [t.report.score for _, t in numbered if t.kind in SCORED_KINDS]
    return SessionReport(
        session_id=session.id,
        track=session.track,
        company=session.company,
        status=session.status,
        started_at=session.started_at,
        finished_at=session.finished_at,
        answer_count=len(numbered),
        question_count=len(scores),
        gaps_filled=sum(1 for v in verdicts.values() if v is not None and v.filled is True),
        gaps_open=sum(1 for v in verdicts.values() if v is not None and v.filled is False),
        mean_score=round(fmean(scores), 1) if scores else None,
        answers=[_entry(n, labels[n], t, verdicts[n]) for n, t in numbered],
        coverage=_coverage(numbered, session.job_focus, labels),
        strengths=top_strengths(numbered, labels),
        fixes=top_fixes(numbered, labels),
        outline=_weakest_outline(numbered, labels),
        thank_you=note_for_session(session),
        scoring=sorted({t.report.scoring for _, t in numbered}),
    )


def answer_entry(session: SessionRecord, index: int) -> AnswerEntry:
    """One answer as the session report shows it (label, follow-up verdict), for a page about that answer alone."""
    report = build_session_report(session)
    ordered = sorted(t.index for t in session.turns)
    return report.answers[ordered.index(index)]


def render_json(report: SessionReport) -> str:
    """The report as indented JSON, the form other tools read."""
    return report.model_dump_json(indent=2) + "\n"
