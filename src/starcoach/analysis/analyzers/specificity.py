"""specificity.v1: numbers, durations, percentages, money and volumes in the answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.registry import Results, analyzer

_NUMBER_WORDS = (
    "a few|a couple of|several|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    "a hundred|a thousand|thousand|dozen|a dozen|half|a half|one"
)
_NUMBER = rf"(?:\d[\d,]*(?:\.\d+)?|(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))*)"
_UNITS = {
    "duration": r"seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|quarters?|business days?",
    "volume": (
        r"tickets?|calls?|chats?|emails?|cases?|orders?|requests?|complaints?|callbacks?|messages?|"
        r"reviews?|returns?|refunds?|contacts?|escalations?|transactions?"
    ),
    "population": r"customers?|callers?|accounts?|agents?|people|passengers?|users?|employees?|stores?|seats?",
    "percent": r"percent|per cent|%|percentage points?|points?",
    "money": r"dollars?|pounds?|euros?|bucks|k\b",
    "rating": r"out of (?:five|ten|\d+)|stars?",
}
_QUANTITY = re.compile(
    rf"(?<![\w])(?P<num>{_NUMBER})(?:\s*-\s*|\s+)?(?:[\w-]+\s+)?(?P<unit>"
    + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _UNITS.items())
    + r")(?![\w])",
)
_MONEY_SYMBOL = re.compile(r"[$£€]\s?\d[\d,]*(?:\.\d+)?(?:k|m)?\b")
_DIGIT_PERCENT = re.compile(r"\b\d+(?:\.\d+)?%")
_CLOCK = re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am|pm)\b|\b\d{1,2}:\d{2}\b")
_METRIC = re.compile(r"\b(?:csat|nps|aht|sla|fcr)\b[^.]{0,60}?\b\d+", re.I)
# Percentages no one can give are hyperbole, not evidence. Years are left out of the
# units on purpose: "four years in retail" is tenure, not this story's workload.
_HYPERBOLE = re.compile(r"\b(?:110|a hundred and ten|hundred and ten|two hundred)\s*(?:percent|%)")
# Vague or tiny counts ("a few minutes", "two people") describe nothing measurable.
_VAGUE = frozenset({"one", "a few", "a couple of", "several"})
_SMALL = frozenset({"two", "three", "four", "half", "a half"})


@dataclass(frozen=True)
class Quantity:
    """A concrete figure in the answer and what kind of figure it is."""

    span: Span
    kind: str
    text: str


@dataclass(frozen=True)
class SpecificityResult:
    """Every concrete figure found, and whether the answer counts as quantified."""

    quantities: tuple[Quantity, ...]

    @property
    def quantified(self) -> bool:
        """True when at least one figure describes workload or outcome."""
        return bool(self.quantities)


def _question_echo(answer: Answer, text: str) -> bool:
    return bool(answer.question) and text in (answer.question or "").lower()


@analyzer("specificity.v1", produces=SpecificityResult)
def analyze_specificity(answer: Answer, _: Results) -> SpecificityResult:
    """Find figures: durations, volumes, percentages, money, ratings, clock times, metrics."""
    lowered = answer.lower
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        text = answer.text[start:end]
        if _question_echo(answer, text.lower()) or _HYPERBOLE.search(lowered, max(0, start - 20), end + 12):
            return
        taken.append((start, end))
        found.append(Quantity(Span(start, end), kind, text))

    for match in _QUANTITY.finditer(lowered):
        number = match.group("num")
        kind = next(k for k in _UNITS if match.group(k))
        if number in _VAGUE or (number in _SMALL and kind == "population"):
            continue
        add(match.start(), match.end(), kind)
    for pattern, kind in ((_MONEY_SYMBOL, "money"), (_DIGIT_PERCENT, "percent"), (_CLOCK, "time"), (_METRIC, "metric")):
        for match in pattern.finditer(lowered):
            add(match.start(), match.end(), kind)
    found.sort(key=lambda q: q.span.start)
    return SpecificityResult(tuple(found))
