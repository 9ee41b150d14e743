"""Tracks and question choice: balance the competencies, skip recent questions, ramp difficulty."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from starcoach.content.models import COMPETENCY_IDS, Question
from starcoach.errors import UserInputError


@dataclass(frozen=True)
class Track:
    """A kind of mock interview."""

    id: str
    description: str
    kinds: tuple[str, ...]
    default_questions: int
    pressure: bool = False
    ends_with_closing: bool = False
    max_followups: int = 1


TRACKS: dict[str, Track] = {
    t.id: t
    for t in (
        Track("behavioral", "'Tell me about a time...' questions about real past events.", ("behavioral",), 4),
        Track("situational", "'What would you do if...' questions about hypothetical cases.", ("situational",), 4),
        Track("classics", "The questions every interview has: weakness, why this job, stress...", ("classic",), 4),
        Track(
            "pressure",
            "Harder questions, sharper follow-ups, an interruption and deliberate silences.",
            ("behavioral", "situational"),
            4,
            pressure=True,
            max_followups=2,
        ),
        Track(
            "full",
            "A complete interview: all five competencies, then your questions for the interviewer.",
            ("behavioral", "situational", "classic"),
            7,
            ends_with_closing=True,
        ),
    )
}
MIN_QUESTIONS, MAX_QUESTIONS = 1, 12


def get_track(track_id: str) -> Track:
    """The track with this id, or a clear error listing the real ones."""
    if track_id not in TRACKS:
        raise UserInputError(f"unknown track '{track_id}'", hint=f"Choose one of: {', '.join(TRACKS)}.")
    return TRACKS[track_id]


def _target_difficulty(slot: int, slots: int, pressure: bool) -> float:
    """Start easy and finish hard; the pressure track starts at the middle."""
    low = 2.0 if pressure else 1.0
    return low + (3.0 - low) * (slot / max(slots - 1, 1))


def _value(
    question: Question,
    covered: dict[str, int],
    focus: Sequence[str],
    target: float,
    rng: random.Random,
    kinds_seen: set[str],
) -> float:
    # Competencies nobody has asked about yet are worth most; the primary one counts double.
    gain = sum((2.0 if i == 0 else 1.0) / (1 + covered[c]) for i, c in enumerate(question.competencies))
    steer = sum(1.5 / (1 + focus.index(c)) for c in question.competencies if c in focus)
    ramp = -0.8 * abs(question.difficulty - target)
    # A mixed track should mix: a kind not asked yet (a classic, a hypothetical) gets a boost.
    variety = 1.0 if question.type not in kinds_seen else 0.0
    return gain + steer + ramp + variety + rng.random() * 0.3


def plan_questions(
    questions: Iterable[Question],
    track: Track,
    count: int | None = None,
    *,
    recent: set[str] | frozenset[str] = frozenset(),
    focus: Sequence[str] = (),
    seed: int | None = None,
) -> list[Question]:
    """Choose the session's questions in the order they will be asked."""
    count = track.default_questions if count is None else count
    if not MIN_QUESTIONS <= count <= MAX_QUESTIONS:
        raise UserInputError(
            f"--questions must be between {MIN_QUESTIONS} and {MAX_QUESTIONS}, not {count}",
            hint="A real interview has six to eight questions.",
        )
    bank = list(questions)
    rng = random.Random(seed)
    main_slots = count - 1 if track.ends_with_closing and count > 1 else count
    pool = [q for q in bank if q.type in track.kinds and (not track.pressure or q.difficulty >= 2)]
    fresh = [q for q in pool if q.id not in recent]
    if len(fresh) >= main_slots:
        pool = fresh  # only repeat recent questions when the bank runs out
    chosen: list[Question] = []
    covered = dict.fromkeys(COMPETENCY_IDS, 0)
    for slot in range(min(main_slots, len(pool))):
        target = _target_difficulty(slot, main_slots, track.pressure)
        seen: set[str] = {q.type for q in chosen}
        best = max((q for q in pool if q not in chosen), key=lambda q: _value(q, covered, focus, target, rng, seen))
        chosen.append(best)
        for competency in best.competencies:
            covered[competency] += 1
    chosen.sort(key=lambda q: q.difficulty)  # stable: keeps the balanced order within a level
    if track.ends_with_closing and count > 1:
        closings = [q for q in bank if q.type == "closing" and q.id not in recent] or [
            q for q in bank if q.type == "closing"
        ]
        chosen.append(rng.choice(closings))
    return chosen
