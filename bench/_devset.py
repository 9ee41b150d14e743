"""Load labelled answers (../shared/devset format) and align gold sentences to ours."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starcoach.analysis.answer import Answer

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DEVSET = REPO.parent / "shared" / "devset" / "answers.jsonl"
# The second set, from other hands (styles listed in its README): the other side of the cross-set protocol.
SECOND_DEVSET = REPO.parent / "shared" / "devset" / "answers2.jsonl"
# Labelled answers written for this project by other writers, in the same format.
EXTRA_DIR = REPO / "bench" / "data"


@dataclass(frozen=True)
class GoldSentence:
    start: int
    end: int
    star: str


def all_sets() -> list[Path]:
    """Every labelled set the shipped models are fitted on: both dev sets and the project's own extras."""
    return [DEFAULT_DEVSET, SECOND_DEVSET, *sorted(EXTRA_DIR.glob("answers_*.jsonl"))]


def load(path: Path = DEFAULT_DEVSET) -> list[dict[str, Any]]:
    """Every labelled answer in a JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def gold_sentences(record: dict[str, Any]) -> list[GoldSentence]:
    """The gold sentences with their character offsets in the answer."""
    text = record["answer"]
    cursor = 0
    spans: list[GoldSentence] = []
    for sentence in record["sentences"]:
        start = text.find(sentence["text"], cursor)
        if start < 0:
            raise ValueError(f"{record['id']}: sentence not found in answer: {sentence['text'][:40]}")
        end = start + len(sentence["text"])
        spans.append(GoldSentence(start, end, sentence["star"]))
        cursor = end
    return spans


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def gold_label_for_ours(answer: Answer, gold: list[GoldSentence]) -> list[str]:
    """For each of our sentences, the label of the gold sentence it overlaps most."""
    labels = []
    for sentence in answer.sentences:
        best = max(gold, key=lambda g: _overlap(sentence.start, sentence.end, g.start, g.end))
        labels.append(best.star)
    return labels


def our_label_for_gold(answer: Answer, ours: list[str], gold: list[GoldSentence]) -> list[str]:
    """For each gold sentence, our label of the sentence that overlaps it most."""
    labels = []
    for g in gold:
        if not answer.sentences:
            labels.append("O")
            continue
        best = max(
            range(len(answer.sentences)),
            key=lambda i: _overlap(answer.sentences[i].start, answer.sentences[i].end, g.start, g.end),
        )
        labels.append(ours[best])
    return labels


def group_folds(records: list[dict[str, Any]], k: int = 5) -> list[list[int]]:
    """Split record indices into k folds so that answers to one question share a fold."""
    questions = sorted({r["question"] for r in records})
    folds: list[list[int]] = [[] for _ in range(k)]
    for n, question in enumerate(questions):
        folds[n % k].extend(i for i, r in enumerate(records) if r["question"] == question)
    return folds
