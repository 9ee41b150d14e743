"""The embedded customer: template-driven, seeded, in character, and listening to the agent.

A reply is built from up to four parts, in this order:

1. a reaction to the turn's strongest inflaming move (blame, policy, jargon, silence...), if any;
2. a call-back to the agent's own words: their name, a reference number (recognised only if the
   scenario's facts hold it, otherwise noted down), a new promise's time, or a challenge when a
   promise of the same kind moves later or changes amount (see ``promises.py``);
3. a fact, when the agent asked about it (a question containing one of the fact's trigger words);
4. a line for the customer's mood band (furious, angry, wary, calming, satisfied).

The lines live in ``content/data/roleplay_customer.toml``. They are drawn with the call's
``random.Random`` so a seed replays the call; no sentence of ``MIN_REPEAT_WORDS`` words or more is
said twice in a call, so the customer never repeats itself. The scenario's ``style`` (plain,
sweary, confused, formal) colours the lines. Pure string work.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from starcoach.content.roleplay_customer import CustomerLines, load_customer_lines
from starcoach.roleplay.emotion import EmotionState, band
from starcoach.roleplay.moves import Move
from starcoach.roleplay.promises import Promise, first_change
from starcoach.roleplay.scenarios import Fact, Scenario


@dataclass(frozen=True)
class Line:
    """One line of the transcript."""

    speaker: str  # "agent" or "customer"
    text: str


# Sentences of at least this many words are never said twice in one call.
MIN_REPEAT_WORDS = 3
_NAME = re.compile(r"\b(?:my name is|my name's|this is|i'm|i am|it's)\s+([A-Z][a-z]+)\b")
_NOT_NAMES = frozenset({"Sorry", "Really", "Just", "Going", "Here", "Not", "So", "Very", "Afraid", "Happy", "Glad"})
_REFERENCE = re.compile(r"(?<![\w£$€.])#?([A-Z]{0,4}-?\d{4,}[A-Z0-9]*)\b")
_QUESTION = re.compile(r"\?|\b(?:can you|could you|would you|tell me|walk me through|what|when|which|how)\b", re.I)


def agent_name(agent_turns: Sequence[str]) -> str | None:
    """The name the agent gave, if any ("my name is Priya", "this is Sam")."""
    for turn in agent_turns:
        for match in _NAME.finditer(turn):
            if match.group(1) not in _NOT_NAMES:
                return match.group(1)
    return None


def reference_in(text: str) -> str | None:
    """An order or reference number the agent said ("order 58213", "#AB12345")."""
    match = _REFERENCE.search(text)
    return match.group(1) if match else None


def asked_facts(scenario: Scenario, agent_turn: str, known: set[str]) -> list[Fact]:
    """Facts not yet revealed that this agent turn asks about."""
    if not _QUESTION.search(agent_turn):
        return []
    lowered = agent_turn.lower()
    found = []
    for fact in scenario.facts:
        if fact.id in known:
            continue
        if any(re.search(rf"(?<!\w){re.escape(t.lower())}(?!\w)", lowered) for t in fact.triggers):
            found.append(fact)
    return found


def stated_facts(scenario: Scenario, agent_turn: str, known: set[str]) -> list[str]:
    """Facts the agent states from the account rather than asks about ("I can see two charges of 49")."""
    from starcoach.roleplay.moves import key_words

    words = key_words(agent_turn)
    found = []
    for fact in scenario.facts:
        if fact.id in known:
            continue
        # Two content words of the fact in one turn: the agent has it in front of them.
        if len(words & key_words(fact.detail + " " + fact.says)) >= 2:
            found.append(fact.id)
    return found


def _pick(options: Sequence[str], rng: random.Random, said: str) -> str:
    """A line not already said in this call when possible; drawn with the call's generator."""
    fresh = [o for o in options if o not in said]
    return rng.choice(fresh or list(options))


def reply(
    scenario: Scenario,
    state: EmotionState,
    history: Sequence[Line],
    agent_turn: str,
    rng: random.Random,
    *,
    moves: Sequence[Move] = (),
    revealed: Sequence[Fact] = (),
    kept: Sequence[Promise] = (),
    new: Sequence[Promise] = (),
    lines: CustomerLines | None = None,
) -> str:
    """The customer's next line, given the mood after the agent's turn and what the agent said.

    ``lines``: what the customer may say (a coach's extended set); the built-in lines by default.
    """
    customer = scenario.customer
    lines = lines or load_customer_lines()
    said = " ".join(line.text for line in history if line.speaker == "customer")
    fill = scenario_fill(scenario)
    mood = band(state)
    parts: list[str] = []
    style_lines = getattr(getattr(lines.styles, customer.style), mood)
    if style_lines and rng.random() < 0.6:
        parts.append(_pick(style_lines, rng, said))

    inflaming = [m for m in moves if not m.calming]
    if inflaming:
        worst = inflaming[0] if inflaming[0].kind != "long_silence" or len(inflaming) == 1 else inflaming[1]
        template = _pick(getattr(lines.reactions, worst.kind), rng, said)
        parts.append(template.format(phrase=worst.phrase, **fill))

    parts.extend(callbacks(history, agent_turn, mood, rng, scenario=scenario, kept=kept, new=new, lines=lines))
    for fact in revealed:
        parts.append(fact.says)
    if not revealed or mood in ("furious", "satisfied") or rng.random() < 0.4:
        parts.append(_pick([line.format(**fill) for line in getattr(lines.moods, mood)], rng, said))
    return unrepeated(parts, history, mood, fill, lines)


