"""fillers.v1: um/uh and the fillers that need context ("like", "you know", "kind of")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starcoach.analysis._match import find
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.loader import load_lexicons

# "like" is a filler when set off by commas, or when it hedges a quantity or a description:
# "it was, like, the job", "like twenty dollars", "it was like crazy". It is a verb after a
# subject ("I like helping") and a preposition in comparisons ("like a relay", "something like").
_LIKE_SET_OFF = re.compile(r"(?:^|[,.;:!?]\s*|\b(?:and|but|so|or|just|um|uh)\s+)like\s*,", re.M)
_LIKE_APPROX = re.compile(
    r"(?<![\w'])(?<!something )(?<!feel )(?<!looks )(?<!look )(?<!seems )(?<!sounds )like\s+"
    r"(?=(?:\d|a (?:ton|lot|bunch|million|week|month|day|year|few|couple|half|hundred|thousand|dozen)\b|"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|a hundred|hundred|"
    r"half|double|triple|all|every|so|super|really|totally|literally|insane|crazy|nonstop)\b))"
)
# After a conjunction or a hesitation, with no subject of its own, "like" followed by a verb or an
# adverb is a filler ("and like emailed her"): the verb "like" needs a subject, and the comparison
# "like" takes a noun phrase, which starts with a determiner, a pronoun or a noun.
_LIKE_AFTER_LINK = re.compile(r"(?<![\w'])(?:and|but|so|or|um|uh|er|erm)\s+like\s+(?=(\w+))")
_LIKE_AFTER_BE = re.compile(r"\b(?:was|is|were|it's|that's|he's|she's|they're|i'm)\s+like\s+(?=\w+\s*[,.])")
_YOU_KNOW = re.compile(r"(?<![\w'])you know(?![\w'])")
_KIND_OF = re.compile(r"(?<![\w'])(?:kind|sort) of(?![\w'])")
_LEAD_INS = frozenset(["and", "but", "so", "um", "uh", "just", "mean"])
# "you know what/how/that..." is a real verb with an object; so is "kind of thing".
_YOU_KNOW_OBJECTS = frozenset(
    [
        "what",
        "how",
        "that",
        "if",
        "whether",
        "where",
        "when",
        "why",
        "who",
        "about",
        "the",
        "this",
        "it's",
        "him",
        "her",
        "them",
    ]
)
_KIND_OF_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "that",
        "this",
        "these",
        "those",
        "what",
        "which",
        "any",
        "some",
        "every",
        "each",
        "all",
        "no",
        "one",
        "same",
        "other",
    ]
)
_KIND_OF_NOUNS = frozenset(
    ["thing", "things", "person", "people", "stuff", "place", "job", "role", "work", "customer", "customers"]
)


def _word_before(lowered: str, start: int) -> str:
    head = lowered[:start].rstrip()
    if not head or head[-1] in ',.;:!?"(':
        return ","
    return head.rsplit(None, 1)[-1]


def _word_after(lowered: str, end: int) -> str:
    tail = lowered[end:].lstrip()
    if not tail or tail[0] in ',.;:!?")':
        return ","
    return tail.split(None, 1)[0].strip(',.;:!?"')


def _you_know_spans(lowered: str) -> list[Span]:
    spans = []
    for match in _YOU_KNOW.finditer(lowered):
        before, after = _word_before(lowered, match.start()), _word_after(lowered, match.end())
        set_off = after == "," or before in (",",) or before in _LEAD_INS
        if set_off and after not in _YOU_KNOW_OBJECTS:
            spans.append(Span(match.start(), match.end()))
    return spans


def _kind_of_spans(lowered: str) -> list[Span]:
    """ "kind of" / "sort of" as a hedging filler ("I was kind of worried", "we, kind of, went").

    The labelling guide every answer set is measured against counts the hedge as a filler; the
    noun ("what kind of issue", "that kind of thing") is not one.
    """
    spans = []
    for match in _KIND_OF.finditer(lowered):
        before, after = _word_before(lowered, match.start()), _word_after(lowered, match.end())
        if before not in _KIND_OF_DETERMINERS and after not in _KIND_OF_NOUNS:
            spans.append(Span(match.start(), match.end()))
    return spans


@dataclass(frozen=True)
class Filler:
    """One filler word and where it is."""

    span: Span
    text: str


@dataclass(frozen=True)
class FillerResult:
    """Fillers found, in order."""

    fillers: tuple[Filler, ...]
    words: int

    @property
    def count(self) -> int:
        """How many fillers."""
        return len(self.fillers)

    @property
    def per_100_words(self) -> float:
        """Fillers per hundred words."""
        return round(100.0 * self.count / self.words, 1) if self.words else 0.0


def _like_spans(lowered: str) -> list[Span]:
    spans: list[Span] = []
    for pattern in (_LIKE_SET_OFF, _LIKE_APPROX, _LIKE_AFTER_BE):
        for match in pattern.finditer(lowered):
            start = lowered.index("like", match.start())
            spans.append(Span(start, start + 4))
    for match in _LIKE_AFTER_LINK.finditer(lowered):
        if _starts_verb_phrase(match.group(1)):
            start = lowered.index("like", match.start())
            spans.append(Span(start, start + 4))
    return spans


# Words that open a noun phrase (or a clause) after the comparison "like": "and like the others".
_NOUN_PHRASE_OPENERS = frozenset(
    "a an the this that these those my your his her its our their some any every each no one two "
    "i you he she it we they me him us them someone something anyone anything everyone everything "
    "what when how who where if to".split()
)


def _starts_verb_phrase(word: str) -> bool:
    """Whether ``word`` after "and like" is a past form or an adverb rather than the start of a noun phrase."""
    return word not in _NOUN_PHRASE_OPENERS and (word.endswith(("ed", "ly")) or word in _PLAIN_VERBS)


# Past forms without -ed, and the plain adverbs and verbs a speaker hangs after "and like".
_PLAIN_VERBS = frozenset(
    "sent went told gave took made got said wrote called put set ran came did just really totally "
    "literally also still never always".split()
)


@analyzer("fillers.v1", produces=FillerResult)
def analyze_fillers(answer: Answer, _: Results) -> FillerResult:
    """Find filler words, telling the filler "like" from the verb and the preposition."""
    lowered = answer.lower
    spans = find(answer, load_lexicons().fillers.always)
    spans += _like_spans(lowered)
    spans += _you_know_spans(lowered)
    spans += _kind_of_spans(lowered)
    unique = sorted(set(spans), key=lambda s: s.start)
    fillers = tuple(Filler(s, answer.text[s.start : s.end]) for s in unique)
    return FillerResult(fillers, answer.word_count)
