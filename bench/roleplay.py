"""Role-play benchmark: does the review score separate good agent calls from poor ones, how do the
calls end, which agent traits does the engine see, and how fast is the embedded customer?

    .venv/bin/python bench/roleplay.py [--seeds 7 8 9] [--write] [--show own|shared]

Two sets of agent-side scripts, each labelled good or poor by a team lead's standard:

- **own**: ``bench/data/roleplay_transcripts*.json``, written in this project (the first 40 together
  with the engine; the rest later, by a different hand and phrasing, to tune on);
- **shared**: ``../shared/roleplay/scripts.jsonl`` (60 scripts by another author, 20 of them subtle,
  with traits); skipped with a notice when that folder is absent.

Each script is played through ``Call`` for every seed until the call ends or its turns run out; the
score comes from ``review``. Reported per set and seed range: ROC AUC good vs poor (all and subtle),
how good and poor calls end, per-trait F1 of the engine's moves against the labelled traits, and a
cross-set check: a logistic fit of the review's own components on one set, scored on the other, in
both directions. ``--show`` prints per-script lines for one set; keep it to the set you tune on.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _docs import machine_line, write_section
from _metrics import f1, roc_auc
from roleplay_sets import Script, load_own, load_shared, trait_baseline_scores
from starcoach.roleplay.call import Call
from starcoach.roleplay.review import CallReview, review
from starcoach.roleplay.scenarios import get_scenario
from starcoach.roleplay.traits import TRAITS, traits_of

OUTCOMES = ("resolved", "escalated", "open", "hung_up")
# Tuning record: the engine's rules and weights were set while reading errors on this set only.
TUNED_ON = "own"


@dataclass
class Played:
    """One script played under one seed."""

    script: Script
    seed: int
    review: CallReview
    traits: set[str]


@dataclass
class SetResult:
    """Everything measured on one set."""

    name: str
    played: list[Played] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


def play(script: Script, seed: int, latencies: list[float]) -> Played:
    """Play one script's agent turns through the engine under one seed."""
    call = Call(get_scenario(script.scenario), seed)
    call.opening()
    for text in script.turns:
        started = time.perf_counter()
        turn = call.agent_says(text)
        latencies.append((time.perf_counter() - started) * 1000)
        if turn.ended:
            break
    result = review(call)
    # Traits are labelled on the whole script, so they are read from a call that plays every turn.
    whole = Call(get_scenario(script.scenario), seed, open_ended=True)
    whole.opening()
    for text in script.turns:
        whole.agent_says(text)
    return Played(script, seed, result, traits_of(whole))


def run_set(name: str, scripts: Sequence[Script], seeds: Sequence[int]) -> SetResult:
    """Play every script of a set under every seed (latency from the first seed only)."""
    out = SetResult(name)
    for seed in seeds:
        # Later seeds replay the same agent words, whose vectors are then cached: timing them would flatter.
        timings = out.latencies if seed == seeds[0] else []
        for script in scripts:
            out.played.append(play(script, seed, timings))
    return out


def aucs(result: SetResult, seeds: Sequence[int], subtle_only: bool = False) -> list[float]:
    """AUC of the review score, one per seed."""
    values = []
    for seed in seeds:
        rows = [p for p in result.played if p.seed == seed and (p.script.subtle or not subtle_only)]
        good = [float(p.review.score) for p in rows if p.script.label == "good"]
        poor = [float(p.review.score) for p in rows if p.script.label == "poor"]
        if good and poor:
            values.append(roc_auc(good, poor))
    return values


def outcome_rates(result: SetResult) -> dict[str, dict[str, int]]:
    """How good and poor calls ended, counted over every seed."""
    counts: dict[str, dict[str, int]] = {"good": dict.fromkeys(OUTCOMES, 0), "poor": dict.fromkeys(OUTCOMES, 0)}
    for p in result.played:
        counts[p.script.label][p.review.outcome] += 1
    return counts


def trait_f1(result: SetResult, seed: int) -> dict[str, tuple[float, int]]:
    """Per trait: F1 of the engine's call-level traits against the labelled ones, and its support."""
    rows = [p for p in result.played if p.seed == seed and p.script.traits is not None]
    out: dict[str, tuple[float, int]] = {}
    for trait in TRAITS:
        gold = [trait in (p.script.traits or ()) for p in rows]
        if not any(gold):
            continue
        out[trait] = (f1(gold, [trait in p.traits for p in rows]), sum(gold))
    return out


