"""Decoding recorded answers: any container FFmpeg reads, to mono float32 at 16 kHz, streamed in chunks.

PyAV (FFmpeg) does the demuxing, decoding and resampling, so WAV, FLAC, OGG/Opus, WebM, MP3 and the
rest all take one path. Audio is yielded chunk by chunk and never held whole, so a long file costs
the same memory as a short one. Every way a file can be unusable ends in a ``UserInputError`` that
names the file and says what to do.

Damage policy: keep what decodes, say so, refuse only when nearly nothing does. A recording cut off
mid-way is the common case, and FFmpeg already conceals much damage on its own (OGG and WebM drop
bad pages, a truncated WAV just ends), while other codecs raise on the same damage (a truncated FLAC
errors on its last frame, a corrupt MP3 frame errors mid-file). So a packet that fails to decode is
skipped, as the ffmpeg tool does, and the damage is reported once through ``on_damage`` (by default
a logged warning) so the caller can tell the user the answer was analysed as far as it survived.
A damaged file with less than ``_MIN_KEEP`` seconds of decodable audio is refused as damaged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from starcoach.errors import UserInputError
from starcoach.speech.types import SAMPLE_RATE, AudioChunk, AudioInfo

if TYPE_CHECKING:
    import av.audio.stream
    import av.container
    import numpy as np
    import numpy.typing as npt

# Longest recording accepted: far above a 2-minute answer, low enough to bound time and memory.
MAX_SECONDS = 30 * 60
# Container durations include encoder padding (MP3, Opus pre-skip), so a file right at the cap may read a little over.
_CAP_SLACK = 1.0

# A damaged file must still give at least this much audio to be worth analysing.
_MIN_KEEP = 0.5

DamageNote = Callable[[Path, float, str], None]
"""Told (file, seconds decoded when damage was first met, what was skipped) when a file was partly undecodable."""

_log = logging.getLogger(__name__)

_RECORD_HINT = "Record the answer again, or export it as WAV, FLAC, MP3, OGG or WebM and try that file."


def _check_path(path: Path) -> None:
    """Refuse what cannot be audio before FFmpeg sees it, with a message about the actual problem."""
    if not path.exists():
        raise UserInputError("no such file", where=str(path), hint="Check the path and the spelling.")
    if path.is_dir():
        raise UserInputError("this is a folder, not an audio file", where=str(path), hint="Give the recording's path.")
    if path.stat().st_size == 0:
        raise UserInputError("the file is empty (0 bytes)", where=str(path), hint=_RECORD_HINT)


def _open(path: Path) -> tuple[av.container.InputContainer, av.audio.stream.AudioStream]:
    """Open ``path`` and pick its first audio stream; refuse files FFmpeg cannot read or that hold no audio."""
    import av

    _check_path(path)
    try:
        container = av.open(str(path), mode="r")
    except PermissionError as exc:
        raise UserInputError("the file cannot be read (permission denied)", where=str(path)) from exc
    except (av.FFmpegError, UnicodeDecodeError) as exc:
        # InvalidDataError for text or random bytes; other FFmpeg errors for unsupported or broken headers.
        raise UserInputError(
            "this is not an audio file StarCoach can read", where=str(path), hint=_RECORD_HINT
        ) from exc
    if not container.streams.audio:
        container.close()
        raise UserInputError("the file holds no audio track", where=str(path), hint=_RECORD_HINT)
    return container, container.streams.audio[0]


def _stated_duration(container: av.container.InputContainer, stream: av.audio.stream.AudioStream) -> float | None:
    """The length the container's headers state, in seconds, or None when they don't say (live WebM, raw streams)."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000  # AV_TIME_BASE: microseconds
    return None


def _too_long(path: Path, seconds: float | None = None) -> UserInputError:
    length = f" ({seconds / 60:.0f} minutes)" if seconds is not None else ""
    return UserInputError(
        f"the recording is too long{length}; the limit is {MAX_SECONDS // 60} minutes",
        where=str(path),
        hint="Trim it to the answer itself (a good answer runs 1-2 minutes).",
    )


def _damaged(path: Path, at: float, exc: Exception | None) -> UserInputError:
    return UserInputError(
        f"the audio is damaged from {at:.1f} s and too little of it decodes ({exc})",
        where=str(path),
        hint="Record it again, or re-export it from the app that made it.",
    )


@dataclass
class _Damage:
    """Undecodable packets met while decoding: how many, and where the first one was."""

    count: int = 0
    skipped: float = 0.0  # seconds the skipped packets would have held, where the container says
    first_at: float = 0.0
    first_error: Exception | None = None

    def add(self, at: float, seconds: float, exc: Exception) -> None:
        if not self.count:
            self.first_at, self.first_error = at, exc
        self.count += 1
        self.skipped += seconds

    def describe(self) -> str:
        lost = f", about {self.skipped:.1f} s of audio" if self.skipped else ""
        return f"{self.count} damaged packet(s) skipped{lost}; first error: {self.first_error}"


def _log_damage(path: Path, at: float, what: str) -> None:
    _log.warning("%s: damaged audio from %.1f s: %s; analysing what decoded", path, at, what)


