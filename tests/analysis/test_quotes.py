"""Feedback quotes whole phrases: a quote runs to the end of its clause, never stops mid-phrase or mid-word,
and never runs past its sentence."""

from __future__ import annotations

import re

import pytest

from starcoach import analyze
from starcoach.analysis._quote import MAX_QUOTE_WORDS, whole_phrase
from starcoach.analysis.answer import Span
from tests.conftest import STRONG_STORY, WEAK_BLAME

ANGRY_QUESTION = "Tell me about a time you handled an angry customer."
ANGRY_STORY = (
    "Last month a caller was furious about a double charge on her card. My job was to put it right. "
    "I told her I understood how much that money mattered to her. I said that must be so frustrating "
    "when rent is due. I checked the billing log, refunded the charge and emailed her a confirmation. "
    "She thanked me and our CSAT that week was 94 percent."
)
# Evidence that is the word itself (a filler, a hedge, a tool, a figure) is quoted as found.
_WORD_EVIDENCE = {"filler_heavy", "hedging", "tools", "quantified"}


def _quoted_in_messages(answer: str, question: str) -> list[str]:
    return [q for item in analyze(answer, question).feedback for q in re.findall(r'"([^"]+)"', item.message)]


def test_the_empathy_strength_quotes_the_whole_phrase_not_its_first_words() -> None:
    empathy = next(f for f in analyze(ANGRY_STORY, ANGRY_QUESTION).feedback if f.id == "empathy")
    quoted = {e.text for e in empathy.evidence}
    whole = {"I understood how much that money mattered to her", "that must be so frustrating when rent is due"}
    assert quoted == whole
    assert '"that must be so frustrating when rent is due"' in empathy.message


@pytest.mark.parametrize(
    ("answer", "question"),
    [
        (ANGRY_STORY, ANGRY_QUESTION),
        (STRONG_STORY, "Tell me about a time you turned an upset customer into a happy one."),
        (WEAK_BLAME, "Describe a period when contact volume spiked. How did you keep on top of it?"),
        ("Honestly I'm amazing with customers, I can fix anything.", "What is your biggest weakness?"),
    ],
)
def test_every_phrase_the_feedback_quotes_ends_its_clause_within_its_sentence(answer: str, question: str) -> None:
    report = analyze(answer, question)
    for item in report.feedback:
        if item.id in _WORD_EVIDENCE:
            continue
        for span in item.evidence:
            after = answer[span.end :].lstrip()
            words = len(span.text.split())
            assert not answer[span.end : span.end + 1].isalnum(), f"{item.id} cuts a word: {span.text!r}"
            assert after == "" or after[0] in ",;:.!?" or words >= MAX_QUOTE_WORDS - 3, (
                f"{item.id} stops mid-clause: {span.text!r}"
            )
            # Evidence that is whole sentences (a story part, the whole answer) starts a sentence; a phrase
            # found inside one never runs on into the next.
            starts_sentence = re.search(r"(^|[.!?]\s+)$", answer[: span.start]) is not None
            assert starts_sentence or not re.search(r"[.!?]\s", span.text), f"{item.id} runs on: {span.text!r}"


def test_the_blame_red_flag_quotes_its_whole_clause() -> None:
    quotes = _quoted_in_messages(WEAK_BLAME, "Describe a period when contact volume spiked.")
    assert not any(q == "was so slow" for q in quotes)
    assert any(q.startswith("was so slow and management") for q in quotes)


def test_a_phrase_is_widened_to_its_clause_and_stops_at_the_sentence_end() -> None:
    text = "I told her I understood why she was angry, since she had lost a morning. Then I booked a technician."
    start = text.index("I understood")
    span = whole_phrase(text, Span(start, start + len("I understood")))
    assert text[span.start : span.end] == "I understood why she was angry"
    sentence = Span(0, text.index(".") + 1)
    assert whole_phrase(text, sentence) == sentence


def test_a_widened_phrase_finishes_its_word_and_keeps_decimals() -> None:
    text = "I refunded 4.5 dollars to the follow-up list. Done."
    assert text[: whole_phrase(text, Span(0, 6)).end] == "I refunded 4.5 dollars to the follow-up list"


def test_a_long_clause_is_cut_after_a_whole_word_not_on_a_lead_in() -> None:
    text = "the system was so slow and management never listened to a single one of us on the team at all"
    start = text.index("was so slow")
    quote = text[start : whole_phrase(text, Span(start, start + len("was so slow"))).end]
    assert len(quote.split()) <= MAX_QUOTE_WORDS
    assert quote.split()[-1] not in {"of", "to", "a", "the", "and", "on"}
    assert text.startswith(quote, start)
