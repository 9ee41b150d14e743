"""Where the speaker talks and where they pause, from WebRTC's voice-activity detector.

webrtcvad classifies 30 ms frames of 16-bit PCM at 16 kHz; on its own its output flickers (a
frame of silence inside a stop consonant, a frame of "speech" on a click). Two smoothing steps
turn frames into stretches a listener would call speech:

1. gaps shorter than ``PAUSE_MIN`` are bridged, because silences that short happen *inside*
   fluent speech (stop closures, breaths between words) and nobody hears them as pauses;
2. stretches still shorter than ``MIN_SPEECH`` are dropped: a lone click or lip smack, not a word.

Bridging comes first so the short bursts of one word's syllables join before anything is judged
too short. Pauses come from these VAD stretches, not from the recogniser's word gaps: Whisper's
word timestamps stretch across silences and are not a measurement of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from starcoach.speech.types import SAMPLE_RATE, AudioChunk, SpeechRegion

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

FRAME_SECONDS = 0.030
FRAME_SAMPLES = round(FRAME_SECONDS * SAMPLE_RATE)  # 480
# 250 ms is the conventional threshold for a silent pause in fluency research (Goldman-Eisler):
# shorter silences sit inside words and between words of fluent speech and are not heard as pauses.
PAUSE_MIN = 0.25
# Anything shorter than a short syllable is a click, not speech.
MIN_SPEECH = 0.12
# 0 (permissive) to 3 (strict). 3 splits comma pauses in noisy speech; 2 was right on the measurements.
DEFAULT_MODE = 2
# Hangover trimming (see _raw_regions): how far above the background a frame must be to count as voice,
# and the most frames trimmed off a region's end (150 ms, the longest overhang measured).
_BACKGROUND_MARGIN_DB = 6.0
_MAX_HANGOVER = 5
# Spectral flatness (see _spectral_flatness): a frame flatter than this is noise whatever webrtcvad says
# (white noise sits at 0.5-0.65; voiced speech, even at 10 dB SNR, mostly below 0.3), and a run of
# frames whose median is flatter than the second threshold is noise too.
_NOISE_FLATNESS = 0.45
_NOISE_REGION_FLATNESS = 0.4
# Voicing (see _voiced): a frame whose YIN dip goes under this has a pitch. Looser than the pitch
# tracker's 0.15, since here it only has to tell a voice from noise, also a voice in noise.
_VOICING_THRESHOLD = 0.3
# Down to the pitch tracker's own floor: a deep voice runs at 65-80 Hz, and with a 75 Hz floor whole
# phrases of one (espeak-ng's "david", about 73 Hz) were taken for rumble and read as pauses.
_VOICING_F0_MIN, _VOICING_F0_MAX = 60.0, 400.0
# A stretch this long (frames) without one voiced frame is not speech, even when webrtcvad says so:
# every syllable has a vowel, so speech is voiced several times a second; a fan or a street is not.
_UNVOICED_RUN = 34  # about 1 s
# ...but this much (frames) either side of such a stretch stays speech: unvoiced word edges ("s", "t", "f").
_UNVOICED_EDGE = 5
# Edges (see _refine_edges): each stretch's ends are placed on 5 ms levels, not on webrtcvad's 30 ms frames,
# which put every edge up to a frame inside the silence and so shortened each pause by about one frame
# (true pauses of 0.70-0.75 s came out under the 0.7 s line). The voice is there while its level is within
# _EDGE_BELOW_PEAK_DB of the stretch's loud part and _EDGE_ABOVE_BACKGROUND_DB above the background: 35 dB
# below the vowels is where a word's weakest consonants sit, and a room's reverberant tail falls past it.
_FINE_SAMPLES = 80  # 5 ms
_FINE_PER_FRAME = FRAME_SAMPLES // _FINE_SAMPLES
_EDGE_BELOW_PEAK_DB = 30.0
_EDGE_ABOVE_BACKGROUND_DB = 10.0
# How far an edge may move: outwards at most one frame and a bit (webrtcvad's decision lags the onset by
# under a frame), inwards up to 150 ms (the hangover trimming above works on whole frames only).
_EDGE_OUT_FINE = 8
_EDGE_IN_FINE = 30
# FFT bins for 150 Hz-4 kHz at 16.67 Hz per bin (480-sample frames): the band voice energy lives in.
_BAND_LOW, _BAND_HIGH = 9, 241


@dataclass(frozen=True)
class _Frames:
    """Per-frame verdicts and loudness for a whole recording (a few bytes per 30 ms: 60k frames at the cap)."""

    start: float
    speech: npt.NDArray[np.bool_]
    level_db: npt.NDArray[np.float64]
    flatness: npt.NDArray[np.float64]
    fine_db: npt.NDArray[np.float64]  # the level of each 5 ms sub-frame, _FINE_PER_FRAME per frame


def _classify(chunks: Iterable[AudioChunk], mode: int) -> _Frames:
    """webrtcvad's verdict and the RMS level of each 30 ms frame; leftover samples carry across chunk boundaries."""
    import numpy as np
    import webrtcvad  # type: ignore[import-untyped]  # ships no type information

    vad = webrtcvad.Vad(mode)
    flags: list[bool] = []
    levels: list[npt.NDArray[np.float64]] = []
    fine: list[npt.NDArray[np.float64]] = []
    flatness: list[npt.NDArray[np.float64]] = []
    voicing: list[npt.NDArray[np.bool_]] = []
    carry: npt.NDArray[np.float32] = np.zeros(0, dtype=np.float32)
    start: float | None = None
    step = FRAME_SAMPLES * 2  # bytes per frame of 16-bit PCM
    for chunk in chunks:
        if start is None:
            start = chunk.offset
        samples = np.concatenate([carry, chunk.samples]) if carry.size else chunk.samples
        usable = len(samples) - len(samples) % FRAME_SAMPLES
        frames = np.clip(samples[:usable], -1.0, 1.0).reshape(-1, FRAME_SAMPLES)
        pcm = (frames * 32767).astype("<i2").tobytes()
        flags.extend(bool(vad.is_speech(pcm[at : at + step], SAMPLE_RATE)) for at in range(0, len(pcm), step))
        rms = np.sqrt(np.mean(np.square(frames, dtype=np.float64), axis=1))
        levels.append(20 * np.log10(np.maximum(rms, 1e-5)))  # floor at -100 dBFS: digital silence
        parts = frames.reshape(-1, _FINE_SAMPLES).astype(np.float64)
        fine.append(20 * np.log10(np.maximum(np.sqrt(np.mean(np.square(parts), axis=1)), 1e-5)))
        flatness.append(_spectral_flatness(frames))
        voicing.append(_voiced(frames))
        carry = samples[usable:]
    # A final partial frame (< 30 ms) is left out: too short for webrtcvad and too short to matter.
    level_db = np.concatenate(levels) if levels else np.zeros(0)
    flat = np.concatenate(flatness) if flatness else np.zeros(0)
    # webrtcvad calls steady broadband noise (hiss, static) speech; voice never sounds that flat.
    speech = np.array(flags, dtype=bool) & (flat < _NOISE_FLATNESS)
    # And it calls a low rumble (a fan, traffic) speech; a voice never goes a second without a pitch.
    voiced = np.concatenate(voicing) if voicing else np.zeros(0, dtype=bool)
    speech &= ~_long_unvoiced(voiced)
    fine_db = np.concatenate(fine) if fine else np.zeros(0)
    return _Frames(start or 0.0, speech, level_db, flat, fine_db)