def features(played: Played) -> list[float]:
    """The review's components as a feature vector, for the cross-set fit."""
    parts = played.review.components
    return [parts[k] for k in sorted(parts)]


def fit_logistic(x: list[list[float]], y: list[int], l2: float = 1.0, steps: int = 3000) -> list[float]:
    """Plain L2-regularised logistic regression by gradient descent (weights, bias last)."""
    width = len(x[0])
    w = [0.0] * (width + 1)
    rate = 0.5
    for _ in range(steps):
        grad = [0.0] * (width + 1)
        for row, label in zip(x, y):
            z = sum(a * b for a, b in zip(row, w)) + w[-1]
            err = 1 / (1 + math.exp(-max(-30.0, min(30.0, z)))) - label
            for i, value in enumerate(row):
                grad[i] += err * value
            grad[-1] += err
        for i in range(width):
            w[i] -= rate * (grad[i] / len(x) + l2 * w[i] / len(x))
        w[-1] -= rate * grad[-1] / len(x)
    return w


def cross_fit(train: SetResult, test: SetResult, seed: int) -> tuple[float, float | None]:
    """AUC on ``test`` (all, subtle) of a logistic fit of review components on ``train``."""
    rows = [p for p in train.played if p.seed == seed]
    w = fit_logistic([features(p) for p in rows], [p.script.label == "good" for p in rows])
    scored = [(p, sum(a * b for a, b in zip(features(p), w))) for p in test.played if p.seed == seed]
    good = [s for p, s in scored if p.script.label == "good"]
    poor = [s for p, s in scored if p.script.label == "poor"]
    sg = [s for p, s in scored if p.script.label == "good" and p.script.subtle]
    sp = [s for p, s in scored if p.script.label == "poor" and p.script.subtle]
    return roc_auc(good, poor), (roc_auc(sg, sp) if sg and sp else None)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-quantile by the nearest-rank rule."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def fmt_range(values: Sequence[float]) -> str:
    """Mean with the range over seeds."""
    if not values:
        return "n/a"
    return f"{statistics.mean(values):.3f} ({min(values):.2f}-{max(values):.2f})"


def describe(result: SetResult, seeds: Sequence[int], scripts: Sequence[Script]) -> list[str]:
    """Markdown lines for one set."""
    tuned = "tuned on" if result.name == TUNED_ON else "held out"
    counts = outcome_rates(result)
    n_good = sum(counts["good"].values())
    n_poor = sum(counts["poor"].values())
    good_ok = counts["good"]["resolved"] + counts["good"]["escalated"]
    poor_ok = n_poor - counts["poor"]["resolved"] - counts["poor"]["escalated"]
    subtle = aucs(result, seeds, subtle_only=True)
    base_all, base_subtle = trait_baseline_scores(scripts)
    lines = [
        f"| {result.name} ({tuned}) | {len(scripts)} | {fmt_range(aucs(result, seeds))} | "
        f"{fmt_range(subtle) if subtle else 'n/a'} | {good_ok / n_good:.0%} ({good_ok}/{n_good}) | "
        f"{poor_ok / n_poor:.0%} ({poor_ok}/{n_poor}) | {base_all:.3f} / "
        f"{base_subtle if base_subtle is None else f'{base_subtle:.3f}'} |",
    ]
    return lines


