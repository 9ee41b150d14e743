"""The customer's emotional state, and how each agent move changes it.

The state is two numbers, 0-100: **anger** (how heated the customer is) and **trust** (how much they
believe this agent will sort it out). Each move in an agent turn shifts them by a fixed weight:

| move                   | anger | trust | why |
|------------------------|------:|------:|-----|
| acknowledges_feelings  |   -12 |    +5 | being heard lowers the heat first |
| apologises             |    -7 |    +3 | an apology for the impact, not an admission of everything |
| owns_next_step         |    -8 |    +8 | "I will..." is what rebuilds trust |
| confirms_understanding |    -7 |    +6 | repeating back proves listening |
| clear_timeline         |    -7 |    +8 | a day or time removes uncertainty |
| honest_limits          |    -5 |    +7 | "I can't X, but I can Y" costs little anger and earns trust |
| escalates              |    -5 |    +5 | a proper handover, when something is beyond the agent |
| asks_about_issue       |    -3 |    +3 | a question that gets at the facts |
| blame                  |   +13 |    -9 | blaming the customer or a colleague is the fastest way up |
| hides_behind_policy    |   +10 |    -7 | a rule with no alternative feels like a wall |
| jargon                 |    +4 |    -4 | words the customer cannot follow |
| ignores_customer       |    +8 |    -6 | nothing in the reply touches what they just said |
| over_promises          |    +3 |    -9 | "guarantee" sounds hollow to an upset customer |
| long_silence           |    +6 |    -4 | dead air, or an empty turn |
| premature_handoff      |    +8 |    -6 | passing them on before asking a single question |
| (no move at all)       |    +2 |    -1 | impatience: the call is going nowhere |

Rules on top of the table:

- **Diminishing returns**: a calming move of a kind already used counts ``0.6 ** n`` of its weight
  (n = earlier uses of that kind); the very same phrase again counts nothing, because a script
  repeated word for word is heard as a script.
- **Trust makes calming land**: calming anger effects are scaled by ``0.7 + 0.3 * trust / 100``,
  so the first minutes with a distrustful customer move them less.
- **Bounded**: both values are clamped to 0-100 after each turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from starcoach.roleplay.moves import Move

WEIGHTS: dict[str, tuple[float, float]] = {
    "acknowledges_feelings": (-12, 5),
    "apologises": (-7, 3),
    "owns_next_step": (-8, 8),
    "confirms_understanding": (-7, 6),
    "clear_timeline": (-7, 8),
    "honest_limits": (-5, 7),
    "escalates": (-5, 5),
    "asks_about_issue": (-3, 3),
    "blame": (13, -9),
    "hides_behind_policy": (10, -7),
    "jargon": (4, -4),
    "ignores_customer": (8, -6),
    "over_promises": (3, -9),
    "long_silence": (6, -4),
    "premature_handoff": (8, -6),
}
IDLE = (2.0, -1.0)
REPEAT_FACTOR = 0.6


@dataclass(frozen=True)
class EmotionState:
    """Anger and trust, each 0-100."""

    anger: float
    trust: float

    def bounded(self) -> EmotionState:
        """The same state clamped to 0-100."""
        return EmotionState(round(_clamp(self.anger), 2), round(_clamp(self.trust), 2))


@dataclass(frozen=True)
class Delta:
    """One move's effect on the state."""

    kind: str
    phrase: str
    anger: float
    trust: float


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def apply(state: EmotionState, moves: Sequence[Move], earlier: Sequence[Move] = ()) -> tuple[EmotionState, list[Delta]]:
    """The state after one agent turn's moves, and each move's delta (``earlier``: moves of past turns)."""
    deltas: list[Delta] = []
    if not moves:
        deltas.append(Delta("no_move", "", *IDLE))
    seen_kinds: dict[str, int] = {}
    seen_phrases = {_norm(m.phrase) for m in earlier if m.calming}
    for move in earlier:
        seen_kinds[move.kind] = seen_kinds.get(move.kind, 0) + 1
    landing = 0.7 + 0.3 * state.trust / 100
    for move in moves:
        anger, trust = WEIGHTS[move.kind]
        if move.calming:
            uses = seen_kinds.get(move.kind, 0)
            factor = 0.0 if _norm(move.phrase) in seen_phrases else REPEAT_FACTOR**uses
            anger, trust = anger * factor * landing, trust * factor
        seen_kinds[move.kind] = seen_kinds.get(move.kind, 0) + 1
        deltas.append(Delta(move.kind, move.phrase, round(anger, 2), round(trust, 2)))
    new = EmotionState(state.anger + sum(d.anger for d in deltas), state.trust + sum(d.trust for d in deltas))
    return new.bounded(), deltas


def band(state: EmotionState) -> str:
    """The customer's mood band: furious, angry, wary, calming or satisfied."""
    if state.anger >= 75:
        return "furious"
    if state.anger >= 55:
        return "angry"
    if state.anger >= 35 or state.trust < 40:
        return "wary"
    if state.anger >= 18 or state.trust < 65:
        return "calming"
    return "satisfied"
