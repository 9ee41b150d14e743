"""Rank a user's stories for an interview question, and say why each one fits."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from starcoach.errors import ConfigError
from starcoach.stories.matching import embedding
from starcoach.stories.matching._text import stems, story_document, story_sentences
from starcoach.stories.matching.evidence import FEATURES, Evidence, gather_evidence
from starcoach.stories.matching.lexical import bm25_scores
from starcoach.stories.matching.tags import question_axes, tag_fit
from starcoach.stories.models import Story

METHODS = ("auto", "lexical", "embedding")
# The embedding ranking's weights, one per feature in evidence.FEATURES, fitted by
# `bench/story_match.py --fit` (a conditional logit: the softmax of the weighted sum over a
# library is the chance each story is the best one). Cross-validated figures and the fit's
# protocol are in docs/benchmarks.md, "Question to story matching".
WEIGHTS: dict[str, float] = {
    "meaning": 5.5,
    "sentence": 3.0,
    "words": 4.8,
    "moment": 2.3,
    "competency": 2.4,
}
# The lexical fallback (no model): share of the score from tags rather than words.
TAG_WEIGHT = 0.2
# Whether the lexical fallback guesses axes (escalation, teamwork...) from the question's words.
INFER_AXES = False
_QUOTE_CHARS = 140
EMBEDDING_SCALE = "chance, from 0 to 1, that this is the best of your stories for the question"
LEXICAL_SCALE = "word overlap with the question, from 0 (no key word shared) to 1 (every key word, often)"


@dataclass(frozen=True)
class StoryMatch:
    """One story's fit for a question: 0..1, higher is better, with plain-English reasons.

    ``evidence`` holds the measures the score was built from (cosines, BM25, tag fits) so that
    a caller can show or check them; ``scale`` says what the score means.
    """

    story: Story
    score: float
    reasons: tuple[str, ...]
    scale: str = LEXICAL_SCALE
    evidence: dict[str, float] = field(default_factory=dict)


def matching_method(model_dir: Path | None = None) -> str:
    """ "embedding" when the model package is installed and verified, else "lexical"."""
    if embedding.model_available(model_dir):
        return "embedding"
    return "lexical"


def rank_stories(
    question: str,
    stories: Sequence[Story],
    *,
    question_competencies: Sequence[str] = (),
    method: str = "auto",
    model_dir: Path | None = None,
    cache_dir: Path | None = None,
) -> list[StoryMatch]:
    """The stories ordered by fit for ``question`` (best first; ties by title, then id).

    ``question_competencies`` are the competencies a bank question is labelled with; for any
    other question the embedding method infers them. ``model_dir`` points at another copy of the
    embedding model folder (default: the package's); ``cache_dir`` is where story vectors are
    kept between runs (none: embedded afresh each process).
    """
    if method not in METHODS:
        raise ConfigError(f"unknown matching method {method!r}", hint=f"Choose one of {', '.join(METHODS)}.")
    chosen = method if method != "auto" else matching_method(model_dir) if stories else "lexical"
    return rank_with(question, stories, Recipe(chosen), question_competencies, model_dir, cache_dir)


@dataclass(frozen=True)
class Recipe:
    """How scores are put together; the defaults are what ``rank_stories`` ships."""

    method: str
    weights: tuple[tuple[str, float], ...] = tuple(WEIGHTS.items())
    tag_weight: float = TAG_WEIGHT
    infer_axes: bool = INFER_AXES


def rank_with(
    question: str,
    stories: Sequence[Story],
    recipe: Recipe,
    question_competencies: Sequence[str] = (),
    model_dir: Path | None = None,
    cache_dir: Path | None = None,
) -> list[StoryMatch]:
    """Rank with an explicit recipe (the benchmark measures the alternatives through this)."""
    if not stories:
        return []
    if recipe.method == "embedding":
        matches = _embedding_matches(
            gather_evidence(question, stories, question_competencies, model_dir, cache_dir), recipe
        )
    else:
        matches = _lexical_matches(question, stories, recipe, question_competencies)
    return sorted(matches, key=lambda m: (-m.score, m.story.title.casefold(), m.story.title, m.story.id))


def combine(evidence: Evidence, weights: dict[str, float]) -> list[float]:
    """Each story's chance of being the best: the softmax of its weighted features over the library."""
    logits = [sum(weights[name] * row[name] for name in FEATURES) for row in evidence.features]
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    total = sum(exps)
    return [e / total for e in exps]


def _embedding_matches(evidence: Evidence, recipe: Recipe) -> list[StoryMatch]:
    chances = combine(evidence, dict(recipe.weights))
    matches = []
    for i, story in enumerate(evidence.stories):
        row = evidence.features[i]
        reasons = _word_reasons(evidence.lexical[i].shared, evidence.closest[i], "embedding")
        reasons += evidence.tag_reasons(i)
        if not evidence.lexical[i].shared and row["meaning"] <= 0.0 and not evidence.tag_reasons(i):
            reasons = ("Little in common with the question: no shared key words, tags or close meaning.",)
        if evidence.is_hub(i):
            reasons += (
                "It resembles most interview questions (a story that fits many), so plain similarity "
                "counts for less here.",
            )
        shown = {name: round(value, 4) for name, value in row.items()}
        shown["hub_level"] = round(evidence.hub_levels[i], 4)
        matches.append(StoryMatch(story, round(chances[i], 4), reasons, EMBEDDING_SCALE, shown))
    return matches


def _lexical_matches(
    question: str, stories: Sequence[Story], recipe: Recipe, question_competencies: Sequence[str]
) -> list[StoryMatch]:
    lexical = bm25_scores(question, [story_document(s) for s in stories])
    closest = _best_overlap(question, stories)
    axes = question_axes(question) if recipe.infer_axes else ()
    matches = []
    for story, words, sentence in zip(stories, lexical, closest):
        tags = tag_fit(story, question_competencies, axes)
        weight = recipe.tag_weight if tags.asked else 0.0
        score = (1.0 - weight) * words.score + weight * tags.score
        reasons = _word_reasons(words.shared, sentence, "lexical") + tags.reasons
        if not reasons:
            reasons = ("Little in common with the question: no shared key words or tags.",)
        shown = {"words": round(words.score, 4), "tags": round(tags.score, 4)}
        matches.append(StoryMatch(story, round(min(max(score, 0.0), 1.0), 4), reasons, LEXICAL_SCALE, shown))
    return matches


def _best_overlap(question: str, stories: Sequence[Story]) -> list[str | None]:
    """Each story's sentence sharing most of the question's key words (None when none shares any)."""
    wanted = set(stems(question))
    closest: list[str | None] = []
    for story in stories:
        best, best_hits = None, 0
        for line in story_sentences(story):
            hits = len(wanted.intersection(stems(line)))
            if hits > best_hits:
                best, best_hits = line, hits
        closest.append(best)
    return closest


def _word_reasons(shared: Sequence[str], sentence: str | None, method: str) -> tuple[str, ...]:
    reasons: list[str] = []
    if shared:
        quoted = ", ".join(f'"{w}"' for w in shared[:4])
        reasons.append(f"Shares the key words {quoted} with the question.")
    if sentence:
        label = "Closest in meaning" if method == "embedding" else "Best-matching sentence"
        reasons.append(f'{label}: "{_clip(sentence)}"')
    return tuple(reasons)


def _clip(sentence: str) -> str:
    flat = " ".join(sentence.split())
    return flat if len(flat) <= _QUOTE_CHARS else flat[: _QUOTE_CHARS - 1].rstrip() + "…"
