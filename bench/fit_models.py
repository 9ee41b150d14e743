"""Fit the learned flag models on labelled answers and ship them.

    python bench/fit_models.py [--devset PATH ...] [--write]

Sentence flags (empathy, active listening, blame, overconfidence) are labelled per answer,
not per sentence, so they are fitted as multiple-instance problems: every sentence of a
flagged answer starts as a weak positive, then, for a few rounds, only the sentences the
model itself ranks highest in each flagged answer stay positive, while every sentence of
an unflagged answer is a negative. Answer flags (theoretical, rambling) are plain logistic
models over pooled features. Each threshold is chosen on out-of-fold predictions within
the training answers (folds grouped by question), never on the answers being measured.
Without --devset it fits on both dev sets and the project's extra answers together, which is what ships.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _devset
from _metrics import f1
from starcoach.analysis.answer import Answer, build_answer
from starcoach.analysis.flag_model import FlagModels, LinearModel, feature_matrix
from starcoach.analysis.language import LanguageResult, analyze_language
from starcoach.analysis.pooled import drift_features, event_features
from starcoach.analysis.registry import Results

MODELS_PATH = _devset.REPO / "src" / "starcoach" / "analysis" / "data" / "flag_models.json"
SENTENCE_FLAGS = ("empathy", "active_listening", "blame", "overconfident")
ANSWER_FLAGS: dict[str, Callable[[Answer, LanguageResult], dict[str, float]]] = {
    "theoretical": event_features,
    "rambling": drift_features,
}
L2 = {"sentence": 1.0, "answer": 1.0}


@dataclass
class Item:
    """One labelled answer, analysed once."""

    record: dict[str, Any]
    answer: Answer
    language: LanguageResult
    rows: list[dict[str, float]]  # per sentence: its features plus the answer's context


def as_transcript(text: str) -> str:
    """The answer as a speech recogniser might write it: lower case, no punctuation."""
    return re.sub(r"[.,!?;:\"\u201c\u201d]", "", text.lower())


def joined(text: str) -> str:
    """The answer told as one run, its sentences joined with "and then"."""
    return re.sub(r"[.!?]\s+(\w)", lambda m: " and then " + m.group(1).lower(), text.strip().rstrip(".!?")) + "."


def augment(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each answer, plus copies written as a transcript and as one run-on, with the same answer labels.

    The flags are about what was said, not how it was punctuated; showing the models the same
    answers both ways keeps them from learning the punctuation of one writer.
    """
    out = list(records)
    for record in records:
        for change in (as_transcript, joined):
            out.append({**record, "answer": change(record["answer"]), "id": f"{record['id']}~{change.__name__}"})
    return out


def prepare(records: Sequence[dict[str, Any]]) -> list[Item]:
    """Analyse every answer once."""
    items = []
    for record in records:
        answer = build_answer(record["answer"], record["question"])
        language = analyze_language.func(answer, Results())
        rows = [{**s.features, **language.context} for s in language.sentences]
        items.append(Item(record, answer, language, rows))
    return items


