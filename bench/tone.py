"""Check the tone signals against human ratings from other domains.

    python bench/tone.py [--external PATH] [--write]

Warmth against the Stanford Politeness Corpus (Danescu-Niculescu-Mizil et al., 2013):
Spearman with the normalised politeness score, and on its top vs bottom quartile the
accuracy of "warmth above the neutral 0.5 means polite" and the threshold-free ROC AUC.
Certainty against the sentence-level certainty ratings of Pei & Jurgens (2021). These are
checks of the signals on wiki requests and science findings, not measurements on interview
answers. The word lists were written from general
knowledge of politeness and hedging, not fitted to these corpora.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _docs import machine_line, write_section
from _metrics import accuracy, roc_auc, spearman
from starcoach.analysis.analyzers.tone import certainty_of, warmth_of

DEFAULT_EXTERNAL = Path(__file__).resolve().parent.parent.parent / "shared" / "external"


def _politeness(path: Path) -> tuple[list[float], list[float]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [warmth_of(r["Request"]) for r in rows], [float(r["Normalized Score"]) for r in rows]


def _quartile_items(ours: list[float], scores: list[float]) -> tuple[list[float], list[bool]]:
    ordered = sorted(scores)
    low, high = ordered[len(ordered) // 4], ordered[(3 * len(ordered)) // 4]
    keep = [(o, s >= high) for o, s in zip(ours, scores) if s <= low or s >= high]
    return [o for o, _ in keep], [polite for _, polite in keep]


def measure(external: Path) -> str:
    """The figures as Markdown."""
    wiki = _politeness(external / "stanford_politeness" / "wikipedia.annotated.csv")
    stack = _politeness(external / "stanford_politeness" / "stack-exchange.annotated.csv")
    threshold = 0.5  # the neutral point: no courtesy and no pressure
    rows = []
    for name, (ours, scores) in (("Wikipedia requests", wiki), ("Stack Exchange requests (held out)", stack)):
        values, polite = _quartile_items(ours, scores)
        acc = accuracy(polite, [v > threshold for v in values])
        auc = roc_auc([v for v, p in zip(values, polite) if p], [v for v, p in zip(values, polite) if not p])
        rows.append(f"| {name} | {len(ours)} | {spearman(ours, scores):.3f} | {len(values)} | {acc:.3f} | {auc:.3f} |")

    certainty_rows = []
    with (external / "sentence_certainty" / "sentence-level-certainty.jsonl").open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    for name, splits in (("train", {"train"}), ("val + test + ext (held out)", {"val", "test", "ext"})):
        chosen = [r for r in records if r["split"] in splits]
        ours = [certainty_of(r["finding"]) for r in chosen]
        gold = [float(r["sentence-level-certainty"]) for r in chosen]
        certainty_rows.append(f"| {name} | {len(chosen)} | {spearman(ours, gold):.3f} |")

    return "\n".join(
        [
            f"{machine_line()} Checks of the signal on other domains (wiki and Q&A requests, science findings), "
            "not of interview answers.",
            "",
            "### Warmth against the Stanford Politeness Corpus",
            "Targets: |Spearman| >= 0.35; top-vs-bottom-quartile accuracy >= 0.75 (polite when warmth > "
            f"{threshold}, the neutral point). The word lists were written before looking at Stack Exchange.",
            "",
            "| corpus | requests | Spearman with politeness | quartile items | quartile accuracy | quartile ROC AUC |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            "### Certainty against sentence-level certainty ratings (Pei & Jurgens 2021)",
            "Target: |Spearman| >= 0.35.",
            "",
            "| split | findings | Spearman with certainty |",
            "|---|---|---|",
            *certainty_rows,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--external", type=Path, default=DEFAULT_EXTERNAL)
    parser.add_argument("--write", action="store_true", help="record the figures in docs/benchmarks.md")
    args = parser.parse_args()
    markdown = f"## Tone signals\n\nCommand: `python bench/tone.py`\n\n{measure(args.external)}"
    print(markdown)
    if args.write:
        write_section("tone", markdown)


if __name__ == "__main__":
    main()
