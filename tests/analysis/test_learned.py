"""The learned parts: what each sentence is read as, and models that can be swapped as one piece."""

from __future__ import annotations

from dataclasses import replace

from starcoach import analyze
from starcoach.analysis.answer import build_answer
from starcoach.analysis.language import LanguageResult, analyze_language
from starcoach.analysis.learned import pipeline_with_models, shipped_models
from starcoach.analysis.registry import Results

QUESTION = "Tell me about a time you dealt with an upset customer."


def _meanings(text: str) -> LanguageResult:
    return analyze_language.func(build_answer(text, QUESTION), Results())


def test_language_reads_who_acts_negation_mood_and_tense_per_sentence() -> None:
    result = _meanings(
        "I called the courier and rebooked the parcel. It wasn't the warehouse's fault. "
        "I would always stay calm. \u201cWhere is my order?\u201d she asked."
    )
    first, second, third, fourth = (s.features for s in result.sentences)
    assert first.get("who:i") and first.get("i:acts") and first.get("tense:past")
    assert second.get("neg") and not second.get("who:i")
    assert third.get("mood:hypothetical") and third.get("mood:habitual")
    assert fourth.get("quote") and fourth.get("asks")


def test_language_gives_related_sentences_closer_meaning_vectors() -> None:
    result = _meanings(
        "I read the account number back to her to be sure I had it right. "
        "I repeated the details to check I understood. "
        "The warehouse shut early because of the snow."
    )
    confirm, repeat, unrelated = result.vectors
    assert float(confirm @ repeat) > float(confirm @ unrelated)


def test_language_leaves_fillers_out_of_meaning() -> None:
    plain = _meanings("I checked the order and called her back.")
    with_fillers = _meanings("I um checked the order and uh called her back.")
    assert plain.sentences[0].words == with_fillers.sentences[0].words
    assert plain.sentences[0].features == with_fillers.sentences[0].features


def test_models_swapped_in_change_the_verdict_and_nothing_else_reads_the_shipped_ones() -> None:
    story = (
        "Last month a caller was upset that her refund was late. I could tell she'd been passed around all day, "
        "so I told her I'd stay with it until it was sorted. I traced the refund and it reached her the next day."
    )
    shipped = shipped_models()
    assert analyze(story, QUESTION).flags.empathy is True
    never = replace(shipped.flags.sentence["empathy"], threshold=1.01)
    strict = replace(shipped, flags=replace(shipped.flags, sentence={**shipped.flags.sentence, "empathy": never}))
    assert analyze(story, QUESTION, pipeline=pipeline_with_models(strict)).flags.empathy is False
    assert analyze(story, QUESTION).flags.empathy is True
