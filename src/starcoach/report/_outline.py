"""Restructure an answer as a STAR outline using only the candidate's own sentences."""

from __future__ import annotations

from starcoach.report.model import OutlineLabel, OutlinePart, StarOutline
from starcoach.session_records import TurnRecord

ORDER: tuple[OutlineLabel, ...] = ("S", "T", "A", "R")
PART_NAMES: dict[OutlineLabel, str] = {"S": "Situation", "T": "Task", "A": "Action", "R": "Result"}
# Each prompt says what to add, in the candidate's terms; the brackets mark it as not yet their words.
MISSING_PROMPTS: dict[OutlineLabel, str] = {
    "S": "[Situation missing: open with one sentence on when and where this happened and who was involved]",
    "T": "[Task missing: say what was yours to sort out, in one sentence that starts with 'My job was' or 'I had to']",
    "A": "[Action missing: give two or three steps you took yourself, each starting with 'I' and a verb]",
    "R": "[Result missing: say what happened and put a number on it]",
}


def build_outline(number: int, turn: TurnRecord, label: str | None = None) -> StarOutline:
    """The answer's sentences grouped by STAR label in S-T-A-R order, gaps prompted, off-topic ones cut."""
    by_label: dict[str, list[str]] = {label: [] for label in (*ORDER, "O")}
    for sentence in turn.report.sentences:
        by_label[sentence.star].append(sentence.text.strip())
    parts = [
        OutlinePart(
            label=label,
            name=PART_NAMES[label],
            sentences=by_label[label],
            missing_prompt=None if by_label[label] else MISSING_PROMPTS[label],
        )
        for label in ORDER
    ]
    return StarOutline(
        number=number,
        label=label or f"Q{number}",
        question=turn.question,
        score=turn.report.score,
        parts=parts,
        cut=by_label["O"],
    )
