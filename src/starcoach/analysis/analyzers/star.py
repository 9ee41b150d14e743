"""star.v2: label each sentence Situation, Task, Action, Result or Other."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis.answer import Answer
from starcoach.analysis.learned import LearnedModels
from starcoach.analysis.registry import Results, analyzer
from starcoach.analysis.star_model import LABELS, answer_features

PART_NAMES = {"S": "situation", "T": "task", "A": "action", "R": "result"}


@dataclass(frozen=True)
class StarResult:
    """One STAR label per sentence, with the model's confidence in it."""

    labels: tuple[str, ...]
    confidence: tuple[float, ...]

    def has(self, part: str) -> bool:
        """True when any sentence carries the part ("S", "T", "A" or "R")."""
        return part in self.labels

    def sentences_with(self, part: str) -> list[int]:
        """Indices of the sentences labelled ``part``."""
        return [i for i, label in enumerate(self.labels) if label == part]

    @property
    def presence(self) -> dict[str, bool]:
        """situation/task/action/result -> present."""
        return {name: self.has(code) for code, name in PART_NAMES.items()}


@analyzer("star.v2", produces=StarResult, reads=(LearnedModels,))
def analyze_star(answer: Answer, results: Results) -> StarResult:
    """Label sentences with the STAR model, decoding them in order."""
    labels, probabilities = results.get(LearnedModels).star.decode(answer_features(answer))
    confidence = tuple(round(row[LABELS.index(label)], 3) for label, row in zip(labels, probabilities))
    return StarResult(tuple(labels), confidence)
