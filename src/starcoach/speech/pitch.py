"""A small pitch (F0) tracker in numpy: YIN on 40 ms frames every 10 ms.

Written for this project (MIT), after de Cheveigné & Kawahara (2002), "YIN, a fundamental
frequency estimator for speech and music", JASA 111(4). It is the permissive default behind the
delivery metrics; nothing here needs praat or a GPL library.

Only delivery code imports this module, and the CLI imports that lazily, so numpy at the top
costs nothing at CLI start.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from starcoach.speech.types import SAMPLE_RATE

FRAME_SECONDS = 0.040
HOP_SECONDS = 0.010
F0_MIN = 60.0
F0_MAX = 400.0
# YIN's cumulative-mean-normalised difference must dip below this for a frame to count as
# voiced. The paper uses 0.1 on clean signals; 0.15 keeps breathy vowels without admitting noise.
YIN_THRESHOLD = 0.15
# Frames quieter than this, relative to the loudest frame, are silence whatever YIN says:
# 35 dB below the peak is where room noise and breath sit on a close microphone.
SILENCE_DB_BELOW_PEAK = 35.0
# And anything under -60 dBFS is silence even in a very quiet recording.
SILENCE_DBFS = -60.0
# Voiced runs shorter than this (frames) are dropped: a lone 10-30 ms "voiced" blip is almost
# always a consonant burst or a click, not a pitch the listener hears.
MIN_VOICED_RUN = 3
# Frames per FFT batch in track_pitch (see there).
_BATCH_FRAMES = 256

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PitchTrack:
    """F0 per frame (NaN where unvoiced) and each frame's level, on a fixed 10 ms grid."""

    times: FloatArray  # frame centres, seconds
    f0: FloatArray  # Hz, NaN where unvoiced or silent
    level_db: FloatArray  # frame RMS in dBFS

    @property
    def voiced(self) -> npt.NDArray[np.bool_]:
        """True for frames with a pitch."""
        return ~np.isnan(self.f0)

    def median_f0(self) -> float | None:
        """The typical pitch in Hz, or None when nothing was voiced."""
        values = self.f0[self.voiced]
        return float(np.median(values)) if values.size else None


def _frames(samples: FloatArray, length: int, hop: int) -> FloatArray:
    """Overlapping frames as rows; the tail is zero-padded so every sample is covered."""
    count = max(1, 1 + int(np.ceil(max(0, samples.size - length) / hop)))
    padded = np.zeros((count - 1) * hop + length)
    padded[: samples.size] = samples
    index = np.arange(length)[None, :] + hop * np.arange(count)[:, None]
    framed: FloatArray = padded[index]
    return framed


def _cmnd(frames: FloatArray, window: int, tau_max: int) -> FloatArray:
    """YIN's cumulative-mean-normalised difference d'(tau) for tau = 0..tau_max, per frame."""
    # d(tau) = e(0) + e(tau) - 2 r(tau), with r the cross-correlation of the first `window`
    # samples against the frame (via FFT) and e the windowed energies (via a running sum).
    size = 1 << int(np.ceil(np.log2(frames.shape[1] + window)))
    head = np.fft.rfft(frames[:, :window], size)
    whole = np.fft.rfft(frames, size)
    corr = np.fft.irfft(np.conj(head) * whole, size)[:, : tau_max + 1]
    squares = np.concatenate([np.zeros((frames.shape[0], 1)), np.cumsum(frames**2, axis=1)], axis=1)
    taus = np.arange(tau_max + 1)
    energy = squares[:, taus + window] - squares[:, taus]
    diff = np.maximum(energy[:, :1] + energy - 2.0 * corr, 0.0)
    running = np.cumsum(diff[:, 1:], axis=1)
    normalised: FloatArray = np.ones_like(diff)
    with np.errstate(divide="ignore", invalid="ignore"):
        normalised[:, 1:] = np.where(running > 0, diff[:, 1:] * taus[1:] / running, 1.0)
    return normalised


