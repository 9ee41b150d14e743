"""Making, editing and reviewing stories: bad parts are refused clearly, competencies are suggested."""

from __future__ import annotations

import pytest

from starcoach.errors import UserInputError
from starcoach.stories.library import create_story, edit_story, review_story
from tests.stories._stories import REFUND, WHEN, story


def test_a_new_story_is_tagged_with_the_competencies_its_words_show() -> None:
    made = create_story({"title": "Double charge", **REFUND}, now=WHEN)
    assert "empathy_problem_solving" in made.competencies
    reviewed = review_story(made)
    assert reviewed.suggested == made.competencies
    # The evidence behind the suggestion is in the story's own words.
    evidence = [s.text for e in reviewed.report.competency_evidence["empathy_problem_solving"] for s in e.evidence]
    assert any(word in made.text for word in evidence)


def test_competencies_the_user_gives_are_kept_not_overridden() -> None:
    made = create_story({"title": "Double charge", "competencies": ["patience"], **REFUND}, now=WHEN)
    assert made.competencies == ("patience",)


def test_a_story_gets_a_spoken_length_that_grows_with_its_words() -> None:
    short = review_story(story("Short", result="It worked."))
    long = review_story(story("Long", result="It worked. " + "Every customer in the queue got an answer. " * 10))
    assert 0 < short.spoken_seconds < long.spoken_seconds


@pytest.mark.parametrize("part", ["title", "situation", "task", "action", "result"])
def test_an_empty_part_is_named_in_the_error(part: str) -> None:
    fields = {"title": "Double charge", **REFUND, part: "   "}
    with pytest.raises(UserInputError) as caught:
        create_story(fields)
    assert f"the {part} is empty" in caught.value.one_line()


def test_an_unknown_tag_is_refused_with_the_allowed_ones_listed() -> None:
    with pytest.raises(UserInputError) as caught:
        create_story({"title": "Double charge", "axes": ["heroics"], **REFUND})
    message = caught.value.one_line()
    assert "'heroics'" in message and "failure_learned" in message


def test_tags_are_normalised_whatever_their_spelling() -> None:
    made = create_story({"title": "Double charge", "axes": ["Difficult customer", "ESCALATION"], **REFUND})
    assert made.axes == ("escalation", "difficult_customer")


def test_editing_changes_only_the_given_fields_and_moves_the_update_time() -> None:
    original = story("Queue")
    later = WHEN.replace(hour=10)
    edited = edit_story(original, {"result": "Wait fell to 3 minutes."}, now=later)
    assert edited.result == "Wait fell to 3 minutes."
    assert (edited.situation, edited.created_at, edited.id) == (original.situation, original.created_at, original.id)
    assert edited.updated_at == later
    with pytest.raises(UserInputError, match="the task is empty"):
        edit_story(original, {"task": ""})
