"""Warmth and certainty as a candidate would notice them."""

from starcoach.analysis.analyzers.tone import certainty_of, warmth_of
from tests.analysis._helpers import signals, words


def test_tone_warmth_is_higher_for_courteous_wording_than_for_curt_orders() -> None:
    warm = "Thank you for waiting. I'm sorry about the delay, could you read me the order number, please?"
    curt = "Read me the order number. You should have kept the receipt. Why did you wait so long?"
    assert warmth_of(warm) > 0.6 > 0.4 > warmth_of(curt)


def test_tone_certainty_drops_with_hedging_and_rises_with_plain_statements() -> None:
    hedged = "I think it maybe helped a bit, probably, and it might have sort of improved things."
    plain = "It worked: the refund reached her in two days and she confirmed it by email."
    assert certainty_of(hedged) < 0.5 < certainty_of(plain)


def test_tone_flags_grovelling_when_apologies_pile_up() -> None:
    s = signals("I'm so so sorry. Sorry again, I apologise, this was all my fault entirely.")
    assert s.tone.grovelling is True
    assert signals("I'm sorry that happened; I fixed it the same day.").tone.grovelling is False


def test_tone_spans_point_at_the_words_that_moved_each_signal() -> None:
    s = signals("Thanks for asking. I think it probably worked.")
    assert "thanks" in words(s, s.tone.warm_spans)
    assert {"i think", "probably"} <= set(words(s, s.tone.hedge_spans))


def test_tone_is_the_same_every_time() -> None:
    text = "Honestly, you should just restart it. Thanks anyway."
    assert {warmth_of(text) for _ in range(5)} == {warmth_of(text)}
