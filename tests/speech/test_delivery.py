"""Delivery analytics and the spoken report, on hand-timed words and real espeak-ng audio."""

from __future__ import annotations

import json

import jsonschema
import numpy as np
import numpy.typing as npt
import pytest

from starcoach.analysis.engine import analyze
from starcoach.analysis.report import AnswerReport
from starcoach.analysis.schema import load_schema
from starcoach.errors import UserInputError
from starcoach.speech.delivery import MONOTONE_SEMITONES, measure_delivery, word_places
from starcoach.speech.spoken_report import spoken_report
from starcoach.speech.types import SAMPLE_RATE, AudioChunk, SpeechRegion, TimedWord, Transcript
from starcoach.speech.vad import speech_regions
from tests.speech._audio import trim
from tests.speech._synth import espeak, needs_espeak, silence

QUESTION = "Tell me about a time you handled an upset customer."
PART_ONE = "Last spring I was working the phone queue for an internet provider when a bakery owner called."
PART_TWO = "I booked a technician for the next morning and set a follow-up flag in Zendesk, and she stayed."


def _words(text: str, start: float, end: float) -> list[TimedWord]:
    """The words of ``text`` spread evenly from ``start`` to ``end`` seconds."""
    pieces = text.split()
    step = (end - start) / len(pieces)
    return [TimedWord(w, start + i * step, start + (i + 1) * step, 0.9) for i, w in enumerate(pieces)]


def _transcript(*parts: tuple[str, float, float], duration: float | None = None) -> Transcript:
    words = [w for text, start, end in parts for w in _words(text, start, end)]
    return Transcript(tuple(words), duration if duration is not None else words[-1].end, "test")


def _regions(*parts: tuple[str, float, float]) -> list[SpeechRegion]:
    return [SpeechRegion(start, end) for _, start, end in parts]


def test_a_6_s_answer_after_4_s_of_silence_starts_4_s_in() -> None:
    parts = [(PART_ONE, 4.0, 10.0)]
    delivery = measure_delivery(_transcript(*parts, duration=11.0), _regions(*parts), None)
    assert delivery.time_to_first_word == pytest.approx(4.0)
    assert delivery.duration_seconds == pytest.approx(6.0)
    assert delivery.recording_seconds == pytest.approx(11.0)


def test_time_to_first_word_counts_from_when_the_answer_could_start() -> None:
    parts = [(PART_ONE, 14.0, 20.0)]
    delivery = measure_delivery(_transcript(*parts), _regions(*parts), None, answer_started_at=10.0)
    assert delivery.time_to_first_word == pytest.approx(4.0)


def test_a_noise_region_without_words_does_not_count_as_the_start() -> None:
    parts = [(PART_ONE, 4.0, 10.0)]
    regions = [SpeechRegion(0.5, 0.9), *_regions(*parts)]  # a cough before the answer
    delivery = measure_delivery(_transcript(*parts), regions, None)
    assert delivery.time_to_first_word == pytest.approx(4.0)
    assert delivery.pauses == []


def test_a_2_s_pause_mid_answer_is_listed_with_its_start_and_end() -> None:
    parts = [(PART_ONE, 1.0, 7.0), (PART_TWO, 9.0, 15.0)]
    delivery = measure_delivery(_transcript(*parts), _regions(*parts), None)
    assert [(p.start, p.end, p.duration, p.long) for p in delivery.pauses] == [(7.0, 9.0, 2.0, False)]
    assert delivery.longest_pause == 2.0
    assert delivery.long_pauses == []


def test_a_silence_of_3_s_or_more_mid_answer_is_flagged_long() -> None:
    parts = [(PART_ONE, 1.0, 7.0), (PART_TWO, 11.5, 17.5)]
    delivery = measure_delivery(_transcript(*parts), _regions(*parts), None)
    assert [(p.start, p.duration) for p in delivery.long_pauses] == [(7.0, 4.5)]


def test_gaps_shorter_than_the_pause_threshold_are_not_pauses() -> None:
    parts = [(PART_ONE, 1.0, 7.0), (PART_TWO, 7.5, 13.5)]
    assert measure_delivery(_transcript(*parts), _regions(*parts), None).pauses == []


