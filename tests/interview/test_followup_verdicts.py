"""A follow-up is judged on the gap it asked about, read with the main answer before it."""

from __future__ import annotations

from starcoach.analysis.answer import QuestionType
from starcoach.interview.followups import judge_followup

QUESTION = "Tell me about a time you turned an upset customer into a happy one."
SHORT_STORY = (
    "A bakery owner called, furious because her connection had dropped three times in a week. "
    "I ran a line test and booked a technician. Her line has been stable since."
)


def _judged(answer: str) -> tuple[bool | None, tuple[str, ...]]:
    verdict = judge_followup("too_short", SHORT_STORY, QUESTION, answer, QuestionType.BEHAVIORAL)
    return verdict.filled, verdict.words


def test_a_detail_follow_up_is_filled_by_one_more_step_of_the_story_even_if_the_whole_stays_short() -> None:
    filled, words = _judged("I called her back the next afternoon to check the new splitter had fixed it.")
    assert filled is True
    assert words == ("I called her back the next afternoon to check the new splitter had fixed it.",)


def test_a_detail_follow_up_answered_with_nothing_new_is_not_filled() -> None:
    filled, words = _judged("Yeah, it went fine in the end.")
    assert filled is False and words == ()
