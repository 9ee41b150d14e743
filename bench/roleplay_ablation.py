"""What each part of the role-play model is worth: the benchmark re-run with one part switched off.

    .venv/bin/python bench/roleplay_ablation.py [--seed 7] [--set own|shared]

Each row changes one thing in this process only (an emotion weight set to zero, the score's
weights, the repeat rules) and reports the AUC (all, subtle) and outcome rates on one set. Run it
on ``own`` (the set the engine was tuned on) to justify a weight; ``shared`` is held out.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from roleplay import aucs, outcome_rates, run_set
from roleplay_sets import load_own, load_shared
from starcoach.roleplay import emotion, review


@contextmanager
def _weights(**changes: tuple[float, float]) -> Iterator[None]:
    saved = dict(emotion.WEIGHTS)
    emotion.WEIGHTS.update(changes)
    try:
        yield
    finally:
        emotion.WEIGHTS.clear()
        emotion.WEIGHTS.update(saved)


@contextmanager
def _score(**changes: float) -> Iterator[None]:
    saved = dict(review.WEIGHTS)
    review.WEIGHTS.update(changes)
    try:
        yield
    finally:
        review.WEIGHTS.clear()
        review.WEIGHTS.update(saved)


@contextmanager
def _fade(**changes: float) -> Iterator[None]:
    saved = dict(emotion.FADE)
    emotion.FADE.update(changes)
    try:
        yield
    finally:
        emotion.FADE.clear()
        emotion.FADE.update(saved)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


VARIANTS: list[tuple[str, Callable[[], object]]] = [
    ("shipped model", _nothing),
    ("no action move (takes_action weight 0)", lambda: _weights(takes_action=(0, 0))),
    ("no timeline move", lambda: _weights(clear_timeline=(0, 0))),
    ("no honest-limit move", lambda: _weights(honest_limits=(0, 0))),
    ("no empty-sympathy penalty", lambda: _weights(empty_sympathy=(0, 0))),
    (
        "sympathy at the old weights (ack -12/+5, sorry -7/+3)",
        lambda: _weights(acknowledges_feelings=(-12, 5), apologises=(-7, 3)),
    ),
    ("sympathy fades like other moves (0.6 not 0.4)", lambda: _fade(acknowledges_feelings=0.6, apologises=0.6)),
    ("no stalling / dismissive moves", lambda: _weights(stalls=(0, 0), dismissive=(0, 0))),
    ("score without conduct", lambda: _score(conduct=0.0)),
    ("score without progress", lambda: _score(progress=0.0)),
    ("score: emotion curve and outcome only", lambda: _score(conduct=0.0, progress=0.0, early=0.0)),
]


def main() -> None:
    """Print one row per variant."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--set", choices=("own", "shared"), default="own")
    args = parser.parse_args()
    scripts = load_own() if args.set == "own" else load_shared()
    if scripts is None:
        sys.exit("../shared/roleplay/scripts.jsonl not found")
    print(f"set: {args.set} ({'tuned on' if args.set == 'own' else 'held out'}), seed {args.seed}")
    print("| variant | AUC all | AUC subtle | good resolved/escalated | poor not |")
    print("|---|---|---|---|---|")
    for name, variant in VARIANTS:
        with variant():  # type: ignore[attr-defined]
            result = run_set(args.set, scripts, [args.seed])
        counts = outcome_rates(result)
        good = counts["good"]
        poor = counts["poor"]
        good_ok = (good["resolved"] + good["escalated"]) / sum(good.values())
        poor_ok = 1 - (poor["resolved"] + poor["escalated"]) / sum(poor.values())
        subtle = aucs(result, [args.seed], subtle_only=True)
        print(
            f"| {name} | {aucs(result, [args.seed])[0]:.3f} | {subtle[0] if subtle else float('nan'):.3f} | "
            f"{good_ok:.0%} | {poor_ok:.0%} |"
        )


if __name__ == "__main__":
    main()
