"""Rank the feedback of a whole session: the strengths to keep and the fixes worth the most."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from starcoach.analysis.report import FeedbackItem
from starcoach.report.model import Highlight, Occurrence
from starcoach.session_records import TurnRecord

TOP = 3
QUOTES_PER_ANSWER = 2
QUOTE_MAX_CHARS = 140
_RED_FLAG_LINE = "red flag: "


@dataclass
class _Group:
    kind: str
    id: str
    message: str
    points_lost: float = 0.0
    best_score: float = 0.0
    worst_score: float = 100.0
    first_seen: int = 0
    occurrences: list[Occurrence] = field(default_factory=list)


def clip(text: str, limit: int = QUOTE_MAX_CHARS) -> str:
    """The text on one line, cut at a word boundary with an ellipsis when longer than ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _quotes(item: FeedbackItem) -> list[str]:
    whole: list[str] = []
    cut: list[str] = []
    for span in item.evidence:
        quote = clip(span.text)
        kept = whole if quote == " ".join(span.text.split()) else cut
        if quote and quote not in whole + cut:
            kept.append(quote)
    # A quote cut short with an ellipsis is a fragment: shown only when no evidence fits whole.
    return (whole or cut)[:QUOTES_PER_ANSWER]


def _penalty(turn: TurnRecord, flag_id: str) -> float:
    # The rubric writes each red-flag penalty as its own negative line; that is what the flag cost.
    for line in turn.report.score_breakdown:
        if line.part == _RED_FLAG_LINE + flag_id and line.points < 0:
            return -line.points
    return 0.0


def _groups(numbered: list[tuple[int, TurnRecord]], kinds: tuple[str, ...], labels: Mapping[int, str]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for number, turn in numbered:
        for item in turn.report.feedback:
            if item.kind not in kinds:
                continue
            key = item.id
            group = groups.get(key)
            if group is None:
                group = _Group(item.kind, item.id, item.message, first_seen=number)
                groups[key] = group
            elif group.kind != "red_flag" and item.kind == "red_flag":
                group.kind = "red_flag"
            # One answer counts once even when it raises the same item twice.
            if group.occurrences and group.occurrences[-1].number == number:
                continue
            occurrence = Occurrence(number=number, label=labels[number], question=turn.question, quotes=_quotes(item))
            group.occurrences.append(occurrence)
            group.points_lost += _penalty(turn, item.id) if item.kind == "red_flag" else 0.0
            group.best_score = max(group.best_score, turn.report.score)
            group.worst_score = min(group.worst_score, turn.report.score)
    return list(groups.values())


def _to_highlight(group: _Group) -> Highlight:
    kind = "red_flag" if group.kind == "red_flag" else "fix" if group.kind == "fix" else "strength"
    return Highlight(
        kind=kind,
        id=group.id,
        message=group.message,
        count=len(group.occurrences),
        points_lost=round(group.points_lost, 1),
        occurrences=group.occurrences,
    )


def top_fixes(numbered: list[tuple[int, TurnRecord]], labels: Mapping[int, str]) -> list[Highlight]:
    """The three fixes that cost most: red flags by points lost, then whatever recurs most often.

    Follow-up answers are left out: each is a fragment of the story before it, judged on the gap it
    asked about, so whole-answer advice on them (length above all) would only bury the real fixes.
    """
    whole_answers = [(n, t) for n, t in numbered if t.kind != "followup"]
    groups = _groups(whole_answers, ("red_flag", "fix"), labels)
    groups.sort(
        key=lambda g: (
            g.kind != "red_flag",
            -g.points_lost,
            -len(g.occurrences),
            g.worst_score,
            g.first_seen,
            g.id,
        )
    )
    return [_to_highlight(g) for g in groups[:TOP]]


def top_strengths(numbered: list[tuple[int, TurnRecord]], labels: Mapping[int, str]) -> list[Highlight]:
    """The three strengths shown most often, ties going to those in the best-scoring answers."""
    groups = _groups(numbered, ("strength",), labels)
    groups.sort(key=lambda g: (-len(g.occurrences), -g.best_score, g.first_seen, g.id))
    return [_to_highlight(g) for g in groups[:TOP]]
