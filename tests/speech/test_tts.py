"""Speech out: espeak-ng reads questions aloud at 16 kHz, text reaches it safely, failures are clear errors."""

from __future__ import annotations

import importlib.util
import io
import wave
from pathlib import Path

import numpy as np
import pytest

from starcoach.backends import make_voice
from starcoach.errors import ConfigError
from starcoach.settings import Settings
from starcoach.speech.tts import EspeakSpeaker, decode_wav, play, resample, speak
from starcoach.speech.types import SAMPLE_RATE, AudioChunk

needs_espeak = pytest.mark.usefixtures("espeak_installed")


def _loud(chunk: AudioChunk) -> float:
    return float(np.sqrt(np.mean(np.square(chunk.samples, dtype=np.float64))))


@needs_espeak
def test_espeak_reads_a_sentence_as_audible_16_khz_speech_of_plausible_length() -> None:
    chunk = EspeakSpeaker(rate_wpm=160).synthesize("Tell me about a time you turned an upset customer around.")
    assert chunk.samples.dtype == np.float32
    # Eleven words at 160 words a minute take about four seconds; espeak-ng adds a little silence.
    assert 2.0 < chunk.duration < 8.0
    assert _loud(chunk) > 0.01
    assert np.abs(chunk.samples).max() <= 1.0


@needs_espeak
def test_a_faster_rate_gives_shorter_audio() -> None:
    text = "Thank you for waiting. I have found your order and it ships today."
    assert EspeakSpeaker(rate_wpm=200).synthesize(text).duration < EspeakSpeaker(rate_wpm=120).synthesize(text).duration


@needs_espeak
def test_quotes_semicolons_and_leading_dashes_are_read_as_text_not_options(tmp_path: Path) -> None:
    marker = tmp_path / "should-not-exist.wav"
    # Were the text on a command line, "-w FILE" would make espeak-ng write there instead of stdout.
    chunk = EspeakSpeaker().synthesize(f'-w {marker} --help; "quoted" it\'s $(rm -rf /) `ls`')
    assert not marker.exists()
    assert chunk.duration > 1.0
    assert _loud(chunk) > 0.01


def test_a_missing_espeak_is_one_error_that_says_how_to_install_it(tmp_path: Path) -> None:
    speaker = EspeakSpeaker(executable=str(tmp_path / "no-such-espeak-ng"))
    with pytest.raises(ConfigError) as caught:
        speaker.synthesize("Hello.")
    assert "sudo apt-get install espeak-ng" in caught.value.one_line()


def test_a_rate_out_of_range_is_refused() -> None:
    with pytest.raises(ConfigError, match="out of range"):
        EspeakSpeaker(rate_wpm=1000)


def test_an_unknown_backend_names_the_ones_there_are(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        make_voice(Settings(home=tmp_path, voice="festival"))
    assert "espeak, piper" in caught.value.one_line()


@pytest.mark.skipif(importlib.util.find_spec("piper") is not None, reason="the piper extra is installed here")
def test_piper_without_the_extra_says_how_to_opt_in(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        make_voice(Settings(home=tmp_path, voice="piper"))
    assert "pip install 'starcoach[piper]'" in caught.value.one_line()


def test_playing_without_an_output_device_is_one_clear_error() -> None:
    # The test machines have no sound card (and a named device never exists): either PortAudio is
    # missing or there is no such output; both must end in a ConfigError that says what to do.
    chunk = AudioChunk(0.0, np.zeros(1600, np.float32))
    with pytest.raises(ConfigError) as caught:
        play(chunk, device="no such speakers anywhere")
    line = caught.value.one_line()
    assert "speakers" in line or "PortAudio" in line
    assert "shown on screen" in line


def test_speak_synthesizes_then_plays_the_same_audio() -> None:
    class Tone:
        name = "tone"

        def synthesize(self, text: str) -> AudioChunk:
            return AudioChunk(0.0, np.full(len(text) * 160, 0.1, np.float32))

    played: list[AudioChunk] = []
    chunk = speak("Hello.", Tone(), play=played.append)
    assert played == [chunk]
    assert chunk.duration == pytest.approx(0.06)


def test_a_22_khz_wav_is_decoded_to_16_khz_keeping_its_length_and_pitch() -> None:
    rate = 22_050
    tone = (0.5 * np.sin(2 * np.pi * 440 * np.arange(rate) / rate) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(tone.tobytes())
    chunk = decode_wav(buffer.getvalue())
    assert len(chunk.samples) == SAMPLE_RATE
    spectrum = np.abs(np.fft.rfft(chunk.samples))
    assert int(np.argmax(spectrum)) == 440  # 1 s of audio: bin n is n Hz


def test_resampling_to_the_same_rate_changes_nothing() -> None:
    samples = np.linspace(-1, 1, 100, dtype=np.float32)
    assert np.array_equal(resample(samples, SAMPLE_RATE), samples)
