"""The role-play customer's lines: the shipped file is valid, a coach's lines are heard, mistakes are named."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from starcoach.content.roleplay_customer import FILE_NAME, CustomerLines, load_customer_lines, parse_customer_lines
from starcoach.errors import ContentError
from starcoach.roleplay.call import Call
from starcoach.roleplay.scenarios import get_scenario

SHIPPED = (resources.files("starcoach.content") / "data" / FILE_NAME).read_text(encoding="utf-8")
JARGON_TURN = "Your SLA ticket is with the tier 2 queue."


def _replies(lines: CustomerLines | None, seeds: range = range(12)) -> list[str]:
    replies = []
    for seed in seeds:
        call = Call(get_scenario("billing-migration"), seed=seed, lines=lines)
        call.opening()
        replies.append(call.agent_says(JARGON_TURN).text)
    return replies


def test_the_shipped_customer_lines_are_valid() -> None:
    lines = parse_customer_lines(tomllib.loads(SHIPPED), FILE_NAME)
    assert lines == load_customer_lines()
    assert all(lines.moods.model_dump().values()) and all(lines.reactions.model_dump().values())


def test_a_coachs_reaction_line_is_heard_and_the_built_in_ones_stay(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text(
        "[reactions]\njargon = [\"Speak English, please. '{phrase}' means nothing to me.\"]\n", encoding="utf-8"
    )
    extended = load_customer_lines(tmp_path)
    assert extended.reactions.jargon[:-1] == load_customer_lines().reactions.jargon
    coach_line = "Speak English, please."
    assert not any(coach_line in reply for reply in _replies(None))
    assert any(coach_line in reply for reply in _replies(extended))


def test_a_scenario_style_can_get_openers_from_a_coach(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text('[styles.plain]\nangry = ["Oh, for heaven\'s sake."]\n', encoding="utf-8")
    assert load_customer_lines(tmp_path).styles.plain.angry == ("Oh, for heaven's sake.",)
    assert load_customer_lines().styles.plain.angry == ()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '[moods]\nangry = ["Fix {grievence} now."]\n',
            "field 'moods.angry': line 'Fix {grievence} now.' uses {grievence}",
        ),
        ('[endings]\nresolved = ["Thanks about {grievance}."]\n', "this list may use no placeholders"),
        ('[reactions]\njargon = ["What is {phrase?"]\n', "line 'What is {phrase?'"),
        ('[reactions]\njargn = ["What?"]\n', "field 'reactions.jargn'"),
        ('[moods]\nangry = [""]\n', "must be non-empty"),
        ('[styles.shouty]\nangry = ["Oi!"]\n', "field 'styles.shouty'"),
    ],
)
def test_a_coach_file_with_a_mistake_is_refused_naming_file_list_and_line(
    tmp_path: Path, content: str, expected: str
) -> None:
    (tmp_path / FILE_NAME).write_text(content, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_customer_lines(tmp_path)
    assert str(caught.value).startswith(str(tmp_path / FILE_NAME))
    assert expected in str(caught.value)


def test_a_coachs_way_of_taking_the_agents_name_is_heard(tmp_path: Path) -> None:
    # Still angry when the agent gives their name: the tense ways of taking it, plus the coach's.
    (tmp_path / FILE_NAME).write_text('[callbacks]\nname_tense = ["Well, {name}, here we are."]\n', encoding="utf-8")
    extended = load_customer_lines(tmp_path)
    greetings = []
    for seed in range(12):
        call = Call(get_scenario("billing-migration"), seed=seed, lines=extended)
        call.opening()
        call.agent_says("I'm so sorry about the double charge. Can you tell me the amount?")
        greetings.append(call.agent_says("Thanks. By the way, my name is Priya.").text)
    assert any("Well, Priya, here we are." in line for line in greetings)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[callbacks]\nreference_new = ["Got {name}."]\n', "line 'Got {name}.' uses {name}; this list may use {ref}"),
        ('[callbacks]\ntime_changed = "You said {when}."\n', "'callbacks.time_changed'"),
        ('[callbacks.what]\nrefund = ""\n', "'callbacks.what.refund'"),
    ],
)
def test_a_callback_line_with_the_wrong_placeholder_is_refused(tmp_path: Path, content: str, expected: str) -> None:
    (tmp_path / FILE_NAME).write_text(content, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_customer_lines(tmp_path)
    assert str(caught.value).startswith(str(tmp_path / FILE_NAME)) and expected in str(caught.value)