def test_without_regions_the_word_timings_mark_the_pauses() -> None:
    parts = [(PART_ONE, 1.0, 7.0), (PART_TWO, 9.0, 15.0)]
    delivery = measure_delivery(_transcript(*parts), [], None)
    assert [(p.start, p.end) for p in delivery.pauses] == [(7.0, 9.0)]


def test_words_per_minute_is_words_over_the_spoken_time() -> None:
    text = " ".join(["word"] * 30)
    parts = [(text, 2.0, 14.0)]  # 30 words in 12 s
    delivery = measure_delivery(_transcript(*parts), _regions(*parts), None)
    assert delivery.wpm == 150.0


def test_articulation_rate_leaves_the_pauses_out() -> None:
    text = " ".join(["word"] * 15)
    parts = [(text, 0.0, 6.0), (text, 10.0, 16.0)]  # 30 words, 12 s talking, 4 s pause
    delivery = measure_delivery(_transcript(*parts), _regions(*parts), None)
    assert delivery.wpm == pytest.approx(30 / 16 * 60, abs=0.1)
    assert delivery.articulation_wpm == 150.0


def test_fillers_carry_the_time_they_were_said() -> None:
    words = (
        TimedWord("So,", 1.0, 1.3, 0.9),
        TimedWord("um,", 1.5, 1.8, 0.9),
        TimedWord("I", 2.0, 2.1, 0.9),
        TimedWord("called,", 2.1, 2.5, 0.9),
        TimedWord("you", 2.6, 2.7, 0.9),
        TimedWord("know,", 2.7, 3.0, 0.9),
        TimedWord("the", 3.1, 3.2, 0.9),
        TimedWord("bakery.", 3.2, 3.8, 0.9),
    )
    delivery = measure_delivery(Transcript(words, 4.0, "test"), [SpeechRegion(1.0, 3.8)], None)
    assert [(f.text, f.start, f.end) for f in delivery.fillers] == [("um", 1.5, 1.8), ("you know", 2.6, 3.0)]


def test_the_verb_like_is_not_a_filler() -> None:
    parts = [("I like helping people who call in upset.", 1.0, 4.0)]
    assert measure_delivery(_transcript(*parts), _regions(*parts), None).fillers == []


def test_an_answer_that_opens_at_once_with_um_is_flagged() -> None:
    parts = [("Um, so last spring I was working the phone queue.", 0.2, 4.0)]
    delivery = measure_delivery(_transcript(*parts), _regions(*parts), None)
    assert delivery.instant_filler


def test_an_um_after_a_planning_pause_is_not_an_instant_filler() -> None:
    parts = [("Um, so last spring I was working the phone queue.", 4.0, 8.0)]
    delivery = measure_delivery(_transcript(*parts), _regions(*parts), None)
    assert not delivery.instant_filler
    assert [f.text for f in delivery.fillers] == ["Um"]


def test_without_audio_pitch_and_loudness_are_unknown() -> None:
    parts = [(PART_ONE, 1.0, 7.0)]
    delivery = measure_delivery(_transcript(*parts), _regions(*parts), None)
    assert delivery.pitch_variation is None
    assert delivery.monotone is None
    assert delivery.uneven_loudness is None


def test_every_metric_is_explained_with_its_good_range() -> None:
    parts = [(PART_ONE, 1.0, 7.0)]
    delivery = measure_delivery(_transcript(*parts), _regions(*parts), None)
    metrics = {note.metric for note in delivery.explanations}
    assert {"wpm", "pauses", "fillers", "time_to_first_word", "duration_seconds", "pitch_variation"} <= metrics
    assert all(note.good_range and note.text for note in delivery.explanations)


def test_word_places_match_the_transcript_text_even_with_whisper_spacing() -> None:
    words = (TimedWord(" I", 0.0, 0.2, 0.9), TimedWord(" called", 0.2, 0.6, 0.9), TimedWord(" back.", 0.6, 1.0, 0.9))
    transcript = Transcript(words, 1.0, "test")
    text = transcript.text
    assert [text[p.start : p.end] for p in word_places(transcript)] == ["I", "called", "back."]


