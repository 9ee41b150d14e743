"""Real audio for speech tests: espeak-ng speech, tones and silence as float32 at SAMPLE_RATE."""

from __future__ import annotations

import io
import subprocess
import wave

import numpy as np
import numpy.typing as npt
import pytest

from starcoach.speech.types import SAMPLE_RATE

needs_espeak = pytest.mark.usefixtures("espeak_installed")


def espeak(text: str, *args: str) -> npt.NDArray[np.float32]:
    """``text`` read by espeak-ng (extra command-line ``args``), resampled to SAMPLE_RATE."""
    raw = subprocess.run(["espeak-ng", "--stdout", *args, text], capture_output=True, check=True).stdout
    with wave.open(io.BytesIO(raw)) as reader:
        rate = reader.getframerate()
        pcm = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
    count = int(len(pcm) * SAMPLE_RATE / rate)
    return np.interp(np.arange(count) * rate / SAMPLE_RATE, np.arange(len(pcm)), pcm).astype(np.float32)


def silence(seconds: float) -> npt.NDArray[np.float32]:
    """Digital silence."""
    return np.zeros(round(seconds * SAMPLE_RATE), dtype=np.float32)


def tone(hz: float, seconds: float, amplitude: float = 0.5) -> npt.NDArray[np.float32]:
    """A steady sine tone."""
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def write_wav(path: str, samples: npt.NDArray[np.float32]) -> None:
    """Save samples as a 16-bit mono WAV (for listening to a failing case)."""
    with wave.open(path, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
