"""The review of a finished (or abandoned) call: the emotion curve, what moved it, and a score.

De-escalation score, 0-100, weighted the way a team lead weighs a call (substance first)::

    score = 100 * (0.20 * outcome + 0.20 * progress + 0.25 * conduct
                   + 0.15 * anger_drop + 0.15 * trust_gain + 0.05 * early)

- ``outcome``: resolved 1.0, escalated 0.85, still open 0.35, hung up 0.0;
- ``progress``: share of the scenario's resolution done: required facts found, actions said,
  a timeline given (where needed);
- ``conduct``: ``1 / (1 + faults)``, faults counting each blame, policy wall, dismissal,
  over-promise, premature hand-off, stalling, empty sympathy or ignoring turn (jargon and silence
  count half); a team lead coaches these whatever the customer's mood did;
- ``anger_drop``: (start anger - end anger) / start anger, clamped to 0-1 (0 if anger rose);
- ``trust_gain``: (end trust - start trust) / (100 - start trust), clamped to 0-1;
- ``early``: 1 / (turn of the first move that engages with the customer: acknowledging, a
  question, repeating back, or an action), 0 if none came.

Sympathy words alone no longer earn a share of the score: they move anger a little, once.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from starcoach.roleplay.call import Call

_OUTCOME_VALUE = {"resolved": 1.0, "escalated": 0.85, None: 0.35, "hung_up": 0.0}
_ACK_KINDS = frozenset({"acknowledges_feelings", "apologises"})
_ENGAGING = frozenset(
    {"acknowledges_feelings", "apologises", "asks_about_issue", "confirms_understanding", "takes_action"}
)
_HALF_FAULTS = frozenset({"jargon", "long_silence"})
WEIGHTS = {"outcome": 0.20, "progress": 0.20, "conduct": 0.25, "anger_drop": 0.15, "trust_gain": 0.15, "early": 0.05}


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
    faults = sum(0.5 if m.kind in _HALF_FAULTS else 1.0 for record in call.turns for m in record.moves if not m.calming)
    engaged = next(
        (r.number for r in call.turns if any(m.kind in _ENGAGING for m in r.moves)),
        None,
    )
    parts = {
        "outcome": _OUTCOME_VALUE[call.outcome],
        "progress": _progress(call),
        "conduct": 1.0 / (1.0 + faults),
        "anger_drop": _clamp01((start_anger - call.state.anger) / max(start_anger, 1.0)),
        "trust_gain": _clamp01((call.state.trust - start_trust) / max(100.0 - start_trust, 1.0)),
        "early": 1.0 / engaged if engaged else 0.0,
    }
    raw = sum(WEIGHTS[k] * v for k, v in parts.items())
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
        components={k: round(v, 4) for k, v in parts.items()},
    )


def _progress(call: Call) -> float:
    """Share of the scenario's resolution the agent achieved: facts, actions and the timeline."""
    goal = call.scenario.resolution
    steps = [fact in call.discovered for fact in goal.requires_facts]
    steps += [action.id in call.actions_done for action in goal.actions]
    if goal.needs_timeline:
        steps.append(call.timeline_given)
    return sum(steps) / len(steps) if steps else 1.0
