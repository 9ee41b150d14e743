"""The sound library (sounddevice, over PortAudio), loaded only when sound is used."""

from __future__ import annotations

from typing import Any

from starcoach.errors import ConfigError


def load_sounddevice(doing: str, instead: str) -> Any:  # the module; it ships no type information
    """The sounddevice module; a clear error saying what to install when PortAudio is missing.

    ``doing`` names the job ("recording", "playing sound"); ``instead`` says what works without it.
    """
    try:
        import sounddevice  # type: ignore[import-untyped]  # ships no type information
    except OSError as exc:  # sounddevice raises OSError at import when libportaudio is absent
        raise ConfigError(
            f"{doing} needs the PortAudio library, which is not installed",
            hint="Install it (Debian/Ubuntu: sudo apt-get install libportaudio2). " + instead,
        ) from exc
    return sounddevice
