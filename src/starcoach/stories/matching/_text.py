"""Words, stems and sentences of questions and stories, for lexical matching and for reasons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from starcoach.stories.models import Story

_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")

# Function words and the scaffolding every interview question shares ("tell me about a time
# you..."): matching on them would rank stories by how chatty they are, not by what happened.
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each else ever few
    for from further get got had has have having he her here hers herself him himself his how i
    if in into is it its itself just let me might more most much must my myself no nor not now of
    off on once one only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under
    until up upon us very was we were what when where which while who whom why will with would you
    your yours yourself yourselves
    tell describe give example time times walk share talk situation way something someone thing
    things did do done went make made like really well say said
    """.split()
)

# Longest first, so "ational" is tried before "al". Each rule keeps a stem of three letters or
# more: "ring" must not become "r". A light suffix stripper, not Porter: it only has to make
# "refunded", "refunds" and "refunding" meet, and it must be predictable.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ational", "ate"),
    ("ization", "ize"),
    ("isation", "ize"),
    ("fulness", "ful"),
    ("iveness", "ive"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ments", ""),
    ("ment", ""),
    ("ingly", ""),
    ("ities", "ity"),
    ("ness", ""),
    ("ings", ""),
    ("ing", ""),
    ("ied", "y"),
    ("ies", "y"),
    ("ers", ""),
    ("er", ""),
    ("ed", ""),
    ("ly", ""),
    ("es", ""),
    ("s", ""),
    ("e", ""),
)


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """A lower-cased word without its common English suffix ("escalated" -> "escalat")."""
    word = word.lower().removesuffix("'s")
    # "process", "status" and "crisis" end in s without being plurals.
    if len(word) <= 3 or word.isdigit() or word.endswith(("ss", "us", "is")):
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: len(word) - len(suffix)] + replacement
            # "stopped" -> "stopp" -> "stop": a doubled final consonant is an inflection artefact.
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]
            return base.removesuffix("e") if len(base) > 3 else base
    return word


@dataclass(frozen=True)
class Token:
    """One content word: its stem (what matches) and its spelling in the text (what reasons quote)."""

    stem: str
    surface: str


def content_tokens(text: str) -> list[Token]:
    """The text's words that carry meaning, in order, stop words dropped."""
    tokens = []
    for match in _WORD.finditer(text):
        surface = match.group(0)
        lowered = surface.lower()
        if lowered in STOP_WORDS or lowered.removesuffix("'s") in STOP_WORDS or len(lowered) < 2:
            continue
        tokens.append(Token(stem(lowered), surface))
    return tokens


def stems(text: str) -> list[str]:
    """The content words of ``text`` as stems, in order."""
    return [t.stem for t in content_tokens(text)]


def story_document(story: Story) -> str:
    """Everything a match may draw on: title, summary and the four STAR parts."""
    head = ". ".join(part for part in (story.title, story.summary) if part)
    return f"{head}.\n\n{story.text}"


def sentences(text: str) -> list[str]:
    """The text split into sentences (and lines), blanks dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def story_sentences(story: Story) -> list[str]:
    """The story's STAR sentences, the units a reason can quote."""
    return sentences(story.text)
