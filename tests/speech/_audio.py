"""Test audio made on the spot: espeak-ng speech, silences, noise, and the container formats users upload.

Everything is synthesised deterministically (fixed voices, fixed noise seeds) so a test sees the same
samples on every run. Encoding to FLAC, OGG/Opus, WebM/Opus and MP3 goes through PyAV's own encoders
(flac, libopus, libmp3lame), the same FFmpeg that decodes them in ``starcoach.speech.audio``.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt
import pytest

RATE = 16_000
ESPEAK = shutil.which("espeak-ng")

needs_espeak = pytest.mark.usefixtures("espeak_installed")

Samples = npt.NDArray[np.float32]


def speak(text: str, tmp: Path, *, voice: str = "en-us", wpm: int = 160, rate: int = RATE) -> Samples:
    """``text`` spoken by espeak-ng, as mono float32 at ``rate`` (espeak writes 22.05 kHz; resampled here)."""
    assert ESPEAK is not None
    out = tmp / f"espeak-{abs(hash((text, voice, wpm)))}.wav"
    subprocess.run([ESPEAK, "-v", voice, "-s", str(wpm), "-w", str(out), text], check=True, capture_output=True)
    samples, native = read_wav(out)
    return trim(resample(samples, native, rate))


def trim(samples: Samples, floor: float = 1e-3) -> Samples:
    """Cut the leading and trailing near-silence espeak pads its clips with, so inserted gaps are exact."""
    loud = np.flatnonzero(np.abs(samples) > floor)
    if loud.size == 0:
        return samples[:0]
    return samples[loud[0] : loud[-1] + 1]


def resample(samples: Samples, source: int, target: int) -> Samples:
    """Linear-interpolation resampling: crude, but enough for test material."""
    if source == target:
        return samples
    n = round(len(samples) * target / source)
    positions = np.arange(n) * (source / target)
    out: Samples = np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
    return out


def silence(seconds: float, rate: int = RATE) -> Samples:
    """Digital silence."""
    return np.zeros(round(seconds * rate), dtype=np.float32)


def white_noise(seconds: float, level: float, seed: int = 7, rate: int = RATE) -> Samples:
    """Gaussian white noise with RMS ``level`` (deterministic for a given seed)."""
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(round(seconds * rate)) * level).astype(np.float32)


def rumble(seconds: float, level: float, seed: int = 5, rate: int = RATE) -> Samples:
    """Low background rumble (a fan, traffic) with RMS ``level``: integrated white noise, its drift removed."""
    rng = np.random.default_rng(seed)
    walk = np.cumsum(rng.standard_normal(round(seconds * rate)))
    walk -= np.convolve(walk, np.ones(400) / 400, mode="same")
    return (walk / (np.sqrt(np.mean(walk**2)) + 1e-12) * level).astype(np.float32)


def add_noise(samples: Samples, snr_db: float, seed: int = 11) -> Samples:
    """``samples`` with white noise at ``snr_db`` below the speech's RMS (measured over voiced parts only)."""
    voiced = samples[np.abs(samples) > 1e-3]
    rms = float(np.sqrt(np.mean(np.square(voiced)))) if voiced.size else 0.0
    noise = white_noise(len(samples) / RATE, rms / (10 ** (snr_db / 20)), seed)
    noisy: Samples = np.clip(samples + noise[: len(samples)], -1.0, 1.0).astype(np.float32)
    return noisy


def concat(*parts: Samples) -> Samples:
    """Parts one after another."""
    return np.concatenate(parts).astype(np.float32)


def write_wav(path: Path, samples: Samples, rate: int = RATE, channels: int = 1) -> Path:
    """16-bit PCM WAV; ``channels=2`` writes the signal on the left and its half on the right."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    if channels == 2:
        pcm = np.stack([pcm, (pcm // 2).astype("<i2")], axis=1).reshape(-1)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return path


def read_wav(path: Path) -> tuple[Samples, int]:
    """A 16-bit WAV as mono float32, and its sample rate."""
    with wave.open(str(path), "rb") as src:
        rate = src.getframerate()
        channels = src.getnchannels()
        pcm = np.frombuffer(src.readframes(src.getnframes()), dtype="<i2")
    mono = pcm.reshape(-1, channels).mean(axis=1) if channels > 1 else pcm
    return (mono / 32768.0).astype(np.float32), rate


# container suffix -> (PyAV format name, codec, sample format, sample rate the codec is given)
FORMATS: dict[str, tuple[str, str, str, int]] = {
    ".flac": ("flac", "flac", "s16", 16_000),
    ".ogg": ("ogg", "libopus", "s16", 48_000),
    ".opus": ("ogg", "libopus", "s16", 48_000),
    ".webm": ("webm", "libopus", "s16", 48_000),
    ".mp3": ("mp3", "libmp3lame", "s16p", 44_100),
}


class _NoSeek(io.RawIOBase):
    """A write-only stream that cannot seek, as a browser's recorder streams WebM: no duration gets written."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def write(self, data: bytes) -> int:  # type: ignore[override]  # FFmpeg writes bytes
        return self.out.write(data)


def encode(path: Path, samples: Samples, rate: int = RATE, channels: int = 1, *, live: bool = False) -> Path:
    """Encode ``samples`` into the container ``path``'s suffix names, with PyAV (FFmpeg) encoders.

    ``live`` writes through a stream that cannot seek, so the container states no duration.
    """
    if live:
        with path.open("wb") as out:
            _encode(_NoSeek(out), path.suffix, samples, rate, channels)
    else:
        _encode(str(path), path.suffix, samples, rate, channels)
    return path


def _encode(target: str | _NoSeek, suffix: str, samples: Samples, rate: int, channels: int) -> None:
    import av

    fmt, codec, sample_fmt, codec_rate = FORMATS[suffix]
    layout = "mono" if channels == 1 else "stereo"
    data = resample(samples, rate, codec_rate)
    pcm = (np.clip(data, -1.0, 1.0) * 32767).astype(np.int16)
    planes = np.stack([pcm] * channels)  # (channels, n)
    with av.open(target, "w", format=fmt) as container:
        stream = container.add_stream(codec, rate=codec_rate, layout=layout)
        assert isinstance(stream, av.audio.stream.AudioStream)
        stream.format = sample_fmt
        frame_size = stream.codec_context.frame_size or 1024
        for start in range(0, planes.shape[1], frame_size):
            block = planes[:, start : start + frame_size]
            array = block if sample_fmt.endswith("p") else block.T.reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(array), format=sample_fmt, layout=layout)
            frame.sample_rate = codec_rate
            frame.pts = start
            frame.time_base = Fraction(1, codec_rate)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


def video_only(path: Path) -> Path:
    """A short video file with no audio track at all."""
    import av

    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for _ in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((64, 64, 3), np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path
