"""Story files: Markdown and JSON round-trip without loss; a malformed file names its line and field."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from starcoach.competencies import COMPETENCY_IDS
from starcoach.errors import UserInputError
from starcoach.stories.models import Story
from starcoach.stories.tags import AXES
from starcoach.stories.transfer import from_json, from_markdown, read_story_file, to_json, to_markdown
from tests.stories._stories import FAILURE, REFUND, story

# Text as people type it, including lines that look like our own headings and field lines.
_tricky_lines = st.sampled_from(["## Result", "# Story: fake", "- Axes: teamwork", "\\# escaped", "  ## Task", "\\"])
_line = st.one_of(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40), _tricky_lines)
_part = st.lists(_line, min_size=1, max_size=5).map("\n".join).filter(lambda t: t.strip() != "")
_title = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(
    lambda t: t.strip() != ""
)
_moment = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC))


@st.composite
def stories(draw: st.DrawFn) -> Story:
    return Story(
        id=draw(st.text("0123456789abcdef", min_size=8, max_size=8)),
        title=draw(_title),
        situation=draw(_part),
        task=draw(_part),
        action=draw(_part),
        result=draw(_part),
        summary=draw(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=80)),
        axes=tuple(draw(st.lists(st.sampled_from(AXES), unique=True))),
        competencies=tuple(draw(st.lists(st.sampled_from(COMPETENCY_IDS), unique=True))),
        created_at=draw(_moment),
        updated_at=draw(_moment),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(stories(), max_size=4))
def test_markdown_round_trips_without_loss(library: list[Story]) -> None:
    assert from_markdown(to_markdown(library), "test.md") == library


@settings(max_examples=150, deadline=None)
@given(st.lists(stories(), max_size=4))
def test_json_round_trips_without_loss(library: list[Story]) -> None:
    assert from_json(to_json(library), "test.json") == library


def test_the_markdown_reads_like_a_document() -> None:
    text = to_markdown([story("Double charge", axes=["escalation"], **REFUND)])
    assert text.startswith("# Story: Double charge\n")
    assert "- Tags: escalation" in text and "## Situation" in text and "## Result" in text


def test_a_markdown_file_exported_with_the_old_axes_label_still_imports() -> None:
    old = to_markdown([story("Double charge", axes=["escalation"], **REFUND)]).replace("- Tags:", "- Axes:")
    assert [s.axes for s in from_markdown(old, "old.md")] == [("escalation",)]


def _md(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "stories.md"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_markdown_story_with_an_empty_part_names_its_line_and_field(tmp_path: Path) -> None:
    good = to_markdown([story("Queue", story_id="00000001")])
    bad = to_markdown([story("Mistake", story_id="00000002", **FAILURE)]).replace(FAILURE["task"], "")
    path = _md(tmp_path, good + "\n" + bad)
    with pytest.raises(UserInputError) as caught:
        read_story_file(path)
    line = (good + "\n" + bad).split("\n").index("## Task", 20) + 1
    assert f"line {line}, story 'Mistake', field 'task': the task is empty" in caught.value.one_line()
    assert str(path) in caught.value.one_line()


def test_an_unknown_field_line_is_named(tmp_path: Path) -> None:
    text = to_markdown([story("Queue")]).replace("- Summary:", "- Mood:")
    with pytest.raises(UserInputError, match=r"line 4: unknown field 'Mood'"):
        read_story_file(_md(tmp_path, text))


def test_text_before_the_first_story_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match=r"line 2: expected a '# Story: <title>' line"):
        read_story_file(_md(tmp_path, "\nMy stories\n" + to_markdown([story("Queue")])))


def test_a_json_syntax_error_names_its_line(tmp_path: Path) -> None:
    text = to_json([story("Queue")]).replace('"task":', '"task"', 1)
    path = tmp_path / "stories.json"
    path.write_text(text, encoding="utf-8")
    expected = text.split("\n").index(next(line for line in text.split("\n") if '"task"' in line)) + 1
    with pytest.raises(UserInputError, match=rf"line {expected}: not valid JSON"):
        read_story_file(path)


def test_a_json_story_with_a_bad_field_names_its_line_and_the_story(tmp_path: Path) -> None:
    document = json.loads(to_json([story("Queue", story_id="00000001"), story("Mistake", story_id="00000002")]))
    document["stories"][1]["axes"] = ["heroics"]
    text = json.dumps(document, indent=2)
    path = tmp_path / "stories.json"
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    expected = [i for i, line in enumerate(lines, 1) if '"axes"' in line][1]
    with pytest.raises(UserInputError) as caught:
        read_story_file(path)
    assert f"line {expected}, story 'Mistake', field 'axes'" in caught.value.one_line()
    assert "heroics" in caught.value.one_line()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"", "holds no stories"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "binary"),
        (b'{"format": "something-else"}', "not a StarCoach story file"),
        (b'{"format": "starcoach-stories", "version": 9, "stories": []}', "version 9"),
    ],
)
def test_files_that_are_not_story_files_get_one_clear_line(tmp_path: Path, body: bytes, expected: str) -> None:
    path = tmp_path / "stories.md"
    path.write_bytes(body)
    with pytest.raises(UserInputError, match=expected):
        read_story_file(path)


def test_a_missing_file_or_a_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="story file not found"):
        read_story_file(tmp_path / "nope.md")
    with pytest.raises(UserInputError, match="is a folder"):
        read_story_file(tmp_path)
