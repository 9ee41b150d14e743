"""What the agent promised, kept as facts: what will happen, how much, and by when.

The customer refers back to promises, so they are read once, sentence by sentence, into small
records rather than re-searched as loose time words. A sentence is a promise only when it commits
to something (``I'll``, ``I've``, ``you'll get``, ``it takes``...) and is not a question, so "Is
there anything else I can help with today?" promises nothing. The ``what`` is a coarse kind of
action (refund, delivery, call-back...) so that "the refund" said twice can be compared, and a
change is only a change when the same kind of action moves later or its amount differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WHEN = re.compile(
    r"\b(today|tonight|tomorrow(?: (?:morning|afternoon|evening))?|this (?:morning|afternoon|evening|week)|"
    r"(?:by )?(?:the )?end of (?:the )?(?:day|week)|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"within (?:the next )?(?:an?|one|two|three|four|five|ten|twenty|thirty|\d+) ?(?:minutes?|hours?|days?|"
    r"working days?|business days?)|within the hour|"
    r"in (?:about )?(?:an?|one|two|three|four|five|ten|twenty|thirty|\d+) (?:minutes?|hours?|days?|working days?|"
    r"business days?)|"
    r"(?:\d+|one|two|three|four|five|seven|ten)(?:-| to )(?:\d+|two|three|four|five|seven|ten) "
    r"(?:working |business )?days|"
    r"(?:by|at|before) \d{1,2}(?::\d\d|\.\d\d)? ?(?:am|pm)|by (?:noon|midday|lunchtime))\b",
    re.IGNORECASE,
)
_MONEY = re.compile(r"(?:£|\$|€)\s?\d+(?:[.,]\d{2})?|\b\d+(?:\.\d{2})? (?:pounds|dollars|euros)\b", re.I)
COMMITS = re.compile(
    r"\b(?:i'll|i will|i'm going to|i am going to|i'm (?:\w+ing)|i've (?:\w+ed|sent|done|put|got|set)|"
    r"we'll|we will|will (?:be|arrive|show|reach|land|come|go)|you'll|you will|it'll|it will|that'll|"
    r"they'll|they will|should (?:arrive|be|show|reach|land)|"
    r"(?:it |that |this )?(?:takes|usually takes|will take|arrives?|goes back|shows)|is booked|are booked|"
    r"expect)\b",
    re.IGNORECASE,
)
# Coarse kinds of action, so the same promise said twice in other words is recognised as the same.
_WHAT: tuple[tuple[str, str], ...] = (
    ("refund", r"refund|reverse|revers|credit|money back|pay (?:it|you) back"),
    ("delivery", r"send|sending|sent|dispatch|deliver|courier|arriv|ship|parcel|express"),
    ("call-back", r"call you|ring you|phone you|call back|ring back|calls? you|contact you|be in touch"),
    ("confirmation", r"email|e-mail|text you|in writing|confirmation|letter"),
    ("appointment", r"book|appointment|slot|visit|engineer|technician"),
    ("access", r"unlock|reset|link|log in|login|access"),
    ("repair", r"fix|repair|restor|back (?:up|on)|working again"),
    ("cancellation", r"cancel"),
)
_WHAT_RE = tuple((kind, re.compile(rf"\b(?:{pattern})", re.IGNORECASE)) for kind, pattern in _WHAT)
_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "ten": 10}
_WORD_NUMBERS.update({"twenty": 20, "thirty": 30})
_DAY_HOURS = 24.0
_WEEK_HOURS = 168.0
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Promise:
    """One commitment the agent made: the kind of action, its amount and time if said, and where."""

    what: str
    when: str | None
    amount: str | None
    turn: int
    sentence: str


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.findall(r"(?:[^.!?]|\.(?=\d))+[.!?]*", text) if s.strip()]


def promises_in(text: str, turn: int) -> list[Promise]:
    """The promises in one agent turn (questions and sentences without a commitment hold none)."""
    found: list[Promise] = []
    for sentence in _sentences(text):
        if sentence.endswith("?") or not COMMITS.search(sentence):
            continue
        what = next((kind for kind, pattern in _WHAT_RE if pattern.search(sentence)), None)
        if what is None:
            continue
        when = WHEN.findall(sentence)
        money = _MONEY.findall(sentence)
        if when or money:
            found.append(Promise(what, when[-1] if when else None, money[0] if money else None, turn, sentence))
    return found


def hours_until(when: str) -> float | None:
    """A rough number of hours a time phrase stands for, or None when it cannot be ranked (a weekday)."""
    w = when.lower()
    if w in _WEEKDAYS:
        return None
    if "minute" in w:
        return 0.5
    if "hour" in w:
        count = _count(w)
        return float(count if count else 1)
    if w in ("today", "tonight") or (w.startswith(("this ", "by ", "at ", "before ")) and "week" not in w):
        return 10.0
    if "end of" in w:
        return 120.0 if "week" in w else 10.0
    if w.startswith("tomorrow"):
        return 24.0
    if "week" in w:
        return 120.0
    if "day" in w:
        numbers = [n for n in (_count(part) for part in re.split(r"-| to ", w)) if n]
        days = max(numbers) if numbers else 1
        return 24.0 * days * (1.4 if "working" in w or "business" in w else 1.0)
    return None


def _count(text: str) -> int | None:
    for token in re.findall(r"[a-z]+|\d+", text):
        if token.isdigit():
            return int(token)
        if token in _WORD_NUMBERS:
            return _WORD_NUMBERS[token]
    return None


def changed(earlier: Promise, later: Promise) -> str | None:
    """How ``later`` changes ``earlier`` (same kind of action), or None when it keeps or improves it."""
    if earlier.what != later.what:
        return None
    if earlier.amount and later.amount and _amount(earlier.amount) != _amount(later.amount):
        return "amount"
    if earlier.when and later.when and earlier.when.lower() != later.when.lower():
        if earlier.when.lower() in _WEEKDAYS and later.when.lower() in _WEEKDAYS:
            return "when"
        before, after = hours_until(earlier.when), hours_until(later.when)
        # A weekday is somewhere from tomorrow to a week away: only clearly later or sooner times compare.
        if before is None and after is not None:
            before = _WEEK_HOURS
        if after is None and before is not None:
            after = _DAY_HOURS if before < _DAY_HOURS else None
        # Only a later time is a broken promise; sooner, or the same day in other words, is not.
        if before is not None and after is not None and after > before * 1.5 and after - before >= 2:
            return "when"
    return None


def _amount(text: str) -> float:
    digits = re.findall(r"\d+(?:[.,]\d+)?", text)
    return float(digits[0].replace(",", ".")) if digits else 0.0


def first_change(kept: list[Promise], new: list[Promise]) -> tuple[Promise, Promise, str] | None:
    """The first promise in ``new`` that changes one already kept, with the kept one and what changed."""
    for later in new:
        for earlier in reversed(kept):
            how = changed(earlier, later)
            if how:
                return earlier, later, how
            if earlier.what == later.what:
                break
    return None
