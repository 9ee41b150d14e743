"""Speech regions and pauses from webrtcvad: against silences of known length, in clean and noisy audio."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from starcoach.speech.types import AudioChunk, SpeechRegion
from starcoach.speech.vad import PAUSE_MIN, pauses, smooth, speech_regions

from ._audio import ESPEAK, RATE, add_noise, concat, rumble, silence, speak, white_noise

SENTENCES = (
    "I listened to the customer carefully.",
    "Then I offered a refund.",
    "She thanked me and stayed with us.",
    "The ticket was closed the same day.",
)
# Silences inserted after each sentence but the last: one just over PAUSE_MIN, then longer ones.
GAPS = (0.4, 0.8, 1.5)
TOLERANCE = 0.15  # seconds, for each boundary


def _chunks(samples: np.ndarray, seconds: float) -> Iterator[AudioChunk]:
    step = round(seconds * RATE)
    for start in range(0, len(samples), step):
        yield AudioChunk(start / RATE, samples[start : start + step])


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Sentences with silences of known length between them, 1 s of silence at each end; and the true pauses."""
    if ESPEAK is None:
        pytest.fail("espeak-ng is not installed: run `make test`, which installs it")
    tmp = tmp_path_factory.mktemp("vad")
    parts, truth, at = [silence(1.0)], [], 1.0
    for index, sentence in enumerate(SENTENCES):
        clip = speak(sentence, tmp)
        parts.append(clip)
        at += len(clip) / RATE
        if index < len(GAPS):
            parts.append(silence(GAPS[index]))
            truth.append((at, at + GAPS[index]))
            at += GAPS[index]
    parts.append(silence(1.0))
    return concat(*parts), truth


def _assert_pauses_match(found: list[tuple[float, float]], truth: list[tuple[float, float]]) -> None:
    assert len(found) == len(truth), (found, truth)
    for (start, end), (true_start, true_end) in zip(found, truth):
        assert abs(start - true_start) <= TOLERANCE, (found, truth)
        assert abs(end - true_end) <= TOLERANCE, (found, truth)


def test_pauses_match_the_planted_silences(planted: tuple[np.ndarray, list[tuple[float, float]]]) -> None:
    samples, truth = planted
    regions = speech_regions(_chunks(samples, 30.0))
    _assert_pauses_match(pauses(regions), truth)
    # The speech starts after the leading second of silence and ends before the trailing one.
    assert regions[0].start == pytest.approx(1.0, abs=TOLERANCE)
    assert regions[-1].end == pytest.approx(len(samples) / RATE - 1.0, abs=TOLERANCE)


@pytest.mark.parametrize("snr_db", [20, 10])
def test_pauses_survive_white_noise(planted: tuple[np.ndarray, list[tuple[float, float]]], snr_db: int) -> None:
    samples, truth = planted
    _assert_pauses_match(pauses(speech_regions(_chunks(add_noise(samples, snr_db), 30.0))), truth)


def test_state_carries_across_chunk_boundaries(planted: tuple[np.ndarray, list[tuple[float, float]]]) -> None:
    samples, _ = planted
    whole = speech_regions(_chunks(samples, 60.0))
    # 0.37 s is not a whole number of 30 ms frames: leftovers must carry into the next chunk.
    assert speech_regions(_chunks(samples, 0.37)) == whole


def test_chunk_offsets_place_the_regions(planted: tuple[np.ndarray, list[tuple[float, float]]]) -> None:
    samples, _ = planted
    shifted = speech_regions(AudioChunk(chunk.offset + 100.0, chunk.samples) for chunk in _chunks(samples, 5.0))
    assert [r.start - 100.0 for r in shifted] == pytest.approx([r.start for r in speech_regions(_chunks(samples, 5.0))])


def test_silence_and_noise_alone_have_no_speech() -> None:
    assert speech_regions(_chunks(silence(5.0), 30.0)) == []
    # webrtcvad alone calls loud white noise speech; the spectral-flatness check must not.
    for level in (0.01, 0.1, 0.3):
        assert speech_regions(_chunks(white_noise(5.0, level), 30.0)) == []


def test_a_rumble_is_not_speech_and_a_rumble_between_sentences_is_a_pause(tmp_path: Path) -> None:
    # webrtcvad calls a fan's or a street's low rumble speech, and it is not flat like hiss.
    assert speech_regions(_chunks(rumble(5.0, 0.02), 30.0)) == []
    before, after = speak(SENTENCES[0], tmp_path), speak(SENTENCES[1], tmp_path)
    samples = concat(silence(0.5), before, rumble(3.0, 0.02), after, silence(0.5))
    start = 0.5 + len(before) / RATE
    _assert_pauses_match(pauses(speech_regions(_chunks(samples, 30.0))), [(start, start + 3.0)])


