"""Load and validate the content data files, naming the file, entry and field on error."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from starcoach.content.models import Competency, Lexicons, Question, RedFlag
from starcoach.errors import ContentError

_Model = TypeVar("_Model", bound=BaseModel)


@dataclass(frozen=True)
class ContentBank:
    """All content, validated: competencies, questions, red flags, lexicons."""

    competencies: tuple[Competency, ...]
    questions: tuple[Question, ...]
    red_flags: tuple[RedFlag, ...]
    lexicons: Lexicons

    def question(self, question_id: str) -> Question:
        """The question with this id."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise ContentError(f"no question with id '{question_id}'", hint="Run 'starcoach questions' to list ids.")

    def question_with_text(self, text: str) -> Question | None:
        """The bank's question worded as ``text`` (case, spacing, quote marks and end punctuation aside), if any.

        Lets a question pasted from the bank be read with the type the bank gives it, as practice
        reads it, rather than with a type guessed from its wording.
        """
        wanted = _comparable(text)
        if not wanted:
            return None
        return next((q for q in self.questions if _comparable(q.text) == wanted), None)

    def red_flag(self, flag_id: str) -> RedFlag:
        """The red flag with this id."""
        for flag in self.red_flags:
            if flag.id == flag_id:
                return flag
        raise KeyError(flag_id)

    def competency(self, competency_id: str) -> Competency:
        """The competency with this id."""
        for competency in self.competencies:
            if competency.id == competency_id:
                return competency
        raise KeyError(competency_id)


_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _comparable(text: str) -> str:
    """``text`` as one comparable form: lower case, straight quotes, single spaces, no end punctuation."""
    return " ".join(text.translate(_QUOTE_MARKS).casefold().split()).strip(" .?!\"'")


def read_toml(path: Path | resources.abc.Traversable, label: str) -> dict[str, Any]:
    """A TOML data file, parsed; bad syntax or encoding is a ContentError naming ``label``."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"not valid TOML ({exc})", where=label, hint="Fix the syntax at that line.") from exc
    except UnicodeDecodeError as exc:
        raise ContentError("not UTF-8 text", where=label, hint="Save the file as UTF-8.") from exc


def describe_problem(error: ValidationError) -> str:
    """A validation error's first problem as 'field 'x': message'."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "(entry)"
    return f"field '{field}': {first['msg']}"


def validate_entries(data: dict[str, Any], key: str, model: type[_Model], label: str) -> tuple[_Model, ...]:
    """Each [[key]] table of a parsed TOML file as a model; errors name the file, the entry and the field."""
    entries = data.get(key)
    if not isinstance(entries, list) or not entries:
        raise ContentError(f"no [[{key}]] entries", where=label, hint=f"Add at least one [[{key}]] table.")
    items: list[_Model] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        ident = entry.get("id", "?") if isinstance(entry, dict) else "?"
        where = f"{label}, {key} #{number} (id '{ident}')"
        try:
            item = model.model_validate(entry)
        except ValidationError as exc:
            raise ContentError(describe_problem(exc), where=where, hint="Correct that field.") from exc
        if ident in seen:
            raise ContentError("duplicate id", where=where, hint="Give every entry its own id.")
        seen.add(ident)
        items.append(item)
    return tuple(items)


def _validate_lexicons(data: dict[str, Any], label: str) -> Lexicons:
    try:
        return Lexicons.model_validate(data)
    except ValidationError as exc:
        raise ContentError(describe_problem(exc), where=label, hint="Correct that list.") from exc


_Entry = TypeVar("_Entry", Question, RedFlag)


def _merge(base: tuple[_Entry, ...], extra: Iterable[_Entry]) -> tuple[_Entry, ...]:
    """Entries from a coach's own files replace built-ins with the same id, or are added."""
    by_id = {item.id: item for item in base}
    for item in extra:
        by_id[item.id] = item
    return tuple(by_id.values())


def load_bank(extra_dir: Path | None = None) -> ContentBank:
    """Load the built-in content, plus questions and red flags from ``extra_dir`` if given."""
    if extra_dir is None:
        return _builtin_bank()
    bank = _builtin_bank()
    questions, red_flags = bank.questions, bank.red_flags
    for name, key in (("questions.toml", "question"), ("red_flags.toml", "red_flag")):
        path = extra_dir / name
        if not path.exists():
            continue
        data = read_toml(path, str(path))
        if key == "question":
            questions = _merge(questions, validate_entries(data, key, Question, str(path)))
        else:
            red_flags = _merge(red_flags, validate_entries(data, key, RedFlag, str(path)))
    return ContentBank(bank.competencies, questions, red_flags, bank.lexicons)


@lru_cache(maxsize=1)
def _builtin_bank() -> ContentBank:
    folder = resources.files("starcoach.content") / "data"

    def read(name: str) -> dict[str, Any]:
        return read_toml(folder / name, f"starcoach/content/data/{name}")

    return ContentBank(
        competencies=validate_entries(read("competencies.toml"), "competency", Competency, "competencies.toml"),
        questions=validate_entries(read("questions.toml"), "question", Question, "questions.toml"),
        red_flags=validate_entries(read("red_flags.toml"), "red_flag", RedFlag, "red_flags.toml"),
        lexicons=_validate_lexicons(read("lexicons.toml"), "lexicons.toml"),
    )


@lru_cache(maxsize=1)
def load_lexicons() -> Lexicons:
    """Only the lexicons (what the analyzers need), without loading the question bank."""
    folder = resources.files("starcoach.content") / "data"
    return _validate_lexicons(read_toml(folder / "lexicons.toml", "lexicons.toml"), "lexicons.toml")


@lru_cache(maxsize=1)
def load_red_flags() -> dict[str, RedFlag]:
    """Only the red-flag catalogue, by id (feedback needs it; the question bank is not loaded)."""
    folder = resources.files("starcoach.content") / "data"
    data = read_toml(folder / "red_flags.toml", "red_flags.toml")
    return {flag.id: flag for flag in validate_entries(data, "red_flag", RedFlag, "red_flags.toml")}
