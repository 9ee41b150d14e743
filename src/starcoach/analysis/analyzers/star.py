"""star.v2: label each sentence Situation, Task, Action, Result or Other."""

from __future__ import annotations

from collections.abc import Sequence
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
    features = answer_features(answer)
    labels, probabilities = results.get(LearnedModels).star.decode(features)
    labels = keep_the_action(labels, probabilities, features)
    confidence = tuple(round(row[LABELS.index(label)], 3) for label, row in zip(labels, probabilities))
    return StarResult(tuple(labels), confidence)


def keep_the_action(
    labels: Sequence[str], probabilities: Sequence[Sequence[float]], features: Sequence[dict[str, float]]
) -> list[str]:
    """An answer in which the speaker did something has an Action, however short it is.

    The model reads the last of two or three sentences mostly by its position, so a short
    story's one step ("I checked the tracking and called the courier.") can come out Other,
    and the candidate would be told they never said what they did. When no sentence is an
    Action, the Other sentence with a first-person past action that the model finds most
    Action-like becomes one. Measured cross-set, this raised action presence F1 (0.890 to 0.904
    and 0.921 to 0.924) and left sentence macro-F1 within 0.001.
    """
    out = list(labels)
    if "A" in out:
        return out
    candidates = [
        i
        for i, (label, f) in enumerate(zip(out, features))
        if label == "O" and f.get("i:past_action") and not f.get("tense:conditional")
    ]
    if candidates:
        out[max(candidates, key=lambda i: probabilities[i][LABELS.index("A")])] = "A"
    return out
