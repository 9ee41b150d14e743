"""Interview follow-ups: at most two per question, each tied to the gap in the answer that caused it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starcoach.analysis.answer import QuestionType
from starcoach.analysis.engine import analyze
from starcoach.analysis.report import AnswerReport, StarLabel
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

# The STAR part whose sentences fill each gap; other gaps are filled by whatever evidence the analysis found.
_GAP_PARTS: dict[str, tuple[StarLabel, ...]] = {
    "no_result": ("R",),
    "no_action": ("A",),
    "blame": ("A",),
    "theoretical": ("S", "A"),
    "too_short": ("S", "T", "A", "R"),
}
# A "more detail" follow-up is answered by a story part told in at least this many words: the answer
# as a whole may still be short of the length band, but what was asked for (more of it) was given.
_DETAIL_WORDS = 8
FILLING_QUOTES = 2
_QUOTE_MAX_CHARS = 160


@dataclass(frozen=True)
class FollowUpVerdict:
    """How a follow-up answer did on the one thing it was asked for; it is not scored like a whole answer.

    ``filled`` is None for the bank's probes, which press on a story with no gap to fill.
    """

    filled: bool | None
    wanted: str
    words: tuple[str, ...]
    note: str


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= _QUOTE_MAX_CHARS:
        return flat
    return flat[: _QUOTE_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _filling_words(reason: str, story: AnswerReport, start: int) -> tuple[str, ...]:
    """The follow-up's own sentences that fill the gap: those of the STAR part asked for, else those
    holding the evidence the analysis credited, else (the gap being gone) the whole follow-up."""
    own = [s for s in story.sentences if s.start >= start and s.text.strip()]
    parts = _GAP_PARTS.get(reason)
    chosen = [s for s in own if s.star in parts] if parts else []
    if not chosen:
        spans = [span for item in story.feedback if item.kind == "strength" for span in item.evidence]
        spans += [span for finding in story.findings for span in finding.evidence]
        spans += [span for found in story.competency_evidence.values() for e in found for span in e.evidence]
        chosen = [s for s in own if any(s.start <= span.start < s.end for span in spans)]
    chosen = chosen or own
    return tuple(dict.fromkeys(_quote(s.text) for s in chosen))[:FILLING_QUOTES]


def judge_followup(
    reason: str | None,
    main_answer: str,
    main_question: str,
    answer: str,
    question_type: QuestionType | None,
) -> FollowUpVerdict:
    """Judge a follow-up answer on the gap it asked about, read together with the main answer before it."""
    wanted = GAP_WANTED.get(reason or "", "")
    story = analyze(f"{main_answer}\n{answer}", main_question, question_type=question_type)
    filled = gap_closed(reason, story)
    if filled is False and reason in _FILLED_ON_ITS_OWN:
        alone = analyze(answer, main_question, question_type=question_type)
        if _FILLED_ON_ITS_OWN[reason](alone):
            return _filled(wanted, _filling_words(reason, alone, 0))
    if filled is None:
        return FollowUpVerdict(None, wanted, (), "A follow-up pressing on your story: there was no gap to fill.")
    if not filled:
        note = f"Still missing: {wanted}. That is what the follow-up was after; say it in one plain sentence."
        return FollowUpVerdict(False, wanted, (), note)
    return _filled(wanted, _filling_words(reason or "", story, len(main_answer) + 1))


def _filled(wanted: str, words: tuple[str, ...]) -> FollowUpVerdict:
    return FollowUpVerdict(True, wanted, words, f"You gave the interviewer what they asked for: {wanted}.")


def _tells_own_action_without_blame(alone: AnswerReport) -> bool:
    return alone.star.action and "blame" not in {item.id for item in alone.feedback if item.kind != "strength"}


def _tells_more_of_the_story(alone: AnswerReport) -> bool:
    return any(x.star != "O" and len(x.text.split()) >= _DETAIL_WORDS for x in alone.sentences)


# Gaps the story read as a whole can never lose, so the follow-up is judged by itself:
# - blame: blaming words already said stay in the story; what was asked for is the candidate's own
#   part, given when the follow-up tells an action and blames no one;
# - too_short: the whole may stay under the length band; what was asked for is more of the story.
_FILLED_ON_ITS_OWN: dict[str, Callable[[AnswerReport], bool]] = {
    "blame": _tells_own_action_without_blame,
    "too_short": _tells_more_of_the_story,
}
