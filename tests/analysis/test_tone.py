"""Warmth, certainty and grovelling as a candidate would notice them."""

from __future__ import annotations

from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from starcoach.analysis.analyzers.tone import ToneResult, analyze_tone, certainty_of, warmth_of
from starcoach.analysis.answer import build_answer
from starcoach.analysis.registry import Results
from starcoach.content.tone_lexicon import load_tone_lexicon, parse_tone_lexicon
from starcoach.errors import ContentError
from tests.analysis._helpers import signals, words

PACKAGED = (resources.files("starcoach.content") / "data" / "tone.toml").read_text(encoding="utf-8")


def tone(text: str, question: str | None = None) -> ToneResult:
    result: ToneResult = analyze_tone.func(build_answer(text, question), Results())
    return result


def marked(text: str, spans: tuple[object, ...]) -> list[str]:
    return [text[s.start : s.end].lower() for s in spans]  # type: ignore[attr-defined]


def test_courteous_wording_is_warmer_than_curt_orders() -> None:
    warm = "Thank you for waiting. I'm sorry about the delay, could you read me the order number, please?"
    curt = "Read me the order number. You should have kept the receipt. Why did you wait so long?"
    assert warmth_of(warm) > 0.6 > 0.4 > warmth_of(curt)


def test_an_answer_with_no_courtesy_or_rudeness_sits_at_neutral_warmth() -> None:
    assert warmth_of("The store opened at nine and the delivery came in the afternoon.") == 0.5


def test_insults_and_dismissals_read_as_cold() -> None:
    assert warmth_of("Whatever. That was a stupid question anyway.") < 0.2


def test_a_bare_order_is_colder_than_the_same_request_asked() -> None:
    assert warmth_of("Send me the receipt.") < 0.5 < warmth_of("Could you send me the receipt?")


def test_a_reassuring_formula_is_not_mistaken_for_an_order() -> None:
    result = tone("Don't worry, we can sort this out today.")
    assert result.warmth > 0.5
    assert "don't" not in marked("Don't worry, we can sort this out today.", result.cold_spans)


def test_why_pressed_at_the_listener_is_cold_but_why_about_a_thing_is_not() -> None:
    assert warmth_of("Why did you close my ticket?") < 0.5
    assert warmth_of("Why does the page reload after checkout?") == 0.5


def test_acronyms_are_not_shouting_but_capitalised_sentences_are() -> None:
    assert warmth_of("I logged it in the CRM and checked our SLA.") >= 0.5
    text = "I TOLD YOU THIS ALREADY."
    assert "told" in marked(text, tone(text).cold_spans)


def test_one_thank_you_counts_for_less_in_a_long_answer_than_in_a_short_one() -> None:
    story = " ".join(["I checked the account and updated the address on file."] * 12)
    assert 0.5 < warmth_of(story + " Thank you.") < warmth_of("Thank you.")


def test_hedging_lowers_certainty_and_plain_results_raise_it() -> None:
    hedged = "I think it maybe helped a bit, probably, and it might have sort of improved things."
    plain = "It worked: the refund reached her in two days and she confirmed it by email."
    assert certainty_of(hedged) < 0.5 < certainty_of(plain)


def test_figures_and_boosters_make_a_claim_more_certain() -> None:
    assert certainty_of("Complaints dropped by 40 percent in 3 months.") > certainty_of("Complaints dropped.")
    assert certainty_of("The fix clearly worked.") > certainty_of("The fix worked.")


def test_about_hedges_a_figure_but_not_a_topic() -> None:
    vague, topic = "We handled about 40 calls a day.", "We talked about the refund policy."
    assert marked(vague, tone(vague).hedge_spans) == ["about"]
    assert tone(topic).hedge_spans == ()


def test_would_and_if_are_not_hedges_when_the_question_is_hypothetical() -> None:
    text = "I would listen first, and if the order was lost I would replace it."
    assert tone(text).certainty < 0.5
    assert tone(text, "What would you do if a customer's order was lost?").certainty == 0.5


def test_grovelling_is_flagged_when_apologies_pile_up() -> None:
    assert tone("I'm so so sorry. Sorry again, I apologise, this was all my fault entirely.").grovelling
    assert not tone("I'm sorry that happened; I fixed it the same day.").grovelling


def test_grovelling_earns_no_more_warmth_than_a_single_apology() -> None:
    single = warmth_of("I'm sorry that happened.")
    grovel = warmth_of("I'm sorry. I'm so so sorry. I apologise, I'm terribly sorry that happened.")
    assert grovel < single


def test_spans_point_at_the_words_that_moved_each_signal() -> None:
    text = "Thanks for asking. I think it probably worked, and you should clearly see 3 fewer tickets."
    result = tone(text)
    assert "thanks" in marked(text, result.warm_spans)
    assert "you should" in marked(text, result.cold_spans)
    assert {"i think", "probably"} <= set(marked(text, result.hedge_spans))
    assert {"clearly", "3"} <= set(marked(text, result.boost_spans))


def test_curly_apostrophes_match_like_straight_ones() -> None:
    assert warmth_of("I\u2019d be happy to help.") == warmth_of("I'd be happy to help.") > 0.5


def test_the_pipeline_reports_tone_with_its_evidence() -> None:
    s = signals("Thanks for asking. I think it probably worked.")
    assert "thanks" in words(s, s.tone.warm_spans)
    assert {"i think", "probably"} <= set(words(s, s.tone.hedge_spans))


def test_tone_is_the_same_every_time() -> None:
    text = "Honestly, you should just restart it. Thanks anyway, I think."
    assert len({tone(text) for _ in range(5)}) == 1


def test_a_mistyped_setting_in_the_word_lists_is_named_in_one_line() -> None:
    raw = PACKAGED.replace("[warmth.gratitude]\n", "[warmth.gratitude]\nwieght = 1.0\n")
    with pytest.raises(ContentError, match=r"tone\.toml: field 'warmth\.gratitude\.wieght'"):
        parse_tone_lexicon(raw)


def test_a_wildcard_in_the_middle_of_a_phrase_is_refused() -> None:
    raw = PACKAGED.replace('"sort of",', '"sort* of",')
    with pytest.raises(ContentError, match="only ends a phrase"):
        parse_tone_lexicon(raw)


def test_the_packaged_word_lists_are_valid() -> None:
    assert parse_tone_lexicon(PACKAGED) == load_tone_lexicon()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_signals_between_zero_and_one(text: str) -> None:
    result = tone(text)
    assert 0.0 <= result.warmth <= 1.0 and 0.0 <= result.certainty <= 1.0
    for span in result.warm_spans + result.cold_spans + result.hedge_spans + result.boost_spans:
        assert 0 <= span.start < span.end <= len(text)
