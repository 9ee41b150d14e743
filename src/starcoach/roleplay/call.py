"""One role-play call: the customer's opening, each agent turn, and how the call ends.

End rules, checked after every agent turn in this order:

1. **hung_up**: anger reaches the scenario's ``hang_up_anger``, trust falls to ``hang_up_trust``,
   or the call runs past ``max_turns`` without an end.
2. **escalated**: the agent hands over a ``must_escalate`` item properly: handover words (supervisor,
   specialist team, the item's team...) and the item's topic in the same turn, after at least one
   fact was discovered. A handover before any question is a ``premature_handoff`` and the call goes on.
3. **resolved**: every required fact discovered (asked about, or stated by the agent from the
   account), every resolution action said, a timeline given where the scenario needs one, anger at
   or below ``max_anger``, trust at or above ``min_trust``, and no over-promise made: a customer
   told something that cannot be kept is left waiting to see, not settled.

Every decision reads ``engine_lines``, the engine's own words; a language model may reword what
the user sees in ``transcript`` without changing how the call plays or scores.

An empty agent turn is a silence: it inflames like one, adds a note, and the call continues.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Literal

from starcoach.content.roleplay_customer import CustomerLines, load_customer_lines
from starcoach.content.roleplay_phrases import RoleplayPhrases
from starcoach.roleplay.customer import Line, asked_facts, callbacks, reply, scenario_fill, stated_facts, unrepeated
from starcoach.roleplay.emotion import Delta, EmotionState, apply, band
from starcoach.roleplay.moves import SUBSTANCE, Move, detect_moves, key_words
from starcoach.roleplay.promises import Promise, hours_until, promises_in
from starcoach.roleplay.rules import move_rules
from starcoach.roleplay.scenarios import Scenario

Outcome = Literal["resolved", "escalated", "hung_up"]

# Money back to a card or account takes days, not minutes: "within the hour" cannot be kept.
REFUND_MIN_HOURS = 2.0


def _too_fast(promise: Promise) -> bool:
    hours = hours_until(promise.when) if promise.when else None
    return promise.what == "refund" and hours is not None and hours < REFUND_MIN_HOURS


@dataclass(frozen=True)
class CustomerTurn:
    """The customer's reaction to one agent turn."""

    text: str
    state: EmotionState
    deltas: tuple[Delta, ...]
    ended: Outcome | None
    note: str | None = None


@dataclass(frozen=True)
class TurnRecord:
    """What happened in one agent turn, for the review."""

    number: int
    agent: str
    customer: str
    before: EmotionState
    after: EmotionState
    moves: tuple[Move, ...]
    deltas: tuple[Delta, ...]
    note: str | None


