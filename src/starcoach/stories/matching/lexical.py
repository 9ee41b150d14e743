"""BM25 over stemmed content words: the matcher that needs nothing beyond the standard library."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from starcoach.stories.matching._text import content_tokens, stems

# The usual BM25 constants (Robertson & Zaragoza 2009); not tuned on our labeled set.
K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class LexicalScore:
    """How well one document matches: a 0..1 score and the shared words, rarest first."""

    score: float
    shared: tuple[str, ...]


def _idf(term: str, frequencies: Counter[str], documents: int) -> float:
    # The "+1" form keeps every idf positive, so a word found in every story still counts a
    # little instead of subtracting.
    df = frequencies[term]
    return math.log(1.0 + (documents - df + 0.5) / (df + 0.5))


@lru_cache(maxsize=1024)
def _bag(document: str) -> Counter[str]:
    """A document's stem counts, kept because the same stories are ranked for question after question."""
    return Counter(stems(document))


def bm25_scores(query: str, documents: Sequence[str]) -> list[LexicalScore]:
    """Each document's BM25 score for ``query``, divided by the most the query could score.

    The ceiling is every query word saturating (``idf * (k1 + 1)``), so 1.0 means "matches
    every key word of the question many times" and 0.0 means "shares none".
    """
    if not documents:
        return []
    bags = [_bag(doc) for doc in documents]
    lengths = [sum(bag.values()) for bag in bags]
    average = max(sum(lengths) / len(lengths), 1.0)
    frequencies: Counter[str] = Counter(term for bag in bags for term in bag)
    query_terms = sorted(set(stems(query)))
    idf = {t: _idf(t, frequencies, len(documents)) for t in query_terms}
    ceiling = sum(idf[t] * (K1 + 1.0) for t in query_terms)
    results = []
    for doc, bag, length in zip(documents, bags, lengths):
        total = 0.0
        for term in query_terms:
            tf = bag.get(term, 0)
            if tf:
                total += idf[term] * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / average))
        shared = sorted((t for t in query_terms if bag.get(t)), key=lambda t: (-idf[t], t))
        results.append(LexicalScore(total / ceiling if ceiling else 0.0, _surfaces(doc, shared)))
    return results


def _surfaces(document: str, shared_stems: Sequence[str]) -> tuple[str, ...]:
    """The shared stems spelled as the document first spells them, so reasons quote real words."""
    first: dict[str, str] = {}
    for token in content_tokens(document):
        first.setdefault(token.stem, token.surface.lower())
    return tuple(first[s] for s in shared_stems if s in first)
