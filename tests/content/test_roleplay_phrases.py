"""The role-play's phrase file: the shipped one is valid, a coach's file extends it, bad entries are named."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from starcoach.content.roleplay_phrases import FILE_NAME, load_roleplay_phrases, parse_roleplay_phrases
from starcoach.errors import ContentError
from starcoach.roleplay.moves import detect_moves
from starcoach.roleplay.rules import move_rules

SHIPPED = (resources.files("starcoach.content") / "data" / FILE_NAME).read_text(encoding="utf-8")


def _kinds(text: str, folder: Path | None = None) -> set[str]:
    rules = move_rules(load_roleplay_phrases(folder)) if folder else None
    return {move.kind for move in detect_moves(text, rules=rules)}


def test_the_shipped_phrase_file_is_valid_and_every_list_has_entries() -> None:
    phrases = parse_roleplay_phrases(tomllib.loads(SHIPPED), FILE_NAME)
    assert phrases == load_roleplay_phrases()
    lists = {**phrases.phrases.model_dump(), **phrases.patterns.model_dump()}
    assert len(lists) == 24
    assert all(entries for entries in lists.values())


def test_an_upper_case_phrase_in_the_shipped_file_is_named_by_file_list_and_entry() -> None:
    broken = tomllib.loads(SHIPPED.replace('"sla", ', '"SLA", ', 1))
    with pytest.raises(ContentError) as caught:
        parse_roleplay_phrases(broken, FILE_NAME)
    message = str(caught.value)
    assert message.startswith("roleplay_phrases.toml: field 'phrases.jargon': entry #1 ('SLA')")
    assert "lower case" in message


def test_a_pattern_that_does_not_compile_is_named_by_file_list_and_entry(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("[patterns]\ntime = ['next fortnight', '(?:end of term']\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_roleplay_phrases(tmp_path)
    message = str(caught.value)
    assert str(tmp_path / FILE_NAME) in message
    assert "'patterns.time' entry #2 ('(?:end of term')" in message
    assert "not a valid regular expression" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[phrases]\njargon = ['mid*dle']\n", "entry #1 ('mid*dle'): '*' only ends a phrase"),
        ("[phrases]\njargon = ['']\n", "entry #1 ('') must be non-empty"),
        ("[phrases]\njargon = []\n", "at least 1 item"),
        ("[phrases]\njargon = 'widget'\n", "'phrases.jargon'"),
        ("[phrases]\njargn = ['widget']\n", "unknown list 'phrases.jargn'"),
        ("[phrase]\njargon = ['widget']\n", "unknown section 'phrase'"),
        ("[phrases\n", "not valid TOML"),
    ],
)
def test_a_coach_file_with_a_mistake_is_refused_with_what_and_where(
    tmp_path: Path, content: str, expected: str
) -> None:
    (tmp_path / FILE_NAME).write_text(content, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_roleplay_phrases(tmp_path)
    assert str(tmp_path / FILE_NAME) in str(caught.value)
    assert expected in str(caught.value)


def test_a_coach_extends_a_list_and_keeps_the_built_in_entries(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("[phrases]\npolicy = ['head office says']\n", encoding="utf-8")
    built_in = load_roleplay_phrases().phrases.policy
    extended = load_roleplay_phrases(tmp_path).phrases.policy
    assert extended == (*built_in, "head office says")
    wall = "Head office says no refunds after thirty days."
    assert "hides_behind_policy" not in _kinds(wall)
    assert "hides_behind_policy" in _kinds(wall, tmp_path)


def test_a_coach_pattern_makes_a_new_time_expression_a_timeline(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("[patterns]\ntime = ['(?:within|in) a fortnight']\n", encoding="utf-8")
    turn = "I'll get the replacement out to you within a fortnight."
    assert "clear_timeline" not in _kinds(turn)
    assert "clear_timeline" in _kinds(turn, tmp_path)


def test_a_folder_without_a_phrase_file_gives_the_built_in_lists(tmp_path: Path) -> None:
    assert load_roleplay_phrases(tmp_path) is load_roleplay_phrases()


def test_importing_the_role_play_reads_no_phrase_file() -> None:
    # The lists load on the first turn, so starting the app (or `starcoach --help`) costs nothing.
    code = (
        "import starcoach.roleplay.call, starcoach.content.roleplay_phrases as p; "
        "print(p._builtin.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"


def test_a_coachs_service_verb_counts_as_an_action_taken(tmp_path: Path) -> None:
    # A verb stem from the coach's trade: "I've comped" is an action once "comp" is listed.
    (tmp_path / FILE_NAME).write_text("[patterns]\naction_verbs = ['comp']\n", encoding="utf-8")
    turn = "I've comped the delivery charge on your account."
    assert "takes_action" not in _kinds(turn)
    assert "takes_action" in _kinds(turn, tmp_path)
