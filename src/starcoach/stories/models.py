"""A STAR story: what a candidate rehearses and reuses across questions."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from starcoach.competencies import COMPETENCY_IDS
from starcoach.stories.tags import AXES, AXIS_NAMES, STAR_PARTS, STORY_TARGET

__all__ = ["AXES", "AXIS_NAMES", "STAR_PARTS", "STORY_TARGET", "Story", "normalise_tag"]

MAX_TITLE_CHARS = 120
MAX_PART_CHARS = 4000

_Part = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PART_CHARS)]


def normalise_tag(tag: str) -> str:
    """'Difficult customer', 'difficult-customer' and 'difficult_customer' are one tag."""
    return re.sub(r"[\s\-]+", "_", tag.strip().lower())


class Story(BaseModel):
    """One rehearsed story, told in its four STAR parts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[0-9a-f]{8}$")
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE_CHARS)]
    situation: _Part
    task: _Part
    action: _Part
    result: _Part
    summary: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""
    axes: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()
    created_at: datetime
    updated_at: datetime

    @field_validator("title", "summary")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return " ".join(value.split())

    @field_validator("axes", mode="before")
    @classmethod
    def _known_axes(cls, value: object) -> object:
        return _known(value, AXES, "tag", normalise=True)

    @field_validator("competencies", mode="before")
    @classmethod
    def _known_competencies(cls, value: object) -> object:
        return _known(value, COMPETENCY_IDS, "competency", normalise=True)

    @property
    def text(self) -> str:
        """The story as one answer, the way a candidate would tell it."""
        return "\n\n".join(getattr(self, part) for part in STAR_PARTS)


def _known(value: object, allowed: tuple[str, ...], kind: str, *, normalise: bool) -> object:
    """Normalise, de-duplicate and order tags as the allowed list does; refuse unknown ones."""
    if not isinstance(value, list | tuple):
        return value
    tags = {normalise_tag(str(tag)) if normalise else str(tag) for tag in value if str(tag).strip()}
    unknown = sorted(tags.difference(allowed))
    if unknown:
        raise ValueError(f"unknown {kind} {', '.join(repr(t) for t in unknown)}; choose from {', '.join(allowed)}")
    return tuple(tag for tag in allowed if tag in tags)
