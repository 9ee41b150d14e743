"""What a question asks for, in the story library's own tags: competencies and axes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from starcoach.competencies import COMPETENCY_NAMES
from starcoach.stories.matching._text import stem, stems
from starcoach.stories.models import AXES, AXIS_NAMES, Story

# Words in a question that say which kind of moment it wants. Stemmed once, here, with the
# same stemmer the question goes through, so "escalated" and "escalation" both hit.
_AXIS_CUES: dict[str, tuple[str, ...]] = {
    "escalation": ("escalate", "escalation", "manager", "supervisor", "senior"),
    "difficult_customer": (
        "angry", "upset", "abusive", "rude", "shouting", "yelling", "difficult", "swearing",
        "irate", "hostile", "frustrated", "complaint", "furious", "demanding",
    ),
    "empathy": ("empathy", "emotional", "feelings", "bereavement", "grief", "vulnerable", "elderly", "accessibility"),
    "process_improvement": ("process", "workflow", "improved", "macro", "efficiency", "recurring", "root"),
    "technical_troubleshooting": (
        "technical", "troubleshoot", "system", "outage", "bug", "crm", "software", "app", "login", "error",
    ),
    "teamwork": ("team", "teammate", "colleague", "coworker", "peer"),
    "failure_learned": ("mistake", "wrong", "failure", "failed", "learned", "lesson", "feedback"),
}  # fmt: skip
_CUE_STEMS: dict[str, frozenset[str]] = {axis: frozenset(stem(w) for w in cues) for axis, cues in _AXIS_CUES.items()}


def question_axes(question: str) -> tuple[str, ...]:
    """The axes a question's wording points at, in the library's axis order."""
    words = set(stems(question))
    return tuple(axis for axis in AXES if words & _CUE_STEMS[axis])


@dataclass(frozen=True)
class TagFit:
    """How far a story's tags cover what the question asks for (0..1) and the reasons why."""

    score: float
    reasons: tuple[str, ...]
    asked: bool


def tag_fit(story: Story, competencies: Sequence[str], axes: Sequence[str]) -> TagFit:
    """The share of the asked-for competencies and axes that the story is tagged with."""
    parts: list[float] = []
    reasons: list[str] = []
    if competencies:
        hits = [c for c in competencies if c in story.competencies]
        parts.append(len(hits) / len(competencies))
        if hits:
            names = _join([COMPETENCY_NAMES.get(c, c) for c in hits])
            reasons.append(f"The question looks for {names}, and this story is tagged with it.")
    if axes:
        hits = [a for a in axes if a in story.axes]
        parts.append(len(hits) / len(axes))
        if hits:
            names = _join([AXIS_NAMES[a] for a in hits])
            reasons.append(f"The question is about {names}, a moment this story is tagged with.")
    if not parts:
        return TagFit(0.0, (), asked=False)
    return TagFit(sum(parts) / len(parts), tuple(reasons), asked=True)


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
