"""The role-play benchmark's script sets: the project's own and the other author's shared one."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "roleplay" / "scripts.jsonl"
# The shared README's trivial baseline (b): counting time expressions over the agent's turns.
_TIME_WORDS = re.compile(
    r"\b(today|tomorrow|within|hours?|days?|by (monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b", re.I
)


@dataclass(frozen=True)
class Script:
    """One agent-side call script with its team-lead label."""

    id: str
    scenario: str
    turns: tuple[str, ...]
    label: str
    subtle: bool
    traits: frozenset[str] | None


def load_own() -> list[Script]:
    """Every script in bench/data/roleplay_transcripts*.json."""
    scripts = []
    for path in sorted(DATA.glob("roleplay_transcripts*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            traits = item.get("traits")
            scripts.append(
                Script(
                    item["id"],
                    item["scenario"],
                    tuple(item["turns"]),
                    item["label"],
                    bool(item.get("subtle", False)),
                    frozenset(traits) if traits is not None else None,
                )
            )
    return scripts


def load_shared(path: Path = SHARED) -> list[Script] | None:
    """The other author's 60 scripts, or None when ../shared is not there."""
    if not path.is_file():
        return None
    scripts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            scripts.append(
                Script(
                    item["id"],
                    item["scenario"],
                    tuple(item["agent_turns"]),
                    item["label"],
                    bool(item["subtle"]),
                    frozenset(item["traits"]),
                )
            )
    return scripts


def trait_baseline_scores(scripts: Sequence[Script]) -> tuple[float, float | None]:
    """AUC of the time-word count (all, subtle), the trivial cue the score must beat."""
    from _metrics import roc_auc

    def auc(rows: list[Script]) -> float | None:
        good = [float(len(_TIME_WORDS.findall(" ".join(s.turns)))) for s in rows if s.label == "good"]
        poor = [float(len(_TIME_WORDS.findall(" ".join(s.turns)))) for s in rows if s.label == "poor"]
        return roc_auc(good, poor) if good and poor else None

    overall = auc(list(scripts))
    return (overall if overall is not None else 0.0), auc([s for s in scripts if s.subtle])