def fit_logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """Weighted L2 logistic regression by Newton's method (bias not penalised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[-1] = 0.0
    # Balance the classes so a rare flag is not fitted to "never".
    pos = weight * y
    neg = weight * (1 - y)
    scale = np.where(y > 0.5, 0.5 * weight.sum() / max(pos.sum(), 1e-9), 0.5 * weight.sum() / max(neg.sum(), 1e-9))
    sw = weight * scale
    for _ in range(25):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (sw * (p - y)) + penalty * w
        hess = (xb * (sw * p * (1 - p))[:, None]).T @ xb + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w[:-1], float(w[-1])


def _names(rows: Sequence[dict[str, float]]) -> list[str]:
    return sorted({n for row in rows for n in row})


def _dense(items: Sequence[Item], names: Sequence[str]) -> tuple[np.ndarray, list[int]]:
    rows = [row for it in items for row in it.rows]
    owner = [k for k, it in enumerate(items) for _ in it.rows]
    x = feature_matrix(rows, names)
    vectors = np.vstack([it.language.vectors for it in items if len(it.language.vectors)])
    return np.hstack([x, vectors]), owner


def _split(names: Sequence[str], w: np.ndarray, bias: float, threshold: float) -> LinearModel:
    k = len(names)
    return LinearModel(tuple(names), w[:k], w[k:], bias, threshold)


def fit_sentence_flag(items: Sequence[Item], flag: str, threshold: float = 0.5, rounds: int = 3) -> LinearModel:
    """Multiple-instance fit: positives are the best few sentences of each flagged answer."""
    names = _names([row for it in items for row in it.rows])
    x, owner = _dense(items, names)
    owner_arr = np.asarray(owner)
    labels = np.asarray([bool(it.record[flag]) for it in items])
    y = labels[owner_arr].astype(float)
    sizes = np.bincount(owner_arr, minlength=len(items)).astype(float)
    weight = np.where(y > 0, 1.0 / sizes[owner_arr], 1.0)
    w, b = fit_logistic(x, y, weight, L2["sentence"])
    for _ in range(rounds):
        scores = x @ w + b
        weight = np.where(y > 0, 0.0, 1.0)
        for k in np.flatnonzero(labels):
            rows = np.flatnonzero(owner_arr == k)
            if len(rows):
                best = rows[np.argsort(-scores[rows])[: max(1, len(rows) // 6)]]
                weight[best] = 1.0
        w, b = fit_logistic(x, y, weight, L2["sentence"])
    return _split(names, w, b, threshold)


def fit_answer_flag(items: Sequence[Item], flag: str, threshold: float = 0.5) -> LinearModel:
    """Plain logistic fit over pooled answer features."""
    rows = [ANSWER_FLAGS[flag](it.answer, it.language) for it in items]
    names = _names(rows)
    x = feature_matrix(rows, names)
    y = np.asarray([float(it.record[flag]) for it in items])
    w, b = fit_logistic(x, y, np.ones(len(y)), L2["answer"])
    return LinearModel(tuple(names), w, np.zeros(0), b, threshold)


def sentence_probabilities(model: LinearModel, item: Item) -> list[float]:
    """Each sentence's probability under a sentence model."""
    return [model.probability(row, item.language.vector(i)) for i, row in enumerate(item.rows)]


def answer_probability(flag: str, model: LinearModel, item: Item) -> float:
    """The answer's probability for a flag."""
    if flag in ANSWER_FLAGS:
        return model.probability(ANSWER_FLAGS[flag](item.answer, item.language))
    return max(sentence_probabilities(model, item), default=0.0)


def _fit(items: Sequence[Item], flag: str, threshold: float = 0.5) -> LinearModel:
    return (
        fit_answer_flag(items, flag, threshold) if flag in ANSWER_FLAGS else fit_sentence_flag(items, flag, threshold)
    )


def choose_threshold(items: Sequence[Item], flag: str) -> float:
    """The threshold with the best F1 on out-of-fold predictions inside the training answers."""
    records = [it.record for it in items]
    probs = np.zeros(len(items))
    for fold in _devset.group_folds(records):
        held = set(fold)
        model = _fit([it for i, it in enumerate(items) if i not in held], flag)
        for i in fold:
            probs[i] = answer_probability(flag, model, items[i])
    gold = [bool(it.record[flag]) for it in items]
    best = max(np.arange(0.2, 0.95, 0.025), key=lambda t: (f1(gold, list(probs >= t)), -abs(t - 0.5)))
    return float(best)


def fit_all(items: Sequence[Item]) -> FlagModels:
    """Every flag model, each with a threshold chosen inside ``items`` (pass augmented items to fit on copies)."""
    sentence = {flag: _fit(items, flag, choose_threshold(items, flag)) for flag in SENTENCE_FLAGS}
    answer = {flag: _fit(items, flag, choose_threshold(items, flag)) for flag in ANSWER_FLAGS}
    return FlagModels(sentence, answer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devset", type=Path, action="append", help="labelled answers to fit on (repeatable)")
    parser.add_argument("--write", action="store_true", help="ship the fitted models in the package")
    args = parser.parse_args()
    paths = args.devset or _devset.all_sets()
    records = [r for p in paths for r in _devset.load(p)]
    models = fit_all(prepare(augment(records)))
    for flag, model in {**models.sentence, **models.answer}.items():
        print(f"{flag}: threshold {model.threshold:.3f}")
    if args.write:
        payload = {"about": "regenerate with: python bench/fit_models.py --write", **models.to_dict()}
        MODELS_PATH.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {MODELS_PATH.relative_to(_devset.REPO)}")


if __name__ == "__main__":
    main()