def _story_audio(
    lead: float, gap: float, *voice: str
) -> tuple[npt.NDArray[np.float32], list[tuple[str, float, float]]]:
    """PART_ONE and PART_TWO read by espeak-ng after ``lead`` s of silence, ``gap`` s apart."""
    one, two = espeak(PART_ONE, *voice), espeak(PART_TWO, *voice)
    t1 = lead + len(one) / SAMPLE_RATE
    t2 = t1 + gap
    samples = np.concatenate([silence(lead), one, silence(gap), two, silence(0.5)])
    return samples, [(PART_ONE, lead, t1), (PART_TWO, t2, t2 + len(two) / SAMPLE_RATE)]


@needs_espeak
def test_espeak_flat_voice_is_flagged_monotone() -> None:
    samples, parts = _story_audio(1.0, 1.0)
    delivery = measure_delivery(_transcript(*parts), _regions(*parts), samples)
    assert delivery.pitch_variation is not None
    assert delivery.pitch_variation < MONOTONE_SEMITONES
    assert delivery.monotone is True
    assert delivery.pitch_median_hz is not None and 70 <= delivery.pitch_median_hz <= 250


@needs_espeak
def test_a_voice_that_moves_between_phrases_is_not_monotone() -> None:
    # Each phrase read at a different espeak pitch: the up-and-down of a lively speaker.
    phrases = ["Last spring I was working", "the phone queue", "for an internet provider", "when a bakery owner"]
    pieces = [espeak(text, "-p", pitch) for text, pitch in zip(phrases, ["15", "85", "30", "95"], strict=True)]
    samples = np.concatenate(pieces)
    end = len(samples) / SAMPLE_RATE
    parts = [(" ".join(phrases), 0.0, end)]
    delivery = measure_delivery(_transcript(*parts), _regions(*parts), samples)
    assert delivery.pitch_variation is not None
    assert delivery.pitch_variation >= MONOTONE_SEMITONES
    assert delivery.monotone is False


@needs_espeak
def test_steady_synthetic_speech_has_even_loudness_and_a_fading_one_does_not() -> None:
    samples, parts = _story_audio(0.5, 0.5)
    steady = measure_delivery(_transcript(*parts), _regions(*parts), samples)
    assert steady.uneven_loudness is False
    fade = (10.0 ** (np.linspace(0.0, -24.0, len(samples)) / 20.0)).astype(np.float32)  # 24 dB down
    fading = measure_delivery(_transcript(*parts), _regions(*parts), samples * fade)
    assert fading.uneven_loudness is True


@needs_espeak
def test_a_second_half_10_db_quieter_counts_as_uneven_loudness() -> None:
    samples, parts = _story_audio(0.5, 0.5)
    half = len(samples) // 2
    gain = np.where(np.arange(len(samples)) < half, 1.0, 10.0 ** (-11.0 / 20.0)).astype(np.float32)
    delivery = measure_delivery(_transcript(*parts), _regions(*parts), samples * gain)
    assert delivery.uneven_loudness is True


@needs_espeak
def test_the_spoken_report_carries_delivery_and_transcript_and_honours_the_report_schema() -> None:
    samples, parts = _story_audio(4.0, 3.5)
    transcript = _transcript(*parts, duration=len(samples) / SAMPLE_RATE)
    report = spoken_report(transcript, _regions(*parts), samples, QUESTION)
    data = json.loads(report.model_dump_json())
    jsonschema.validate(data, load_schema())
    assert data["transcript"] == transcript.text
    assert data["delivery"]["time_to_first_word"] == pytest.approx(4.0)
    assert AnswerReport.model_validate_json(report.model_dump_json()) == report


def test_a_long_silence_becomes_a_fix_that_quotes_the_words_around_it() -> None:
    parts = [(PART_ONE, 1.0, 7.0), (PART_TWO, 11.0, 17.0)]
    report = spoken_report(_transcript(*parts), _regions(*parts), None, QUESTION)
    (item,) = [f for f in report.feedback if f.id == "delivery_long_pause"]
    assert item.kind == "fix"
    assert "4.0 s silence at 0:07" in item.message
    assert item.evidence[0].text == "owner called. I booked"
    assert report.transcript is not None
    assert report.transcript[item.evidence[0].start : item.evidence[0].end] == item.evidence[0].text


def test_the_measured_pace_sets_the_spoken_length() -> None:
    text = " ".join([PART_ONE, PART_TWO] * 2)
    parts = [(text, 0.0, 30.0)]  # about 66 words in 30 s
    report = spoken_report(_transcript(*parts), _regions(*parts), None, QUESTION)
    assert report.delivery is not None
    assert report.words_per_minute == report.delivery.wpm
    assert report.estimated_seconds == pytest.approx(30.0, abs=0.2)


