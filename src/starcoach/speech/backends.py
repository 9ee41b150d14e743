"""The built-in speech backends, registered through the same hooks a plugin uses.

Registering costs nothing: the recogniser and the voices import their heavy parts when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from starcoach.backends import BackendSpec
from starcoach.speech.tts import RATE_RANGE

if TYPE_CHECKING:
    from starcoach.backends import Register
    from starcoach.settings import Settings
    from starcoach.speech.transcribe import WhisperTranscriber
    from starcoach.speech.tts import EspeakSpeaker, PiperSpeaker


class FasterWhisperOptions(BaseModel):
    """Options of the ``faster-whisper`` recogniser (its model is the ``speech_model`` setting)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    threads: int = Field(default=2, ge=1, le=64, description="CPU threads Whisper decodes with.")


class EspeakOptions(BaseModel):
    """Options of the ``espeak`` voice."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(
        default="en-us", pattern=r"^[A-Za-z0-9+_-]{1,40}$", description="espeak-ng voice, e.g. en-gb."
    )
    rate_wpm: int = Field(default=160, ge=RATE_RANGE[0], le=RATE_RANGE[1], description="Speaking rate, words a minute.")


class PiperOptions(BaseModel):
    """Options of the ``piper`` voice."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    length_scale: float = Field(default=1.0, gt=0.25, le=4.0, description="Above 1 speaks slower, below 1 faster.")


def _whisper(options: FasterWhisperOptions, settings: Settings) -> WhisperTranscriber:
    from starcoach.speech.transcribe import WhisperTranscriber

    return WhisperTranscriber(size=settings.speech_model, threads=options.threads, home=settings.home)


def _espeak(options: EspeakOptions, settings: Settings) -> EspeakSpeaker:
    from starcoach.speech.tts import EspeakSpeaker

    return EspeakSpeaker(voice=options.language, rate_wpm=options.rate_wpm)


def _piper(options: PiperOptions, settings: Settings) -> PiperSpeaker:
    from starcoach.speech.tts import PiperSpeaker

    return PiperSpeaker(length_scale=options.length_scale)


def register_transcribers(register: Register) -> None:
    """The embedded recogniser: Whisper through faster-whisper, on the CPU, from installed packages."""
    register(BackendSpec("faster-whisper", FasterWhisperOptions, _whisper, "Whisper tiny.en or base, offline"))


def register_voices(register: Register) -> None:
    """espeak-ng (the default, a program we run) and Piper (an opt-in extra)."""
    register(BackendSpec("espeak", EspeakOptions, _espeak, "espeak-ng, run as a separate program"))
    register(BackendSpec("piper", PiperOptions, _piper, "Piper neural voice (pip install 'starcoach[piper]')"))
