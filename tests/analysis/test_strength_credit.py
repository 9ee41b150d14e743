"""One phrase is credited to one strength: "I can hear how stressful that is" is not both an acknowledgement
and a check of understanding, so it fills one "Keep doing" slot and the next strength gets the other."""

from __future__ import annotations

import itertools

import pytest

from starcoach import analyze
from starcoach.analysis.report import AnswerReport
from starcoach.report import build_session_report
from tests.conftest import STRONG_STORY
from tests.report._sessions import Turn, make_session

ANGRY_QUESTION = "Tell me about a time you handled an angry customer."
HEARD_STORY = (
    "Last month a caller was furious about a double charge. My job was to fix it. I said I can hear how "
    "stressful that is, and I understood how much that money mattered to her. I told her that must be so "
    "frustrating. I checked the billing log, refunded the charge and emailed her a confirmation. She thanked "
    "me and our CSAT that week was 94 percent."
)
LISTENING_STORY = (
    "A customer called about an outage at his shop last winter. My job was to get him trading again. "
    "I listened and said I can hear that you want to know what is happening, so let me check I have it right. "
    "I read back his account number and the address, then I reset his router remotely. "
    "He was back online in ten minutes and kept his contract."
)
# Figures, tool names and the story's shape are credited apart from the phrases a strength quotes.
_PHRASE_STRENGTHS = {"empathy", "active_listening", "ownership", "good_questions"}


def _strengths(report: AnswerReport) -> list[tuple[str, list[tuple[int, int]]]]:
    return [(f.id, [(e.start, e.end) for e in f.evidence]) for f in report.feedback if f.kind == "strength"]


def test_i_can_hear_fills_one_keep_doing_slot_not_two() -> None:
    strengths = [f for f in analyze(HEARD_STORY, ANGRY_QUESTION).feedback if f.kind == "strength"]
    crediting = [f.id for f in strengths if any("I can hear" in e.text for e in f.evidence)]
    assert len(crediting) == 1, crediting
    assert len(strengths) == 3, "the freed slot goes to the next strength"


@pytest.mark.parametrize(
    ("answer", "question"),
    [
        (HEARD_STORY, ANGRY_QUESTION),
        (LISTENING_STORY, ANGRY_QUESTION),
        (STRONG_STORY, "Tell me about a time you turned an upset customer into a happy one."),
    ],
)
def test_no_two_strengths_quote_overlapping_words(answer: str, question: str) -> None:
    phrased = [(sid, spans) for sid, spans in _strengths(analyze(answer, question)) if sid in _PHRASE_STRENGTHS]
    for (first, first_spans), (second, second_spans) in itertools.combinations(phrased, 2):
        for a, b in itertools.product(first_spans, second_spans):
            assert not (a[0] < b[1] and b[0] < a[1]), f"{first} and {second} both quote {answer[a[0] : a[1]]!r}"


def test_the_session_report_keep_doing_quotes_each_phrase_once() -> None:
    report = build_session_report(make_session((Turn("main", ANGRY_QUESTION, HEARD_STORY),)))
    quotes = [
        quote
        for highlight in report.strengths
        if highlight.id in _PHRASE_STRENGTHS
        for occurrence in highlight.occurrences
        for quote in occurrence.quotes
    ]
    for a, b in itertools.combinations(quotes, 2):
        assert a not in b and b not in a, (a, b)
    assert sum("I can hear" in q for q in quotes) == 1