def test_speech_over_a_rumble_keeps_its_pauses(planted: tuple[np.ndarray, list[tuple[float, float]]]) -> None:
    # The rumble runs under everything, 10 dB below the voice: the voice still has its pitch.
    samples, truth = planted
    voice = float(np.sqrt(np.mean(np.square(samples[np.abs(samples) > 1e-3]))))
    noisy = samples + rumble(len(samples) / RATE, voice / 10 ** (10 / 20))[: len(samples)]
    found = pauses(speech_regions(_chunks(noisy, 30.0)))
    # webrtcvad hears the short pause as speech under the rumble; what matters here is that no
    # sentence is cut where the voice goes on.
    assert found, found
    assert all(any(start < true_end and end > true_start for true_start, true_end in truth) for start, end in found)


def test_no_chunks_no_regions() -> None:
    assert speech_regions(iter(())) == []


def test_smoothing_bridges_short_gaps_then_drops_blips() -> None:
    raw = [
        SpeechRegion(1.0, 1.5),
        SpeechRegion(1.6, 2.0),  # 0.1 s gap: inside speech, bridged
        SpeechRegion(3.0, 3.06),  # 60 ms on its own: a click, dropped
        SpeechRegion(4.0, 4.09),  # 90 ms ...
        SpeechRegion(4.2, 4.29),  # ... and another 0.11 s later: bridged into 0.29 s, kept
    ]
    assert smooth(raw) == [SpeechRegion(1.0, 2.0), SpeechRegion(4.0, 4.29)]


def test_pauses_are_between_speech_only() -> None:
    regions = [SpeechRegion(2.0, 3.0), SpeechRegion(3.3, 4.0), SpeechRegion(6.0, 7.0)]
    # Before 2.0 and after 7.0 is not a pause; 0.3 s and 2.0 s are.
    assert pauses(regions) == [(3.0, 3.3), (4.0, 6.0)]
    assert pauses(regions, min_seconds=1.0) == [(4.0, 6.0)]
    assert pauses(list(reversed(regions)), min_seconds=1.0) == [(4.0, 6.0)]
    assert pauses([]) == [] and pauses(regions[:1]) == []


def test_pause_minimum_is_the_conventional_quarter_second() -> None:
    assert PAUSE_MIN == 0.25


def test_regions_are_plain_floats(planted: tuple[np.ndarray, list[tuple[float, float]]]) -> None:
    regions = speech_regions(_chunks(planted[0], 30.0))
    assert all(type(r.start) is float and type(r.end) is float for r in regions)


@pytest.mark.parametrize("gap", [0.72, 0.75])
def test_a_pause_just_over_the_line_is_measured_within_30_ms(tmp_path: Path, gap: float) -> None:
    # On 30 ms frames each edge fell up to a frame inside the silence, so a 0.72 s pause read 0.69 s.
    if ESPEAK is None:
        pytest.fail("espeak-ng is not installed: run `make test`, which installs it")
    first, second = speak(SENTENCES[0], tmp_path, voice="en-gb"), speak(SENTENCES[1], tmp_path, voice="en-gb")
    # A shift that puts both edges mid-frame, where frame-quantised edges are worst.
    lead = 1.013
    floor = white_noise(lead * 2 + (len(first) + len(second)) / RATE + gap, 3e-4, seed=3)
    samples = concat(silence(lead), first, silence(gap), second, silence(lead))
    samples = (samples + floor[: len(samples)]).astype(np.float32)
    true_start = lead + len(first) / RATE
    found = pauses(speech_regions(_chunks(samples, 30.0)), min_seconds=0.5)
    assert len(found) == 1, found
    start, end = found[0]
    assert abs(start - true_start) <= 0.03 and abs(end - (true_start + gap)) <= 0.03, (found, true_start)
    assert end - start >= 0.7


def test_a_gap_just_under_the_line_stays_under_it(tmp_path: Path) -> None:
    if ESPEAK is None:
        pytest.fail("espeak-ng is not installed: run `make test`, which installs it")
    first, second = speak(SENTENCES[2], tmp_path), speak(SENTENCES[3], tmp_path)
    samples = concat(silence(0.5), first, silence(0.64), second, silence(0.5))
    found = pauses(speech_regions(_chunks(samples, 30.0)), min_seconds=0.5)
    assert len(found) == 1 and found[0][1] - found[0][0] < 0.7, found


def test_a_deep_voice_is_speech_all_the_way_through(tmp_path: Path) -> None:
    # espeak-ng's "david" speaks at about 73 Hz, under the 75 Hz the voicing check once started at,
    # so whole phrases of it were taken for rumble and read as pauses.
    if ESPEAK is None:
        pytest.fail("espeak-ng is not installed: run `make test`, which installs it")
    said = speak("When we moved to a new help desk, old tickets lost their tags.", tmp_path, voice="en+david", wpm=140)
    samples = concat(silence(0.5), said, silence(0.5))
    found = pauses(speech_regions(_chunks(samples, 30.0)), min_seconds=0.7)
    assert found == []
