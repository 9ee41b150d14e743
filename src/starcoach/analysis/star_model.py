"""The STAR sentence labeller: a small linear model over general features, decoded in order.

The weights live in ``data/star_model.json`` and are learned by ``bench/train_star.py``
(cross-validated, see docs/scoring.md). Decoding adds a learned preference for the usual
order (situation, task, action, result) so a lone past-tense sentence between two actions
is read as an action, not a new scene.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from starcoach.analysis.answer import Answer
from starcoach.analysis.star_features import sentence_features

LABELS = ("S", "T", "A", "R", "O")
_CONTEXT_KEYS = (
    "tense:past",
    "cue:time_anchor",
    "i:action",
    "cue:result_marker",
    "cue:task_marker",
    "tense:conditional",
    "cue:opinion",
    "cue:scene_subject",
)


def contextual_features(per_sentence: Sequence[dict[str, float]]) -> list[dict[str, float]]:
    """Each sentence's features plus a few of its neighbours', marked prev:/next:."""
    combined: list[dict[str, float]] = []
    for i, own in enumerate(per_sentence):
        features = dict(own)
        for offset, prefix in ((-1, "prev:"), (1, "next:")):
            j = i + offset
            if 0 <= j < len(per_sentence):
                for key in _CONTEXT_KEYS:
                    if key in per_sentence[j]:
                        features[prefix + key] = 1.0
        combined.append(features)
    return combined


def answer_features(answer: Answer) -> list[dict[str, float]]:
    """Contextual features for every sentence of an answer."""
    return contextual_features([sentence_features(answer, s) for s in answer.sentences])


@dataclass(frozen=True)
class StarModel:
    """Weights per feature and label, plus label-to-label transition scores."""

    weights: dict[str, tuple[float, ...]]
    start: tuple[float, ...]
    transitions: tuple[tuple[float, ...], ...]
    transition_weight: float

    def emissions(self, features: dict[str, float]) -> list[float]:
        """Log-probabilities of each label for one sentence."""
        scores = [0.0] * len(LABELS)
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None:
                for k, w in enumerate(row):
                    scores[k] += w * value
        top = max(scores)
        log_norm = top + math.log(sum(math.exp(s - top) for s in scores))
        return [s - log_norm for s in scores]

    def decode(self, features: Sequence[dict[str, float]]) -> tuple[list[str], list[list[float]]]:
        """The most likely label sequence (Viterbi) and each sentence's label probabilities."""
        if not features:
            return [], []
        emissions = [self.emissions(f) for f in features]
        n = len(LABELS)
        lam = self.transition_weight
        best = [emissions[0][k] + lam * self.start[k] for k in range(n)]
        back: list[list[int]] = []
        for row in emissions[1:]:
            step_best, step_back = [], []
            for k in range(n):
                prev = max(range(n), key=lambda j: best[j] + lam * self.transitions[j][k])
                step_back.append(prev)
                step_best.append(best[prev] + lam * self.transitions[prev][k] + row[k])
            best, back = step_best, [*back, step_back]
        path = [max(range(n), key=lambda k: best[k])]
        for step_back in reversed(back):
            path.append(step_back[path[-1]])
        path.reverse()
        probabilities = [[math.exp(v) for v in row] for row in emissions]
        return [LABELS[k] for k in path], probabilities


def model_from_dict(data: dict[str, object]) -> StarModel:
    """Build a model from its JSON form."""
    weights = {str(k): tuple(float(x) for x in v) for k, v in dict(data["weights"]).items()}  # type: ignore[call-overload]
    start = tuple(float(x) for x in data["start"])  # type: ignore[attr-defined]
    transitions = tuple(tuple(float(x) for x in row) for row in data["transitions"])  # type: ignore[attr-defined]
    return StarModel(weights, start, transitions, float(data["transition_weight"]))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load_star_model() -> StarModel:
    """The shipped STAR model."""
    raw = (resources.files("starcoach.analysis") / "data" / "star_model.json").read_text(encoding="utf-8")
    return model_from_dict(json.loads(raw))
