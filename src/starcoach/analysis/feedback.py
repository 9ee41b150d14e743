"""The feedback composer: strengths and fixes, each quoting the words that earned it."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from starcoach.analysis._quote import whole_phrase, whole_phrases
from starcoach.analysis.answer import QuestionType, Span
from starcoach.analysis.scoring import red_flags
from starcoach.analysis.signals import Signals
from starcoach.content.loader import load_red_flags

MAX_STRENGTHS = 3
# Well below the 60 s floor: too little room for a situation, steps and a result.
SHORT_SECONDS = 45.0
MAX_FIXES = 5
_QUOTE_CHARS = 70
# Evidence that is the word itself (a filler, a hedge, a tool's name, a figure) is quoted as found; any
# other evidence is widened to its whole phrase, so "I understood" reads "I understood why she was angry".
_WORD_EVIDENCE = frozenset({"filler_heavy", "hedging", "tools", "quantified"})
_CUSTOMER_WORDS = re.compile(r"\b(customer|caller|client|guest|passenger|upset|angry|complain\w*|refund)\b", re.I)
_TOOL_WORDS = re.compile(
    r"\b(tickets?|queue|volume|peak|tools?|crm|system|software|technical|sla|multitask\w*)\b", re.I
)


@dataclass(frozen=True)
class Item:
    """One feedback item before it is turned into the report's shape."""

    kind: str
    id: str
    message: str
    spans: tuple[Span, ...]


def quote(s: Signals, span: Span, whole: bool = True) -> str:
    """The words of a span, widened to its whole phrase unless ``whole`` is False, shortened for a sentence."""
    if whole:
        span = whole_phrase(s.answer.text, span)
    text = " ".join(s.answer.text[span.start : span.end].split()).rstrip(".,;:")
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 3].rstrip() + "..."


def _red_flag_items(s: Signals) -> list[Item]:
    catalogue = load_red_flags()
    flags = red_flags(s)
    items: list[Item] = []
    if flags["theoretical"]:
        spans = s.theoretical.generic_spans or (s.sentence_span(0),)
        items.append(
            Item(
                "red_flag",
                "theoretical",
                f'You describe what you generally do ("{quote(s, spans[0])}") but the question asks '
                f"for one real time. {catalogue['theoretical'].correction}",
                tuple(spans),
            )
        )
    if flags["blame"]:
        spans = s.blame.blame_spans
        items.append(
            Item(
                "red_flag",
                "blame",
                f'"{quote(s, spans[0])}" puts the problem on someone else and the answer never says '
                f"what you did about it. {catalogue['blame'].correction}",
                spans,
            )
        )
    if flags["overconfident"]:
        spans = s.overconfidence.boasts
        items.append(
            Item(
                "red_flag",
                "overconfident",
                f'"{quote(s, spans[0])}" is a claim with nothing behind it. {catalogue["overconfident"].correction}',
                spans,
            )
        )
    if flags["rambling"]:
        items.append(_rambling_item(s, catalogue["rambling"].correction))
    if s.questions.none_asked:
        items.append(
            Item(
                "red_flag",
                "no_questions",
                f"No question for the interviewer. {catalogue['no_questions'].correction}",
                (Span(0, len(s.answer.text)),),
            )
        )
    return items


def _rambling_item(s: Signals, correction: str) -> Item:
    if s.rambling.over_window:
        # Point at what a listener hears after the two-minute mark.
        words_in_window = int(s.answer.words_per_minute * 2)
        words = s.answer.words()
        start = words[min(words_in_window, len(words) - 1)].start
        spans: tuple[Span, ...] = (Span(start, len(s.answer.text.rstrip())),)
        what = f"At about {s.answer.estimated_seconds:.0f} s this runs past the two-minute mark"
    elif s.rambling.digressions:
        spans = s.rambling.digressions
        what = f'"{quote(s, spans[0])}" takes the answer off its track'
    elif s.rambling.repeats:
        spans = s.rambling.repeats
        what = f'"{quote(s, spans[0])}" says again what the answer already said'
    elif s.rambling.drifting:
        spans = s.rambling.drifting
        what = f'"{quote(s, spans[0])}" wanders away from the rest of the answer'
    else:
        spans = (Span(0, len(s.answer.text.rstrip())),)
        what = f"At {s.answer.word_count} words the answer loses its thread"
    return Item("red_flag", "rambling", f"{what}. {correction}", spans)


