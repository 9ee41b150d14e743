"""Role-play benchmark: does the de-escalation score separate good agent transcripts from poor ones,
and how fast is the embedded customer?

    .venv/bin/python bench/roleplay.py [--seed 7] [--write]

Each scripted transcript (agent turns only, labelled good or poor) is played through ``Call`` with a
fixed seed until the call ends or the turns run out; the score comes from ``review``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _docs import machine_line, write_section
from _metrics import roc_auc
from starcoach.roleplay.call import Call
from starcoach.roleplay.review import review
from starcoach.roleplay.scenarios import get_scenario

DATA = Path(__file__).resolve().parent / "data" / "roleplay_transcripts.json"


def main() -> None:
    """Run every transcript, print AUC, outcomes and per-turn latency; optionally update the docs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="update the Role-play section of docs/benchmarks.md")
    args = parser.parse_args()
    transcripts = json.loads(DATA.read_text(encoding="utf-8"))
    good: list[float] = []
    poor: list[float] = []
    latencies: list[float] = []
    outcomes: dict[str, dict[str, int]] = {"good": {}, "poor": {}}
    for item in transcripts:
        call = Call(get_scenario(item["scenario"]), args.seed)
        call.opening()
        for text in item["turns"]:
            started = time.perf_counter()
            turn = call.agent_says(text)
            latencies.append((time.perf_counter() - started) * 1000)
            if turn.ended:
                break
        result = review(call)
        (good if item["label"] == "good" else poor).append(result.score)
        bucket = outcomes[item["label"]]
        bucket[result.outcome] = bucket.get(result.outcome, 0) + 1
        print(f"{item['id']:<24} {item['label']:<5} score {result.score:>3}  {result.outcome}")
    auc = roc_auc(good, poor)
    median = statistics.median(latencies)
    p95 = sorted(latencies)[max(0, round(0.95 * len(latencies)) - 1)]
    print(f"\nAUC good vs poor: {auc:.3f} ({len(good)} good, {len(poor)} poor)")
    print(f"outcomes: {outcomes}")
    print(f"customer turn latency: median {median:.2f} ms, p95 {p95:.2f} ms over {len(latencies)} turns")
    if args.write:
        markdown = "\n".join(
            [
                "## Role-play",
                "",
                f"`.venv/bin/python bench/roleplay.py --seed {args.seed} --write`. {machine_line()}",
                "",
                f"{len(good)} good and {len(poor)} poor scripted agent transcripts "
                "(bench/data/roleplay_transcripts.json, written for this benchmark) played through the "
                "embedded customer.",
                "",
                "| AUC (score, good vs poor) | outcomes good | outcomes poor | turn latency median | p95 |",
                "|---|---|---|---|---|",
                f"| {auc:.3f} | {outcomes['good']} | {outcomes['poor']} | {median:.2f} ms | {p95:.2f} ms |",
            ]
        )
        write_section("roleplay", markdown)


if __name__ == "__main__":
    main()
