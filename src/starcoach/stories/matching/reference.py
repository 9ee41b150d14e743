"""What a question asks about, and how much of a "hub" a story is, read against reference questions.

The reference is the question bank that ships with StarCoach (every behavioural, situational and
classic question, with the competencies and tags its authors gave it) plus one-line descriptions
of each kind of moment, taken from the story library's own definitions. Their MiniLM vectors
ship with the package (``data/reference_vectors.npz``), so none is embedded at run time.

- **What a question asks about.** The bank questions nearest in meaning vote, weighted by how
  near they are, for their competencies (primary first) and kinds of moment; the moment
  descriptions vote too. A pasted question thus gets the competencies of the bank questions it
  resembles.
- **Hubness.** Some stories (the angry-customer one, usually) sit close to almost every interview
  question, because every question is about customers. Such a story's cosine with a question says
  little. Following CSLS (Conneau et al. 2018, "Word translation without parallel data"), each
  story's cosine is corrected by its mean cosine with the reference questions nearest to it, so a
  story is rewarded for being closer to *this* question than to questions in general.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from starcoach.competencies import COMPETENCY_IDS
from starcoach.stories.tags import AXES

if TYPE_CHECKING:
    from starcoach.content.models import Question
    from starcoach.stories.matching.embedding import Vector

# Bank question tags that name a kind of moment. The bank's other tags (pressure, tools,
# motivation...) describe the question, not a kind of story.
BANK_TAG_AXES: dict[str, str] = {
    "upset-customer": "difficult_customer",
    "de-escalation": "difficult_customer",
    "empathy": "empathy",
    "technical": "technical_troubleshooting",
    "teamwork": "teamwork",
    "process-improvement": "process_improvement",
    "escalation": "escalation",
    "mistake": "failure_learned",
    "feedback": "failure_learned",
}
# Each kind of moment in a few plain sentences, paraphrasing docs/stories.md's table and the
# typical questions of the domain brief; written before any matching set was read for errors.
MOMENT_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "escalation": (
        "Handing over, or taking on, a case that needed someone with more authority.",
        "Escalating a customer's problem to a manager, supervisor or specialist team.",
        "Choosing the right escalation path for a customer's case.",
    ),
    "difficult_customer": (
        "An angry, rude or distressed customer.",
        "An upset customer you calmed down and resolved.",
        "De-escalating a customer who was shouting or complaining.",
    ),
    "empathy": (
        "Noticing and answering how someone felt.",
        "Acknowledging a customer's feelings and showing you understood them.",
        "Adapting to a vulnerable or anxious customer's needs.",
    ),
    "process_improvement": (
        "Changing how the team works, not just one case.",
        "Improving a process, workflow, template or tool so a recurring problem stopped.",
        "Suggesting a change that made the team faster or made fewer mistakes.",
    ),
    "technical_troubleshooting": (
        "Finding the cause of a fault step by step.",
        "A technical problem you troubleshot.",
        "Diagnosing a system, software or connection issue for a customer.",
    ),
    "teamwork": (
        "Working with or for colleagues.",
        "Working with a team to get something done.",
        "Helping or supporting a colleague.",
    ),
    "failure_learned": (
        "A mistake you own and what you changed afterwards.",
        "A mistake you made and what you learned from it.",
        "Your biggest weakness and what you did to improve it.",
    ),
}
# How many nearest bank questions vote, and how sharply nearness weighs (a softmax temperature
# on cosines): set once, not tuned; the vote's weight in the ranking is what the fit chooses.
NEIGHBOURS = 8
VOTE_TEMPERATURE = 0.05
# How many nearest reference questions define a story's hub level (CSLS uses 10).
HUB_NEIGHBOURS = 10
# How far the bank's base rates are divided out: by their square root. Dividing by the full rate
# (1.0) scored about the same on the development sets but lifted the rarest competencies so far
# that a story tagged with many of them won questions about other moments
# (tests/stories/test_matching_judgement.py); 0.5 is the usual half-way smoothing, not a fit.
PRIOR_POWER = 0.5
_QUESTION_TYPES = ("behavioral", "situational", "classic")


@dataclass(frozen=True)
class Reference:
    """The embedded reference questions with their labels, and the moment descriptions."""

    vectors: Vector
    competencies: Vector  # one row per question: a weight per competency, summing to 1
    axes: Vector  # one row per question: 1 for each kind of moment its tags name
    moments: tuple[Vector, ...]  # per axis, the embedded descriptions
    # What the inference reads, on average, from the bank's own questions: its base rates.
    competency_prior: Vector | None = None
    axis_prior: Vector | None = None


@dataclass(frozen=True)
class Asked:
    """What a question asks about: a weight per competency and per kind of moment, each summing to 1."""

    competencies: dict[str, float]
    axes: dict[str, float]


def _reference_questions() -> list[Question]:
    from starcoach.content.loader import load_bank

    return [q for q in load_bank().questions if q.type in _QUESTION_TYPES]


def reference_texts() -> list[str]:
    """Every text the reference embeds: the bank questions, then each kind of moment's descriptions.

    ``bench/build_reference_vectors.py`` ships their vectors, so none is embedded at run time.
    """
    return [q.text for q in _reference_questions()] + [d for a in AXES for d in MOMENT_DESCRIPTIONS[a]]


@lru_cache(maxsize=4)
def reference(model_dir: Path | None = None) -> Reference:
    """The reference material, read from the shipped vectors (embedded only if they are stale)."""
    import numpy as np

    from starcoach.stories.matching import embedding

    questions = _reference_questions()
    vectors = embedding.embed_stored([q.text for q in questions], model_dir)
    # Primary competency first in the bank, so earlier ones weigh more (1, 1/2, 1/3).
    competencies = np.array(
        [
            [1.0 / (1 + q.competencies.index(c)) if c in q.competencies else 0.0 for c in COMPETENCY_IDS]
            for q in questions
        ]
    )
    competencies /= competencies.sum(axis=1, keepdims=True)
    axes = np.array([[float(any(BANK_TAG_AXES.get(t) == a for t in q.tags)) for a in AXES] for q in questions])
    moments = tuple(embedding.embed_stored(MOMENT_DESCRIPTIONS[a], model_dir) for a in AXES)
    plain = Reference(vectors, competencies, axes, moments)
    asked = [_read_asked(v, plain) for v in vectors]
    competency_prior = np.mean([c for c, _ in asked], axis=0)
    axis_prior = np.mean([a for _, a in asked], axis=0)
    return Reference(vectors, competencies, axes, moments, competency_prior, axis_prior)


def _softmax(values: Vector, temperature: float) -> Vector:
    import numpy as np

    shifted = np.exp((values - values.max()) / temperature)
    out: Vector = shifted / shifted.sum()
    return out


def infer_asked(question_vector: Vector, ref: Reference, given: Sequence[str] = ()) -> Asked:
    """The competencies and kinds of moment a question asks about (``given`` competencies win).

    What is read from the bank is set against the bank's base rates: most bank questions are
    about upset customers, so an unremarkable question's nearest neighbours vote for "difficult
    customer" and "empathy" whatever it asks, and the story tagged so would win everything (a
    hub on the labels' side). Each weight is divided by its average over the bank's own
    questions, so a question asks for a kind of moment only as far as it does more than most.
    """
    import numpy as np

    competencies, axes = _read_asked(question_vector, ref)
    if ref.competency_prior is not None and ref.axis_prior is not None:
        competencies = _relative(competencies, ref.competency_prior**PRIOR_POWER)
        axes = _relative(axes, ref.axis_prior**PRIOR_POWER)
    weights = [1.0 / (1 + list(given).index(c)) if c in given else 0.0 for c in COMPETENCY_IDS]
    # Labels given with a bank question are the question's own, not an inference: used as they are.
    if sum(weights) > 0:
        competencies = np.asarray(weights) / sum(weights)
    return Asked({c: float(w) for c, w in zip(COMPETENCY_IDS, competencies)}, {a: float(w) for a, w in zip(AXES, axes)})


def _read_asked(question_vector: Vector, ref: Reference) -> tuple[Vector, Vector]:
    """The competencies and kinds of moment the nearest bank questions and the descriptions vote for."""
    import numpy as np

    near = ref.vectors @ question_vector
    nearest = np.argsort(-near, kind="stable")[:NEIGHBOURS]
    votes = _softmax(near[nearest], VOTE_TEMPERATURE)
    competencies: Vector = votes @ ref.competencies[nearest]
    bank_axes = votes @ ref.axes[nearest]
    described = _softmax(np.array([float((m @ question_vector).max()) for m in ref.moments]), VOTE_TEMPERATURE)
    # Bank votes can be all zero (neighbours whose tags name no moment); the descriptions never are.
    axes: Vector = (bank_axes + described) / (float(bank_axes.sum()) + 1.0)
    return competencies, axes


def _relative(weights: Vector, prior: Vector) -> Vector:
    """Weights divided by their base rates, summing to 1 again."""
    import numpy as np

    lifted = weights / np.maximum(prior, 1e-6)
    out: Vector = lifted / lifted.sum()
    return out


def hub_levels(story_vectors: Vector, ref: Reference) -> Vector:
    """Each story's mean cosine with its nearest reference questions: how much it resembles any question."""
    import numpy as np

    near = story_vectors @ ref.vectors.T
    k = min(HUB_NEIGHBOURS, near.shape[1])
    out: Vector = np.sort(near, axis=1)[:, -k:].mean(axis=1)
    return out
