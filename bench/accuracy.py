"""Accuracy of the analysis against labelled answers by other hands, measured so it cannot flatter itself.

    python bench/accuracy.py [--write] [--baseline]
    python bench/accuracy.py --fresh FILE [FILE ...] [--write]

Every fitted part (the STAR sentence model and the learned flag models) is re-fitted for
each measurement on answers that do not include the ones measured:

- cross-set: fit on one dev set, test on the other, both directions
  (A = ../shared/devset/answers.jsonl, B = ../shared/devset/answers2.jsonl);
- leave-one-style-out: fit on A and every style of B but one, test on that style;
- the same two with the project's own extra answers (bench/data/answers_*.jsonl, written
  for StarCoach by other writers) added to every training side.
Word lists written by hand are not re-fitted: they were corrected while reading set A's
errors, so figures on A are development figures for them; docs/benchmarks.md says so.
``--fresh`` scores the engine as shipped (nothing re-fitted) on labelled files written after its
models were fitted, by writers who never saw them: a held-out figure, to be taken once per file
before the file joins any training side.
``--baseline`` measures the engine as it was before the learned flag models (only the STAR
model is fitted), for the record.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _devset
from _docs import machine_line, write_section
from _metrics import f1, macro_f1, roc_auc
from starcoach.analysis.answer import build_answer
from starcoach.analysis.engine import analyze
from starcoach.analysis.report import AnswerReport

LABELS = ("S", "T", "A", "R", "O")
PRESENCE = ("situation", "task", "action", "result")
FLAGS = ("quantified", "blame", "theoretical", "rambling", "overconfident", "empathy", "active_listening", "ownership")
BANDS = (("under 50 words", 0, 50), ("50-150 words", 50, 151), ("over 150 words", 151, 10**6))
TARGETS = "sentence macro-F1 >= 0.85; every presence F1 >= 0.90; every flag F1 >= 0.80; AUC >= 0.95 (>= 0.85 per band)"
EXTRA_GLOB = "answers_*.jsonl"

Analyse = Callable[[dict[str, Any]], AnswerReport]
Fitter = Callable[[list[dict[str, Any]]], Analyse]


def fit_current(records: list[dict[str, Any]]) -> Analyse:
    """Fit the STAR model and every flag model on ``records``; analyse with them."""
    import fit_models
    import train_star
    from starcoach.analysis.learned import LearnedModels, pipeline_with_models, shipped_star_settings

    l2, lam = shipped_star_settings()
    star = train_star.fit(train_star._prepare(train_star.for_star(records)), l2, lam)
    flags = fit_models.fit_all(fit_models.prepare(fit_models.augment(records)))
    pipeline = pipeline_with_models(LearnedModels(star, flags))
    return lambda r: analyze(r["answer"], r["question"], report_id=r["id"], pipeline=pipeline)


def fit_baseline(records: list[dict[str, Any]]) -> Analyse:
    """The engine before learned flags: only the STAR model is fitted (run on that commit)."""
    import json
    from dataclasses import replace

    import train_star
    from starcoach.analysis.analyzers.star import StarResult, analyze_star
    from starcoach.analysis.registry import Pipeline, default_pipeline
    from starcoach.analysis.star_model import answer_features

    settings = json.loads(train_star.MODEL_PATH.read_text(encoding="utf-8"))
    model = train_star.fit(train_star._prepare(records), settings["l2"], settings["transition_weight"])

    def star(answer: Any, _: Any) -> StarResult:
        labels, probabilities = model.decode(answer_features(answer))
        conf = tuple(round(row[LABELS.index(lab)], 3) for lab, row in zip(labels, probabilities))
        return StarResult(tuple(labels), conf)

    pipeline = Pipeline([replace(s, func=star) if s.id == analyze_star.id else s for s in default_pipeline().specs])
    return lambda r: analyze(r["answer"], r["question"], report_id=r["id"], pipeline=pipeline)


def _f1(gold: list[bool], pred: list[bool]) -> float:
    """F1, or "not measurable" (nan, shown as -) when the side has no true case at all."""
    return f1(gold, [bool(p) for p in pred]) if any(gold) else float("nan")


def measure(records: Sequence[dict[str, Any]], reports: Sequence[AnswerReport]) -> dict[str, float]:
    """Every figure for one test side."""
    out: dict[str, float] = {}
    gold_s: list[str] = []
    pred_s: list[str] = []
    for record, report in zip(records, reports):
        answer = build_answer(record["answer"], record["question"])
        golds = _devset.gold_sentences(record)
        gold_s += [g.star for g in golds]
        pred_s += _devset.our_label_for_gold(answer, [s.star for s in report.sentences], golds)
    out["sentence macro-F1"] = macro_f1(gold_s, pred_s, LABELS)
    for part in PRESENCE:
        out[f"has {part}"] = _f1([bool(r[f"has_{part}"]) for r in records], [getattr(x.star, part) for x in reports])
    for flag in FLAGS:
        out[flag] = _f1([bool(r[flag]) for r in records], [getattr(x.flags, flag) for x in reports])
    gold_fillers = [int(r["filler_count"]) for r in records]
    ours = [x.fillers.count for x in reports]
    found = sum(min(a, b) for a, b in zip(gold_fillers, ours))
    out["filler count exact"] = sum(a == b for a, b in zip(gold_fillers, ours)) / len(records)
    out["filler precision"] = found / sum(ours) if sum(ours) else float("nan")
    out["filler recall"] = found / sum(gold_fillers) if sum(gold_fillers) else float("nan")
    scores = [x.score for x in reports]
    lengths = [float(len(r["answer"].split())) for r in records]

    def auc(values: Sequence[float], keep: Callable[[int], bool], better: str = "strong") -> float:
        pos = [values[i] for i, r in enumerate(records) if r["quality"] == better and keep(i)]
        neg = [values[i] for i, r in enumerate(records) if r["quality"] == "weak" and keep(i)]
        return roc_auc(pos, neg) if pos and neg else float("nan")

    out["score AUC"] = auc(scores, lambda i: True)
    out["length AUC"] = auc(lengths, lambda i: True)
    for name, low, high in BANDS:
        out[f"score AUC, {name}"] = auc(scores, lambda i, lo=low, hi=high: lo <= lengths[i] < hi)
    # Neither dev set has a strong answer under 50 words, so that band is ranked mediocre against weak.
    out["score AUC mediocre vs weak, under 50 words"] = auc(scores, lambda i: lengths[i] < 50, "mediocre")
    return out


def run(fitter: Fitter, train: list[dict[str, Any]], test: list[dict[str, Any]]) -> dict[str, float]:
    """Fit on ``train``, measure on ``test``."""
    analyse = fitter(train)
    return measure(test, [analyse(r) for r in test])


def leave_one_style_out(fitter: Fitter, a: list[dict[str, Any]], b: list[dict[str, Any]], extra: list[dict[str, Any]]):
    """Per style of B: fit on A, the other styles of B and ``extra``; measure on the style. Also pooled."""
    per_style: dict[str, dict[str, float]] = {}
    pooled_records: list[dict[str, Any]] = []
    pooled_reports: list[AnswerReport] = []
    for style in sorted({r["style"] for r in b}):
        test = [r for r in b if r["style"] == style]
        analyse = fitter(a + [r for r in b if r["style"] != style] + extra)
        reports = [analyse(r) for r in test]
        per_style[style] = measure(test, reports)
        pooled_records += test
        pooled_reports += reports
    return per_style, measure(pooled_records, pooled_reports)


def _fmt(value: float) -> str:
    return "-" if value != value else f"{value:.2f}"


def table(columns: dict[str, dict[str, float]]) -> str:
    """Metrics as rows, runs as columns."""
    names = list(next(iter(columns.values())))
    lines = ["| measure | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    lines += [f"| {n} | " + " | ".join(_fmt(c[n]) for c in columns.values()) + " |" for n in names]
    return "\n".join(lines)


def score_fresh(paths: list[Path], write: bool) -> None:
    """The shipped engine, unchanged, on answers nothing was fitted or chosen on."""
    columns: dict[str, dict[str, float]] = {}
    for path in paths:
        if not path.exists():
            sys.exit(f"accuracy: no labelled file at {path}")
        records = _devset.load(path)
        columns[f"{path.name} ({len(records)})"] = measure(
            records, [analyze(r["answer"], r["question"], report_id=r["id"]) for r in records]
        )
    out = [
        "## Accuracy on fresh answers (held-out, shipped engine)",
        "",
        "Command: `python bench/accuracy.py --fresh " + " ".join(p.name for p in paths) + "`",
        "",
        f"Answers written for the project by writers who never saw its code or its other data, scored once "
        f"with the models as shipped before these files joined any training side. {machine_line()} "
        f"Targets: {TARGETS}.",
        "",
        table(columns),
    ]
    markdown = "\n".join(out)
    print(markdown)
    if write:
        write_section("accuracy-fresh", markdown)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="record the figures in docs/benchmarks.md")
    parser.add_argument("--baseline", action="store_true", help="the engine before the learned flag models")
    parser.add_argument("--fresh", nargs="+", type=Path, metavar="FILE", help="score the shipped engine on these")
    args = parser.parse_args()
    if args.fresh:
        score_fresh(args.fresh, args.write)
        return
    for path in (_devset.DEFAULT_DEVSET, _devset.SECOND_DEVSET):
        if not path.exists():
            sys.exit(f"accuracy: no dev set at {path}; the benchmark needs ../shared/devset beside the project")
    a, b = _devset.load(_devset.DEFAULT_DEVSET), _devset.load(_devset.SECOND_DEVSET)
    extra = [r for p in sorted(_devset.EXTRA_DIR.glob(EXTRA_GLOB)) for r in _devset.load(p)]
    fitter = fit_baseline if args.baseline else fit_current
    cross = {
        "fit A, test B": run(fitter, a, b),
        "fit B, test A": run(fitter, b, a),
    }
    if extra and not args.baseline:
        cross["fit A+extra, test B"] = run(fitter, a + extra, b)
        cross["fit B+extra, test A"] = run(fitter, b + extra, a)
    per_style, pooled = leave_one_style_out(fitter, a, b, [] if args.baseline else extra)
    name = "Accuracy, before the learned flag models (baseline)" if args.baseline else "Accuracy"
    out = [
        f"## {name}",
        "",
        f"Command: `python bench/accuracy.py{' --baseline' if args.baseline else ''}`",
        "",
        f"A: {len(a)} answers (`../shared/devset/answers.jsonl`); B: {len(b)} answers by other authors "
        f"(`answers2.jsonl`, seven styles); extra: {len(extra) if not args.baseline else 0} answers written for "
        f"the project (`bench/data/{EXTRA_GLOB}`). {machine_line()} Targets: {TARGETS}.",
        "",
        "### Cross-set",
        "",
        table(cross),
        "",
        "### Leave one style of B out (fit on A, the rest of B" + ("" if args.baseline else " and extra") + ")",
        "",
        table({**per_style, "all styles pooled": pooled}),
    ]
    markdown = "\n".join(out)
    print(markdown)
    if args.write:
        write_section("accuracy-baseline" if args.baseline else "accuracy", markdown)


if __name__ == "__main__":
    main()