def _long_unvoiced(voiced: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Frames inside runs of at least _UNVOICED_RUN frames without a held pitch, less _UNVOICED_EDGE at each end."""
    import numpy as np

    # A lone voiced frame is a chance dip in noise; a voice holds its pitch for longer than 30 ms.
    padded = np.concatenate([[False], voiced, [False]])
    held = voiced & (padded[:-2] | padded[2:])
    inside = np.zeros(voiced.size, dtype=bool)
    edges = np.diff(np.concatenate([[1], held.astype(np.int8), [1]]))
    for first, stop in zip(np.flatnonzero(edges == -1).tolist(), np.flatnonzero(edges == 1).tolist()):
        if stop - first >= _UNVOICED_RUN:
            inside[first + _UNVOICED_EDGE : stop - _UNVOICED_EDGE] = True
    return inside


def _voiced(frames: npt.NDArray[np.float32]) -> npt.NDArray[np.bool_]:
    """Per frame, whether it has a pitch: YIN's normalised difference dips under _VOICING_THRESHOLD."""
    import numpy as np

    from starcoach.speech.pitch import _cmnd

    if not len(frames):
        return np.zeros(0, dtype=bool)
    tau_min = int(SAMPLE_RATE / _VOICING_F0_MAX)
    tau_max = int(np.ceil(SAMPLE_RATE / _VOICING_F0_MIN))
    normalised = _cmnd(frames.astype(np.float64), FRAME_SAMPLES - tau_max, tau_max)
    dips: npt.NDArray[np.bool_] = normalised[:, tau_min:].min(axis=1) < _VOICING_THRESHOLD
    return dips


def _spectral_flatness(frames: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
    """Per frame, geometric over arithmetic mean of the power spectrum across 150 Hz-4 kHz.

    Near 0 for voiced speech (energy in harmonics), about 0.56 for white noise, 1 for digital silence.
    """
    import numpy as np

    if not len(frames):
        return np.zeros(0)
    power = np.abs(np.fft.rfft(frames * _hann(), axis=1)) ** 2
    band = power[:, _BAND_LOW:_BAND_HIGH] + 1e-12
    flat: npt.NDArray[np.float64] = np.exp(np.mean(np.log(band), axis=1)) / np.mean(band, axis=1)
    return flat


def _hann() -> npt.NDArray[np.float64]:
    import numpy as np

    return np.hanning(FRAME_SAMPLES)


def _raw_regions(frames: _Frames) -> list[SpeechRegion]:
    """Runs of speech frames, each with webrtcvad's hangover trimmed off its end.

    webrtcvad keeps saying "speech" for 90-150 ms after the voice stops (an overhang built into its
    smoothing), which would shorten every pause by that much. Trailing frames no louder than the
    recording's background (its 10th-percentile level + ``_BACKGROUND_MARGIN_DB``) are trimmed, at
    most ``_MAX_HANGOVER`` of them, so a soft word ending is never eaten.
    """
    import numpy as np

    if not frames.speech.size:
        return []
    background = float(np.percentile(frames.level_db, 10)) + _BACKGROUND_MARGIN_DB
    edges = np.diff(np.concatenate([[0], frames.speech.astype(np.int8), [0]]))
    regions = []
    for first, stop in zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()):
        end = stop
        while end > first and stop - end < _MAX_HANGOVER and frames.level_db[end - 1] <= background:
            end -= 1
        # A run that is mostly noise-flat is stray noise frames bridged together, not a voice.
        if end > first and float(np.median(frames.flatness[first:end])) < _NOISE_REGION_FLATNESS:
            regions.append(SpeechRegion(frames.start + first * FRAME_SECONDS, frames.start + end * FRAME_SECONDS))
    return regions


def smooth(
    regions: Iterable[SpeechRegion], pause_min: float = PAUSE_MIN, min_speech: float = MIN_SPEECH
) -> list[SpeechRegion]:
    """Bridge gaps shorter than ``pause_min``, then drop regions shorter than ``min_speech``."""
    merged: list[SpeechRegion] = []
    for region in regions:
        if merged and region.start - merged[-1].end < pause_min:
            merged[-1] = SpeechRegion(merged[-1].start, region.end)
        else:
            merged.append(region)
    return [region for region in merged if region.duration >= min_speech]


def speech_regions(
    chunks: Iterable[AudioChunk], mode: int = DEFAULT_MODE, *, exact_edges: bool = True
) -> list[SpeechRegion]:
    """The stretches of speech in consecutive chunks, smoothed (see the module's notes).

    ``exact_edges`` places each edge on 5 ms levels (see _refine_edges), which pauses need; the
    transcriber cuts and packs its windows on the frame edges, which its accuracy was measured with
    (tiny.en is sensitive to where its audio starts: a few tens of ms turned "technician" into "condition").
    Streams: chunks are classified one at a time and only per-frame results are kept.
    """
    frames = _classify(chunks, mode)
    regions = smooth(_raw_regions(frames))
    return _refine_edges(regions, frames) if exact_edges else regions


def _refine_edges(regions: list[SpeechRegion], frames: _Frames) -> list[SpeechRegion]:
    """Each stretch's start and end moved to where the voice's 5 ms level crosses its threshold.

    The threshold is the higher of the stretch's loud part (95th percentile of its 5 ms levels) less
    _EDGE_BELOW_PEAK_DB and the background plus _EDGE_ABOVE_BACKGROUND_DB. An edge moves outwards
    while the level stays above it (at most _EDGE_OUT_FINE steps) or inwards while it stays below
    (at most _EDGE_IN_FINE), never past a neighbouring stretch, and a stretch never shrinks to nothing.
    """
    import numpy as np

    fine = frames.fine_db
    if not regions or not fine.size:
        return regions
    background = float(np.percentile(frames.level_db, 10)) + _EDGE_ABOVE_BACKGROUND_DB
    step = FRAME_SECONDS / _FINE_PER_FRAME

    def index(seconds: float) -> int:
        return min(fine.size, max(0, round((seconds - frames.start) / step)))

    refined: list[SpeechRegion] = []
    for number, region in enumerate(regions):
        first, stop = index(region.start), index(region.end)
        if stop - first < 2:
            refined.append(region)
            continue
        threshold = max(background, float(np.percentile(fine[first:stop], 95)) - _EDGE_BELOW_PEAK_DB)
        floor = index(refined[-1].end) if refined else 0
        ceiling = index(regions[number + 1].start) if number + 1 < len(regions) else fine.size
        start = _walk_start(fine, first, stop, floor, threshold)
        end = _walk_end(fine, start, stop, ceiling, threshold)
        refined.append(SpeechRegion(frames.start + start * step, frames.start + end * step))
    return refined


def _walk_start(fine: npt.NDArray[np.float64], first: int, stop: int, floor: int, threshold: float) -> int:
    """The 5 ms step where the voice starts, searched around ``first`` (see _refine_edges)."""
    start = first
    if fine[start] > threshold:
        while start > max(floor, first - _EDGE_OUT_FINE) and fine[start - 1] > threshold:
            start -= 1
    else:
        while start < min(stop - 1, first + _EDGE_IN_FINE) and fine[start] <= threshold:
            start += 1
    return start


def _walk_end(fine: npt.NDArray[np.float64], start: int, stop: int, ceiling: int, threshold: float) -> int:
    """The 5 ms step where the voice ends (exclusive), searched around ``stop`` (see _refine_edges)."""
    end = stop
    if fine[end - 1] > threshold:
        while end < min(ceiling, stop + _EDGE_OUT_FINE, fine.size) and fine[end] > threshold:
            end += 1
    else:
        while end > max(start + 1, stop - _EDGE_IN_FINE) and fine[end - 1] <= threshold:
            end -= 1
    return end


def pauses(regions: Iterable[SpeechRegion], min_seconds: float = PAUSE_MIN) -> list[tuple[float, float]]:
    """Silences of at least ``min_seconds`` *between* speech regions, as (start, end).

    The silence before the first word and after the last is not a pause in the answer: the time
    to start is measured separately, and trailing silence is just the recording running on.
    """
    ordered = sorted(regions, key=lambda region: region.start)
    return [(before.end, after.start) for before, after in pairwise(ordered) if after.start - before.end >= min_seconds]
