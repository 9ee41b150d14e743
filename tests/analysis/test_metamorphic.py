"""The same answer said another way keeps its verdicts: quotes, case, punctuation, fillers, names, numbers.

Each test takes answers written for this file, changes them the way real input differs
(typed on a phone, transcribed from speech, told with other names), and checks that what a
candidate is told about structure and red flags does not move unless the change is the point.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from starcoach import analyze
from starcoach.analysis.report import AnswerReport

QUESTION = "Tell me about a time you dealt with an angry customer."
STORY = (
    "Last March I was on the billing line at Northgate Water when a customer called in a fury because "
    "she had been charged twice for the same month. My job was to find the double charge and get her money "
    "back. I let her finish, then I read the two payment dates back to her to check I had it right. "
    "I told her I could see why she was worried, since the rent was due that week. "
    "I found the duplicate in the billing system and raised a refund the same afternoon. "
    "The refund of 48 dollars reached her account two days later and she renewed her contract."
)
BLAME = (
    "Last year our warehouse kept sending the wrong sizes and customers kept calling about it. "
    "Honestly that was all on the warehouse team, they never checked anything. "
    "I just told people to take it up with them because it was not my problem."
)
BOAST = (
    "Honestly, I'm the best agent on any team I join and nobody handles angry people the way I do. "
    "Customers calm down the moment they hear me, it's just a gift I have."
)
THEORY = (
    "I would always stay calm and listen to the customer first. "
    "Then I would try to fix whatever the problem is and make sure they leave happy, "
    "because that's what good service is."
)
ANSWERS = (STORY, BLAME, BOAST, THEORY)
FLAGS = ("blame", "theoretical", "overconfident", "empathy", "active_listening", "ownership", "rambling")


def _verdicts(report: AnswerReport) -> dict[str, bool]:
    star = report.star.model_dump()
    flags = {name: getattr(report.flags, name) for name in FLAGS}
    return {**star, **flags}


def _curl(text: str) -> str:
    """Typed on a phone or in a word processor: curly apostrophes and quotes."""
    text = re.sub(r'"(\w)', "\u201c\\1", text)
    text = text.replace('"', "\u201d")
    return text.replace("'", "\u2019")


def _as_transcript(text: str) -> str:
    """What a speech recogniser writes: lower case, no sentence punctuation."""
    return re.sub(r"[.,!?;:]", "", text.lower())


def _split_and_then(text: str) -> str:
    """A run-on told as separate sentences where it says "and then"."""
    return re.sub(r",? and then (\w)", lambda m: ". Then " + m.group(1), text)


def _join(text: str) -> str:
    """Sentences joined into one breathless run with "and then"."""
    return re.sub(r"\.\s+([A-Z])", lambda m: " and then " + m.group(1).lower(), text.rstrip(".")) + "."


_FILLERS = ("um", "uh", "you know", "er")


@st.composite
def _with_fillers(draw: st.DrawFn, text: str) -> str:
    """A few fillers dropped between words, as nervous speakers do."""
    words = text.split(" ")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(1, len(words) - 1))
        words.insert(at, draw(st.sampled_from(_FILLERS)) + ",")
    return " ".join(words)


_NAMES = {"Northgate Water": "Riverside Energy", "March": "October"}


def _swap_names(text: str) -> str:
    for old, new in _NAMES.items():
        text = text.replace(old, new)
    return text


def _swap_numbers(text: str) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group()) * 3 + 7), text)


_TRANSFORMS = {
    "curly quotes": _curl,
    "straight quotes": lambda t: t.replace("\u2019", "'"),
    "transcript": _as_transcript,
    "split at and then": _split_and_then,
    "joined with and then": _join,
    "other names": _swap_names,
    "other numbers": _swap_numbers,
}


# Joining or splitting at "and then" is how a story is retold; a boast or a creed has no "then".
_NARRATIVE_ONLY = frozenset({"split at and then", "joined with and then"})


@st.composite
def _answer_and_changes(draw: st.DrawFn) -> tuple[str, list[str]]:
    answer = draw(st.sampled_from(ANSWERS))
    allowed = sorted(n for n in _TRANSFORMS if answer in (STORY, BLAME) or n not in _NARRATIVE_ONLY)
    return answer, draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=3, unique=True))


@settings(max_examples=60, deadline=None)
@given(_answer_and_changes())
def test_rewording_the_surface_keeps_star_parts_and_flags(case: tuple[str, list[str]]) -> None:
    answer, names = case
    changed = answer
    for name in names:
        changed = _TRANSFORMS[name](changed)
    assert _verdicts(analyze(changed, QUESTION)) == _verdicts(analyze(answer, QUESTION)), names


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(ANSWERS).flatmap(_with_fillers))
def test_fillers_between_words_change_the_filler_count_not_the_verdicts(changed: str) -> None:
    original = re.sub(r"\b(?:um|uh|er|you know), ", "", changed)
    assert _verdicts(analyze(changed, QUESTION)) == _verdicts(analyze(original, QUESTION))


def test_removing_the_only_figure_is_the_change_that_loses_quantified() -> None:
    assert analyze(STORY, QUESTION).flags.quantified
    without = STORY.replace("The refund of 48 dollars reached her account two days later", "The refund came through")
    assert not analyze(without, QUESTION).flags.quantified
    assert analyze(_swap_numbers(STORY), QUESTION).flags.quantified


def test_a_phrase_after_an_opening_single_quote_is_still_read() -> None:
    quoted = STORY.replace("I told her I could see why she was worried", "I told her 'I can see why you're worried'")
    assert analyze(quoted, QUESTION).flags.empathy
