"""Rank a user's stories for an interview question, and say why each one fits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from starcoach.errors import ConfigError
from starcoach.stories.matching import embedding
from starcoach.stories.matching._text import stems, story_document, story_sentences
from starcoach.stories.matching.lexical import bm25_scores
from starcoach.stories.matching.tags import question_axes, tag_fit
from starcoach.stories.models import Story

METHODS = ("auto", "lexical", "embedding")
# Share of the score that comes from tags (competencies, axes) rather than from the words.
# Chosen before measuring, and reported with and without in docs/benchmarks.md.
TAG_WEIGHT = 0.2
# Share of the embedding method's score taken from BM25, so exact key words still count.
LEXICAL_SHARE = 0.3
# Whether to guess axes (escalation, teamwork...) from the question's words for the tag bonus.
INFER_AXES = False
# bench/story_match.py measured the embedding well ahead of BM25 on the labeled set
# (docs/benchmarks.md, "Question to story matching"), so "auto" uses it when it is installed.
AUTO_PREFERS_EMBEDDING = True
_QUOTE_CHARS = 140


@dataclass(frozen=True)
class StoryMatch:
    """One story's fit for a question: 0..1, higher is better, with plain-English reasons."""

    story: Story
    score: float
    reasons: tuple[str, ...]


def matching_method(model_dir: Path | None = None) -> str:
    """ "embedding" when the model package is installed and verified, else "lexical"."""
    if AUTO_PREFERS_EMBEDDING and embedding.model_available(model_dir):
        return "embedding"
    return "lexical"


def rank_stories(
    question: str,
    stories: Sequence[Story],
    *,
    question_competencies: Sequence[str] = (),
    method: str = "auto",
    model_dir: Path | None = None,
) -> list[StoryMatch]:
    """The stories ordered by fit for ``question`` (best first; ties by title, then id).

    ``model_dir`` points at another copy of the embedding model folder (default: the package's).
    """
    if method not in METHODS:
        raise ConfigError(f"unknown matching method {method!r}", hint=f"Choose one of {', '.join(METHODS)}.")
    chosen = method if method != "auto" else matching_method(model_dir) if stories else "lexical"
    return rank_with(question, stories, Recipe(chosen), question_competencies, model_dir)


@dataclass(frozen=True)
class Recipe:
    """How scores are put together; the defaults are what ``rank_stories`` ships."""

    method: str
    tag_weight: float = TAG_WEIGHT
    lexical_share: float = LEXICAL_SHARE
    infer_axes: bool = INFER_AXES


def rank_with(
    question: str,
    stories: Sequence[Story],
    recipe: Recipe,
    question_competencies: Sequence[str] = (),
    model_dir: Path | None = None,
) -> list[StoryMatch]:
    """Rank with an explicit recipe (the benchmark measures the alternatives through this)."""
    if not stories:
        return []
    documents = [story_document(s) for s in stories]
    lexical = bm25_scores(question, documents)
    if recipe.method == "embedding":
        cosines, closest = _embedding_evidence(question, stories, model_dir)
        share = recipe.lexical_share
        text_scores = [(1.0 - share) * c + share * w.score for c, w in zip(cosines, lexical)]
    else:
        text_scores, closest = [w.score for w in lexical], _best_overlap(question, stories)
    axes = question_axes(question) if recipe.infer_axes else ()
    matches = []
    for story, text_score, sentence, words in zip(stories, text_scores, closest, lexical):
        tags = tag_fit(story, question_competencies, axes)
        weight = recipe.tag_weight if tags.asked else 0.0
        score = (1.0 - weight) * text_score + weight * tags.score
        reasons = _word_reasons(words.shared, sentence, recipe.method) + tags.reasons
        if not reasons:
            reasons = ("Little in common with the question: no shared key words or tags.",)
        matches.append(StoryMatch(story, round(min(max(score, 0.0), 1.0), 4), reasons))
    return sorted(matches, key=lambda m: (-m.score, m.story.title.casefold(), m.story.title, m.story.id))


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


def _embedding_evidence(
    question: str, stories: Sequence[Story], model_dir: Path | None
) -> tuple[list[float], list[str | None]]:
    """Per story: the mean of its whole-story and best-sentence cosine, and that best sentence."""
    model = embedding.load_model(model_dir)
    query = model.encode([question])[0]
    scores: list[float] = []
    closest: list[str | None] = []
    for story in stories:
        lines = story_sentences(story)
        whole = float(model.encode([story_document(story)])[0] @ query)
        per_line = model.encode(lines) @ query
        best = int(per_line.argmax())
        # Cosines below zero mean "unrelated" as much as zero does; clip so scores stay 0..1.
        scores.append(max(0.0, (whole + float(per_line[best])) / 2.0))
        closest.append(lines[best])
    return scores, closest


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
