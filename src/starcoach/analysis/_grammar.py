"""Light grammar cues from word shapes: tense, person, modality. No tagger, no model."""

from __future__ import annotations

import re
from collections.abc import Sequence

from starcoach.analysis.answer import Token

# Hesitation sounds carry no meaning: features read the words around them as if they were not there.
FILLER_SOUNDS = frozenset(["um", "umm", "uh", "uhh", "uhm", "er", "erm", "hmm", "mm"])
# Also "you know" and "like" when set off by a comma, as fillers are ("my, you know, job was...").
FILLER_SOUND_TEXT = re.compile(r"\b(?:(?:um+|uh+|uhm|er|erm|hmm|mm)\b[,.]?|(?:you know|like),)\s*")


def spoken_tokens(tokens: Sequence[Token], lowered: str, offset: int) -> list[Token]:
    """``tokens`` without the fillers in them; ``lowered`` is their stretch of text, starting at ``offset``."""
    gaps = [(offset + m.start(), offset + m.end()) for m in FILLER_SOUND_TEXT.finditer(lowered)]
    return [t for t in tokens if not any(start <= t.start < end for start, end in gaps)]


# Irregular past forms common in spoken English (regular ones end in -ed).
IRREGULAR_PAST = frozenset(
    [
        "was",
        "were",
        "had",
        "did",
        "said",
        "told",
        "got",
        "went",
        "came",
        "took",
        "made",
        "gave",
        "found",
        "knew",
        "thought",
        "felt",
        "left",
        "kept",
        "sent",
        "ran",
        "wrote",
        "saw",
        "brought",
        "bought",
        "built",
        "paid",
        "spent",
        "began",
        "became",
        "stood",
        "sat",
        "held",
        "heard",
        "met",
        "led",
        "lost",
        "meant",
        "understood",
        "taught",
        "caught",
        "fought",
        "sold",
        "won",
        "broke",
        "chose",
        "drove",
        "fell",
        "forgot",
        "grew",
        "hung",
        "hid",
        "lit",
        "rode",
        "rang",
        "rose",
        "shook",
        "shot",
        "sang",
        "sank",
        "slept",
        "spoke",
        "stole",
        "stuck",
        "swore",
        "swam",
        "threw",
        "woke",
        "wore",
        "drew",
        "dealt",
        "dug",
        "fed",
        "flew",
        "froze",
        "overheard",
        "rebuilt",
        "undid",
        "withdrew",
        "sought",
        "struck",
    ]
    # "let", "put", "set", "cut", "read", "hit", "hurt" are left out: the present looks the same.
)
# Words ending in -ed that are rarely past-tense verbs in these answers.
_ED_NOT_PAST = frozenset(
    [
        "need",
        "needs",
        "speed",
        "feed",
        "bed",
        "red",
        "seed",
        "indeed",
        "hundred",
        "shed",
        "bred",
        "weed",
        "deed",
        "proceed",
        "exceed",
        "succeed",
        "ahead",
        "tired",
        "interested",
        "frustrated",
        "worried",
        "stressed",
        "concerned",
        "excited",
        "involved",
        "experienced",
        "detailed",
        "skilled",
        "organized",
        "organised",
        "dedicated",
        "motivated",
        "complicated",
        "advanced",
        "limited",
        "based",
        "related",
        "supposed",
        "used",
    ]
)
PRONOUN_SUBJECTS_3RD = frozenset(
    ["he", "she", "they", "it", "customer", "customers", "caller", "guest", "client", "passenger"]
)
MODALS_HYPOTHETICAL = frozenset(["would", "'d", "i'd", "we'd", "you'd", "they'd", "could", "should", "might"])
PRESENT_BE = frozenset(["is", "are", "am", "'s", "'re", "'m", "isn't", "aren't"])
HABITUAL = frozenset(
    ["always", "usually", "normally", "generally", "typically", "often", "sometimes", "never", "every", "whenever"]
)
# Verbs of thinking and being that do not describe an action taken.
STATE_VERBS = frozenset(
    [
        "think",
        "thought",
        "guess",
        "mean",
        "meant",
        "feel",
        "felt",
        "believe",
        "know",
        "knew",
        "like",
        "liked",
        "love",
        "loved",
        "hope",
        "want",
        "wanted",
        "am",
        "was",
        "be",
        "been",
        "being",
        "'m",
        "'d",
        "'ve",
        "have",
        "had",
        "would",
        "could",
        "should",
        "can",
        "might",
        "must",
        "don't",
        "didn't",
        "do",
        "does",
        "did",
        "will",
        "'ll",
        "wish",
        "suppose",
        "remember",
        "forgot",
        "realise",
        "realize",
        "realised",
        "realized",
        "learned",
        "learnt",
    ]
)


def is_past_form(token: Token) -> bool:
    """A word shaped like a past-tense verb ("called", "took")."""
    word = token.lower
    if word in IRREGULAR_PAST:
        return True
    return len(word) > 4 and word.endswith("ed") and word not in _ED_NOT_PAST and word.isalpha()


def count_past(tokens: Sequence[Token]) -> int:
    """How many past-tense-shaped words a stretch holds."""
    return sum(1 for t in tokens if is_past_form(t))


def words_after_i(tokens: Sequence[Token]) -> list[tuple[int, Token]]:
    """(index of "I", the word after it) for every first-person singular subject."""
    pairs: list[tuple[int, Token]] = []
    for i, token in enumerate(tokens[:-1]):
        if token.text in ("I", "i") or token.lower in ("i'd", "i've", "i'm", "i'll"):
            nxt_index = i + 1
            # skip adverbs and auxiliaries: "I also called", "I then", "I just", "I had already"
            while nxt_index < len(tokens) and tokens[nxt_index].lower in _SKIP_AFTER_SUBJECT:
                nxt_index += 1
            if nxt_index < len(tokens) and tokens[nxt_index].is_word:
                pairs.append((i, tokens[nxt_index]))
    return pairs


_SKIP_AFTER_SUBJECT = frozenset(
    [
        "also",
        "then",
        "just",
        "immediately",
        "quickly",
        "first",
        "finally",
        "personally",
        "myself",
        "still",
        "actually",
        "even",
        "really",
        "had",
        "have",
        "would",
        "'d",
        "'ve",
    ]
)


def first_person_actions(tokens: Sequence[Token]) -> list[tuple[int, Token]]:
    """First-person singular subjects followed by an action verb, not a state verb."""
    return [
        (i, verb)
        for i, verb in words_after_i(tokens)
        if verb.lower not in STATE_VERBS and not verb.lower.endswith("n't") and verb.lower.isalpha()
    ]


def starts_with(tokens: Sequence[Token], words: frozenset[str], within: int = 3) -> bool:
    """True when one of ``words`` is among the first few word tokens."""
    seen = 0
    for token in tokens:
        if not token.is_word:
            continue
        if token.lower in words:
            return True
        seen += 1
        if seen >= within:
            return False
    return False
