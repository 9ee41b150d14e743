"""The thank-you note: a specific point from the conversation, one example and its result."""

from __future__ import annotations

from starcoach.prep.thank_you import (
    MAX_WORDS,
    MIN_WORDS,
    best_turn,
    choose_story,
    draft_note,
    example_from_story,
    example_from_turn,
    point_from_turn,
)
from tests.prep._data import make_story
from tests.store._records import make_session, standard_turns


def test_a_note_from_a_session_names_the_company_the_best_answer_and_the_story_result() -> None:
    session = make_session(turns=standard_turns())
    turn = best_turn(session)
    assert turn is not None and turn.index == 0  # the strong story, not the weak or closing answer
    story = make_story()
    note = draft_note(
        company=session.company,
        point=point_from_turn(turn),
        example=example_from_story(story),
        interviewer="Dana Lee",
    )
    assert "Northwind Broadband" in note.text
    assert "your question about a time I turned an upset customer into a happy one" in note.text
    assert "our CSAT for the week stayed at 94 percent." in note.text
    assert note.text.startswith("Dear Dana Lee,")
    assert MIN_WORDS <= note.word_count <= MAX_WORDS
    assert note.placeholders == ["[Your name]"]


def test_without_a_story_the_note_restates_the_answer_given_in_the_session() -> None:
    turn = best_turn(make_session(turns=standard_turns()))
    assert turn is not None
    example = example_from_turn(turn)
    assert example is not None
    note = draft_note(company="Northwind Broadband", point=point_from_turn(turn), example=example)
    assert "96 percent" in note.text  # the result sentence of the strong answer
    assert MIN_WORDS <= note.word_count <= MAX_WORDS


def test_a_note_from_scratch_leaves_clear_gaps_to_fill() -> None:
    note = draft_note(company=None, point=None, example=None)
    assert "[interviewer's name]" in note.placeholders
    assert "[company]" in note.placeholders
    assert "[a specific point from your conversation]" in note.placeholders
    assert MIN_WORDS <= note.word_count <= MAX_WORDS


def test_a_long_story_is_shortened_to_keep_the_note_short_but_keeps_its_result() -> None:
    long_story = make_story(result="In the end " + "the queue settled and " * 30 + "refunds went out in 2 days.")
    note = draft_note(company="Acme", point="our talk about refunds", example=example_from_story(long_story))
    assert note.word_count <= MAX_WORDS + 30
    assert "In the end the queue settled" in note.text


def test_the_story_closest_to_the_answer_is_chosen() -> None:
    turn = best_turn(make_session(turns=standard_turns()))
    off_topic = make_story(
        "Spreadsheet cleanup",
        story_id="5eed0002",
        result="Reports took half the time.",
        axes=("process_improvement",),
        competencies=("time_tech",),
    )
    on_topic = make_story(
        "Upset customer won back", story_id="5eed0003", competencies=("empathy_problem_solving", "communication")
    )
    assert choose_story([off_topic, on_topic], turn) == on_topic
    assert choose_story([], turn) is None


def test_a_session_with_no_answers_has_no_point_to_make() -> None:
    assert best_turn(make_session(turns=[])) is None