def test_a_typed_report_leaves_delivery_and_transcript_out_of_the_json() -> None:
    data = json.loads(analyze(PART_ONE + " " + PART_TWO, QUESTION).model_dump_json())
    assert "delivery" not in data and "transcript" not in data
    jsonschema.validate(data, load_schema())


def test_a_recording_with_no_words_is_refused_with_a_clear_line() -> None:
    with pytest.raises(UserInputError, match=r"no speech was heard in answer\.wav"):
        spoken_report(Transcript((), 5.0, "test"), [], silence(5.0), source="answer.wav")


def test_fillers_are_left_out_of_the_pace_and_shown_beside_it() -> None:
    # 30 words of answer and 10 hesitations in 16 s: 112 words a minute of answer, 150 counting the fillers.
    content = (PART_ONE + " " + PART_TWO).split()[:30]
    said = [w for i, word in enumerate(content) for w in ([word, "um"] if i % 3 == 2 else [word])]
    parts = [(" ".join(said), 1.0, 17.0)]
    delivery = measure_delivery(_transcript(*parts), _regions(*parts), None)
    assert len(delivery.fillers) == 10
    assert delivery.wpm == pytest.approx(30 / 16 * 60, abs=0.1)
    assert delivery.wpm_with_fillers == pytest.approx(40 / 16 * 60, abs=0.1)
    note = next(n for n in delivery.explanations if n.metric == "wpm")
    assert "112 words per minute (150 counting fillers)" in note.text


def test_a_filler_heavy_answer_at_an_easy_pace_is_not_told_to_slow_down() -> None:
    # 50 words in 20 s with 12 "um"s: 114 wpm of answer (slow side of easy), 150 counting every sound.
    body = PART_ONE.split() + PART_TWO.split()
    words = []
    for index, word in enumerate(body[:38]):
        words.append(word)
        if index % 3 == 2 and len(words) < 50:
            words.append("um")
    text = " ".join(words[:50])
    parts = [(text, 1.0, 21.0)]
    report = spoken_report(_transcript(*parts), _regions(*parts), None, QUESTION)
    assert report.delivery is not None and report.delivery.wpm < 130 < report.delivery.wpm_with_fillers
    assert not [i for i in report.feedback if i.id == "delivery_pace" and "Slow down" in i.message]


@pytest.mark.parametrize(
    ("text", "fillers"),
    [
        ("I was kind of worried she would leave, so I offered store credit.", []),
        ("What kind of fix would help her most, I asked.", []),
        ("Then I refunded the charge and like emailed her the confirmation.", ["like"]),
        ("It felt like a relay race, and like the others we finished early.", []),
        ("She was, like, ready to cancel her account.", ["like"]),
    ],
)
def test_like_and_kind_of_are_fillers_only_where_the_sentence_says_so(text: str, fillers: list[str]) -> None:
    parts = [(text, 1.0, 5.0)]
    assert [f.text for f in measure_delivery(_transcript(*parts), _regions(*parts), None).fillers] == fillers


@needs_espeak
def test_a_hesitation_whisper_timed_late_is_placed_where_it_was_said() -> None:
    # Real audio; the transcript is what Whisper wrote for it, with the "um" it put 1.2 s late and the
    # word before stretched over the hesitation (as tiny.en does).
    before, filler, after = (
        espeak("I checked", "-s", "150"),
        espeak("um", "-s", "80"),
        espeak("the history", "-s", "150"),
    )
    lead = 1.0
    parts = [silence(lead), before, silence(0.15)]
    said_at = sum(map(len, parts)) / SAMPLE_RATE
    parts += [filler, silence(0.15)]
    resumed = sum(map(len, parts)) / SAMPLE_RATE
    samples = np.concatenate([*parts, after, silence(0.8)])
    end = len(samples) / SAMPLE_RATE - 0.8
    words = (
        TimedWord("I", lead, lead + 0.2, 0.9),
        TimedWord("checked,", lead + 0.2, said_at + 0.5, 0.9),
        TimedWord("um,", said_at + 1.2, said_at + 1.4, 0.9),
        TimedWord("the", said_at + 1.4, said_at + 1.5, 0.9),
        TimedWord("history.", said_at + 1.5, end, 0.9),
    )
    regions = speech_regions([AudioChunk(0.0, samples)])
    delivery = measure_delivery(Transcript(words, end + 0.8, "test"), regions, samples)
    assert [f.text for f in delivery.fillers] == ["um"]
    assert abs(delivery.fillers[0].start - said_at) <= 0.1, (delivery.fillers, said_at)
    assert delivery.fillers[0].end <= resumed


