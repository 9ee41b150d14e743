"""Transcription while recording: the microphone's blocks give the report the saved file gives."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from starcoach.errors import ConfigError
from starcoach.speech.live import LiveTranscription
from starcoach.speech.microphone import WavWriter
from starcoach.speech.recording import analyze_recording, whole_report
from starcoach.speech.transcribe import WhisperTranscriber

from ._audio import ESPEAK, concat, silence, speak

MIC_RATE = 44_100
SENTENCES = (
    "A customer wrote to us three times about a missing refund.",
    "I checked the payment and saw that it had gone to an old card.",
    "I called her, explained what had happened, and sent the money again that afternoon.",
    "Um, she thanked me and said she would stay with us.",
    "After that I added a card check to our refund steps.",
    "The team has used it ever since, and nobody has had the same problem.",
)
QUESTION = "Tell me about a time you fixed a problem for a customer."


@pytest.fixture(scope="module")
def answer(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    """About 40 s at the microphone's rate: sentences with pauses of 0.8-2.5 s, so more than one window."""
    if ESPEAK is None:
        pytest.fail("espeak-ng is not installed: run `make test`, which installs it")
    tmp = tmp_path_factory.mktemp("live")
    gaps = (0.8, 2.5, 1.2, 0.9, 2.0, 1.0)
    parts = [silence(1.5, MIC_RATE)]
    for _ in range(2):
        for sentence, gap in zip(SENTENCES, gaps):
            parts += [speak(sentence, tmp, rate=MIC_RATE), silence(gap, MIC_RATE)]
    return concat(*parts)


def _record(samples: np.ndarray, path: Path, transcription: LiveTranscription) -> None:
    """What microphone.record does with each block, in blocks of uneven size as PortAudio delivers them."""
    writer = WavWriter(path, MIC_RATE)
    sizes = np.random.default_rng(3).integers(256, 4096, size=len(samples) // 256 + 1)
    at = 0
    for size in sizes:
        block = samples[at : at + size]
        if not len(block):
            break
        pcm, _level = writer.add(block)
        transcription.add(pcm, MIC_RATE)
        at += size
    writer.close()


def test_the_live_report_is_the_report_of_the_saved_recording(
    whisper: WhisperTranscriber, answer: np.ndarray, tmp_path: Path
) -> None:
    transcription = LiveTranscription(whisper)
    path = tmp_path / "answer.wav"
    _record(answer, path, transcription)
    whole, transcript = transcription.finish()
    live = whole_report(whole, transcript, QUESTION, source=str(path), report_id="r1")
    saved = analyze_recording(path, QUESTION, transcriber=whisper, report_id="r1")
    assert len(transcript.words) > 80, transcript.text
    assert live.model_dump() == saved.model_dump()


def test_windows_are_transcribed_while_the_answer_is_still_coming(
    whisper: WhisperTranscriber, answer: np.ndarray
) -> None:
    transcription = LiveTranscription(whisper)
    blocks = [answer[start : start + 2048] for start in range(0, len(answer), 2048)]
    said_so_far = round(45 * MIC_RATE / 2048)
    for block in blocks[:said_so_far]:
        transcription.add((block * 32767).astype("<i2"), MIC_RATE)
    # 45 s in, with the candidate still talking, the first window is already transcribed.
    deadline = time.monotonic() + 60
    while transcription.transcribed_seconds == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert 15 <= transcription.transcribed_seconds <= 45
    for block in blocks[said_so_far:]:
        transcription.add((block * 32767).astype("<i2"), MIC_RATE)
    _whole, transcript = transcription.finish()
    assert transcript.words[-1].end > len(answer) / MIC_RATE - 4


def test_an_abandoned_answer_stops_the_transcription(whisper: WhisperTranscriber, answer: np.ndarray) -> None:
    transcription = LiveTranscription(whisper)
    for start in range(0, len(answer), 4096):
        transcription.add((answer[start : start + 4096] * 32767).astype("<i2"), MIC_RATE)
    transcription.cancel()
    deadline = time.monotonic() + 30
    while transcription.running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not transcription.running


def test_a_missing_model_is_reported_when_the_answer_ends(tmp_path: Path) -> None:
    transcription = LiveTranscription(WhisperTranscriber(model_dir=tmp_path / "nowhere"))
    transcription.add((silence(1.0, MIC_RATE) * 32767).astype("<i2"), MIC_RATE)
    with pytest.raises(ConfigError):
        transcription.finish()