def main() -> None:
    """Run both sets, print every figure; optionally update the docs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 8, 9])
    parser.add_argument("--write", action="store_true", help="update the Role-play section of docs/benchmarks.md")
    parser.add_argument("--show", choices=("own", "shared"), help="print one line per script of this set")
    parser.add_argument("--latency-only", action="store_true", help="time the first seed only and print that")
    args = parser.parse_args()
    seeds: list[int] = args.seeds
    sets: dict[str, list[Script]] = {"own": load_own()}
    shared = load_shared()
    if shared is None:
        print("../shared/roleplay/scripts.jsonl not found: the shared set is skipped.")
    else:
        sets["shared"] = shared
    if args.latency_only:
        seeds = seeds[:1]
    results = {name: run_set(name, scripts, seeds) for name, scripts in sets.items()}
    if args.show:
        for p in results[args.show].played:
            if p.seed == seeds[0]:
                tag = "subtle" if p.script.subtle else ""
                print(f"{p.script.id:<26} {p.script.label:<5} {tag:<6} score {p.review.score:>3}  {p.review.outcome}")
    table = [
        "| set | scripts | AUC all (mean, range over seeds) | AUC subtle | good resolved/escalated | "
        "poor not resolved/escalated | time-word count AUC all / subtle |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, result in results.items():
        table.extend(describe(result, seeds, sets[name]))
    latencies = [ms for r in results.values() for ms in r.latencies]
    p95 = percentile(latencies, 0.95)
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    lat_line = (
        f"Customer turn latency (BLAS threads: {threads}) over {len(latencies)} turns "
        "(first seed, each agent turn new to the process): "
        f"median {statistics.median(latencies):.2f} ms, p95 {p95:.2f} ms, max {max(latencies):.0f} ms "
        "(the max is the one-time load of the embedding model). Measured on the 2-core reference "
        "machine; with other work on the same cores (load average 7) the p95 was seen at 785 ms with two "
        "BLAS threads and 20 ms with one."
    )
    trait_lines = [
        "| trait | " + " | ".join(f"F1 {n} (support)" for n in results) + " |",
        "|---|" + "---|" * len(results),
    ]
    per_set = {name: trait_f1(r, seeds[0]) for name, r in results.items()}
    for trait in TRAITS:
        cells = [
            f"{per_set[n][trait][0]:.2f} ({per_set[n][trait][1]})" if trait in per_set[n] else "-" for n in results
        ]
        if any(c != "-" for c in cells):
            trait_lines.append(f"| {trait} | " + " | ".join(cells) + " |")
    macro = {n: statistics.mean(v[0] for v in per_set[n].values()) if per_set[n] else None for n in results}
    trait_lines.append(
        "| **macro** | " + " | ".join(f"{m:.2f}" if m is not None else "-" for m in macro.values()) + " |"
    )
    cross: list[str] = []
    if "shared" in results:
        for a, b in (("own", "shared"), ("shared", "own")):
            auc_all, auc_subtle = cross_fit(results[a], results[b], seeds[0])
            subtle_txt = f", subtle {auc_subtle:.3f}" if auc_subtle is not None else ""
            cross.append(f"- review components fitted on **{a}**, tested on **{b}**: AUC {auc_all:.3f}{subtle_txt}")
    if args.latency_only:
        print(lat_line)
        return
    print("\n".join(table))
    print()
    print("\n".join(trait_lines))
    print()
    print("\n".join(cross))
    print(lat_line)
    for name, result in results.items():
        print(f"{name} outcomes: {outcome_rates(result)}")
    if args.write:
        # The same timing with one BLAS thread: MiniLM's small matrices lose more to thread
        # hand-offs than they gain, badly so on a busy machine.
        single = (
            subprocess.run(
                [sys.executable, __file__, "--latency-only", "--seeds", str(seeds[0])],
                env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        markdown = "\n".join(
            [
                "## Role-play",
                "",
                f"`.venv/bin/python bench/roleplay.py --seeds {' '.join(map(str, seeds))} --write`. {machine_line()}",
                "",
                "Agent-side scripts played through the embedded customer, scored by the call review. "
                f"The engine's rules and weights were tuned while reading errors on **{TUNED_ON}** only "
                "(bench/data/roleplay_transcripts*.json); **shared** is ../shared/roleplay/scripts.jsonl by "
                "another author, used as held-out: its per-script errors were not read while tuning (its aggregate "
                "figures were printed after each step, so it is held out from error reading, not untouched). "
                "Outcome counts add up over the seeds; the last column is the trivial cue to beat.",
                "",
                "Before this work (commit c6296c0, same command): own 0.957 / subtle 0.583, 62 % of good calls "
                "resolved or escalated; shared 0.819 / subtle 0.568, 64 % of good calls resolved or escalated, "
                "no poor one. Step-by-step effects and ablations: docs/roleplay.md.",
                "",
                *table,
                "",
                "Cross-set check (a logistic fit of the review's components, seed "
                f"{seeds[0]}; the shipped score uses hand-set weights instead):",
                "",
                *cross,
                "",
                f"Per-trait F1 of the engine's moves against the labelled traits (seed {seeds[0]}):",
                "",
                *trait_lines,
                "",
                lat_line,
                "",
                single,
            ]
        )
        write_section("roleplay", markdown)


if __name__ == "__main__":
    main()
