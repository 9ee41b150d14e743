"""The follow-up questions an answer's report suggests practising: one to three, from its gaps.

This only lists questions on the report. What the interview itself asks next (and why) is planned by
``starcoach.interview.followups.plan_followups``, which weighs the track's limit and pressure.
"""

from __future__ import annotations

from starcoach.analysis.feedback import Item
from starcoach.content.loader import load_red_flags

MAX_FOLLOWUPS = 3
# The gaps an interviewer presses first: the ones that most change what they believe.
_PRIORITY = (
    "blame",
    "theoretical",
    "no_questions",
    "no_result",
    "overconfident",
    "vague",
    "no_action",
    "we_not_i",
    "no_empathy",
    "no_tools",
    "rambling",
    "too_short",
    "filler_heavy",
)
_EXTRA = {
    "no_action": "What exactly did you do, step by step?",
    "no_situation": "When and where was this, and what had gone wrong?",
    "no_task": "What were you responsible for in that situation?",
}
_WHEN_NOTHING_IS_MISSING = "If that happened again tomorrow, what would you do differently?"


def suggest_followups(items: list[Item]) -> list[str]:
    """The questions to practise next for the most important gaps; a complete answer still gets one probe."""
    catalogue = load_red_flags()
    gaps = {item.id for item in items if item.kind != "strength"}
    questions: list[str] = []
    for gap in _PRIORITY + tuple(_EXTRA):
        if gap in gaps:
            text = catalogue[gap].followup if gap in catalogue else _EXTRA[gap]
            if text not in questions:
                questions.append(text)
        if len(questions) == MAX_FOLLOWUPS:
            break
    return questions or [_WHEN_NOTHING_IS_MISSING]
