"""The role-play's phrase lists and patterns (content/data/roleplay_phrases.toml), validated.

Two kinds of list: **phrases**, matched as whole words (a trailing ``*`` matches any word ending),
and **patterns**, regular expressions whose entries are the alternatives of one whole-word
match, ``\\b(?:entry1|entry2|...)\\b``. Both are matched regardless of case, and both are written
in lower case. A coach's own ``roleplay_phrases.toml`` in the folder given to
``load_roleplay_phrases`` adds entries to any list, as ``load_bank`` adds questions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from starcoach.content.loader import read_toml
from starcoach.errors import ContentError

FILE_NAME = "roleplay_phrases.toml"
# Upper-case escapes are classes (\S, \W, \D, \B), not letters: they may stand in a lower-case pattern.
_ESCAPE = re.compile(r"\\.")


def _check_phrases(phrases: tuple[str, ...]) -> tuple[str, ...]:
    for number, phrase in enumerate(phrases, start=1):
        entry = f"entry #{number} ({phrase!r})"
        if not phrase.strip() or phrase != phrase.strip():
            raise ValueError(f"{entry} must be non-empty, with no spaces around it")
        if phrase != phrase.lower():
            raise ValueError(f"{entry} must be lower case (turns are matched regardless of case)")
        if "*" in phrase.rstrip("*") or (phrase.endswith("*") and len(phrase) < 4):
            raise ValueError(f"{entry}: '*' only ends a phrase, after a stem of 3+ letters")
    return phrases


def _check_patterns(patterns: tuple[str, ...]) -> tuple[str, ...]:
    for number, pattern in enumerate(patterns, start=1):
        entry = f"entry #{number} ({pattern!r})"
        if not pattern.strip():
            raise ValueError(f"{entry} must not be empty")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{entry} is not a valid regular expression ({exc})") from None
        if _ESCAPE.sub("", pattern) != _ESCAPE.sub("", pattern).lower():
            raise ValueError(f"{entry} must be lower case (turns are matched regardless of case)")
    return patterns


Phrases = Annotated[tuple[str, ...], Field(min_length=1), AfterValidator(_check_phrases)]
Patterns = Annotated[tuple[str, ...], Field(min_length=1), AfterValidator(_check_patterns)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LiveCallPhrases(_Strict):
    """Whole-word phrase lists, one per move they show."""

    acknowledgements: Phrases
    apologies: Phrases
    ownership: Phrases
    confirmations: Phrases
    blame: Phrases
    policy: Phrases
    jargon: Phrases
    over_promises: Phrases
    escalation: Phrases


class LiveCallPatterns(_Strict):
    """Regular-expression lists, each entry one alternative of a whole-word match."""

    weak_ownership: Patterns
    time: Patterns
    commitment: Patterns
    limits: Patterns
    alternatives: Patterns
    scheduled: Patterns
    past: Patterns
    action_verbs: Patterns
    explanations: Patterns
    dismissals: Patterns
    third_parties: Patterns
    failures: Patterns
    owning_mistakes: Patterns
    repeat_requests: Patterns
    closing_questions: Patterns


class RoleplayPhrases(_Strict):
    """Everything in roleplay_phrases.toml."""

    phrases: LiveCallPhrases
    patterns: LiveCallPatterns


def whole_words(alternatives: tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    """One pattern list as the regex it stands for: any entry, as whole words."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", flags)


def _problem(error: ValidationError) -> str:
    """The first problem as "field 'patterns.time': entry #3 (...) is not a valid regular expression"."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "(file)"
    return f"field '{field}': {first['msg'].removeprefix('Value error, ')}"


def parse_roleplay_phrases(data: dict[str, Any], where: str) -> RoleplayPhrases:
    """Validate one complete phrase file's parsed TOML; errors name the file, the list and the entry."""
    try:
        return RoleplayPhrases.model_validate(data)
    except ValidationError as exc:
        raise ContentError(_problem(exc), where=where, hint="Correct that entry.") from exc


_SECTIONS: dict[str, TypeAdapter[tuple[str, ...]]] = {
    "phrases": TypeAdapter(Phrases),
    "patterns": TypeAdapter(Patterns),
}


def _extended(base: dict[str, Any], extra: dict[str, Any], where: str) -> dict[str, Any]:
    """The built-in lists with a coach's entries added after them, each entry checked in the coach's file."""
    merged = {section: dict(lists) for section, lists in base.items()}
    for section, lists in extra.items():
        if section not in _SECTIONS or not isinstance(lists, dict):
            raise ContentError(f"unknown section '{section}'", where=where, hint="Use [phrases] or [patterns].")
        for name, entries in lists.items():
            if name not in merged[section]:
                known = ", ".join(merged[section])
                raise ContentError(f"unknown list '{section}.{name}'", where=where, hint=f"Use one of: {known}.")
            try:
                checked = _SECTIONS[section].validate_python(entries)
            except ValidationError as exc:
                problem = exc.errors()[0]["msg"].removeprefix("Value error, ")
                raise ContentError(f"'{section}.{name}' {problem}", where=where, hint="Correct that entry.") from exc
            merged[section][name] = [*merged[section][name], *checked]
    return merged


def _builtin_data() -> dict[str, Any]:
    return read_toml(resources.files("starcoach.content") / "data" / FILE_NAME, FILE_NAME)


@lru_cache(maxsize=1)
def _builtin() -> RoleplayPhrases:
    # Cached: the file ships with the package; read on the first role-play turn, not at import.
    return parse_roleplay_phrases(_builtin_data(), FILE_NAME)


def load_roleplay_phrases(extra_dir: Path | None = None) -> RoleplayPhrases:
    """The built-in lists, extended by ``extra_dir/roleplay_phrases.toml`` when there is one."""
    if extra_dir is None or not (extra_dir / FILE_NAME).exists():
        return _builtin()
    path = extra_dir / FILE_NAME
    return parse_roleplay_phrases(_extended(_builtin_data(), read_toml(path, str(path)), str(path)), str(path))