def _hesitant(filler: str, voice: str = "en-us") -> tuple[npt.NDArray[np.float32], float, float, float]:
    """ "I checked", a drawn-out ``filler``, "the payment history": the audio, and when the filler began and ended,
    and when the words resumed."""
    before = trim(espeak("I checked", "-v", voice, "-s", "150"))
    held = trim(espeak(filler, "-v", voice, "-s", "80"))
    after = trim(espeak("the payment history", "-v", voice, "-s", "150"))
    parts = [silence(1.0), before, silence(0.15)]
    said_at = sum(map(len, parts)) / SAMPLE_RATE
    parts += [held]
    ended = sum(map(len, parts)) / SAMPLE_RATE
    parts += [silence(0.15)]
    resumed = sum(map(len, parts)) / SAMPLE_RATE
    return np.concatenate([*parts, after, silence(0.8)]), said_at, ended, resumed


@needs_espeak
def test_a_hesitation_with_no_word_written_for_it_is_heard_from_the_sound() -> None:
    samples, said_at, ended, resumed = _hesitant("um")
    end = len(samples) / SAMPLE_RATE - 0.8
    words = (
        TimedWord("I", 1.0, 1.2, 0.9),
        TimedWord("checked", 1.2, said_at - 0.1, 0.9),
        TimedWord("the", resumed, resumed + 0.15, 0.9),
        TimedWord("payment", resumed + 0.15, resumed + 0.6, 0.9),
        TimedWord("history.", resumed + 0.6, end, 0.9),
    )
    regions = speech_regions([AudioChunk(0.0, samples)])
    delivery = measure_delivery(Transcript(words, end + 0.8, "test"), regions, samples)
    assert [f.text for f in delivery.fillers] == ["um"]
    assert abs(delivery.fillers[0].start - said_at) <= 0.1 and abs(delivery.fillers[0].end - ended) <= 0.1
    # Heard, not written: it counts in the pace with fillers, not in the plain one.
    assert delivery.wpm == pytest.approx(5 / delivery.duration_seconds * 60, abs=0.1)
    assert delivery.wpm_with_fillers == pytest.approx(6 / delivery.duration_seconds * 60, abs=0.1)


@needs_espeak
@pytest.mark.parametrize(("said", "written", "reported"), [("um", "uh", "um"), ("uh", "uh", "uh")])
def test_a_hesitation_is_named_by_whether_it_closes_on_a_nasal(said: str, written: str, reported: str) -> None:
    samples, said_at, _, resumed = _hesitant(said)
    end = len(samples) / SAMPLE_RATE - 0.8
    words = (
        TimedWord("I", 1.0, 1.2, 0.9),
        TimedWord("checked,", 1.2, said_at - 0.1, 0.9),
        TimedWord(f"{written},", said_at + 0.3, resumed + 0.1, 0.9),
        TimedWord("the", resumed + 0.1, resumed + 0.25, 0.9),
        TimedWord("history.", resumed + 0.25, end, 0.9),
    )
    regions = speech_regions([AudioChunk(0.0, samples)])
    delivery = measure_delivery(Transcript(words, end + 0.8, "test"), regions, samples)
    assert [f.text for f in delivery.fillers] == [reported]


@needs_espeak
def test_fluent_speech_has_no_hesitation_heard_in_it() -> None:
    said = espeak(f"{PART_ONE} {PART_TWO}", "-s", "140")
    samples = np.concatenate([silence(1.0), said, silence(0.8)])
    regions = speech_regions([AudioChunk(0.0, samples)])
    parts = [(f"{PART_ONE} {PART_TWO}", regions[0].start, regions[-1].end)]
    delivery = measure_delivery(_transcript(*parts), regions, samples)
    assert delivery.fillers == []