def _structure_fixes(s: Signals) -> list[Item]:
    items: list[Item] = []
    qtype = s.answer.question_type
    if qtype is QuestionType.CLOSING or not s.answer.sentences:
        return items
    star = s.star
    last = s.sentence_span(len(s.answer.sentences) - 1)
    if qtype is QuestionType.BEHAVIORAL and not star.has("S") and not s.theoretical.theoretical:
        items.append(
            Item(
                "fix",
                "no_situation",
                "Open with one sentence of scene: when it was, where you worked and what went wrong.",
                (s.sentence_span(0),),
            )
        )
    if qtype is QuestionType.BEHAVIORAL and star.has("S") and not star.has("T"):
        situation = s.part_spans("S")
        items.append(
            Item(
                "fix",
                "no_task",
                f'After "{quote(s, situation[-1])}", say what you were responsible for: '
                '"My job was to..." or "I needed to...".',
                (situation[-1],),
            )
        )
    if not star.has("A") and qtype is not QuestionType.CLASSIC:
        items.append(
            Item(
                "fix",
                "no_action",
                "The answer never says what you did. Add two or three concrete steps, each starting "
                'with "I" and a verb: "I checked...", "I called...".',
                (s.sentence_span(0),),
            )
        )
    if star.has("A") and not star.has("R"):
        items.append(
            Item(
                "fix",
                "no_result",
                f'The story stops at "{quote(s, last)}". {load_red_flags()["no_result"].correction}',
                (last,),
            )
        )
    elif star.has("R") and not s.specificity.quantified:
        result = s.part_spans("R")
        items.append(
            Item(
                "fix",
                "vague",
                f'Put a number on "{quote(s, result[0])}": how many, how fast, what CSAT or resolution time.',
                tuple(result),
            )
        )
    return items


def _habit_fixes(s: Signals) -> list[Item]:
    items: list[Item] = []
    if not s.ownership.ownership and s.ownership.we_actions:
        spans = s.ownership.we_actions
        items.append(
            Item(
                "fix",
                "we_not_i",
                f'"{quote(s, spans[0])}" hides your part behind "we". Say which steps were yours.',
                spans,
            )
        )
    if s.filler_heavy:
        spans = tuple(f.span for f in s.fillers.fillers)
        words = ", ".join(sorted({s.answer.text[x.start : x.end].lower() for x in spans}))
        items.append(
            Item(
                "fix",
                "filler_heavy",
                f"{s.fillers.count} fillers ({words}) in {s.answer.word_count} words. Pause silently "
                'instead: a short silence sounds more composed than "um".',
                spans,
            )
        )
    if len(s.hedging) >= 3 and s.hedging.per_100_words > 3.0:
        spans = s.hedging.spans
        items.append(
            Item(
                "fix",
                "hedging",
                f'{len(spans)} hedges such as "{quote(s, spans[0], whole=False)}" make you sound unsure of your own '
                "story. State what happened plainly.",
                spans,
            )
        )
    return items


def _gap_fixes(s: Signals) -> list[Item]:
    items: list[Item] = []
    catalogue = load_red_flags()
    qtype = s.answer.question_type
    if qtype is QuestionType.CLOSING:
        return items
    question = s.answer.question or ""
    story = s.star.has("A")
    if story and not s.empathy.empathy and _CUSTOMER_WORDS.search(question + " " + s.answer.text):
        actions = s.part_spans("A")
        items.append(
            Item(
                "fix",
                "no_empathy",
                f'Before "{quote(s, actions[0])}", {catalogue["no_empathy"].correction[0].lower()}'
                f"{catalogue['no_empathy'].correction[1:]}",
                (actions[0],),
            )
        )
    if story and not s.tools.named and _TOOL_WORDS.search(question):
        actions = s.part_spans("A")
        items.append(Item("fix", "no_tools", catalogue["no_tools"].correction, tuple(actions)))
    if s.answer.estimated_seconds < SHORT_SECONDS and not s.rambling.rambling:
        advice = (
            "Answer it directly in a sentence, then back it with one short, real example from your work."
            if qtype is QuestionType.CLASSIC and not s.star.has("A")
            else catalogue["too_short"].correction
        )
        items.append(
            Item(
                "fix",
                "too_short",
                f"About {s.answer.estimated_seconds:.0f} s spoken ({s.answer.word_count} words). {advice}",
                (Span(0, len(s.answer.text.rstrip())),),
            )
        )
    return items


@dataclass(frozen=True)
class _Strength:
    """A strength before its quote is settled: the words that earned it and how to say it about a quote."""

    id: str
    spans: tuple[Span, ...]
    say: Callable[[str], str]


# Strengths judged sentence by sentence by a learned model; a phrase two of them claim goes to the model
# that is surer of its sentence.
_SENTENCE_MODELS = {"empathy": "empathy", "active_listening": "active_listening"}
# Strengths that quote what the candidate said; figures, tool names and the story's shape are credited apart.
_PHRASE_STRENGTHS = frozenset({"empathy", "active_listening", "ownership", "good_questions"})


