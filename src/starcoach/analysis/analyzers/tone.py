"""tone.v1: warmth (courteous, not grovelling) and certainty (confident, not hedging), 0-1 each.

Both signals weigh cues from ``content/data/tone.toml``, not a model trained on any corpus.
Warmth follows politeness theory: courtesy (thanks, greetings, apologies, softened requests,
praise, goodwill, tentative wording) against face threats (insults, sarcasm, pressure,
insisting on facts, pushy questions, bare orders, shouting). Certainty weighs hedges against
boosters and concrete figures. With no cue either way a signal sits at the neutral 0.5.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from starcoach.analysis._phrase_matcher import PhraseMatcher, Ranges
from starcoach.analysis.answer import Answer, QuestionType, Span, Token, build_answer
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.tone_lexicon import Cue, Position, load_tone_lexicon

# A text of this many words moves as far per cue as one short request; longer texts need more
# cues (by the square root, so one "thank you" in a long answer still counts for something).
_REFERENCE_WORDS = 25.0
# Raw points that move a signal about three quarters of the way from neutral to an end.
_WARMTH_SPREAD = 1.5
_CERTAINTY_SPREAD = 1.2
# Words that may precede an order without making it a request ("Please fix it", "Just stop").
_ORDER_LEAD_INS = frozenset(["please", "just", "now", "kindly"])
_Ranges = Ranges
_SHOUT_HINT = re.compile(r"[A-Z]{2,}\W+[A-Z]{2,}")
_INSISTENT = re.compile(r"[?!]\s*[?!]")


@dataclass(frozen=True)
class ToneResult:
    """Warmth and certainty (0-1), grovelling, and the words behind each signal.

    ``boost_spans`` holds boosters and concrete figures: everything that raised certainty.
    """

    warmth: float
    certainty: float
    grovelling: bool
    warm_spans: tuple[Span, ...]
    cold_spans: tuple[Span, ...]
    hedge_spans: tuple[Span, ...]
    boost_spans: tuple[Span, ...]


@dataclass(frozen=True)
class _Compiled:
    """The lexicon turned into one matcher plus the sets the mood checks need."""

    matcher: PhraseMatcher
    warmth: tuple[Cue, ...]  # groups 0..len(warmth)-1
    certainty: tuple[Cue, ...]  # the next groups; then number words, apologies, self-abasement
    not_verbs: frozenset[str]
    verb_followers: frozenset[str]
    order_verbs: frozenset[str]
    listener_words: frozenset[str]


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    lexicon = load_tone_lexicon()
    warmth, certainty = tuple(lexicon.warmth.values()), tuple(lexicon.certainty.values())
    extra = (lexicon.figures.number_words, lexicon.grovelling.apologies, lexicon.grovelling.self_abasement)
    groups = [cue.phrases for cue in warmth + certainty] + list(extra)
    return _Compiled(
        matcher=PhraseMatcher(groups),
        warmth=warmth,
        certainty=certainty,
        not_verbs=frozenset(lexicon.mood.not_verbs),
        verb_followers=frozenset(lexicon.mood.verb_followers),
        order_verbs=frozenset(lexicon.mood.order_verbs),
        listener_words=frozenset(lexicon.mood.listener_words),
    )


# ------------------------------------------------------------------ the answer's shape


@dataclass(frozen=True)
class _Shape:
    """Token-level facts the cues are placed against."""

    tokens: tuple[Token, ...]
    words: list[str]  # each token's text from ``Answer.lower`` (apostrophes straightened)
    starts: frozenset[int]  # token index of each sentence's first word
    question_starts: frozenset[int]
    listener_question_starts: frozenset[int]  # ... of questions that address the listener ("you")
    opening: int
    figures: frozenset[int]  # token indices where a figure (digits or a number word) starts
    digits: tuple[int, ...]  # token indices of numbers written in digits
    hypothetical: bool


def _shape(answer: Answer, words: list[str], number_words: _Ranges, listener: frozenset[str]) -> _Shape:
    tokens = answer.tokens
    starts: list[int] = []
    questions: set[int] = set()
    to_listener: set[int] = set()
    for sentence in answer.sentences:
        first = next((i for i in range(sentence.first_token, sentence.last_token) if tokens[i].is_word), None)
        if first is None:
            continue
        starts.append(first)
        if sentence.text.rstrip().rstrip("\"')").endswith("?"):
            questions.add(first)
            if any(words[i] in listener for i in range(first, sentence.last_token)):
                to_listener.add(first)
    digits = [i for i, word in enumerate(words) if word[0].isdigit()]
    return _Shape(
        tokens=tokens,
        words=words,
        starts=frozenset(starts),
        question_starts=frozenset(questions),
        listener_question_starts=frozenset(to_listener),
        opening=starts[0] if starts else -1,
        figures=frozenset(digits) | {a for a, _ in number_words},
        digits=tuple(digits),
        hypothetical=answer.question_type is QuestionType.SITUATIONAL,
    )


def _placed(position: Position, first: int, end: int, shape: _Shape) -> bool:
    """Whether a hit on tokens [first, end) is where its list says it counts."""
    if position == "anywhere":
        return True
    if position == "opening":
        return first == shape.opening
    if position == "sentence_start":
        return first in shape.starts
    if position == "question_start":
        return first in shape.question_starts
    if position == "listener_question_start":
        return first in shape.listener_question_starts
    if position == "before_number":
        return end in shape.figures
    return first not in shape.starts  # "inside"


def _span(shape: _Shape, first: int, end: int) -> Span:
    return Span(shape.tokens[first].start, shape.tokens[end - 1].end)


def _weigh(
    cues: tuple[Cue, ...], found: list[_Ranges], shape: _Shape, grovelling: bool = False
) -> tuple[float, list[Span], list[Span]]:
    """Sum of capped weighted hits, with the spans that raised and that lowered the sum."""
    placed: list[_Ranges] = []
    for cue, ranges in zip(cues, found):
        skip = (shape.hypothetical and cue.hypothetical_ok) or (grovelling and cue.void_if_grovelling)
        placed.append([] if skip else [(a, b) for a, b in ranges if _placed(cue.at, a, b, shape)])
    up = [r for cue, ranges in zip(cues, placed) if cue.weight > 0 for r in ranges]
    down = [r for cue, ranges in zip(cues, placed) if cue.weight < 0 for r in ranges]
    total = 0.0
    raised: list[Span] = []
    lowered: list[Span] = []
    for cue, ranges in zip(cues, placed):
        # The longer phrase wins across opposite lists: "Don't worry" is not a blunt "Don't",
        # and "nice try" is sarcasm, not praise.
        rivals = down if cue.weight > 0 else up
        hits = [_span(shape, a, b) for a, b in ranges if not _outvoted(a, b, rivals)]
        total += cue.weight * min(len(hits), cue.cap)
        (raised if cue.weight > 0 else lowered).extend(hits)
    return total, raised, lowered


def _outvoted(a: int, b: int, rivals: _Ranges) -> bool:
    """Whether a longer rival phrase covers tokens [a, b)."""
    return any(ra <= a and b <= rb and rb - ra > b - a for ra, rb in rivals)


# ------------------------------------------------------------------ sentence mood


def _first_words(shape: _Shape, start: int, stop: int, count: int) -> list[int]:
    """Token indices of the first ``count`` words in [start, stop)."""
    found: list[int] = []
    for i in range(start, stop):
        if shape.tokens[i].is_word:
            found.append(i)
            if len(found) == count:
                break
    return found


def _imperatives(answer: Answer, shape: _Shape, compiled: _Compiled, warm: list[Span]) -> list[Span]:
    """Sentences that open with a bare verb and no subject ("Fix the link."), by word shape.

    The first word must not be a closed-class word and must look like a base form (no -ing,
    -ed, -ly, -'s endings); then either it is a known ordering verb, or an object or particle
    follows it, which a subject-less verb needs and a noun phrase rarely has. A courteous
    formula that happens to be imperative ("Don't worry", "Feel free") is not an order.
    """
    warm_starts = {s.start for s in warm}
    spans = []
    for sentence in answer.sentences:
        if sentence.text.rstrip().endswith("?"):
            continue
        index = _first_words(shape, sentence.first_token, sentence.last_token, 3)
        if len(index) > 1 and shape.words[index[0]] in _ORDER_LEAD_INS:
            index = index[1:]
        if not index or not shape.tokens[index[0]].text[0].isalpha():
            continue
        head = shape.tokens[index[0]]
        after = index[0] + 1
        if head.start in warm_starts or (after < len(shape.tokens) and shape.tokens[after].text in ",:;-"):
            continue  # a courtesy formula, or a name / interjection set off by a comma
        first = shape.words[index[0]]
        nxt = shape.words[index[1]] if len(index) > 1 else ""
        if first in compiled.not_verbs or nxt == "of":  # "Use of ..." is a noun
            continue
        if first.endswith(("ing", "ed", "ly", "'s")) or (first.endswith("n't") and first != "don't"):
            continue
        if first in compiled.order_verbs or (not first.endswith("s") and nxt in compiled.verb_followers):
            spans.append(Span(head.start, head.end))
    return spans


def _shouting(answer: Answer, shape: _Shape, compiled: _Compiled) -> list[Span]:
    """Runs of capitalised words that include an everyday function word ("STOP DOING THAT").

    Capitals alone mostly mark acronyms (HTML, NASA, "WP NPOV"); a shout capitalises the
    little words too, so a run needs one of them to count.
    """
    if not _SHOUT_HINT.search(answer.text):
        return []
    spans: list[Span] = []
    run: list[Span] = []
    shouted = False
    for token, word in [*zip(shape.tokens, shape.words), (None, "")]:
        if token is not None and not token.is_word:
            continue
        if token is not None and len(token.text) >= 2 and token.text.isalpha() and token.text.isupper():
            run.append(Span(token.start, token.end))
            shouted = shouted or word in compiled.not_verbs
            continue
        if len(run) >= 2 and shouted:
            spans.extend(run)
        run, shouted = [], False
    return spans


def _insistent(answer: Answer) -> list[Span]:
    return [Span(m.start(), m.end()) for m in _INSISTENT.finditer(answer.text)]


# ------------------------------------------------------------------ the analyzer


def _squash(raw: float, spread: float) -> float:
    """Map any score onto 0-1, with no cues at the neutral 0.5."""
    return round(0.5 + 0.5 * math.tanh(raw / spread), 3)


def _ordered(spans: list[Span]) -> tuple[Span, ...]:
    return tuple(sorted(set(spans), key=lambda s: (s.start, s.end)))


@analyzer("tone.v1", produces=ToneResult)
def analyze_tone(answer: Answer, _: Results) -> ToneResult:
    """Weigh courtesy against face threats, and hedges against boosters and figures."""
    lexicon = load_tone_lexicon()
    compiled = _compiled()
    lowered = answer.lower
    words = [lowered[t.start : t.end] for t in answer.tokens]
    found = compiled.matcher.scan(words)
    n_warm, n_certain = len(compiled.warmth), len(compiled.certainty)
    number_words, apologies, abasement = found[n_warm + n_certain :]
    shape = _shape(answer, words, number_words, compiled.listener_words)
    # Longer answers need more cues to move as far (see _REFERENCE_WORDS).
    size = math.sqrt(max(1.0, answer.word_count / _REFERENCE_WORDS))

    grovelling = len(apologies) + len(abasement) >= lexicon.grovelling.limit
    warm_raw, warm, cold = _weigh(compiled.warmth, found[:n_warm], shape, grovelling)
    orders = _imperatives(answer, shape, compiled, warm)
    shouts, insists = _shouting(answer, shape, compiled), _insistent(answer)
    warm_raw += lexicon.mood.imperative_weight * min(len(orders), 2)
    warm_raw += lexicon.mood.shouting_weight * min(len(shouts), 2)
    warm_raw += lexicon.mood.insistent_weight * min(len(insists), 1)

    certain_raw, boosts, hedges = _weigh(compiled.certainty, found[n_warm : n_warm + n_certain], shape)
    figures = [_span(shape, i, i + 1) for i in shape.digits] + [_span(shape, a, b) for a, b in number_words]
    certain_raw += lexicon.figures.weight * min(len(figures), lexicon.figures.cap)

    return ToneResult(
        warmth=_squash(warm_raw / size, _WARMTH_SPREAD),
        certainty=_squash(certain_raw / size, _CERTAINTY_SPREAD),
        grovelling=grovelling,
        warm_spans=_ordered(warm),
        cold_spans=_ordered(cold + orders + shouts + insists),
        hedge_spans=_ordered(hedges),
        boost_spans=_ordered(boosts + figures),
    )


def _tone_of(text: str) -> ToneResult:
    result: ToneResult = analyze_tone.func(build_answer(text), Results())
    return result


def warmth_of(text: str) -> float:
    """Warmth of a plain text, 0-1 (0.5 when nothing in it is warm or cold)."""
    return _tone_of(text).warmth


def certainty_of(text: str) -> float:
    """Certainty of a plain text, 0-1 (0.5 when nothing in it hedges or asserts)."""
    return _tone_of(text).certainty
