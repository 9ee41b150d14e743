"""Check the tone signals against human ratings from other domains.

    PYTHONPATH=src python bench/tone.py [--external PATH] [--write-md FILE] [--write]

Warmth against the Stanford Politeness Corpus (Danescu-Niculescu-Mizil et al., ACL 2013):
Spearman with the normalised politeness score over every request, and on the top vs bottom
quartile (polite vs impolite) the accuracy of two thresholds: one chosen on Wikipedia and
applied unchanged to Stack Exchange, and each file's own median; plus the threshold-free
ROC AUC. Certainty against the sentence-level certainty ratings of Pei & Jurgens (EMNLP
2021), per split. The word lists were developed on Wikipedia and on the certainty train split;
Stack Exchange and the other certainty splits are held out. These check the signals on wiki
and Q&A requests and science findings, not on interview answers.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _docs import machine_line, write_section
from _metrics import accuracy, roc_auc, spearman
from starcoach.analysis.analyzers.tone import certainty_of, warmth_of

DEFAULT_EXTERNAL = Path(__file__).resolve().parent.parent.parent / "shared" / "external"
POLITENESS_FILES = (
    ("Wikipedia (development)", "wikipedia.annotated.csv"),
    ("Stack Exchange (held out)", "stack-exchange.annotated.csv"),
)
CERTAINTY_SPLITS = (
    ("train (development)", ("train",)),
    ("val (held out)", ("val",)),
    ("test (held out)", ("test",)),
    ("ext (held out)", ("ext",)),
    ("val + test + ext (held out)", ("val", "test", "ext")),
)


def _politeness(path: Path) -> tuple[list[float], list[float]]:
    """Our warmth and the human score for every request in one corpus file."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [warmth_of(r["Request"]) for r in rows], [float(r["Normalized Score"]) for r in rows]


def _quartiles(ours: Sequence[float], scores: Sequence[float]) -> tuple[list[float], list[bool]]:
    """Warmth of the top- and bottom-quartile requests, and which of them are the polite ones."""
    ordered = sorted(scores)
    low, high = ordered[len(ordered) // 4], ordered[(3 * len(ordered)) // 4]
    kept = [(o, s >= high) for o, s in zip(ours, scores) if s <= low or s >= high]
    return [o for o, _ in kept], [polite for _, polite in kept]


def _accuracy_above(values: Sequence[float], polite: Sequence[bool], threshold: float) -> float:
    """Accuracy of "polite when warmth > threshold"."""
    return accuracy(list(polite), [v > threshold for v in values])


def _best_threshold(values: Sequence[float], polite: Sequence[bool]) -> float:
    """The threshold with the best accuracy (the lowest of equals, so the choice is stable)."""
    candidates = sorted(set(values))
    return max(candidates, key=lambda t: (_accuracy_above(values, polite, t), -t))


def _auc(values: Sequence[float], polite: Sequence[bool]) -> float:
    return roc_auc([v for v, p in zip(values, polite) if p], [v for v, p in zip(values, polite) if not p])


def politeness_rows(external: Path) -> tuple[float, list[str]]:
    """The Wikipedia-chosen threshold and one Markdown table row per corpus file."""
    folder = external / "stanford_politeness"
    measured = [(name, *_politeness(folder / file)) for name, file in POLITENESS_FILES]
    wiki_values, wiki_polite = _quartiles(measured[0][1], measured[0][2])
    threshold = _best_threshold(wiki_values, wiki_polite)
    rows = []
    for name, ours, scores in measured:
        values, polite = _quartiles(ours, scores)
        median = sorted(values)[len(values) // 2]
        at_threshold, at_median = (_accuracy_above(values, polite, t) for t in (threshold, median))
        rows.append(
            f"| {name} | {len(ours)} | {spearman(ours, scores):.3f} | {len(values)} "
            f"| {at_threshold:.3f} | {at_median:.3f} | {_auc(values, polite):.3f} |"
        )
    return threshold, rows


def certainty_rows(external: Path) -> list[str]:
    """One Markdown table row per certainty split."""
    path = external / "sentence_certainty" / "sentence-level-certainty.jsonl"
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    rows = []
    for name, splits in CERTAINTY_SPLITS:
        chosen = [r for r in records if r["split"] in splits]
        ours = [certainty_of(r["finding"]) for r in chosen]
        gold = [float(r["sentence-level-certainty"]) for r in chosen]
        rows.append(f"| {name} | {len(chosen)} | {spearman(ours, gold):.3f} |")
    return rows


def measure(external: Path) -> str:
    """The figures as a Markdown section."""
    threshold, polite_rows = politeness_rows(external)
    return "\n".join(
        [
            "## Tone signals",
            "",
            "Command: `PYTHONPATH=src python bench/tone.py`",
            "",
            f"{machine_line()} Checks of the signals on other domains (wiki and Q&A requests, "
            "science findings), not of interview answers.",
            "",
            "### Warmth against the Stanford Politeness Corpus (Danescu-Niculescu-Mizil et al. 2013)",
            "Targets: |Spearman| >= 0.35 over all requests; accuracy >= 0.75 on the top vs bottom quartile "
            f"(polite when warmth > threshold). The threshold, {threshold:.3f}, was chosen on Wikipedia and "
            "applied unchanged to Stack Exchange; the median column thresholds each file at its own median.",
            "",
            "| corpus | requests | Spearman | quartile items | accuracy (Wikipedia threshold) "
            "| accuracy (own median) | ROC AUC |",
            "|---|---|---|---|---|---|---|",
            *polite_rows,
            "",
            "### Certainty against sentence-level certainty ratings (Pei & Jurgens 2021)",
            "Target: |Spearman| >= 0.35.",
            "",
            "| split | findings | Spearman |",
            "|---|---|---|",
            *certainty_rows(external),
        ]
    )


def main() -> None:
    """Print the figures; optionally write them to a Markdown file."""
    layout = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=layout)
    parser.add_argument("--external", type=Path, default=DEFAULT_EXTERNAL, help="the external corpora")
    parser.add_argument("--write-md", type=Path, metavar="FILE", help="also write the Markdown to FILE")
    parser.add_argument("--write", action="store_true", help="record the figures in docs/benchmarks.md")
    args = parser.parse_args()
    markdown = measure(args.external)
    print(markdown)
    if args.write_md is not None:
        args.write_md.write_text(markdown + "\n", encoding="utf-8")
    if args.write:
        write_section("tone", markdown)


if __name__ == "__main__":
    main()
