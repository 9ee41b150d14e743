"""Microphone recording: blocks land in a real WAV file as they come; no microphone is one clear error."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from starcoach.errors import ConfigError
from starcoach.speech.microphone import WavWriter, input_rate, level_dbfs, meter


def test_blocks_are_written_to_a_playable_wav_as_they_arrive(tmp_path: Path) -> None:
    rate = 44_100
    tone = (0.5 * np.sin(2 * np.pi * 440 * np.arange(rate) / rate)).astype(np.float32)
    writer = WavWriter(tmp_path / "answer.wav", rate)
    levels = [writer.add(block)[1] for block in np.array_split(tone, 10)]
    assert writer.seconds == pytest.approx(1.0)
    path = writer.close()
    with wave.open(str(path)) as played:
        assert (played.getframerate(), played.getnchannels(), played.getnframes()) == (rate, 1, rate)
    # A 0.5-amplitude sine has an RMS of 0.354, about -9 dBFS.
    assert all(level == pytest.approx(-9.03, abs=0.1) for level in levels)


def test_a_stereo_block_is_mixed_to_mono(tmp_path: Path) -> None:
    writer = WavWriter(tmp_path / "answer.wav", 16_000)
    writer.add(np.stack([np.full(1600, 0.5, np.float32), np.full(1600, -0.5, np.float32)], axis=1))
    with wave.open(str(writer.close())) as played:
        assert played.getnchannels() == 1
        assert np.frombuffer(played.readframes(1600), "<i2").max() == 0


def test_the_level_meter_runs_from_silence_to_full_scale() -> None:
    assert level_dbfs(np.zeros(160, np.float32)) == -60.0
    assert level_dbfs(np.ones(160, np.float32)) == pytest.approx(0.0)
    assert meter(-60.0, width=10) == "-" * 10
    assert meter(0.0, width=10) == "#" * 10
    assert meter(-30.0, width=10) == "#####-----"


def test_a_missing_microphone_is_one_error_that_says_what_to_do_instead() -> None:
    with pytest.raises(ConfigError) as caught:
        input_rate("no such microphone anywhere")
    assert "no microphone was found" in caught.value.one_line()
    assert "starcoach analyze answer.wav" in caught.value.one_line()
