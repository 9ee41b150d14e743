"""Load and validate the prep kit's data files: metrics, checklist, questions to ask, thank-you sentences."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from starcoach.content.loader import describe_problem, validate_entries
from starcoach.content.models import COMPETENCY_IDS
from starcoach.errors import ContentError

Stage = Literal["before", "during", "after"]
STAGES: tuple[Stage, ...] = ("before", "during", "after")
Fact = Literal["product", "customers", "channels", "pain_points"]
FACTS: tuple[Fact, ...] = ("product", "customers", "channels", "pain_points")

_ID = Field(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=80)
_Model = TypeVar("_Model", bound=BaseModel)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Metric(_Strict):
    """A support metric and the words a job description uses for it."""

    id: str = _ID
    name: str = Field(min_length=1)
    phrases: tuple[str, ...] = Field(min_length=1)


class ChecklistItem(_Strict):
    """One thing to do before, during or after the interview."""

    id: str = _ID
    stage: Stage
    text: str = Field(min_length=10)
    command: str | None = None


class AskTemplate(_Strict):
    """A question to ask the interviewer and why it is worth asking; chosen by exactly one trigger."""

    id: str = _ID
    text: str = Field(min_length=10)
    why: str = Field(min_length=10)
    metric: str | None = None
    tool: Literal["any"] | None = None
    competency: str | None = None
    fact: Fact | None = None
    general: bool = False
    unless: Literal["metric", "tool", "escalation"] | None = None

    @model_validator(mode="after")
    def _one_trigger(self) -> AskTemplate:
        triggers = [self.metric, self.tool, self.competency, self.fact, self.general or None]
        if sum(t is not None for t in triggers) != 1:
            raise ValueError("give exactly one of metric, tool, competency, fact or general")
        if self.competency is not None and self.competency not in COMPETENCY_IDS:
            raise ValueError(f"unknown competency '{self.competency}'")
        if self.unless is not None and not self.general:
            raise ValueError("'unless' is only for general questions")
        return self


class NoteSentences(_Strict):
    """The sentences a thank-you note is built from."""

    greeting: str
    opening: str
    point: str
    point_missing: str
    story: str
    story_missing: str
    bridge: str
    bridge_customers: str
    extra: tuple[str, ...]
    closing: str
    signoff: str


def _read(name: str) -> dict[str, Any]:
    path = resources.files("starcoach.prep") / "data" / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"not valid TOML ({exc})", where=f"starcoach/prep/data/{name}") from exc


def _entries(name: str, key: str, model: type[_Model]) -> tuple[_Model, ...]:
    return validate_entries(_read(name), key, model, name)


@lru_cache(maxsize=1)
def load_metrics() -> tuple[Metric, ...]:
    """The metrics a job description can stress, in tie-break order."""
    return _entries("metrics.toml", "metric", Metric)


@lru_cache(maxsize=1)
def load_checklist() -> tuple[ChecklistItem, ...]:
    """The checklist, in the order it is shown (before, during, after)."""
    items = _entries("checklist.toml", "item", ChecklistItem)
    return tuple(sorted(items, key=lambda item: STAGES.index(item.stage)))


@lru_cache(maxsize=1)
def load_ask_templates() -> tuple[AskTemplate, ...]:
    """Every question-to-ask template, in priority order within its trigger."""
    templates = _entries("questions_to_ask.toml", "question", AskTemplate)
    known = {metric.id for metric in load_metrics()} | {"any"}
    for template in templates:
        if template.metric is not None and template.metric not in known:
            raise ContentError(f"unknown metric '{template.metric}'", where=f"questions_to_ask.toml ({template.id})")
    return templates


@lru_cache(maxsize=1)
def load_note_sentences() -> NoteSentences:
    """The sentences of the thank-you note."""
    try:
        return NoteSentences.model_validate(_read("thank_you.toml"))
    except ValidationError as exc:
        raise ContentError(describe_problem(exc), where="thank_you.toml", hint="Correct that sentence.") from exc