def _frames(
    container: av.container.InputContainer,
    stream: av.audio.stream.AudioStream,
    damage: _Damage,
) -> Iterator[av.AudioFrame | None]:
    """Decoded frames, skipping packets that fail to decode; a final None flushes the resampler."""
    import av

    decoded = 0.0  # seconds so far: where any damage is met
    packets = container.demux(stream)
    while True:
        try:
            packet = next(packets)
        except StopIteration:
            break
        except av.FFmpegError as exc:  # the container itself breaks off: treat as the end of the recording
            damage.add(decoded, 0.0, exc)
            break
        try:
            frames = packet.decode()
        except av.FFmpegError as exc:
            seconds = float(packet.duration * packet.time_base) if packet.duration and packet.time_base else 0.0
            damage.add(decoded, seconds, exc)
            continue
        for frame in frames:
            decoded += frame.samples / (frame.sample_rate or SAMPLE_RATE)
            yield frame
    yield None


def _count_seconds(path: Path, container: av.container.InputContainer, stream: av.audio.stream.AudioStream) -> float:
    """Decode (without resampling) to measure a file whose headers state no length; stops at the cap."""
    total = 0.0
    damage = _Damage()
    for frame in _frames(container, stream, damage):
        if frame is not None:
            total += frame.samples / (frame.sample_rate or SAMPLE_RATE)
            if total > MAX_SECONDS + _CAP_SLACK:
                raise _too_long(path)
    if damage.count and total < _MIN_KEEP:
        raise _damaged(path, damage.first_at, damage.first_error)
    return total


def probe(path: Path) -> AudioInfo:
    """What ``path`` holds: length, original rate, channels, codec. Refuses unreadable or over-long files.

    The length is the one the headers state; when they state none (e.g. a WebM from a browser's
    recorder) the file is decoded once to measure it, stopping as soon as it passes the cap.
    """
    path = Path(path)
    container, stream = _open(path)
    with container:
        context = stream.codec_context
        seconds = _stated_duration(container, stream)
        if seconds is None:
            seconds = _count_seconds(path, container, stream)
        if seconds > MAX_SECONDS + _CAP_SLACK:
            raise _too_long(path, seconds)
        return AudioInfo(
            source=str(path),
            duration=seconds,
            original_rate=context.sample_rate or 0,
            channels=context.layout.nb_channels if context.layout else 0,
            codec=context.name,
        )


def read_chunks(path: Path, seconds: float = 30.0, on_damage: DamageNote | None = None) -> Iterator[AudioChunk]:
    """Decode ``path`` to consecutive mono 16 kHz chunks of ``seconds`` (the last one shorter).

    Channels are averaged to mono and any rate resampled by FFmpeg's resampler. Memory holds one chunk plus
    one decoded frame. Files over ``MAX_SECONDS`` are refused before decoding when the headers state
    their length, and otherwise as soon as decoding passes the cap. Damaged stretches are skipped and
    reported once, at the end, to ``on_damage`` (default: a logged warning); see the module's policy.
    """
    import av
    import numpy as np

    if seconds <= 0:
        raise ValueError("chunk length must be positive")
    path = Path(path)
    container, stream = _open(path)
    with container:
        stated = _stated_duration(container, stream)
        if stated is not None and stated > MAX_SECONDS + _CAP_SLACK:
            raise _too_long(path, stated)
        # Resample but keep the channels, then average them: FFmpeg's own mono downmix sums channels at
        # -3 dB each, which makes a stereo file louder than its mono twin and can exceed full scale.
        resampler = av.AudioResampler(format="fltp", rate=SAMPLE_RATE)
        per_chunk = max(1, round(seconds * SAMPLE_RATE))
        cap = round((MAX_SECONDS + _CAP_SLACK) * SAMPLE_RATE)
        pending: list[npt.NDArray[np.float32]] = []
        held = 0  # samples in ``pending``
        emitted = 0  # samples already yielded
        damage = _Damage()

        for frame in _frames(container, stream, damage):
            for out in resampler.resample(frame):
                pending.append(out.to_ndarray().mean(axis=0, dtype=np.float32))
                held += out.samples
            if emitted + held > cap:
                raise _too_long(path)
            while held >= per_chunk:
                block = np.concatenate(pending)
                yield AudioChunk(offset=emitted / SAMPLE_RATE, samples=block[:per_chunk].copy())
                emitted += per_chunk
                rest = block[per_chunk:]
                pending, held = ([rest] if rest.size else []), int(rest.size)
        if damage.count:
            if emitted + held < _MIN_KEEP * SAMPLE_RATE:
                raise _damaged(path, damage.first_at, damage.first_error)
            (on_damage or _log_damage)(path, damage.first_at, damage.describe())
        if held:
            yield AudioChunk(offset=emitted / SAMPLE_RATE, samples=np.concatenate(pending))


def load(path: Path, on_damage: DamageNote | None = None) -> AudioChunk:
    """The whole of a short file as one chunk (refused over ``MAX_SECONDS`` and damaged like ``read_chunks``)."""
    import numpy as np

    parts = [chunk.samples for chunk in read_chunks(path, on_damage=on_damage)]
    samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    return AudioChunk(offset=0.0, samples=samples)
