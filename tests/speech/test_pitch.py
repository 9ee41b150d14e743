"""The numpy pitch tracker: steady tones, glides, silence and real (synthetic) speech."""

from __future__ import annotations

import numpy as np

from starcoach.speech.pitch import semitone_spread, track_pitch
from starcoach.speech.types import SAMPLE_RATE
from tests.speech._synth import espeak, needs_espeak, silence, tone


def test_a_150_hz_tone_reads_as_150_hz() -> None:
    track = track_pitch(tone(150.0, 1.0))
    median = track.median_f0()
    assert median is not None
    assert abs(median - 150.0) <= 3.0
    assert track.voiced.mean() > 0.9


def test_frames_come_every_10_ms() -> None:
    track = track_pitch(tone(200.0, 1.0))
    assert np.allclose(np.diff(track.times), 0.01)


def test_a_glide_from_120_to_240_hz_is_tracked_rising() -> None:
    seconds = 2.0
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    hz = 120.0 * 2.0 ** (t / seconds)  # one octave over two seconds
    glide = (0.5 * np.sin(2 * np.pi * np.cumsum(hz) / SAMPLE_RATE)).astype(np.float32)
    f0 = track_pitch(glide).f0
    quarter = f0.size // 4
    early, late = np.nanmedian(f0[:quarter]), np.nanmedian(f0[-quarter:])
    assert 120.0 <= early <= 145.0
    assert 200.0 <= late <= 240.0
    voiced = f0[~np.isnan(f0)]
    assert np.mean(np.diff(voiced) >= -0.5) > 0.95  # almost every step goes up


def test_silence_has_no_pitch() -> None:
    track = track_pitch(silence(1.0))
    assert not track.voiced.any()
    assert track.median_f0() is None


def test_empty_input_gives_an_empty_track() -> None:
    track = track_pitch(np.zeros(0, dtype=np.float32))
    assert track.f0.size == 0
    assert track.median_f0() is None


def test_a_hum_below_the_voice_range_is_not_voiced() -> None:
    assert not track_pitch(tone(40.0, 1.0)).voiced.any()


def test_white_noise_is_mostly_not_voiced() -> None:
    noise = np.random.default_rng(7).normal(0.0, 0.1, SAMPLE_RATE).astype(np.float32)
    assert track_pitch(noise).voiced.mean() < 0.05


def test_a_steady_pitch_has_no_spread_and_an_octave_step_does() -> None:
    assert semitone_spread(np.full(100, 150.0)) == 0.0
    two_levels = np.concatenate([np.full(100, 150.0), np.full(100, 150.0 * 2 ** (4 / 12))])
    spread = semitone_spread(two_levels)
    assert spread is not None
    assert abs(spread - 2.0) < 0.01  # half the frames 4 semitones up: SD of 2


def test_too_little_voicing_gives_no_spread() -> None:
    assert semitone_spread(np.array([150.0] * 10 + [np.nan] * 100)) is None


@needs_espeak
def test_espeak_speech_has_a_plausible_median_pitch() -> None:
    speech = espeak("My job was to get her back online and keep her from cancelling her plan.")
    track = track_pitch(speech)
    median = track.median_f0()
    assert median is not None
    assert 70.0 <= median <= 250.0
    assert track.voiced.mean() > 0.15
