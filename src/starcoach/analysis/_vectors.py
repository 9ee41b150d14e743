"""Sentence vectors from static word vectors distilled out of the shipped MiniLM.

Each word of the model's vocabulary was run through the full model alone
(``bench/build_word_vectors.py``); a sentence is the weighted mean of its words' vectors.
That keeps most of what the model knows about word meaning (synonyms, paraphrases:
"repeated it back" sits near "confirmed") at about a microsecond a word, so every answer
can afford it. Frequent words weigh less, as in SIF and model2vec, because they carry
little of a sentence's meaning. Loaded lazily, once per process.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Matrix = NDArray[np.float32]

# Word-piece ids below this are punctuation, digits and single letters; whole words start here.
_FIRST_WORD_RANK = 1996
_SUFFIXES = ("'s", "s", "es", "ed", "d", "ing", "ly", "ness")


class WordVectors:
    """The distilled table: a word's row, and a weight that falls with the word's frequency."""

    def __init__(self, words: Sequence[str], ranks: Sequence[int], vectors: Any) -> None:
        import numpy as np

        self.index = {word: i for i, word in enumerate(words)}
        self.vectors: Matrix = np.asarray(vectors, dtype=np.float32)
        self.weights = np.asarray([math.log(2.0 + max(0, rank - _FIRST_WORD_RANK)) for rank in ranks], dtype=np.float32)
        self.dims = int(self.vectors.shape[1])

    @lru_cache(maxsize=16384)  # noqa: B019 - one table per process, words repeat across answers
    def row(self, word: str) -> int:
        """The table row for a word, its stem, or -1 when the model never saw it."""
        word = word.lower().replace("\u2019", "'")
        found = self.index.get(word)
        if found is not None:
            return found
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                stem = word[: -len(suffix)]
                for candidate in (stem, stem + "e"):
                    if candidate in self.index:
                        return self.index[candidate]
        return -1

    def sentence(self, words: Sequence[str]) -> Matrix:
        """Unit-length mean of the known words' vectors (zeros when none is known)."""
        import numpy as np

        rows = [r for r in (self.row(w) for w in words) if r >= 0]
        if not rows:
            return np.zeros(self.dims, dtype=np.float32)
        weights = self.weights[rows]
        mean = (self.vectors[rows] * weights[:, None]).sum(axis=0) / weights.sum()
        norm = float(np.linalg.norm(mean))
        out: Matrix = mean / norm if norm > 0 else mean
        return out


@lru_cache(maxsize=1)
def word_vectors() -> WordVectors:
    """The shipped table, loaded once."""
    import numpy as np

    with resources.as_file(resources.files("starcoach.analysis") / "data" / "word_vectors.npz") as path:
        data = np.load(path)
        return WordVectors([str(w) for w in data["words"]], data["ranks"].tolist(), data["vectors"])