@dataclass
class Call:
    """A seeded, replayable role-play call against the embedded customer."""

    scenario: Scenario
    seed: int = 0
    # For reading a whole script (benchmarks, trait read-outs): the customer never ends the call.
    open_ended: bool = False
    # A coach's extended phrase lists (``load_roleplay_phrases(folder)``); the built-in ones when None.
    phrases: RoleplayPhrases | None = None
    # A coach's extended customer lines (``load_customer_lines(folder)``); the built-in ones when None.
    lines: CustomerLines | None = None
    state: EmotionState = field(init=False)
    transcript: list[Line] = field(init=False, default_factory=list)
    turns: list[TurnRecord] = field(init=False, default_factory=list)
    discovered: set[str] = field(init=False, default_factory=set)
    actions_done: set[str] = field(init=False, default_factory=set)
    timeline_given: bool = field(init=False, default=False)
    outcome: Outcome | None = field(init=False, default=None)
    promises: list[Promise] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._rules = move_rules(self.phrases)
        self._lines = self.lines or load_customer_lines()
        # The engine's own lines: a language model may reword what the user sees in ``transcript``,
        # but every decision reads these, so the call plays and scores the same with or without one.
        self.engine_lines: list[Line] = []
        self.state = EmotionState(float(self.scenario.start.anger), float(self.scenario.start.trust))
        self._opened = False

    def opening(self) -> str:
        """The customer's first line (drawn once per call; repeated calls return the same line)."""
        if not self._opened:
            self._opened = True
            line = Line("customer", self._rng.choice(self.scenario.customer.openings))
            self.transcript.append(line)
            self.engine_lines.append(line)
        return self.transcript[0].text

    def agent_says(self, text: str, silence_seconds: float = 0.0) -> CustomerTurn:
        """Play one agent turn; the customer replies and the call may end."""
        if self.outcome is not None:
            raise RuntimeError(f"the call has already ended ({self.outcome})")
        self.opening()
        last = next((line.text for line in reversed(self.engine_lines) if line.speaker == "customer"), "")
        context = [self.engine_lines[0].text, *(f.says for f in self.scenario.facts if f.id in self.discovered)]
        subject = self._subject_words()
        moves = detect_moves(
            text,
            customer_last=last,
            customer_context=context,
            subject_words=subject,
            silence_seconds=silence_seconds,
            scenario=self.scenario,
            rules=self._rules,
        )
        note = "No words from the agent: counted as a silence." if not text.strip() else None
        revealed = asked_facts(self.scenario, text, self.discovered)
        if revealed and not any(m.kind == "asks_about_issue" for m in moves):
            moves.append(Move("asks_about_issue", revealed[0].triggers[0]))
        self._sympathy_without_action(moves)
        new_promises = promises_in(text, len(self.turns) + 1)
        rushed = next((p for p in new_promises if _too_fast(p)), None)
        if rushed is not None and not any(m.kind == "over_promises" for m in moves):
            moves.append(Move("over_promises", rushed.sentence))
        escalation = self._escalated_item(text, moves)
        if escalation is None and any(m.kind == "escalates" for m in moves) and not self.discovered and not revealed:
            moves.append(Move("premature_handoff", next(m.phrase for m in moves if m.kind == "escalates")))
        earlier = [m for turn in self.turns for m in turn.moves]
        before = self.state
        self.state, deltas = apply(before, moves, earlier)
        self.discovered.update(f.id for f in revealed)
        self.discovered.update(stated_facts(self.scenario, text, self.discovered))
        self._track_resolution(text, moves)
        ended = None if self.open_ended else self._end(escalation is not None)
        history = self.engine_lines
        if ended is None:
            words = reply(
                self.scenario,
                self.state,
                history,
                text,
                self._rng,
                moves=moves,
                revealed=revealed,
                kept=self.promises,
                new=new_promises,
                lines=self._lines,
            )
        else:
            parts = [self._rng.choice(getattr(self._lines.endings, ended))]
            if ended in ("resolved", "escalated"):
                # Even the closing line shows the customer heard the name, number or time just given.
                heard = callbacks(
                    history,
                    text,
                    band(self.state),
                    self._rng,
                    scenario=self.scenario,
                    kept=self.promises,
                    new=new_promises,
                    lines=self._lines,
                )
                parts = [*(f.says for f in revealed), *heard, *parts]
            words = unrepeated(parts, history, band(self.state), scenario_fill(self.scenario), self._lines)
        self.promises.extend(new_promises)
        self.transcript.append(Line("agent", text))
        self.transcript.append(Line("customer", words))
        self.engine_lines.append(Line("agent", text))
        self.engine_lines.append(Line("customer", words))
        record = TurnRecord(len(self.turns) + 1, text, words, before, self.state, tuple(moves), tuple(deltas), note)
        self.turns.append(record)
        self.outcome = ended
        return CustomerTurn(words, self.state, tuple(deltas), ended, note)

    def _subject_words(self) -> frozenset[str]:
        """Content words of what the call is about: the grievance and every fact the account holds."""
        s = self.scenario
        return frozenset(key_words(" ".join([s.customer.grievance, *(f.detail for f in s.facts)])))

    def _sympathy_without_action(self, moves: list[Move]) -> None:
        """A second turn of sorry-and-feelings with nothing done is heard as a script, and irritates."""
        sympathy = [m for m in moves if m.kind in ("apologises", "acknowledges_feelings")]
        if not sympathy or any(m.kind in SUBSTANCE for m in moves):
            return
        earlier_empty = sum(
            1
            for turn in self.turns
            if any(m.kind in ("apologises", "acknowledges_feelings") for m in turn.moves)
            and not any(m.kind in SUBSTANCE for m in turn.moves)
        )
        if earlier_empty:
            moves.append(Move("empty_sympathy", sympathy[0].phrase))

    def _escalated_item(self, text: str, moves: list[Move]) -> str | None:
        if not any(m.kind == "escalates" for m in moves) or not self.discovered:
            return None
        lowered = text.lower()
        for item in self.scenario.must_escalate:
            if any(re.search(rf"(?<!\w){re.escape(w.lower())}", lowered) for w in item.topic_words):
                return item.id
        return None

    def _track_resolution(self, text: str, moves: list[Move]) -> None:
        lowered = text.lower()
        for action in self.scenario.resolution.actions:
            if any(re.search(rf"(?<!\w){re.escape(w.lower())}", lowered) for w in action.words):
                self.actions_done.add(action.id)
        if any(m.kind == "clear_timeline" for m in moves):
            self.timeline_given = True

    def _over_promised(self) -> bool:
        # A promise the agent cannot keep leaves the customer waiting to see, not settled.
        return any(m.kind == "over_promises" for turn in self.turns for m in turn.moves)

    def _end(self, escalated: bool) -> Outcome | None:
        s = self.scenario
        if self.state.anger >= s.hang_up_anger or self.state.trust <= s.hang_up_trust:
            return "hung_up"
        if escalated:
            return "escalated"
        goal = s.resolution
        if (
            set(goal.requires_facts) <= self.discovered
            and {a.id for a in goal.actions} <= self.actions_done
            and (self.timeline_given or not goal.needs_timeline)
            and self.state.anger <= goal.max_anger
            and self.state.trust >= goal.min_trust
            and not self._over_promised()
        ):
            return "resolved"
        if len(self.turns) + 1 >= s.max_turns:
            return "hung_up"
        return None
