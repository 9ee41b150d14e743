"""Stories to and from Markdown and JSON files, losslessly, with errors that name the line and field."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from starcoach.errors import UserInputError
from starcoach.stories.library import new_story_id, story_error
from starcoach.stories.models import STAR_PARTS, Story
from starcoach.textfile import read_text_file

JSON_FORMAT = "starcoach-stories"
JSON_VERSION = 1
MARKDOWN_TITLE = "# Story: "
# Metadata lines under a story's title, in the order they are written.
_META = {"id": "id", "summary": "Summary", "axes": "Tags", "competencies": "Competencies",
         "created_at": "Created", "updated_at": "Updated"}  # fmt: skip
_LIST_FIELDS = ("axes", "competencies")
_HINT_MD = "Start each story with '# Story: <title>', then '- Field: value' lines, then '## Situation' to '## Result'."


# -- Markdown -----------------------------------------------------------------------------------
def _escape(line: str) -> str:
    # A part's own line that looks like one of our headings (or like an escape) gets a backslash.
    return "\\" + line if line.lstrip().startswith(("#", "\\")) else line


def _unescape(line: str) -> str:
    return line[1:] if line.startswith("\\") and line[1:].lstrip().startswith(("#", "\\")) else line


def to_markdown(stories: Sequence[Story]) -> str:
    """The stories as one Markdown file that :func:`from_markdown` reads back unchanged."""
    blocks = []
    for story in stories:
        data = story.model_dump(mode="json")
        lines = [MARKDOWN_TITLE + story.title, ""]
        for field, label in _META.items():
            value = data[field]
            lines.append(f"- {label}: {', '.join(value) if field in _LIST_FIELDS else value}")
        for part in STAR_PARTS:
            lines += ["", f"## {part.capitalize()}", ""]
            lines += [_escape(line) for line in getattr(story, part).split("\n")]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


@dataclass
class _Draft:
    line: int
    fields: dict[str, Any]
    lines_of: dict[str, int]
    part: str | None = None


class _MarkdownReader:
    """Reads a story file line by line; each line either starts a story, sets a field or continues a part."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.drafts: list[_Draft] = []
        # "Axes" is what files exported before the user-facing name became "tags" say.
        self.labels = {label.lower(): field for field, label in _META.items()} | {"axes": "axes"}

    def fail(self, number: int, what: str) -> UserInputError:
        return UserInputError(f"line {number}: {what}", where=self.where, hint=_HINT_MD)

    def read(self, number: int, raw: str) -> None:
        if raw.startswith(MARKDOWN_TITLE):
            self.drafts.append(_Draft(number, {"title": raw[len(MARKDOWN_TITLE) :]}, {"title": number}))
            return
        if not self.drafts:
            if raw.strip():
                raise self.fail(number, "expected a '# Story: <title>' line")
            return
        draft = self.drafts[-1]
        heading = re.fullmatch(r"## (\w+)\s*", raw)
        if heading and heading.group(1).lower() in STAR_PARTS:
            draft.part = heading.group(1).lower()
            if draft.part in draft.fields:
                raise self.fail(number, f"a second '{raw.strip()}' in one story")
            draft.fields[draft.part], draft.lines_of[draft.part] = [], number
        elif draft.part is not None:
            draft.fields[draft.part].append(_unescape(raw))
        elif meta := re.fullmatch(r"- ([A-Za-z ]+): ?(.*)", raw):
            self.read_field(draft, number, meta.group(1), meta.group(2))
        elif raw.strip():
            raise self.fail(number, "expected '- Field: value' or a '## Situation' heading")

    def read_field(self, draft: _Draft, number: int, label: str, value: str) -> None:
        field = self.labels.get(label.strip().lower())
        if field is None:
            raise self.fail(number, f"unknown field '{label}'")
        listed = [v for v in (t.strip() for t in value.split(",")) if v]
        draft.fields[field] = listed if field in _LIST_FIELDS else value
        draft.lines_of[field] = number


