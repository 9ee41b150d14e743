"""The interviewer's voice for the browser: a question read by the server's TTS, as a WAV file.

Browsers' own speech synthesis often has no voice installed on Linux; the server always has
espeak-ng (or the voice the settings choose), so the room plays this and falls back to the
browser's when the server's voice cannot be used.
"""

from __future__ import annotations

import io
import threading
import wave
from collections import OrderedDict
from typing import TYPE_CHECKING

from starcoach.speech.types import SAMPLE_RATE

if TYPE_CHECKING:
    from starcoach.settings import Settings
    from starcoach.speech.types import Speaker

MAX_SPOKEN_CHARS = 1_000
# Spoken questions kept: the same questions are asked again and again.
_KEPT = 64


class ServerVoice:
    """The settings' voice, built when the first question is spoken (a neural voice takes a while to load)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._speaker: Speaker | None = None
        self._lock = threading.Lock()
        self._spoken: OrderedDict[str, bytes] = OrderedDict()

    def question_wav(self, text: str) -> bytes:
        """``text`` spoken by the configured voice, as 16-bit mono WAV."""
        with self._lock:
            if text in self._spoken:
                self._spoken.move_to_end(text)
                return self._spoken[text]
            if self._speaker is None:
                from starcoach.backends import make_voice

                self._speaker = make_voice(self._settings)
            speaker = self._speaker
        body = _wav(text, speaker)
        with self._lock:
            self._spoken[text] = body
            while len(self._spoken) > _KEPT:
                self._spoken.popitem(last=False)
        return body


def _wav(text: str, speaker: Speaker) -> bytes:
    """``text`` read by ``speaker`` as a WAV file."""
    import numpy as np

    chunk = speaker.synthesize(text[:MAX_SPOKEN_CHARS])
    pcm = (np.clip(chunk.samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm)
    return buffer.getvalue()
