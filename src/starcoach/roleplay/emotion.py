"""The customer's emotional state, and how each agent move changes it.

The state is two numbers, 0-100: **anger** (how heated the customer is) and **trust** (how much they
believe this agent will sort it out). Each move in an agent turn shifts them by a fixed weight:

| move                   | anger | trust | why |
|------------------------|------:|------:|-----|
| takes_action           |   -12 |   +12 | something is done or booked: the strongest calming move there is |
| clear_timeline         |    -8 |   +10 | a day or time removes uncertainty |
| honest_limits          |    -8 |   +10 | "I can't X, but I can Y": straight talk plus a route earns trust |
| confirms_understanding |    -6 |    +6 | repeating back proves listening |
| owns_next_step         |    -6 |    +6 | "I will..." said as a commitment |
| escalates              |    -5 |    +6 | a proper handover, when something is beyond the agent |
| explains               |    -4 |    +5 | knowing why it happened makes it feel under control |
| asks_about_issue       |    -4 |    +4 | a question that gets at the facts |
| follow_up              |    -3 |    +6 | an email, text or call-back: proof it will not be dropped |
| acknowledges_feelings  |    -7 |    +3 | being heard lowers the heat, once |
| apologises             |    -5 |    +2 | an apology for the impact helps, once |
| blame                  |   +13 |   -10 | blaming the customer or pushing the cause onto someone else |
| hides_behind_policy    |   +10 |    -8 | a rule, or a flat "I can't", with no route offered |
| dismissive             |    +8 |    -7 | talking down, closing the subject |
| premature_handoff      |    +8 |    -6 | passing them on before asking a single question |
| ignores_customer       |    +7 |    -6 | the turn is not about what they said, or asks them to start again |
| stalls                 |    +6 |    -7 | "someone will be in touch": no one, no time |
| empty_sympathy         |    +5 |    -5 | a second turn of sympathy with nothing done: heard as a script |
| long_silence           |    +6 |    -4 | dead air, or an empty turn |
| jargon                 |    +4 |    -4 | words the customer cannot follow |
| over_promises          |    +3 |   -10 | "guarantee" or a promise on what the agent cannot give sounds hollow |
| (no move at all)       |    +2 |    -1 | impatience: the call is going nowhere |

Rules on top of the table:

- **Diminishing returns**: a calming move of a kind already used counts ``0.6 ** n`` of its weight
  (n = earlier uses of that kind); sympathy words (acknowledging, apologising) fade faster, ``0.4 ** n``,
  and actions slower, ``0.8 ** n``, because each new fix is news; the very same phrase again counts
  nothing, because a script repeated word for word is heard as a script.
- **Empty sympathy grows**: the n-th turn of sympathy with nothing done (n >= 2) adds ``n - 1`` times
  the empty_sympathy weight, so apologies first stop helping, then irritate more each time.
- **Trust makes calming land**: calming anger effects are scaled by ``0.7 + 0.3 * trust / 100``,
  so the first minutes with a distrustful customer move them less.
- **Bounded**: both values are clamped to 0-100 after each turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from starcoach.roleplay.moves import Move

WEIGHTS: dict[str, tuple[float, float]] = {
    "takes_action": (-12, 12),
    "clear_timeline": (-8, 10),
    "honest_limits": (-8, 10),
    "confirms_understanding": (-6, 6),
    "owns_next_step": (-6, 6),
    "escalates": (-5, 6),
    "explains": (-4, 5),
    "asks_about_issue": (-4, 4),
    "follow_up": (-3, 6),
    "acknowledges_feelings": (-7, 3),
    "apologises": (-5, 2),
    "blame": (13, -10),
    "hides_behind_policy": (10, -8),
    "dismissive": (8, -7),
    "premature_handoff": (8, -6),
    "ignores_customer": (7, -6),
    "stalls": (6, -7),
    "empty_sympathy": (5, -5),
    "long_silence": (6, -4),
    "jargon": (4, -4),
    "over_promises": (3, -10),
}
# Inflaming moves whose weight grows with each repeat.
GROWS = frozenset({"empty_sympathy"})
# How fast a repeated kind of calming move fades (default REPEAT_FACTOR).
FADE: dict[str, float] = {"acknowledges_feelings": 0.4, "apologises": 0.4, "takes_action": 0.8}
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
            factor = 0.0 if _norm(move.phrase) in seen_phrases else FADE.get(move.kind, REPEAT_FACTOR) ** uses
            anger, trust = anger * factor * landing, trust * factor
        elif move.kind in GROWS:
            # Each further empty apology grates more than the last.
            anger, trust = anger * (1 + seen_kinds.get(move.kind, 0)), trust * (1 + seen_kinds.get(move.kind, 0))
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