def _strength_candidates(s: Signals) -> list[_Strength]:
    found: list[_Strength] = []
    if s.specificity.quantified:
        found.append(
            _Strength(
                "quantified",
                tuple(q.span for q in s.specificity.quantities),
                lambda q: f'Concrete figures such as "{q}" make the result believable.',
            )
        )
    if s.empathy.empathy:
        found.append(
            _Strength(
                "empathy",
                s.empathy.acknowledgements,
                lambda q: f'"{q}" acknowledges how the customer felt before fixing things.',
            )
        )
    if s.listening.found:
        found.append(
            _Strength("active_listening", s.listening.spans, lambda q: f'"{q}" shows you checked your understanding.')
        )
    if all(s.star.has(code) for code in "SAR") and s.answer.question_type is not QuestionType.CLOSING:
        found.append(
            _Strength(
                "complete_story", tuple(s.part_spans("R")), lambda q: f'A full story that reaches its result: "{q}".'
            )
        )
    if s.ownership.ownership and len(s.ownership.story_actions) >= 2:
        found.append(
            _Strength("ownership", s.ownership.story_actions, lambda q: f'Your own actions are clear: "{q}", and more.')
        )
    if s.tools.products:
        names = ", ".join(dict.fromkeys(s.answer.text[x.start : x.end] for x in s.tools.products))
        found.append(_Strength("tools", s.tools.products, lambda _: f"Naming {names} shows you can start fast."))
    if s.questions.good_topics:
        found.append(
            _Strength(
                "good_questions",
                s.questions.questions,
                lambda q: f'"{q}" asks about the work itself, which shows curiosity.',
            )
        )
    return found


def _sureness(s: Signals, strength_id: str, span: Span) -> float:
    """How far above its threshold (in log-odds) the strength's model puts the span's sentence; -inf without one."""
    flag = _SENTENCE_MODELS.get(strength_id)
    if flag is None:
        return float("-inf")
    model = s.models.flags.sentence[flag]
    for i, sentence in enumerate(s.answer.sentences):
        if sentence.start <= span.start < sentence.end:
            features = {**s.language.sentences[i].features, **s.language.context}
            return _log_odds(model.probability(features, s.language.vector(i))) - _log_odds(model.threshold)
    return float("-inf")


def _log_odds(p: float) -> float:
    # Two models' thresholds differ, so their surety is compared as log-odds above each threshold.
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _credit_once(s: Signals, strengths: list[_Strength]) -> list[_Strength]:
    """Each quoted phrase credited to one strength: the one its sentence shows best, else the one listed first.

    The others keep their other words, or drop out when they have none: "I can hear how upset you are"
    is one acknowledgement, not an acknowledgement and a check of understanding.
    """
    widened = [whole_phrases(s.answer.text, x.spans) if x.id in _PHRASE_STRENGTHS else x.spans for x in strengths]
    kept: list[_Strength] = []
    for order, strength in enumerate(strengths):
        if strength.id not in _PHRASE_STRENGTHS:
            kept.append(strength)
            continue
        mine = []
        for span in widened[order]:
            rivals = [
                (_sureness(s, other.id, span), -other_order)
                for other_order, other in enumerate(strengths)
                if other_order != order
                and other.id in _PHRASE_STRENGTHS
                and any(x.start < span.end and span.start < x.end for x in widened[other_order])
            ]
            if all((_sureness(s, strength.id, span), -order) > rival for rival in rivals):
                mine.append(span)
        if mine:
            kept.append(_Strength(strength.id, tuple(mine), strength.say))
    return kept


def _strengths(s: Signals) -> list[Item]:
    items = []
    for strength in _credit_once(s, _strength_candidates(s)):
        first = quote(s, strength.spans[0], whole=strength.id not in _WORD_EVIDENCE)
        items.append(Item("strength", strength.id, strength.say(first), strength.spans))
    return items


def _as_quoted(s: Signals, item: Item) -> Item:
    # The evidence carries the words the message quotes, so every view quotes the same whole phrase.
    if item.id in _WORD_EVIDENCE:
        return item
    return Item(item.kind, item.id, item.message, whole_phrases(s.answer.text, item.spans))


def compose(s: Signals) -> list[Item]:
    """Red flags first, then the fixes, then the strengths, each list capped."""
    fixes = _structure_fixes(s) + _gap_fixes(s) + _habit_fixes(s)
    items = _red_flag_items(s) + fixes[:MAX_FIXES] + _strengths(s)[:MAX_STRENGTHS]
    return [_as_quoted(s, item) for item in items]
