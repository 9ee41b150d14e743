"""One numbering, one count and one score rounding for every view of a mock interview.

The live screen, the pause message, `history` and every report label answers the way the
interview asked them: "Q3", "Q3 follow-up 1", "closing". Questions and answers are counted apart
("4 questions, 7 answers"), and a score is rounded once, here, so no two views disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from starcoach.session_records import SCORED_KINDS, TurnKind, TurnRecord

CLOSING_LABEL = "closing"


def answer_label(kind: TurnKind, question_number: int, followup_number: int = 0) -> str:
    """The label of one answer: "Q3", "Q3 follow-up 1" or "closing"."""
    if kind == "closing":
        return CLOSING_LABEL
    if kind == "followup":
        return f"Q{question_number} follow-up {followup_number}"
    return f"Q{question_number}"


def turn_labels(turns: Sequence[TurnRecord], planned_question_ids: Sequence[str]) -> dict[int, str]:
    """Each turn's label by its index, numbered by the question it answers (follow-ups by their parent)."""
    labels: dict[int, str] = {}
    numbers: dict[int, int] = {}
    followups_seen: dict[int, int] = {}
    for turn in sorted(turns, key=lambda t: t.index):
        if turn.kind == "followup" and turn.parent_index is not None:
            number = numbers.get(turn.parent_index, 0)
            followups_seen[turn.parent_index] = followups_seen.get(turn.parent_index, 0) + 1
            labels[turn.index] = answer_label("followup", number, followups_seen[turn.parent_index])
            continue
        if turn.question_id is not None and turn.question_id in planned_question_ids:
            number = list(planned_question_ids).index(turn.question_id) + 1
        else:  # a turn whose question left the plan: number it after the ones seen so far
            number = len(numbers) + 1
        numbers[turn.index] = number
        labels[turn.index] = answer_label(turn.kind, number)
    return labels


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def count_phrase(questions: int, answers: int) -> str:
    """What was answered, counted one way everywhere: "4 questions, 7 answers" (answers include follow-ups)."""
    return f"{_plural(questions, 'question')}, {_plural(answers, 'answer')}"


def planned_phrase(questions: int) -> str:
    """How many questions a session plans, e.g. "4 questions" (follow-ups come on top)."""
    return _plural(questions, "question")


def count_turns(turns: Sequence[TurnRecord]) -> str:
    """``count_phrase`` for a list of turns: questions are the main and closing ones, answers every turn."""
    return count_phrase(sum(1 for t in turns if t.kind in SCORED_KINDS), len(turns))


def shown_score(score: float) -> str:
    """A score as every view shows it: a whole number, halves rounded up (86.5 -> 87), never 86.9 here and 87 there."""
    return str(int(Decimal(str(score)).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
