"""Many word lists matched in one pass over a text's words: whole words, "*" only at a phrase's end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from starcoach.analysis._segment import tokenize

Ranges = list[tuple[int, int]]  # token index ranges [first, end) of phrase hits


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    stem: bool  # the last word is a stem: "thank*" matches "thanks", "thankful"
    group: int


class PhraseMatcher:
    """Every word list matched in one pass over the tokens, as whole words like ``_match.find``.

    One regex scan per list costs ~45 µs even for short lists; with ~35 lists that alone would
    break the 1 ms budget, while lookups keyed by each token (and the next) stay near 0.2 ms.
    """

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        self.groups = len(groups)
        self._singles: dict[str, list[_Phrase]] = {}
        self._stems: dict[str, list[_Phrase]] = {}  # one-word stems, by their first three letters
        self._pairs: dict[tuple[str, str], list[_Phrase]] = {}  # longer phrases, by their first two words
        self._pair_stems: dict[str, list[_Phrase]] = {}  # two-word phrases ending in a stem, by word one
        for group, phrases in enumerate(groups):
            for phrase in phrases:
                text = phrase.rstrip("*")
                entry = _Phrase(tuple(text[a:b] for a, b in tokenize(text)), phrase.endswith("*"), group)
                first, size = entry.words[0], len(entry.words)
                if size == 1 and entry.stem:
                    self._stems.setdefault(first[:3], []).append(entry)
                elif size == 1:
                    self._singles.setdefault(first, []).append(entry)
                elif size == 2 and entry.stem:
                    self._pair_stems.setdefault(first, []).append(entry)
                else:
                    self._pairs.setdefault((first, entry.words[1]), []).append(entry)
        self._pair_firsts = frozenset(a for a, _ in self._pairs) | frozenset(self._pair_stems)
        # The one-word phrases a token can start depend on the token alone; a bounded cache keeps
        # repeated words ("i", "the") from being looked up afresh.
        self._one_word = lru_cache(maxsize=8192)(self._one_word_phrases)

    def _one_word_phrases(self, word: str) -> tuple[_Phrase, ...]:
        found = list(self._singles.get(word, ()))
        if "'" in word and not word.endswith("n't"):
            # "how's", "what'd": the bare word still counts, as a regex word boundary would allow;
            # negated forms don't ("can't" is not "can").
            found += self._singles.get(word.split("'", 1)[0], ())
        found += [p for p in self._stems.get(word[:3], ()) if word.startswith(p.words[0])]
        return tuple(found)

    def scan(self, words: Sequence[str]) -> list[Ranges]:
        """Per group, the (first, last+1) token ranges it matched; longest first, no overlaps."""
        found: list[Ranges] = [[] for _ in range(self.groups)]
        free_from = [0] * self.groups
        last = len(words) - 1
        for i, word in enumerate(words):
            candidates = self._one_word(word)
            if word in self._pair_firsts and i < last:
                candidates = candidates + tuple(self._pairs.get((word, words[i + 1]), ()))
                candidates += tuple(self._pair_stems.get(word, ()))
            if not candidates:
                continue
            longest: dict[int, int] = {}
            for phrase in candidates:
                size = len(phrase.words)
                if i < free_from[phrase.group] or size <= longest.get(phrase.group, 0):
                    continue
                if size == 1 or self._fits(phrase, words, i):
                    longest[phrase.group] = size
            for group, size in longest.items():
                found[group].append((i, i + size))
                free_from[group] = i + size
        return found

    @staticmethod
    def _fits(phrase: _Phrase, words: Sequence[str], i: int) -> bool:
        """Whether a phrase whose first word(s) matched goes on matching at token ``i``."""
        if i + len(phrase.words) > len(words):
            return False
        last = len(phrase.words) - 1
        for k in range(1, last + 1):
            expected, actual = phrase.words[k], words[i + k]
            if not (actual == expected or (k == last and phrase.stem and actual.startswith(expected))):
                return False
        return True