def scenario_fill(scenario: Scenario) -> dict[str, str]:
    """What the customer's placeholders stand for in this scenario: {grievance} and {stakes_cap}."""
    customer = scenario.customer
    return {"grievance": customer.grievance, "stakes_cap": customer.stakes[:1].upper() + customer.stakes[1:]}


def unrepeated(
    parts: Sequence[str],
    history: Sequence[Line],
    mood: str,
    fill: dict[str, str],
    lines: CustomerLines | None = None,
) -> str:
    """The reply without any sentence the customer already said, never empty and never a word-for-word repeat."""
    lines = lines or load_customer_lines()
    said = {_norm(sentence) for line in history if line.speaker == "customer" for sentence in _split(line.text)}

    def new(sentence: str) -> bool:
        # A short interjection ("Okay.", "Right.") may recur, as it does in speech; a sentence may not.
        norm = _norm(sentence)
        return len(norm.split()) < MIN_REPEAT_WORDS or norm not in said

    kept: list[str] = []
    for sentence in (sentence for part in parts for sentence in _split(part)):
        if new(sentence) and _norm(sentence) not in {_norm(k) for k in kept}:
            kept.append(sentence)
    if not any(len(_norm(k).split()) >= MIN_REPEAT_WORDS for k in kept):
        # Every drawn line was used up: take the first unused line of this band, then of any band.
        bands = lines.moods.model_dump()
        pools = [bands[mood], *(bands[b] for b in bands if b != mood), lines.endings.last_resort]
        for pool in pools:
            fresh = [line.format(**fill) for line in pool if all(new(s) for s in _split(line.format(**fill)))]
            if fresh:
                kept.append(fresh[0])
                break
    if not kept:
        count = sum(1 for line in history if line.speaker == "customer")
        kept = [f"That's the {_ordinal(count)} time I've had to ask about {fill['grievance']}."]
    return " ".join(kept)


def _split(text: str) -> list[str]:
    return [s.strip() for s in re.findall(r"(?:[^.!?]|\.(?=\d))+(?:[.!?]+|$)", text) if s.strip()]


def _norm(sentence: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", sentence.lower()))


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def callbacks(
    history: Sequence[Line],
    agent_turn: str,
    mood: str,
    rng: random.Random,
    *,
    scenario: Scenario | None = None,
    kept: Sequence[Promise] = (),
    new: Sequence[Promise] = (),
    lines: CustomerLines | None = None,
) -> list[str]:
    """Lines that show the customer heard the agent: their name, a number, a promise kept or changed.

    A challenge ("you said X before") is only made when ``new`` really changes a promise in ``kept``
    (the same kind of action, later or for another amount); a reference number the customer does not
    already know is noted down, not recognised.
    """
    say = (lines or load_customer_lines()).callbacks
    out: list[str] = []
    said = " ".join(line.text for line in history if line.speaker == "customer")
    agent_turns = [line.text for line in history if line.speaker == "agent"] + [agent_turn]
    name = agent_name(agent_turns)
    first_time_name = name is not None and agent_name(agent_turns[:-1]) is None
    if name and (first_time_name or rng.random() < 0.25):
        if mood in ("calming", "satisfied", "wary"):
            out.append(_pick([line.format(name=name) for line in say.name_warm], rng, said))
        else:
            out.append(_pick([line.format(name=name) for line in say.name_tense], rng, said))
    ref = reference_in(agent_turn)
    if ref:
        known = scenario is not None and any(ref in f.says or ref in f.detail for f in scenario.facts)
        if known:
            out.append(_pick([line.format(ref=ref) for line in say.reference_known], rng, said))
        elif ref not in said:
            out.append(rng.choice([line.format(ref=ref) for line in say.reference_new]))
    change = first_change(list(kept), list(new))
    if change is not None:
        earlier, later, how = change
        label = say.label(earlier.what)
        if how == "amount":
            # One sentence, so the challenge is never cut in half by the no-repeat rule.
            out.append(say.amount_changed.format(what=label, before=earlier.amount, now=later.amount))
        else:
            out.append(say.time_changed.format(what=label, before=earlier.when, now=later.when))
        return out
    heard = {p.when.lower() for p in kept if p.when}
    fresh = next((p.when for p in new if p.when and p.when.lower() not in heard), None)
    if fresh:
        cap = fresh[:1].upper() + fresh[1:]
        options = say.time_doubted if mood in ("furious", "angry", "wary") else say.time_accepted
        out.append(_pick([line.format(when=fresh, When=cap) for line in options], rng, said))
    return out
