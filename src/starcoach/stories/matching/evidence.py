"""The measures the embedding ranking weighs for each story, and the reasons they give."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from starcoach.competencies import COMPETENCY_NAMES
from starcoach.stories.matching import embedding
from starcoach.stories.matching._text import story_document, story_sentences
from starcoach.stories.matching.lexical import LexicalScore, bm25_scores
from starcoach.stories.matching.reference import Asked, Reference, hub_levels, infer_asked, reference
from starcoach.stories.models import AXES, AXIS_NAMES, Story

if TYPE_CHECKING:
    from starcoach.stories.matching.embedding import Vector

# meaning: the story's cosine with the question, corrected for hubness (CSLS: twice the cosine
#   less the story's mean cosine with its nearest reference questions);
# sentence: the cosine of the story's closest sentence;
# words: BM25 over stemmed key words, 0..1;
# moment: the weight the question puts on the kinds of moment the story is tagged with;
# competency: the weight the question puts on the competencies the story is tagged with.
FEATURES = ("meaning", "sentence", "words", "moment", "competency")
# Also kept per story, for reports and the benchmark, but not weighed: the plain whole-story cosine.
# A kind of moment or competency is named in a reason when the question puts at least this much
# of its weight on it (a third: clearly more than an even spread over the five competencies).
_NAMED_SHARE = 0.3
# A story counts as a hub when its hub level exceeds the library's median by this much (cosine).
_HUB_MARGIN = 0.03
# An untagged story shows a second kind of moment when its text is this close to it (cosine).
_MOMENT_MARGIN = 0.03


@dataclass(frozen=True)
class Evidence:
    """Per story (in the order given): its features, BM25 result, closest sentence and hub level."""

    stories: tuple[Story, ...]
    asked: Asked
    features: tuple[dict[str, float], ...]
    lexical: tuple[LexicalScore, ...]
    closest: tuple[str, ...]
    hub_levels: tuple[float, ...]
    moments: tuple[tuple[str, ...], ...]  # the story's tags, or for an untagged story those read from its text

    def tag_reasons(self, i: int) -> tuple[str, ...]:
        """Why story ``i``'s tags fit what the question asks about, if they do."""
        story = self.stories[i]
        reasons = []
        moments = [a for a, w in _by_weight(self.asked.axes) if w >= _NAMED_SHARE and a in self.moments[i]]
        if moments:
            how = "is tagged with" if story.axes else "reads as showing (it has no tags)"
            reasons.append(
                f"The question is about {_join([AXIS_NAMES[a] for a in moments])}, a moment this story {how}."
            )
        wanted = [c for c, w in _by_weight(self.asked.competencies) if w >= _NAMED_SHARE and c in story.competencies]
        if wanted:
            names = _join([COMPETENCY_NAMES.get(c, c) for c in wanted])
            reasons.append(f"The question looks for {names}, and this story is tagged with it.")
        return tuple(reasons)

    def is_hub(self, i: int) -> bool:
        """Whether story ``i`` resembles interview questions in general clearly more than the others."""
        levels = sorted(self.hub_levels)
        median = levels[len(levels) // 2]
        return len(levels) > 2 and self.hub_levels[i] == levels[-1] and levels[-1] - median > _HUB_MARGIN


def gather_evidence(
    question: str,
    stories: Sequence[Story],
    given_competencies: Sequence[str] = (),
    model_dir: Path | None = None,
    cache_dir: Path | None = None,
) -> Evidence:
    """Everything the embedding ranking needs about each story (raises ConfigError without the model)."""
    model = embedding.load_model(model_dir)
    ref = reference(model_dir)
    query = model.encode([question])[0]
    asked = infer_asked(query, ref, given_competencies)
    documents = [story_document(s) for s in stories]
    lines_of = [story_sentences(s) for s in stories]
    # Every story text in one call, so the on-disk cache is read and written once per ranking.
    stored = embedding.embed_stored(
        documents + [line for lines in lines_of for line in lines], model_dir, cache_dir=cache_dir
    )
    wholes = stored[: len(stories)]
    line_vectors_of, start = [], len(stories)
    for lines in lines_of:
        line_vectors_of.append(stored[start : start + len(lines)])
        start += len(lines)
    hubs = hub_levels(wholes, ref)
    lexical = bm25_scores(question, documents)
    features, closest, story_moments_found = [], [], []
    for story, whole, hub, words, lines, line_vectors in zip(stories, wholes, hubs, lexical, lines_of, line_vectors_of):
        per_line = line_vectors @ query
        moments = story.axes or story_moments(line_vectors, ref)
        story_moments_found.append(tuple(moments))
        best = int(per_line.argmax())
        closest.append(lines[best])
        features.append(
            {
                "meaning": 2.0 * float(whole @ query) - float(hub),
                "cosine": float(whole @ query),
                "sentence": float(per_line[best]),
                "words": words.score,
                "moment": sum(w for a, w in asked.axes.items() if a in moments),
                "competency": sum(w for c, w in asked.competencies.items() if c in story.competencies),
            }
        )
    return Evidence(
        tuple(stories),
        asked,
        tuple(features),
        tuple(lexical),
        tuple(closest),
        tuple(float(h) for h in hubs),
        tuple(story_moments_found),
    )


def story_moments(line_vectors: Vector, ref: Reference) -> tuple[str, ...]:
    """For a story without tags, the kinds of moment its sentences come closest to describing.

    The best-described moment, and any other within ``_MOMENT_MARGIN`` of it (at most two): a
    story is usually about one or two kinds of moment.
    """
    closeness = {a: float((line_vectors @ m.T).max()) for a, m in zip(AXES, ref.moments)}
    ranked = sorted(closeness.items(), key=lambda item: -item[1])
    return tuple(a for a, c in ranked[:2] if c >= ranked[0][1] - _MOMENT_MARGIN)


def _by_weight(weights: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(weights.items(), key=lambda item: -item[1])


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
