"""Recording from the microphone: straight to a WAV file as it arrives, with a level for the meter.

The recording is written block by block, so memory stays flat however long the answer, and the
file exists on disk before anything tries to analyse it (a failed analysis can be retried).
"""

from __future__ import annotations

import math
import queue
import wave
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starcoach.errors import ConfigError
from starcoach.speech.sound import load_sounddevice

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MAX_RECORD_SECONDS = 10 * 60
SILENCE_FLOOR_DB = -60.0
_NO_MIC_HINT = "Answer by typing instead (leave out --voice), or record elsewhere and run: starcoach analyze answer.wav"


def level_dbfs(block: npt.NDArray[np.float32]) -> float:
    """The block's loudness in dB relative to full scale (RMS), floored at -60 dB."""
    import numpy as np

    if block.size == 0:
        return SILENCE_FLOOR_DB
    rms = float(np.sqrt(np.mean(np.square(block, dtype=np.float64))))
    return max(SILENCE_FLOOR_DB, 20 * math.log10(rms) if rms > 0 else SILENCE_FLOOR_DB)


def meter(db: float, width: int = 30) -> str:
    """A text level bar: empty at -60 dB, full at 0 dB."""
    filled = round(width * (db - SILENCE_FLOOR_DB) / -SILENCE_FLOOR_DB)
    return "#" * max(0, min(width, filled)) + "-" * (width - max(0, min(width, filled)))


class WavWriter:
    """Appends float blocks to a 16-bit mono WAV file as they come."""

    def __init__(self, path: Path, sample_rate: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.sample_rate = sample_rate
        self.frames = 0
        self._file = wave.open(str(path), "wb")  # noqa: SIM115  # closed in close(), across many calls
        self._file.setnchannels(1)
        self._file.setsampwidth(2)
        self._file.setframerate(sample_rate)

    def add(self, block: npt.NDArray[np.float32]) -> tuple[npt.NDArray[np.int16], float]:
        """Write one block (frames, or frames × channels, mixed to mono).

        Returns the 16-bit mono samples written (for work done while recording, see speech.live)
        and the block's level in dBFS (for the meter).
        """
        import numpy as np

        mono = block.mean(axis=1) if block.ndim == 2 else block
        pcm: npt.NDArray[np.int16] = (np.clip(mono, -1.0, 1.0) * 32767).astype("<i2")
        self._file.writeframes(pcm.tobytes())
        self.frames += len(pcm)
        return pcm, level_dbfs(mono.astype(np.float32))

    @property
    def seconds(self) -> float:
        """How much has been written."""
        return self.frames / self.sample_rate

    def close(self) -> Path:
        """Finish the file's header; returns its path."""
        self._file.close()
        return self.path


def _sounddevice() -> Any:  # the module; it ships no type information
    return load_sounddevice("recording", _NO_MIC_HINT)


def input_rate(device: int | str | None = None) -> int:
    """The microphone's sample rate (the default one unless named); a clear error when there is none."""
    sd = _sounddevice()
    try:
        info = sd.query_devices(device, kind="input")
    except Exception as exc:  # sounddevice raises PortAudioError (or ValueError) when there is no input
        raise ConfigError("no microphone was found", hint=_NO_MIC_HINT) from exc
    return int(info["default_samplerate"])


def record(
    path: Path,
    should_stop: Callable[[], bool],
    on_level: Callable[[float, float], None],
    max_seconds: float = MAX_RECORD_SECONDS,
    device: int | str | None = None,
    on_pcm: Callable[[npt.NDArray[np.int16], int], None] | None = None,
) -> Path:
    """Record the microphone into ``path`` until ``should_stop()`` or ``max_seconds``.

    ``on_pcm`` gets every block as written to the file (16-bit mono) with the sample rate, for
    work that goes on while the candidate speaks (see speech.live).
    """
    sd = _sounddevice()
    rate = input_rate(device)

    def write(block: npt.NDArray[np.float32]) -> float:
        pcm, db = writer.add(block)
        if on_pcm is not None:
            on_pcm(pcm, rate)
        return db

    blocks: queue.Queue[npt.NDArray[np.float32]] = queue.Queue()

    def callback(data: npt.NDArray[np.float32], frames: int, timing: object, status: object) -> None:
        # Runs on PortAudio's thread: hand the block over and return at once.
        blocks.put(data.copy())

    writer = WavWriter(path, rate)
    try:
        stream = sd.InputStream(samplerate=rate, device=device, channels=1, dtype="float32", callback=callback)
        with stream:
            while not should_stop() and writer.seconds < max_seconds:
                try:
                    block = blocks.get(timeout=0.1)
                except queue.Empty:
                    continue
                on_level(write(block), writer.seconds)
        while not blocks.empty():
            write(blocks.get_nowait())
    except ConfigError:
        raise
    except Exception as exc:  # PortAudio errors: device busy, unplugged mid-answer
        raise ConfigError(f"the microphone stopped working ({exc})", hint=_NO_MIC_HINT) from exc
    finally:
        writer.close()
    return path
