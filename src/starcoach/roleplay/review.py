"""The review of a finished (or abandoned) call: the emotion curve, what moved it, and a score.

De-escalation score, 0-100::

    score = 100 * (0.30 * anger_drop + 0.20 * trust_gain + 0.20 * calming_share
                   + 0.15 * outcome + 0.15 * ack_speed)

- ``anger_drop``: (start anger - end anger) / start anger, clamped to 0-1 (0 if anger rose);
- ``trust_gain``: (end trust - start trust) / (100 - start trust), clamped to 0-1;
- ``calming_share``: calming moves / all moves (0.5 when there were none);
- ``outcome``: resolved 1.0, escalated 0.8, still open 0.4, hung up 0.0;
- ``ack_speed``: 1 / (turn of the first acknowledgement or apology), 0 if none came.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from starcoach.roleplay.call import Call

_OUTCOME_VALUE = {"resolved": 1.0, "escalated": 0.8, None: 0.4, "hung_up": 0.0}
_ACK_KINDS = frozenset({"acknowledges_feelings", "apologises"})


class MoveNote(BaseModel):
    """One move in a turn, with its effect."""

    kind: str
    phrase: str
    anger: float
    trust: float


class TurnReview(BaseModel):
    """One agent turn and how it moved the customer."""

    turn: int
    agent: str
    customer: str
    anger_before: float
    anger_after: float
    trust_before: float
    trust_after: float
    moved_by: str | None
    moved_by_kind: str | None
    moves: list[MoveNote]
    note: str | None = None


class CallReview(BaseModel):
    """A JSON-able review of one role-play call."""

    scenario_id: str
    seed: int
    outcome: Literal["resolved", "escalated", "hung_up", "open"]
    turns: list[TurnReview]
    first_acknowledgement_turn: int | None
    facts_discovered: list[str]
    calming_moves: int
    inflaming_moves: int
    score: int
    components: dict[str, float] = {}


def _clamp01(value: float) -> float:
    return max(0.0, min(1.0, value))


def review(call: Call) -> CallReview:
    """The call's turn-by-turn emotion curve, time to first acknowledgement, outcome and score."""
    scenario = call.scenario
    turns: list[TurnReview] = []
    first_ack: int | None = None
    calming = inflaming = 0
    for record in call.turns:
        notes = [MoveNote(kind=d.kind, phrase=d.phrase, anger=d.anger, trust=d.trust) for d in record.deltas]
        # The phrase that moved the customer most: the largest combined shift of anger and trust.
        top = max(notes, key=lambda n: abs(n.anger) + abs(n.trust), default=None)
        if first_ack is None and any(m.kind in _ACK_KINDS for m in record.moves):
            first_ack = record.number
        calming += sum(1 for m in record.moves if m.calming)
        inflaming += sum(1 for m in record.moves if not m.calming)
        turns.append(
            TurnReview(
                turn=record.number,
                agent=record.agent,
                customer=record.customer,
                anger_before=record.before.anger,
                anger_after=record.after.anger,
                trust_before=record.before.trust,
                trust_after=record.after.trust,
                moved_by=top.phrase if top and top.kind != "no_move" else None,
                moved_by_kind=top.kind if top else None,
                moves=notes,
                note=record.note,
            )
        )
    start_anger, start_trust = float(scenario.start.anger), float(scenario.start.trust)
    anger_drop = _clamp01((start_anger - call.state.anger) / max(start_anger, 1.0))
    trust_gain = _clamp01((call.state.trust - start_trust) / max(100.0 - start_trust, 1.0))
    share = calming / (calming + inflaming) if calming + inflaming else 0.5
    ack_speed = 1.0 / first_ack if first_ack else 0.0
    raw = 0.30 * anger_drop + 0.20 * trust_gain + 0.20 * share + 0.15 * _OUTCOME_VALUE[call.outcome] + 0.15 * ack_speed
    return CallReview(
        scenario_id=scenario.id,
        seed=call.seed,
        outcome=call.outcome or "open",
        turns=turns,
        first_acknowledgement_turn=first_ack,
        facts_discovered=sorted(call.discovered),
        calming_moves=calming,
        inflaming_moves=inflaming,
        score=round(100 * raw),
        components={
            "anger_drop": anger_drop,
            "trust_gain": trust_gain,
            "calming_share": share,
            "outcome": _OUTCOME_VALUE[call.outcome],
            "ack_speed": ack_speed,
        },
    )