def _pick_lag(row: FloatArray, tau_min: int, threshold: float) -> float | None:
    """The first dip under the threshold, walked down to its minimum and refined by a parabola."""
    below = np.flatnonzero(row[tau_min:] < threshold)
    if not below.size:
        return None
    tau = int(below[0]) + tau_min
    while tau + 1 < row.size and row[tau + 1] < row[tau]:
        tau += 1
    if 0 < tau < row.size - 1:
        left, mid, right = float(row[tau - 1]), float(row[tau]), float(row[tau + 1])
        bend = left - 2.0 * mid + right
        if bend > 0:
            return tau + 0.5 * (left - right) / bend
    return float(tau)


def _drop_short_runs(f0: FloatArray, min_run: int) -> None:
    """Blank voiced runs shorter than ``min_run`` frames, in place."""
    voiced = ~np.isnan(f0)
    start = None
    for i, flag in enumerate([*voiced.tolist(), False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start < min_run:
                f0[start:i] = np.nan
            start = None


def track_pitch(
    samples: npt.ArrayLike,
    sample_rate: int = SAMPLE_RATE,
    *,
    f0_min: float = F0_MIN,
    f0_max: float = F0_MAX,
    threshold: float = YIN_THRESHOLD,
) -> PitchTrack:
    """Estimate F0 every 10 ms over 40 ms frames (YIN); unvoiced and silent frames are NaN."""
    signal = np.asarray(samples, dtype=np.float64).ravel()
    length = round(FRAME_SECONDS * sample_rate)
    hop = round(HOP_SECONDS * sample_rate)
    tau_min = max(2, int(np.floor(sample_rate / f0_max)))
    tau_max = int(np.ceil(sample_rate / f0_min))
    # The integration window must leave room for the longest lag inside the frame; at 16 kHz
    # that is 640 - 267 = 373 samples (23 ms), still more than one period of the lowest voice.
    window = length - tau_max
    if signal.size == 0 or window <= 0:
        empty = np.zeros(0)
        return PitchTrack(empty, empty.copy(), empty.copy())
    frames = _frames(signal, length, hop)
    times = (np.arange(frames.shape[0]) * hop + length / 2) / sample_rate
    rms = np.sqrt(np.mean(frames**2, axis=1))
    level_db = 20.0 * np.log10(np.maximum(rms, 1e-10))
    loud_enough = level_db > max(SILENCE_DBFS, float(level_db.max()) - SILENCE_DB_BELOW_PEAK)
    # Remove each frame's DC so a slow offset does not read as a very long period.
    centred = frames - frames.mean(axis=1, keepdims=True)
    f0 = np.full(frames.shape[0], np.nan)
    rows = np.flatnonzero(loud_enough)
    # A few hundred frames at a time: the same values as all at once, but the FFT's work arrays
    # stay a few MB instead of hundreds (a 2-minute answer ran in half the time).
    for first in range(0, rows.size, _BATCH_FRAMES):
        batch = rows[first : first + _BATCH_FRAMES]
        normalised = _cmnd(centred[batch], window, tau_max)
        for row_index, frame_index in enumerate(batch.tolist()):
            lag = _pick_lag(normalised[row_index], tau_min, threshold)
            if lag is not None and lag > 0:
                hz = sample_rate / lag
                if f0_min <= hz <= f0_max:
                    f0[frame_index] = hz
    _drop_short_runs(f0, MIN_VOICED_RUN)
    return PitchTrack(times, f0, level_db)


def semitone_spread(f0: npt.ArrayLike) -> float | None:
    """Standard deviation of voiced F0 in semitones around its median, or None with too little voice.

    Frames more than an octave from the median are left out first: they are almost always the
    tracker halving or doubling, not the speaker, and one of them moves the spread a lot.
    """
    values = np.asarray(f0, dtype=np.float64)
    values = values[~np.isnan(values)]
    # Fewer than 0.3 s of voicing says nothing about intonation.
    if values.size < 30:
        return None
    semitones = 12.0 * np.log2(values / np.median(values))
    kept = semitones[np.abs(semitones) <= 12.0]
    if kept.size < 30:
        return None
    return float(np.std(kept))
