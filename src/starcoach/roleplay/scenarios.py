"""Role-play scenarios: one validated TOML file per upset-customer call, in ``roleplay/data``."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from starcoach.errors import ContentError, UserInputError

Style = Literal["plain", "sweary", "confused", "formal"]
_Id = Field(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_Words = Field(min_length=1)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Customer(_Strict):
    """Who is calling, and how they talk."""

    name: str = Field(min_length=1)
    persona: str = Field(min_length=1)
    style: Style = "plain"
    grievance: str = Field(min_length=1, description="Short noun phrase the customer keeps coming back to.")
    stakes: str = Field(min_length=1, description="What it costs them, in their words.")
    openings: list[str] = Field(min_length=2, description="Opening line variants; one is drawn per call.")


class Start(_Strict):
    """The customer's emotional state when the call connects."""

    anger: int = Field(ge=0, le=100)
    trust: int = Field(ge=0, le=100)


class Fact(_Strict):
    """Something the agent can find out by asking about it."""

    id: str = _Id
    detail: str = Field(min_length=1, description="The fact, for the review.")
    says: str = Field(min_length=1, description="The customer's line that reveals it.")
    triggers: list[str] = Field(min_length=1, description="Words that, in an agent question, ask about it.")


class Action(_Strict):
    """One thing a good resolution must include; any of ``words`` in an agent turn counts as doing it."""

    id: str = _Id
    words: list[str] = _Words


class Resolution(_Strict):
    """What a good resolution looks like."""

    summary: str = Field(min_length=1)
    requires_facts: list[str] = Field(default_factory=list)
    actions: list[Action] = Field(min_length=1)
    needs_timeline: bool = True
    max_anger: int = Field(default=40, ge=0, le=100)
    min_trust: int = Field(default=45, ge=0, le=100)


class EscalationItem(_Strict):
    """Something the agent cannot promise and must hand over."""

    id: str = _Id
    item: str = Field(min_length=1)
    topic_words: list[str] = _Words
    promise_words: list[str] = _Words
    handover_words: list[str] = Field(default_factory=list, description="Team names that count besides generic ones.")


class Scenario(_Strict):
    """One upset-customer call."""

    id: str = _Id
    title: str = Field(min_length=1)
    brief: str = Field(min_length=1, max_length=240)
    customer: Customer
    start: Start
    facts: list[Fact] = Field(min_length=1)
    resolution: Resolution
    must_escalate: list[EscalationItem] = Field(min_length=1)
    hang_up_anger: int = Field(default=92, ge=50, le=100)
    hang_up_trust: int = Field(default=5, ge=0, le=50)
    max_turns: int = Field(default=12, ge=3, le=40)

    @model_validator(mode="after")
    def _facts_exist(self) -> Scenario:
        known = {fact.id for fact in self.facts}
        missing = [f for f in self.resolution.requires_facts if f not in known]
        if missing:
            raise ValueError(f"resolution.requires_facts names unknown fact(s): {', '.join(missing)}")
        if self.start.anger >= self.hang_up_anger:
            raise ValueError("start.anger must be below hang_up_anger, or the customer hangs up at once")
        return self


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "(scenario)"
    return f"field '{field}': {first['msg']}"


def parse_scenario(text: str, label: str) -> Scenario:
    """One scenario file's text, validated; errors name the file and the field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"not valid TOML ({exc})", where=label, hint="Fix the syntax at that line.") from exc
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ContentError(_describe(exc), where=label, hint="Correct that field.") from exc
    stem = label.rsplit("/", 1)[-1].removesuffix(".toml")
    if scenario.id != stem:
        raise ContentError(f"field 'id': '{scenario.id}' differs from the file name", where=label, hint="Match them.")
    return scenario


def load_scenarios(directory: Path | None = None) -> dict[str, Scenario]:
    """Every scenario by id: the packaged ones, or those in ``directory``."""
    if directory is None:
        return dict(_packaged())
    return _load_dir(directory)


@lru_cache(maxsize=1)
def _packaged() -> tuple[tuple[str, Scenario], ...]:
    # Cached: the files ship with the package and do not change while running.
    root = resources.files("starcoach.roleplay") / "data"
    found = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            found.append(parse_scenario(entry.read_text(encoding="utf-8"), f"roleplay/data/{entry.name}"))
    return tuple((s.id, s) for s in found)


def _load_dir(directory: Path) -> dict[str, Scenario]:
    scenarios: dict[str, Scenario] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ContentError("not UTF-8 text", where=str(path), hint="Save the file as UTF-8.") from exc
        scenario = parse_scenario(text, str(path))
        scenarios[scenario.id] = scenario
    return scenarios


def get_scenario(scenario_id: str) -> Scenario:
    """The packaged scenario with this id; an unknown id lists the known ones."""
    scenarios = load_scenarios()
    try:
        return scenarios[scenario_id]
    except KeyError:
        known = ", ".join(sorted(scenarios))
        raise UserInputError(
            f"no role-play scenario '{scenario_id}'", where="scenario", hint=f"Choose one of: {known}."
        ) from None
