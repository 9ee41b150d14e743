"""tone.v1: warmth (courteous, not grovelling) and certainty (confident, not hedging), 0-1 each.

Both are lexicon-and-mood signals, not trained on any corpus: courtesy markers (thanks,
softened requests, greetings, praise) against pressure and hostility (imperatives, "you
should", "why did you", insults), and hedges against boosters and concrete figures.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict

from starcoach.analysis._match import find
from starcoach.analysis.answer import Answer, Span, build_answer
from starcoach.analysis.registry import Results, analyzer

# A sentence that opens with a bare verb is an order; these are the verbs people order with.
_IMPERATIVE_VERBS = frozenset(
    "do don't stop fix read look go give tell explain change check answer leave get put remove revert "
    "undo keep quit try see take show send add delete make move use write wait listen".split()
)
_FIGURE = re.compile(r"\d")
GROVEL_APOLOGIES = 3


class _Warm(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    gratitude: list[str]
    greeting: list[str]
    apology: list[str]
    softened_request: list[str]
    praise: list[str]
    please: list[str]


class _Cold(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    hostile: list[str]
    pressure: list[str]


class _Certainty(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    hedges: list[str]
    boosters: list[str]


class _Grovelling(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    self_abasement: list[str]


class ToneLexicon(BaseModel):
    """The word lists in content/data/tone.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    warm: _Warm
    cold: _Cold
    certainty: _Certainty
    grovelling: _Grovelling


@lru_cache(maxsize=1)
def load_tone_lexicon() -> ToneLexicon:
    """The tone word lists, validated once."""
    raw = (resources.files("starcoach.content") / "data" / "tone.toml").read_text(encoding="utf-8")
    return ToneLexicon.model_validate(tomllib.loads(raw))


@dataclass(frozen=True)
class ToneResult:
    """Warmth and certainty (0-1), grovelling, and the words behind each signal."""

    warmth: float
    certainty: float
    grovelling: bool
    warm_spans: tuple[Span, ...]
    cold_spans: tuple[Span, ...]
    hedge_spans: tuple[Span, ...]
    boost_spans: tuple[Span, ...]


def _squash(raw: float) -> float:
    """Map any score onto 0-1, with 0 at the neutral 0.5."""
    return round(0.5 + 0.5 * math.tanh(raw), 3)


def _imperative_starts(answer: Answer) -> list[Span]:
    spans = []
    for sentence in answer.sentences:
        words = [t for t in answer.sentence_tokens(sentence) if t.is_word]
        if words and words[0].lower in _IMPERATIVE_VERBS and not sentence.text.rstrip().endswith("?"):
            spans.append(Span(words[0].start, words[0].end))
    return spans


def _direct_questions(answer: Answer) -> list[Span]:
    """Questions that open with "why"/"what"/"you": they press the listener."""
    spans = []
    for sentence in answer.sentences:
        words = [t for t in answer.sentence_tokens(sentence) if t.is_word]
        if words and sentence.text.rstrip().endswith("?") and words[0].lower in ("why", "what", "you", "so", "huh"):
            spans.append(Span(words[0].start, words[0].end))
    return spans


def _shouting(answer: Answer) -> list[Span]:
    return [Span(t.start, t.end) for t in answer.tokens if len(t.text) >= 4 and t.text.isupper() and t.text.isalpha()]


@analyzer("tone.v1", produces=ToneResult)
def analyze_tone(answer: Answer, _: Results) -> ToneResult:
    """Weigh courtesy against pressure, and hedges against boosters, per hundred words."""
    lexicon = load_tone_lexicon()
    warm = lexicon.warm
    courtesy = {
        "gratitude": find(answer, warm.gratitude),
        "greeting": [s for s in find(answer, warm.greeting) if s.start < 12],
        "apology": find(answer, warm.apology),
        "softened": find(answer, warm.softened_request),
        "praise": find(answer, warm.praise),
        "please": find(answer, warm.please),
    }
    hostile = find(answer, lexicon.cold.hostile)
    pressure = find(answer, lexicon.cold.pressure) + _imperative_starts(answer) + _direct_questions(answer)
    shouting = _shouting(answer)
    weights = {"gratitude": 1.2, "greeting": 0.6, "apology": 0.6, "softened": 0.7, "praise": 0.8, "please": 0.5}
    raw_warm = sum(weights[k] * min(len(v), 2) for k, v in courtesy.items())
    raw_warm -= 1.5 * min(len(hostile), 3) + 0.7 * min(len(pressure), 3) + 0.8 * min(len(shouting), 2)
    hedges = find(answer, lexicon.certainty.hedges)
    # Softening a claim is a courtesy to the listener (it leaves room to disagree), so a
    # little hedging adds a little warmth even though it costs certainty.
    raw_warm += 0.25 * min(len(hedges), 2)
    size = max(1.0, answer.word_count / 25.0) ** 0.5  # longer texts need more markers to move as far

    boosts = find(answer, lexicon.certainty.boosters)
    figures = len(_FIGURE.findall(answer.text))
    raw_certain = (0.5 * len(boosts) + 0.15 * min(figures, 4) - 0.7 * len(hedges)) / size

    apologies = len(courtesy["apology"]) + len(find(answer, lexicon.grovelling.self_abasement))
    warm_spans = tuple(sorted((s for v in courtesy.values() for s in v), key=lambda s: s.start))
    return ToneResult(
        warmth=_squash(raw_warm / size / 1.5),
        certainty=_squash(raw_certain),
        grovelling=apologies >= GROVEL_APOLOGIES,
        warm_spans=warm_spans,
        cold_spans=tuple(sorted(hostile + pressure + shouting, key=lambda s: s.start)),
        hedge_spans=tuple(hedges),
        boost_spans=tuple(boosts),
    )


def warmth_of(text: str) -> float:
    """Warmth of a plain text, 0-1."""
    answer = build_answer(text)
    return analyze_tone.func(answer, Results()).warmth  # type: ignore[no-any-return]


def certainty_of(text: str) -> float:
    """Certainty of a plain text, 0-1."""
    answer = build_answer(text)
    return analyze_tone.func(answer, Results()).certainty  # type: ignore[no-any-return]
