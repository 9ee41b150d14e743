"""Interview follow-ups: at most two per question, each tied to the gap in the answer that caused it."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis.report import AnswerReport
from starcoach.content.loader import load_red_flags
from starcoach.content.models import Question

# The gaps an interviewer presses, most revealing first (they match the report's feedback ids).
GAP_ORDER = ("blame", "theoretical", "no_result", "vague", "no_empathy", "no_action", "no_tools", "too_short")
# "no_action" (vague actions) has no red-flag entry of its own; the catalogue's "vague" covers numbers.
_NO_ACTION = ("Walk me through exactly what you did, step by step.", "Stop. What did YOU do first, and then what?")


@dataclass(frozen=True)
class FollowUp:
    """A follow-up question and why it is asked ("probe" for the bank's own probes)."""

    question: str
    reason: str


def _gap_question(gap: str, pressure: bool) -> str:
    if gap == "no_action":
        return _NO_ACTION[1] if pressure else _NO_ACTION[0]
    flag = load_red_flags()[gap]
    return (flag.pressure_followup or flag.followup) if pressure else flag.followup


def plan_followups(report: AnswerReport, question: Question | None, limit: int, pressure: bool) -> list[FollowUp]:
    """Follow-ups for one answer: its gaps first, then the bank's probes to fill up to ``limit``."""
    if limit <= 0 or (question is not None and question.type == "closing"):
        return []
    gaps = {item.id for item in report.feedback if item.kind != "strength"}
    chosen = [FollowUp(_gap_question(gap, pressure), gap) for gap in GAP_ORDER if gap in gaps][:limit]
    if not chosen and question is not None:
        # Nothing missing: press on the story the way the bank suggests for this question.
        chosen = [FollowUp(probe, "probe") for probe in question.probes[:1]]
    return chosen


def gap_closed(reason: str | None, story: AnswerReport) -> bool | None:
    """Whether the gap a follow-up asked about is gone from the story told so far (None for probes).

    ``story`` is the report on the main answer and the follow-up answer read together: a
    follow-up answer is one more part of the same story, not a story of its own.
    """
    if reason not in GAP_ORDER:
        return None
    return reason not in {item.id for item in story.feedback if item.kind != "strength"}


GAP_WANTED = {
    "blame": "what you did yourself",
    "theoretical": "one real situation you handled",
    "no_result": "the outcome",
    "vague": "a number",
    "no_empathy": "the words you used to acknowledge the feeling",
    "no_action": "your concrete steps",
    "no_tools": "the tool you used",
    "too_short": "more detail",
}
