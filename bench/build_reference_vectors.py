"""Embed the question bank and the moment descriptions, and ship the vectors with the package.

    PYTHONPATH=src python bench/build_reference_vectors.py

Run it whenever the question bank (``src/starcoach/content/data``) or
``reference.MOMENT_DESCRIPTIONS`` changes; ``tests/stories/test_reference_vectors.py`` fails
until it is. The file holds one vector per text, keyed by the text's SHA-256, and the SHA-256 of
the model's weights, so a stale entry is never used for a changed text.
"""

from __future__ import annotations

import time

from starcoach.stories.matching import embedding
from starcoach.stories.matching.reference import reference_texts
from starcoach.stories.matching.vector_store import SHIPPED_FILE, text_key, write_vectors


def main() -> None:
    texts = list(dict.fromkeys(reference_texts()))
    start = time.perf_counter()
    vectors = embedding.embed(texts)
    write_vectors(SHIPPED_FILE, embedding.WEIGHTS_SHA256, {text_key(t): v for t, v in zip(texts, vectors)})
    took = time.perf_counter() - start
    print(f"{len(texts)} texts embedded in {took:.1f} s -> {SHIPPED_FILE} ({SHIPPED_FILE.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
