"""Making and reviewing stories: clear errors for bad parts, competencies suggested by the analysis engine."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import ValidationError

from starcoach.errors import UserInputError
from starcoach.stories.models import STAR_PARTS, Story

if TYPE_CHECKING:
    from starcoach.analysis.report import AnswerReport

# A competency is suggested when the engine rates the story at least this high on it. Told as one
# 60-90 s answer, a story rarely earns every signal of a competency: 0.4 means two or more of them,
# or one strong one, where a passing mention scores 0.15-0.25.
SUGGEST_AT = 0.4
# How a story is framed for analysis: a behavioural question, so STAR parts are expected.
REVIEW_QUESTION = "Tell me about a time that shows who you are as a customer-service professional."


def new_story_id() -> str:
    """Eight random hex characters: short enough to type, unlikely to clash in a library of dozens."""
    return secrets.token_hex(4)


def build_story(fields: Mapping[str, object], *, where: str = "the story") -> Story:
    """A validated Story from user fields, with pydantic's complaints turned into one clear line."""
    try:
        return Story.model_validate(dict(fields))
    except ValidationError as exc:
        raise story_error(exc, where) from exc


# Story fields a user knows by another name: `--tags`, "Tags:" in an exported file.
_SHOWN_AS = {"axes": "tags"}


def story_error(exc: ValidationError, where: str) -> UserInputError:
    """The first problem in a story, named by its field, in words a user understands."""
    problem = exc.errors()[0]
    field = ".".join(str(part) for part in problem["loc"]) or "story"
    field = _SHOWN_AS.get(field, field)
    kind = problem["type"]
    if kind in ("string_too_short", "missing") and field in (*STAR_PARTS, "title"):
        what = f"the {field} is empty"
        hint = "Every story needs a title and all four STAR parts: situation, task, action and result."
    elif kind == "string_too_long":
        what = f"the {field} is too long ({problem['ctx']['max_length']:,} characters at most)"
        hint = "Keep each part to what you would say aloud in half a minute."
    else:
        what = f"{field}: {problem['msg'].removeprefix('Value error, ')}"
        hint = "Fix that field and try again."
    return UserInputError(what, where=where, hint=hint)


def create_story(
    fields: Mapping[str, object],
    *,
    now: datetime | None = None,
    where: str = "the story",
    words_per_minute: float = 150.0,
) -> Story:
    """A new story from user fields; competencies are suggested when none are given."""
    stamp = now or datetime.now(UTC)
    story = build_story({"id": new_story_id(), "created_at": stamp, "updated_at": stamp, **fields}, where=where)
    if not story.competencies:
        suggested = suggested_competencies(review(story, words_per_minute))
        story = story.model_copy(update={"competencies": suggested})
    return story


def edit_story(story: Story, changes: Mapping[str, object], *, now: datetime | None = None) -> Story:
    """The story with some fields changed (validated as a whole), and a fresh update time."""
    merged = {**story.model_dump(), **changes, "updated_at": now or datetime.now(UTC)}
    return build_story(merged, where=f"story '{story.title}'")


@dataclass(frozen=True)
class StoryReview:
    """What the analysis engine says about a story told as one answer."""

    report: AnswerReport
    suggested: tuple[str, ...]

    @property
    def spoken_seconds(self) -> float:
        """How long the story takes to say at the configured speaking rate."""
        return self.report.estimated_seconds


# The fixes that say a STAR part is missing, by the part each is about.
_MISSING_PART_FIXES = {"situation": "no_situation", "task": "no_task", "action": "no_action", "result": "no_result"}


def review(story: Story, words_per_minute: float = 150.0) -> AnswerReport:
    """The full answer report for a story, as if told in reply to a behavioural question.

    A stored story has each STAR part in its own labelled field, so a part the user wrote is that part
    even where the engine, reading the story as one unlabelled answer, would not have heard it.
    """
    report = _review(story.text, story.id, words_per_minute)
    labelled = {part for part in STAR_PARTS if getattr(story, part).strip()}
    settled = {_MISSING_PART_FIXES[part] for part in labelled}
    star = report.star.model_copy(update={part: True for part in labelled})
    feedback = [item for item in report.feedback if item.id not in settled]
    return report.model_copy(update={"star": star, "feedback": feedback})


# Analysis is deterministic, so a story added (suggesting its competencies) and then shown is analysed once.
@lru_cache(maxsize=32)
def _review(text: str, report_id: str, words_per_minute: float) -> AnswerReport:
    from starcoach.analysis.engine import analyze

    return analyze(text, REVIEW_QUESTION, report_id=report_id, words_per_minute=words_per_minute)


def suggested_competencies(report: AnswerReport) -> tuple[str, ...]:
    """The competencies the story shows strongly enough to be tagged with, in the standard order."""
    return tuple(cid for cid, value in report.competencies.items() if value >= SUGGEST_AT)


def review_story(story: Story, words_per_minute: float = 150.0) -> StoryReview:
    """Analyse a story and say which competencies it evidences."""
    report = review(story, words_per_minute)
    return StoryReview(report, suggested_competencies(report))
