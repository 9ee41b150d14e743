"""Learned judgements: small logistic models over general features and meaning vectors.

Two shapes, both fitted by ``bench/fit_models.py`` on labelled answers and shipped as
``data/flag_models.json``:

- a *sentence* model scores each sentence (does this sentence acknowledge a feeling,
  confirm understanding, shift blame, boast?); the answer shows the flag when its best
  sentence passes the threshold, and the sentences that pass are the evidence quoted.
  The labels are per answer, so the fit finds the sentences that carry them
  (multiple-instance learning, see the bench script).
- an *answer* model scores the answer as a whole from pooled features (is a story told
  at all; does it drift from the question and repeat itself), quoting the sentences that
  pushed the score most.

Every model is a weighted sum, so what earned a verdict can always be shown.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Vector = NDArray[np.float64]


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@dataclass(frozen=True)
class LinearModel:
    """Weights for named features and for a dense vector, a bias, and a decision threshold."""

    names: tuple[str, ...]
    weights: Any  # (len(names),) float64
    vector_weights: Any  # (dims,) float64, or an empty array when the model reads no vector
    bias: float
    threshold: float

    def probability(self, features: Mapping[str, float], vector: Any = None) -> float:
        """The model's probability for one row of features (and its meaning vector)."""
        z = self.bias + sum(w * features.get(n, 0.0) for n, w in zip(self.names, self.weights) if w)
        if vector is not None and len(self.vector_weights):
            z += float(vector @ self.vector_weights)
        return _sigmoid(z)

    def contributions(self, features: Mapping[str, float]) -> dict[str, float]:
        """What each named feature added to the score (for explaining a verdict)."""
        return {n: float(w) * features[n] for n, w in zip(self.names, self.weights) if features.get(n)}

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "names": list(self.names),
            "weights": [round(float(w), 5) for w in self.weights],
            "vector_weights": [round(float(w), 5) for w in self.vector_weights],
            "bias": round(self.bias, 5),
            "threshold": round(self.threshold, 4),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinearModel:
        """Build from the JSON form."""
        import numpy as np

        return cls(
            tuple(data["names"]),
            np.asarray(data["weights"], dtype=np.float64),
            np.asarray(data["vector_weights"], dtype=np.float64),
            float(data["bias"]),
            float(data["threshold"]),
        )


@dataclass(frozen=True)
class FlagModels:
    """Every learned flag model, by flag name."""

    sentence: dict[str, LinearModel]
    answer: dict[str, LinearModel]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "sentence": {k: m.to_dict() for k, m in sorted(self.sentence.items())},
            "answer": {k: m.to_dict() for k, m in sorted(self.answer.items())},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FlagModels:
        """Build from the JSON form."""
        return cls(
            {k: LinearModel.from_dict(v) for k, v in data["sentence"].items()},
            {k: LinearModel.from_dict(v) for k, v in data["answer"].items()},
        )


@lru_cache(maxsize=1)
def load_flag_models() -> FlagModels:
    """The shipped flag models."""
    raw = (resources.files("starcoach.analysis") / "data" / "flag_models.json").read_text(encoding="utf-8")
    return FlagModels.from_dict(json.loads(raw))


def feature_matrix(rows: Sequence[Mapping[str, float]], names: Sequence[str]) -> Vector:
    """Dense rows in the order of ``names`` (for fitting)."""
    import numpy as np

    index = {n: i for i, n in enumerate(names)}
    out = np.zeros((len(rows), len(names)))
    for r, row in enumerate(rows):
        for n, v in row.items():
            i = index.get(n)
            if i is not None:
                out[r, i] = v
    return out
