"""Does an agent turn answer what the customer just said? Sentence embeddings, not shared words.

Only consulted when a turn does nothing else (no acknowledgement, action, question or timeline)
and shares no content word with the customer's line, so the model runs on few turns and the
customer still replies well inside the latency budget. The packaged all-MiniLM-L6-v2 is loaded
lazily, once per process, and every vector is cached; without the model the lexical verdict stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

# Cosine below which a reply is taken as not about the customer's line (MiniLM; unrelated small
# talk scores about 0.0-0.15 against a complaint, an on-topic answer 0.3 and up).
UNRELATED_BELOW = 0.2
# Words of the agent's turn that are embedded; and below this length a turn is judged without the model.
AGENT_WORDS = 16
SHORT_TURN_WORDS = 5


@lru_cache(maxsize=1)
def _model_ready() -> bool:
    from starcoach.stories.matching.embedding import model_available

    return model_available()


def similarity(a: str, b: Sequence[str]) -> float | None:
    """The closest pair of sentences of two texts (cosine), or None when the model is not installed.

    Sentence by sentence, because the customer's lines are built from a fixed stock of sentences:
    their vectors are computed once per process and only the agent's new sentences cost a pass.
    """
    if not _model_ready():
        return None
    from starcoach.stories.matching.embedding import embed

    right = [sentence for text in b for sentence in _sentences(text)]
    if not right:
        return None
    # The agent's turn is one pass (its first words are enough to tell what it is about); the
    # customer's stock sentences are cached after their first use.
    turn = " ".join(a.split()[:AGENT_WORDS])
    vectors = embed([turn, *right])
    return float((vectors[1:] @ vectors[0]).max())


def _sentences(text: str) -> list[str]:
    import re

    return [s.strip() for s in re.findall(r"(?:[^.!?]|\.(?=\d))+[.!?]*", text) if len(s.strip()) > 1]


def unrelated(agent_turn: str, customer_lines: Sequence[str]) -> bool:
    """True when the agent's turn is about none of the customer's lines (lexical fallback: True)."""
    if len(agent_turn.split()) < SHORT_TURN_WORDS:
        # "Okay." or "Right, hold on." shares nothing and says nothing: no model needed.
        return True
    score = similarity(agent_turn, customer_lines)
    return score is None or score < UNRELATED_BELOW
