"""The shapes spoken answers pass through: decoded audio, timed words, speech regions, transcribers.

numpy is imported only for type checking, so importing these shapes stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# Every decoder resamples to this rate: what Whisper and the voice-activity detector expect.
SAMPLE_RATE = 16_000

Progress = Callable[[float, float], None]
"""Called with (seconds done, seconds in total) as long work advances."""


@dataclass(frozen=True)
class AudioChunk:
    """A stretch of decoded audio: mono float32 samples in [-1, 1] at SAMPLE_RATE, from ``offset`` seconds."""

    offset: float
    samples: npt.NDArray[np.float32]

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.samples) / SAMPLE_RATE


@dataclass(frozen=True)
class AudioInfo:
    """What a file holds, learned before decoding it whole."""

    source: str
    duration: float
    original_rate: int
    channels: int
    codec: str


@dataclass(frozen=True)
class TimedWord:
    """One recognised word, with where it sits in the recording and how sure the recogniser was."""

    text: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class SpeechRegion:
    """A stretch the voice-activity detector heard as speech."""

    start: float
    end: float

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.end - self.start


@dataclass(frozen=True)
class Transcript:
    """What was said, word by word, and what produced it."""

    words: tuple[TimedWord, ...]
    duration: float
    backend: str
    # Words the recogniser produced but the guards removed (over silence, or with no speech behind them).
    dropped: tuple[TimedWord, ...] = ()

    @property
    def text(self) -> str:
        """The words joined as one text, the way the analysis reads it."""
        return " ".join(word.text for word in self.words).strip()


class Transcriber(Protocol):
    """Anything that turns audio into timed words (registered in ``starcoach.backends``)."""

    # The id it is registered and chosen by, e.g. ``faster-whisper``.
    backend_id: str
    # What made a transcript, model included (``faster-whisper tiny.en``): kept with every report.
    name: str

    def transcribe(self, chunks: Iterator[AudioChunk], duration: float, progress: Progress | None = None) -> Transcript:
        """Transcribe a recording given as consecutive chunks; ``duration`` is the whole length in seconds."""
        ...


class Speaker(Protocol):
    """Anything that reads text aloud (registered in ``starcoach.backends`` as a voice)."""

    # The id it is registered and chosen by, e.g. ``espeak``.
    backend_id: str

    def synthesize(self, text: str) -> AudioChunk:
        """The text as speech (mono, SAMPLE_RATE)."""
        ...
