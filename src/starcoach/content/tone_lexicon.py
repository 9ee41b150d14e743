"""The tone word lists (content/data/tone.toml) that tone.v1 weighs, validated.

Each list has a weight, a place where it counts (``Position``), a cap and its phrases; the mood,
figure and grovelling settings are their own small tables. The file is read once, on first use.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from starcoach.content.loader import describe_problem
from starcoach.errors import ContentError

FILE_NAME = "tone.toml"

Position = Literal[
    "anywhere",
    "opening",
    "sentence_start",
    "inside",
    "question_start",
    "listener_question_start",
    "before_number",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _lower_case_stems(phrases: list[str]) -> list[str]:
    for phrase in phrases:
        if phrase != phrase.lower() or not phrase.strip():
            raise ValueError(f"phrase {phrase!r} must be non-empty lower case")
        if "*" in phrase.rstrip("*") or (phrase.endswith("*") and len(phrase) < 4):
            raise ValueError(f"phrase {phrase!r}: '*' only ends a phrase, after a stem of 3+ letters")
    return phrases


# Every list is matched against lower-cased words: non-empty, lower case, '*' only at a stem's end.
Phrases = Annotated[list[str], Field(min_length=1), AfterValidator(_lower_case_stems)]


class Cue(_Strict):
    """One word list: its phrases, how much each hit weighs, where it counts, and a cap."""

    weight: float
    at: Position = "anywhere"
    cap: int = Field(default=2, ge=1)
    hypothetical_ok: bool = False
    void_if_grovelling: bool = False
    phrases: Phrases


class _Mood(_Strict):
    imperative_weight: float
    shouting_weight: float
    insistent_weight: float
    not_verbs: Phrases
    verb_followers: Phrases
    order_verbs: Phrases
    listener_words: Phrases


class _Figures(_Strict):
    weight: float
    cap: int = Field(ge=1)
    number_words: Phrases


class _Grovelling(_Strict):
    limit: int = Field(ge=1)
    apologies: Phrases
    self_abasement: Phrases


class ToneLexicon(_Strict):
    """The word lists and weights in content/data/tone.toml."""

    warmth: dict[str, Cue] = Field(min_length=1)
    certainty: dict[str, Cue] = Field(min_length=1)
    mood: _Mood
    figures: _Figures
    grovelling: _Grovelling


def parse_tone_lexicon(raw: str, where: str = FILE_NAME) -> ToneLexicon:
    """Validate tone word lists from TOML text, naming the list and field that is wrong."""
    try:
        return ToneLexicon.model_validate(tomllib.loads(raw))
    except tomllib.TOMLDecodeError as exc:
        what, hint = f"not valid TOML ({exc})", "Fix the syntax at that line."
        raise ContentError(what, where=where, hint=hint) from exc
    except ValidationError as exc:
        raise ContentError(describe_problem(exc), where=where, hint="Correct that list.") from exc


@lru_cache(maxsize=1)
def load_tone_lexicon() -> ToneLexicon:
    """The packaged tone word lists, validated once (on the first tone.v1 run, not at import)."""
    raw = (resources.files("starcoach.content") / "data" / FILE_NAME).read_text(encoding="utf-8")
    return parse_tone_lexicon(raw)
