"""What an agent does in one turn: calming and inflaming moves, each with the phrase that shows it.

Detection is lexical and general (feelings, commitments, time words, policy words) rather than tied
to a scenario's wording, so a new scenario needs no new rules. The project's lexicons supply the
acknowledgement, feeling and listening phrases; the live-call phrases in
``content/data/roleplay_phrases.toml`` add what an agent says on the phone rather than in a story
told afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from starcoach.analysis.phrases import compile_phrases
from starcoach.content.loader import load_lexicons
from starcoach.roleplay import substance
from starcoach.roleplay.listening import unrelated
from starcoach.roleplay.promises import COMMITS as _PROMISE_COMMITS
from starcoach.roleplay.promises import WHEN as _PROMISE_WHEN
from starcoach.roleplay.rules import MoveRules, builtin_rules
from starcoach.roleplay.scenarios import Scenario

MoveKind = Literal[
    "acknowledges_feelings",
    "apologises",
    "owns_next_step",
    "confirms_understanding",
    "clear_timeline",
    "honest_limits",
    "escalates",
    "asks_about_issue",
    "blame",
    "hides_behind_policy",
    "jargon",
    "ignores_customer",
    "over_promises",
    "long_silence",
    "premature_handoff",
    "takes_action",
    "explains",
    "follow_up",
    "stalls",
    "dismissive",
    "empty_sympathy",
]
CALMING: frozenset[str] = frozenset(
    {
        "acknowledges_feelings",
        "apologises",
        "owns_next_step",
        "confirms_understanding",
        "clear_timeline",
        "honest_limits",
        "escalates",
        "asks_about_issue",
        "takes_action",
        "explains",
        "follow_up",
    }
)
# Moves that do something about the problem, as opposed to sounding sympathetic about it.
SUBSTANCE: frozenset[str] = frozenset(
    {
        "owns_next_step",
        "takes_action",
        "confirms_understanding",
        "clear_timeline",
        "honest_limits",
        "escalates",
        "asks_about_issue",
        "explains",
        "follow_up",
    }
)
SILENCE_SECONDS = 10.0


@dataclass(frozen=True)
class Move:
    """One behaviour in an agent turn, with the words that show it."""

    kind: MoveKind
    phrase: str

    @property
    def calming(self) -> bool:
        """True for moves that calm the customer."""
        return self.kind in CALMING


_NEGATION = re.compile(r"\b(?:can't|cannot|won't|not|unable|no)\b[^.!?]{0,30}$")
_STOP = frozenset(
    "this that with have what your they them then there their about just been were will would could should "
    "from into when want need know still even again really every because which going only than very much "
    "over after before being doing here some said told like also make made does done it's i'm you're don't "
    "can't didn't isn't wasn't".split()
)
_WORD = re.compile(r"[a-z][a-z'-]{3,}")


@lru_cache(maxsize=1)
def _ack_phrases() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    # The project lexicon's acknowledgements count only next to a feeling word, as in empathy.v1.
    lex = load_lexicons()
    return tuple(lex.empathy.acknowledge), tuple(lex.empathy.feelings), tuple(lex.active_listening.phrases)


def _first(lowered: str, text: str, phrases: tuple[str, ...]) -> str | None:
    match = compile_phrases(phrases).search(lowered)
    return _sentence_of(text, match.start(), match.end()) if match else None


def _sentence_of(text: str, start: int, end: int) -> str:
    """The evidence span widened to its clause, so the review shows words the agent actually said."""
    left = max(text.rfind(stop, 0, start) for stop in ".!?;") + 1
    rights = [i for i in (text.find(stop, end) for stop in ".!?;") if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?]+[.!?]*", text)]


def key_words(text: str) -> set[str]:
    """Content words of a turn, cut to five letters so 'charged' meets 'charge'."""
    return {w[:5] for w in _WORD.findall(text.lower()) if w not in _STOP}


def detect_moves(
    text: str,
    *,
    customer_last: str = "",
    customer_context: Sequence[str] = (),
    subject_words: frozenset[str] = frozenset(),
    silence_seconds: float = 0.0,
    scenario: Scenario | None = None,
    rules: MoveRules | None = None,
) -> list[Move]:
    """The calming and inflaming moves in one agent turn, in a fixed order, each with its phrase.

    ``rules``: the phrase lists to read the turn with (see ``rules.move_rules``); the built-in ones by default.
    """
    stripped = text.strip()
    moves: list[Move] = []
    if not stripped:
        return [Move("long_silence", "(said nothing)")]
    if silence_seconds > SILENCE_SECONDS:
        moves.append(Move("long_silence", f"({silence_seconds:.0f} s of silence)"))
    lowered = stripped.lower()
    lex_ack, feelings, listening = _ack_phrases()
    said = rules or builtin_rules()

    ack = _first(lowered, stripped, said.acknowledgements)
    if ack is None:
        for start, end in _sentences(lowered):
            sentence = lowered[start:end]
            # A feeling word about their situation counts too, unless the agent talks about themself.
            about_them = not sentence.lstrip().startswith(("i ", "i'm"))
            lex = compile_phrases(lex_ack).search(sentence)
            if compile_phrases(feelings).search(sentence) and (lex or about_them) and "?" not in sentence:
                ack = stripped[start:end].strip()
                break
    if ack:
        moves.append(Move("acknowledges_feelings", ack))
    apology = _first(lowered, stripped, said.apologies)
    if apology:
        moves.append(Move("apologises", apology))
    confirm = _first(lowered, stripped, said.confirmations) or _first(lowered, stripped, listening)
    if confirm:
        moves.append(Move("confirms_understanding", confirm))

    owns = None
    for match in compile_phrases(said.ownership).finditer(lowered):
        if not said.weak_ownership.match(lowered, match.start()):
            owns = _sentence_of(stripped, match.start(), match.end())
            break
    if owns:
        moves.append(Move("owns_next_step", owns))
    timeline = _timeline(stripped, said)
    if timeline:
        moves.append(Move("clear_timeline", timeline))
    action = substance.action_taken(stripped, said)
    if action:
        moves.append(Move("takes_action", action))
    explanation = substance.explains(stripped, said)
    if explanation:
        moves.append(Move("explains", explanation))
    follow = substance.follows_up(stripped)
    if follow:
        moves.append(Move("follow_up", follow))

    escalation_words = said.escalation + tuple(
        w for item in (scenario.must_escalate if scenario else []) for w in item.handover_words
    )
    escalation = _first(lowered, stripped, escalation_words)
    limit = said.limits.search(lowered)
    alternative = said.alternatives.search(lowered) or action or escalation or owns
    if limit and alternative:
        moves.append(Move("honest_limits", _sentence_of(stripped, limit.start(), limit.end())))
    if escalation:
        moves.append(Move("escalates", escalation))

    blame = _first(lowered, stripped, said.blame)
    if blame and substance.blame_is_negated(blame):
        blame = None
    blame = (
        blame
        or substance.blames_customer(stripped)
        or substance.deflects(stripped, said, acting=bool(action or escalation))
    )
    if blame:
        moves.append(Move("blame", blame))
    policy = _first(lowered, stripped, said.policy)
    # Policy, or a flat "I can't", is only a wall when nothing is offered instead.
    if not alternative and (policy or limit):
        wall = policy or _sentence_of(stripped, limit.start(), limit.end()) if limit else policy
        moves.append(Move("hides_behind_policy", wall or ""))
    jargon = compile_phrases(said.jargon).search(lowered)
    if jargon:
        moves.append(Move("jargon", stripped[jargon.start() : jargon.end()]))
    promise = None
    for match in compile_phrases(said.over_promises).finditer(lowered):
        if not substance.negated_before(lowered, match.start()):
            promise = _sentence_of(stripped, match.start(), match.end())
            break
    if promise is None and scenario is not None:
        promise = _promised_escalation_item(lowered, stripped, scenario, bool(escalation))
    if promise:
        moves.append(Move("over_promises", promise))
    stall = substance.stalls(stripped, has_time=bool(timeline))
    if stall:
        moves.append(Move("stalls", stall))
    dismissive = substance.dismisses(stripped, said)
    if dismissive:
        moves.append(Move("dismissive", dismissive))
    repeat = substance.asks_to_repeat(stripped, said)
    question = None if repeat else substance.asks_about_problem(stripped, said)
    if question:
        moves.append(Move("asks_about_issue", question))
    if repeat:
        moves.append(Move("ignores_customer", repeat))
    elif customer_last.strip() and not moves and "?" not in stripped:
        # Only a turn that shows no other move is read for meaning: it keeps the model off most turns.
        # Meaning is compared with what the customer came about (their opening and the facts they
        # gave): fixed lines whose vectors are cached, so only the agent's words cost a model pass.
        about = [customer_last, *customer_context]
        # A turn about the call's subject (the grievance, what the account shows) is not talking past them.
        topical = (key_words(" ".join(about)) | subject_words) & key_words(stripped)
        if not topical and unrelated(stripped, customer_context or about):
            moves.append(Move("ignores_customer", _sentence_of(stripped, 0, 1)))
    return moves


def _timeline(text: str, said: MoveRules) -> str | None:
    """A sentence that tells the customer when something will happen (not a question, not the past)."""
    for start, end in _sentences(text):
        sentence = text[start:end].strip()
        if sentence.endswith("?"):
            continue
        lowered = sentence.lower()
        if not (said.time.search(lowered) or _PROMISE_WHEN.search(lowered)):
            continue
        commits = said.commitment.search(lowered)
        committed = commits or _PROMISE_COMMITS.search(lowered) or said.scheduled.search(lowered)
        if not committed or (said.past.search(lowered) and not commits):
            continue
        return sentence
    return None


def _promised_escalation_item(lowered: str, text: str, scenario: Scenario, escalating: bool) -> str | None:
    """A promise on something the agent must hand over (unless negated or being escalated)."""
    if escalating:
        return None
    for item in scenario.must_escalate:
        for match in compile_phrases(tuple(item.promise_words)).finditer(lowered):
            if not _NEGATION.search(lowered[max(0, match.start() - 40) : match.start()]):
                return _sentence_of(text, match.start(), match.end())
    return None