def from_markdown(text: str, where: str) -> list[Story]:
    """Parse stories written by :func:`to_markdown` (or by hand in the same shape)."""
    reader = _MarkdownReader(where)
    for number, raw in enumerate(text.split("\n"), start=1):
        reader.read(number, raw)
    for draft in reader.drafts:
        for part in STAR_PARTS:
            if isinstance(draft.fields.get(part), list):
                draft.fields[part] = "\n".join(draft.fields[part])
    return [_validated(d.fields, d.lines_of, d.line, where) for d in reader.drafts]


def _validated(fields: dict[str, Any], lines_of: dict[str, int], start: int, where: str) -> Story:
    # A story written by hand needs no id or times: it gets new ones, as `stories add` would give.
    now = datetime.now(UTC)
    filled = {"id": new_story_id(), "created_at": now, "updated_at": now} | fields
    try:
        return Story.model_validate(filled)
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0]) if exc.errors()[0]["loc"] else ""
        problem = story_error(exc, where)
        line = lines_of.get(field, start)
        title = fields.get("title") or "(untitled)"
        raise UserInputError(
            f"line {line}, story '{title}', field '{field or 'story'}': {problem.what}", where=where, hint=problem.hint
        ) from exc


# -- JSON -----------------------------------------------------------------------------------------
def to_json(stories: Sequence[Story]) -> str:
    """The stories as a versioned JSON document."""
    body = {"format": JSON_FORMAT, "version": JSON_VERSION, "stories": [s.model_dump(mode="json") for s in stories]}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def from_json(text: str, where: str) -> list[Story]:
    """Parse a document written by :func:`to_json`; errors name the line and the field."""
    hint = f"Export a story file with `starcoach stories export --format json` to see the shape ('{JSON_FORMAT}')."
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserInputError(f"line {exc.lineno}: not valid JSON ({exc.msg})", where=where, hint=hint) from exc
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise UserInputError("line 1: this is not a StarCoach story file", where=where, hint=hint)
    if document.get("version") != JSON_VERSION:
        raise UserInputError(
            f"line 1: story file version {document.get('version')!r} is not one this StarCoach reads",
            where=where,
            hint=f"This version reads version {JSON_VERSION}.",
        )
    items = document.get("stories")
    if not isinstance(items, list):
        raise UserInputError("line 1: 'stories' must be a list", where=where, hint=hint)
    starts = _item_lines(text)
    lines = text.split("\n")
    stories = []
    for index, item in enumerate(items):
        start = starts[index] if index < len(starts) else 1
        if not isinstance(item, dict):
            raise UserInputError(f"line {start}: story {index + 1} is not an object", where=where, hint=hint)
        lines_of = {key: start + _line_offset(lines, start, key) for key in item}
        stories.append(_validated(item, lines_of, start, where))
    return stories


def _item_lines(text: str) -> list[int]:
    """The line on which each element of the 'stories' array starts (the text is known to be valid)."""
    decoder = json.JSONDecoder()
    found = re.search(r'"stories"\s*:\s*\[', text)
    if found is None:
        return []
    position, lines = found.end(), list[int]()
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            return lines
        lines.append(text.count("\n", 0, position) + 1)
        _, position = decoder.raw_decode(text, position)


def _line_offset(lines: list[str], start_line: int, key: str) -> int:
    """How many lines after an object's first line its key appears (0 if it cannot be found)."""
    needle = json.dumps(key) + ":"
    for offset in range(len(lines) - start_line + 1):
        if needle in lines[start_line - 1 + offset].replace('": ', '":'):
            return offset
    return 0


# -- files ----------------------------------------------------------------------------------------
MAX_STORY_FILE_BYTES = 2_000_000


def _story_file_too_long(where: str) -> UserInputError:
    return UserInputError("the story file is over 2 MB", where=where, hint="Import a story file, not a book.")


def read_story_file(path: Path) -> list[Story]:
    """Stories from a Markdown or JSON file (told apart by content, not by name), all or none."""
    text, where = read_text_file(
        path,
        noun="story",
        max_bytes=MAX_STORY_FILE_BYTES,
        too_long=_story_file_too_long,
        binary_hint="Give a Markdown or JSON file from `starcoach stories export`.",
    )
    stories = from_json(text, where) if text.lstrip().startswith("{") else from_markdown(text, where)
    if not stories:
        raise UserInputError("the file holds no stories", where=where, hint=_HINT_MD)
    return stories
