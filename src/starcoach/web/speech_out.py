"""The interviewer's voice for the browser: a question read by the server's TTS, as a WAV file.

Browsers' own speech synthesis often has no voice installed on Linux; the server always has
espeak-ng (or the opt-in Piper voice), so the room plays this and falls back to the browser's.
"""

from __future__ import annotations

import io
import wave
from functools import lru_cache

import numpy as np

from starcoach.speech.types import SAMPLE_RATE

MAX_SPOKEN_CHARS = 1_000


@lru_cache(maxsize=64)
def question_wav(text: str, voice: str) -> bytes:
    """``text`` spoken by the ``voice`` backend, as 16-bit mono WAV (cached: questions repeat)."""
    from starcoach.speech.tts import make_speaker

    chunk = make_speaker(voice).synthesize(text[:MAX_SPOKEN_CHARS])
    pcm = (np.clip(chunk.samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm)
    return buffer.getvalue()
