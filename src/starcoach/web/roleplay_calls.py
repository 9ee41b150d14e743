"""Role-play calls in the web app, kept as their seed and the agent's turns and replayed on every request.

A call is deterministic given its scenario, seed and agent turns, so storing just those (one
small JSON file per call in the ``CallStore``, written after each turn) is enough to rebuild the customer
exactly: a reload or a restarted server carries on the same call, and the transcript is never
lost. Each turn names its number, so a double click cannot play the same words twice.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

from starcoach.errors import NotFound, StaleTurn, UserInputError
from starcoach.roleplay.call import Call, CustomerTurn
from starcoach.roleplay.customer import Line
from starcoach.roleplay.reworded import reword
from starcoach.roleplay.scenarios import get_scenario
from starcoach.settings import Settings
from starcoach.store.calls import AgentTurn, CallStore, StoredCall

MAX_AGENT_CHARS = 4_000


@dataclass(frozen=True)
class LiveCall:
    """A call rebuilt from its record."""

    record: StoredCall
    call: Call
    last: CustomerTurn | None
    notice: str | None = None


class RoleplayCalls:
    """Plays the web app's role-play calls, each kept in the ``CallStore`` and replayed on every request."""

    def __init__(self, calls: CallStore, settings: Settings) -> None:
        self.calls = calls
        self._settings = settings
        self._lock = threading.Lock()

    def start(self, owner: str, scenario_id: str, seed: int | None) -> LiveCall:
        """A new call of ``scenario_id`` (seeded at random unless a seed is given)."""
        get_scenario(scenario_id)  # an unknown id is refused before anything is written
        record = StoredCall(
            id=secrets.token_hex(6),
            owner=owner,
            scenario=scenario_id,
            seed=secrets.randbelow(1_000_000) if seed is None else seed,
        )
        self.calls.save(record)
        return self._replay(record)

    def open(self, call_id: str, owner: str) -> LiveCall:
        """This browser's call, replayed to where it stands."""
        record = self.calls.load(call_id)
        if record is None or record.owner != owner:
            raise NotFound(f"no role-play call '{call_id[:40]}'", hint="Start a new call from the role-play page.")
        return self._replay(record)

    def say(self, call_id: str, owner: str, turn: int, text: str, silence_seconds: float) -> LiveCall:
        """Play the agent's turn number ``turn`` (from 1); the turn is stored before the reply is returned."""
        if len(text) > MAX_AGENT_CHARS:
            raise UserInputError(
                f"that turn is {len(text):,} characters long", hint="Say it as you would on a call: a few sentences."
            )
        with self._lock:
            live = self.open(call_id, owner)
            if live.call.outcome is not None:
                raise StaleTurn("this call has ended", hint="Read the review, or start a new call.")
            expected = len(live.record.turns) + 1
            if turn != expected:
                raise StaleTurn(
                    f"this is turn {turn}, but the call is at turn {expected}",
                    hint="It arrived late or twice, so it was not played. Carry on from the transcript shown.",
                )
            reply = live.call.agent_says(text, silence_seconds)
            notices: list[str] = []
            # A configured model rewords the reply; the words are stored, so a replay shows the same customer.
            words = reword(live.call, reply, self._settings, notices.append)
            turn_kept = AgentTurn(
                text=text, silence_seconds=silence_seconds, customer_words=words if words != reply.text else None
            )
            record = live.record.model_copy(update={"turns": [*live.record.turns, turn_kept]})
            self.calls.save(record)
        return LiveCall(record, live.call, reply, notices[0] if notices else None)

    @staticmethod
    def _replay(record: StoredCall) -> LiveCall:
        call = Call(get_scenario(record.scenario), seed=record.seed)
        call.opening()
        last = None
        for turn in record.turns:
            last = call.agent_says(turn.text, turn.silence_seconds)
            if turn.customer_words is not None:
                call.transcript[-1] = Line("customer", turn.customer_words)
        return LiveCall(record, call, last)
