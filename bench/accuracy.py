"""Accuracy of the analysis against labelled answers, each figure beside a trivial baseline.

    python bench/accuracy.py [--devset PATH] [--write]

Sentence STAR labels, component presence, and every flag are measured with grouped
5-fold cross-validation: the STAR model is re-fitted on four folds and the fifth is
analysed by the full pipeline with that model, so no answer is scored by weights that saw
it (folds group answers by question). The shipped model's in-sample figures are shown too.
Baselines: the majority class for F1, answer length alone for the score's ROC AUC.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _devset
import train_star
from _docs import machine_line, write_section
from _metrics import accuracy, f1, macro_f1, roc_auc, spearman
from starcoach.analysis.analyzers.star import StarResult, analyze_star
from starcoach.analysis.answer import Answer, build_answer
from starcoach.analysis.engine import analyze
from starcoach.analysis.registry import Pipeline, Results, default_pipeline
from starcoach.analysis.report import AnswerReport
from starcoach.analysis.star_model import LABELS, StarModel, answer_features

PRESENCE = ("situation", "task", "action", "result")
FLAGS = ("quantified", "blame", "theoretical", "rambling", "overconfident", "empathy", "active_listening", "ownership")
TARGETS = {"sentence_macro_f1": 0.80, "presence_f1": 0.90, "flag_f1": 0.80, "auc": 0.95}


def _pipeline_with(model: StarModel) -> Pipeline:
    """The default pipeline with the STAR analyzer swapped for one using ``model``."""

    def star_with_model(answer: Answer, _: Results) -> StarResult:
        labels, probabilities = model.decode(answer_features(answer))
        conf = tuple(round(row[LABELS.index(label)], 3) for label, row in zip(labels, probabilities))
        return StarResult(tuple(labels), conf)

    specs = [
        replace(spec, func=star_with_model) if spec.id == analyze_star.id else spec for spec in default_pipeline().specs
    ]
    return Pipeline(specs)


def _reports(records: list[dict[str, Any]], cross_validated: bool) -> list[AnswerReport]:
    reports: list[AnswerReport | None] = [None] * len(records)
    if not cross_validated:
        return [analyze(r["answer"], r["question"], report_id=r["id"]) for r in records]
    items = train_star._prepare(records)
    settings = json.loads(train_star.MODEL_PATH.read_text(encoding="utf-8"))
    for fold in _devset.group_folds(records):
        held = set(fold)
        model = train_star.fit(
            [it for i, it in enumerate(items) if i not in held], settings["l2"], settings["transition_weight"]
        )
        pipeline = _pipeline_with(model)
        for i in fold:
            reports[i] = analyze(
                records[i]["answer"], records[i]["question"], report_id=records[i]["id"], pipeline=pipeline
            )
    return [r for r in reports if r is not None]


def _sentence_labels(records: list[dict[str, Any]], reports: list[AnswerReport]) -> tuple[list[str], list[str]]:
    gold, pred = [], []
    for record, report in zip(records, reports):
        answer = build_answer(record["answer"], record["question"])
        ours = [s.star for s in report.sentences]
        golds = _devset.gold_sentences(record)
        pred += _devset.our_label_for_gold(answer, ours, golds)
        gold += [g.star for g in golds]
    return gold, pred


def _majority_f1(gold: list[bool]) -> float:
    majority = sum(gold) * 2 >= len(gold)
    return f1(gold, [majority] * len(gold))


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def measure(records: list[dict[str, Any]]) -> str:
    """All figures, as Markdown."""
    cv = _reports(records, cross_validated=True)
    shipped = _reports(records, cross_validated=False)
    out = [f"Dev set: {len(records)} answers (`../shared/devset/answers.jsonl`). {machine_line()}", ""]

    rows = []
    for name, reports in (("cross-validated", cv), ("shipped model (in-sample)", shipped)):
        gold, pred = _sentence_labels(records, reports)
        rows.append((name, f"{accuracy(gold, pred):.3f}", f"{macro_f1(gold, pred, LABELS):.3f}"))
    gold, _ = _sentence_labels(records, cv)
    majority = max(set(gold), key=gold.count)
    rows.append(
        (
            f"baseline: always '{majority}'",
            f"{accuracy(gold, [majority] * len(gold)):.3f}",
            f"{macro_f1(gold, [majority] * len(gold), LABELS):.3f}",
        )
    )
    out += [
        "### STAR label of each sentence",
        f"Target: macro-F1 >= {TARGETS['sentence_macro_f1']}.",
        "",
        _table(rows, ("model", "accuracy", "macro-F1")),
        "",
    ]

    def flag_rows(
        names: tuple[str, ...], gold_key: Callable[[str], str], get: Callable[[AnswerReport, str], bool]
    ) -> str:
        rows = []
        for name in names:
            gold_values = [bool(r[gold_key(name)]) for r in records]
            rows.append(
                (
                    name,
                    str(sum(gold_values)),
                    f"{f1(gold_values, [get(x, name) for x in cv]):.3f}",
                    f"{f1(gold_values, [get(x, name) for x in shipped]):.3f}",
                    f"{_majority_f1(gold_values):.3f}",
                )
            )
        return _table(rows, ("label", "true in gold", "F1 (cv)", "F1 (shipped)", "baseline F1 (majority)"))

    out += [
        "### STAR component present",
        f"Target: F1 >= {TARGETS['presence_f1']} for each.",
        "",
        flag_rows(PRESENCE, lambda n: f"has_{n}", lambda rep, n: bool(getattr(rep.star, n))),
        "",
    ]
    out += [
        "### Flags",
        f"Target: F1 >= {TARGETS['flag_f1']} for each.",
        "",
        flag_rows(FLAGS, lambda n: n, lambda rep, n: bool(getattr(rep.flags, n))),
        "",
    ]

    gold_fillers = [int(r["filler_count"]) for r in records]
    ours = [rep.fillers.count for rep in cv]
    exact = accuracy(gold_fillers, ours)
    mae = sum(abs(a - b) for a, b in zip(gold_fillers, ours)) / len(ours)
    found = sum(min(a, b) for a, b in zip(gold_fillers, ours))
    precision = found / max(sum(ours), 1)
    recall = found / max(sum(gold_fillers), 1)
    out += [
        "### Filler count",
        "Gold counts per answer; precision and recall count matched fillers per answer (min of the two counts).",
        "",
        _table(
            [
                ("StarCoach", f"{exact:.3f}", f"{mae:.2f}", f"{precision:.3f}", f"{recall:.3f}"),
                (
                    "baseline: always 0",
                    f"{accuracy(gold_fillers, [0] * len(ours)):.3f}",
                    f"{sum(gold_fillers) / len(ours):.2f}",
                    "-",
                    "0.000",
                ),
            ],
            ("method", "exact count", "mean abs. error", "precision", "recall"),
        ),
        "",
    ]

    strong = [i for i, r in enumerate(records) if r["quality"] == "strong"]
    weak = [i for i, r in enumerate(records) if r["quality"] == "weak"]
    mediocre = [i for i, r in enumerate(records) if r["quality"] == "mediocre"]
    lengths = [float(r["word_count"]) for r in records]

    def auc(values: list[float], pos: list[int], neg: list[int]) -> float:
        return roc_auc([values[i] for i in pos], [values[i] for i in neg])

    quality_rank = [{"weak": 0.0, "mediocre": 1.0, "strong": 2.0}[r["quality"]] for r in records]
    rows = []
    for name, values in (
        ("score (cv)", [x.score for x in cv]),
        ("score (shipped)", [x.score for x in shipped]),
        ("baseline: word count", lengths),
    ):
        rows.append(
            (
                name,
                f"{auc(values, strong, weak):.3f}",
                f"{auc(values, strong, mediocre):.3f}",
                f"{auc(values, mediocre, weak):.3f}",
                f"{spearman(values, quality_rank):.3f}",
            )
        )
    out += [
        "### Overall score against the quality label",
        f"Target: ROC AUC strong vs weak >= {TARGETS['auc']}.",
        "",
        _table(
            rows, ("signal", "AUC strong/weak", "AUC strong/mediocre", "AUC mediocre/weak", "Spearman with quality")
        ),
        "",
    ]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devset", type=Path, default=_devset.DEFAULT_DEVSET)
    parser.add_argument("--write", action="store_true", help="record the figures in docs/benchmarks.md")
    args = parser.parse_args()
    if not args.devset.exists():
        sys.exit(f"accuracy: no dev set at {args.devset}; pass --devset PATH")
    body = measure(_devset.load(args.devset))
    command = "python bench/accuracy.py" + (f" --devset {args.devset}" if args.devset != _devset.DEFAULT_DEVSET else "")
    markdown = f"## Accuracy\n\nCommand: `{command}`\n\n{body}"
    print(markdown)
    if args.write:
        write_section("accuracy", markdown)


if __name__ == "__main__":
    main()
