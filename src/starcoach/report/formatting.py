"""Wording shared by every session-report view, so the terminal, Markdown and HTML say the same things."""

from __future__ import annotations

from datetime import datetime

from starcoach.interview.numbering import count_phrase, shown_score
from starcoach.report.model import AnswerEntry, Highlight, SessionReport

KIND_LABELS = {"main": "main question", "followup": "follow-up", "closing": "closing question"}
KIND_SHORT = {"main": "main", "followup": "follow-up", "closing": "closing"}
FEEDBACK_LABELS = {"strength": "Strength", "fix": "Fix", "red_flag": "Red flag"}
# "none" is also what a turn without a held silence records, so it is shown as nothing happening.
SILENCE_LABELS = {
    "none": "-",
    "composed": "closed calmly",
    "summary": "one-line summary",
    "added": "added a detail",
    "rambling": "kept talking",
}


# Only a main answer that tells a story is tagged; "-" marks a sentence outside the story. An answer with
# no STAR part at all (an opinion, a claim) reads better whole than as a column of dashes.
STAR_TAGS = {"S": "S", "T": "T", "A": "A", "R": "R", "O": "-"}
_STAR_LEGEND = "S situation, T task, A action, R result, - outside the story"


def star_tagged(entry: AnswerEntry) -> bool:
    """Whether the answer is shown sentence by sentence with STAR tags, or as one block."""
    return entry.kind == "main" and any(s.star != "O" for s in entry.sentences)


def answer_heading(entry: AnswerEntry) -> str:
    """The line above the candidate's whole answer, with the tag legend when the sentences are tagged."""
    return f"Your answer ({_STAR_LEGEND}):" if star_tagged(entry) else "Your answer:"


def seconds(value: float | None) -> str:
    """Seconds for a table cell; a dash when not measured."""
    if value is None:
        return "-"
    return f"{value:.1f} s" if value < 10 else f"{value:.0f} s"


def when(value: datetime) -> str:
    """A timestamp to the minute, with its zone when it has one."""
    return value.strftime("%Y-%m-%d %H:%M %Z").strip()


def duration(report: SessionReport) -> str:
    """How long the session ran, or that it is unfinished."""
    if report.finished_at is None:
        return "not finished"
    minutes = round((report.finished_at - report.started_at).total_seconds() / 60)
    return f"{minutes} min"


def company(report: SessionReport) -> str:
    """The company practised for, or a neutral phrase."""
    return report.company or "no company set"


def mean_score(report: SessionReport) -> str:
    """The session's mean score (follow-ups are not scored), or a dash."""
    return "-" if report.mean_score is None else f"{shown_score(report.mean_score)}/100 (follow-ups not counted)"


def counts(report: SessionReport) -> str:
    """What was answered, counted as every view counts it: "4 questions, 7 answers"."""
    return count_phrase(report.question_count, report.answer_count)


def followups(report: SessionReport) -> str:
    """How the follow-ups went, counted by the gaps they asked about ("" when none asked about one)."""
    if not report.gaps_filled + report.gaps_open:
        return ""
    return f"follow-ups: {report.gaps_filled} gap(s) filled, {report.gaps_open} not filled"


def score_cell(entry: AnswerEntry) -> str:
    """The score column: a whole answer's score, or whether a follow-up filled its gap (follow-ups get no score)."""
    if entry.kind != "followup":
        return shown_score(entry.score)
    return {True: "filled", False: "not filled", None: "probe"}[entry.gap_filled]


def answer_title(entry: AnswerEntry) -> str:
    """The answer's label and result, e.g. "Q2, 48/100" or "Q2 follow-up 1, gap filled"."""
    if entry.kind == "followup":
        return (
            f"{entry.label}, " + {True: "gap filled", False: "gap not filled", None: "probe answered"}[entry.gap_filled]
        )
    return f"{entry.label} ({KIND_LABELS[entry.kind]}), {shown_score(entry.score)}/100"


def highlight_heading(item: Highlight) -> str:
    """What kind of item it is, how often it came up, and what it cost."""
    parts = [FEEDBACK_LABELS[item.kind]]
    if item.count > 1:
        parts.append(f"in {item.count} answers")
    if item.points_lost:
        parts.append(f"cost {item.points_lost:g} points")
    return ", ".join(parts)


def touched(labels: list[str]) -> str:
    """Answer labels such as "Q1, Q3 follow-up 1", or a dash."""
    return ", ".join(labels) or "-"


def score(value: float) -> str:
    """A score as every view rounds it (a whole number)."""
    return shown_score(value)
