"""Where a hesitation ("um", "uh", "er", "erm") was said, found in the sound rather than in Whisper's times.

Whisper writes the hesitations it is prompted to hear, but times them badly: its word starts lag
the voice, most of all around a filler, and a neighbouring word often stretches over it, which put
fillers 0.5-1.9 s after the moment they were said. A hesitation has a shape of its own in the sound:
a sustained, voiced syllable - one vowel, perhaps closing on a nasal - that stands apart from the
words either side by a short dip in level. This module cuts the speech into such "islands" on 5 ms
levels (the same levels and threshold the voice-activity edges use), and moves each filler Whisper
wrote onto the hesitation-shaped island nearest to where Whisper put it.

numpy and the pitch tracker are imported inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starcoach.speech.types import SAMPLE_RATE, SpeechRegion

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# The fillers whose place is looked for in the sound; "like" and "you know" are words, timed as words.
HESITATION_WORDS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "err", "ah", "eh", "hmm", "mm"})
_STEP_SECONDS = 0.005
_STEP = round(_STEP_SECONDS * SAMPLE_RATE)
# A dip this long under the voice threshold separates two islands (a stop closure is shorter, mostly).
_DIP_STEPS = 8  # 40 ms
# A hesitation lasts from a short "uh" to a long drawn-out "ummm"; one island is one such stretch.
_MIN_SECONDS, _MAX_SECONDS = 0.15, 1.5
# Most of a hesitation is voiced (a vowel, a nasal); a word island with consonants is less so.
_MIN_VOICED = 0.6
# Whisper's filler times lag the voice by up to about this much; it rarely puts one early.
_LOOK_BACK_SECONDS, _LOOK_AHEAD_SECONDS = 2.0, 0.3
# A hesitation the recogniser wrote no word for is reported from the sound alone only when it is plainly one:
# held at least this long, mostly voiced, and steady - one vowel (or vowel and nasal) whose spectrum barely
# moves, where words glide between vowels and consonants (median change of the band levels per 10 ms, dB).
_SUSTAINED_SECONDS = 0.35
_STEADY_DB = 1.6
# A hesitation that closes on a nasal ("um", "erm") loses its energy above 1 kHz against below it by this
# much from its first third to its last. Measured on the development voices: "um"/"erm" -7.5 to -13.6 dB
# (-2.7 down a telephone line), "uh"/"er" -2.9 to +0.1 dB. With no written word to fall back on, the
# middle of the gap decides.
_NASAL_DB = -7.0
_HALF_NASAL_DB = -5.0
# The voice threshold, as in vad._refine_edges: within this of a stretch's loud part, and above the background.
_BELOW_PEAK_DB = 30.0
_ABOVE_BACKGROUND_DB = 10.0


@dataclass(frozen=True)
class Island:
    """A stretch of voice bounded by dips in level, with how much of it is voiced (0-1)."""

    start: float
    end: float
    voiced: float

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.end - self.start


def _levels(samples: npt.NDArray[np.floating]) -> npt.NDArray[np.float64]:
    """The level of each 5 ms step in dBFS."""
    import numpy as np

    count = len(samples) // _STEP
    steps = np.asarray(samples[: count * _STEP], dtype=np.float64).reshape(count, _STEP)
    levels: npt.NDArray[np.float64] = 20 * np.log10(np.maximum(np.sqrt(np.mean(np.square(steps), axis=1)), 1e-5))
    return levels


def islands(samples: npt.NDArray[np.floating], regions: Sequence[SpeechRegion]) -> list[Island]:
    """The speech cut into islands at dips of at least 40 ms under the voice threshold."""
    import numpy as np

    from starcoach.speech.pitch import track_pitch

    levels = _levels(samples)
    if not levels.size:
        return []
    background = float(np.percentile(levels, 10)) + _ABOVE_BACKGROUND_DB
    found: list[tuple[int, int]] = []
    for region in regions:
        first = max(0, int(region.start / _STEP_SECONDS))
        stop = min(levels.size, int(np.ceil(region.end / _STEP_SECONDS)))
        if stop - first < 2:
            continue
        threshold = max(background, float(np.percentile(levels[first:stop], 95)) - _BELOW_PEAK_DB)
        found += _runs(levels[first:stop] > threshold, first)
    track = track_pitch(samples)
    voiced = ~np.isnan(track.f0)
    result = []
    for first, stop in found:
        start, end = first * _STEP_SECONDS, stop * _STEP_SECONDS
        inside = (track.times >= start) & (track.times < end)
        share = float(np.mean(voiced[inside])) if inside.any() else 0.0
        result.append(Island(round(start, 3), round(end, 3), share))
    return result


def _runs(loud: npt.NDArray[np.bool_], offset: int) -> list[tuple[int, int]]:
    """(first, stop) step indices of loud runs, bridging dips shorter than _DIP_STEPS."""
    import numpy as np

    edges = np.diff(np.concatenate([[0], loud.astype(np.int8), [0]]))
    runs: list[tuple[int, int]] = []
    for first, stop in zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()):
        if runs and first - runs[-1][1] < _DIP_STEPS:
            runs[-1] = (runs[-1][0], stop)
        else:
            runs.append((first, stop))
    return [(first + offset, stop + offset) for first, stop in runs]


def hesitation_shaped(island: Island) -> bool:
    """Whether an island could be a hesitation: one sustained, mostly voiced stretch."""
    return _MIN_SECONDS <= island.duration <= _MAX_SECONDS and island.voiced >= _MIN_VOICED


def place(start: float, end: float, candidates: Sequence[Island], taken: set[Island]) -> Island | None:
    """The hesitation-shaped island nearest to Whisper's (start, end) for a filler, or None.

    Only islands from _LOOK_BACK_SECONDS before to _LOOK_AHEAD_SECONDS after Whisper's times count,
    since Whisper's lag runs one way; an island already given to another filler is not given twice.
    """

    def distance(island: Island) -> float:
        return max(0.0, island.start - end, start - island.end)

    near = [
        island
        for island in candidates
        if island not in taken
        and hesitation_shaped(island)
        and island.end > start - _LOOK_BACK_SECONDS
        and island.start < end + _LOOK_AHEAD_SECONDS
    ]
    if not near:
        return None

    def overlap(island: Island) -> float:
        return min(island.end, end) - max(island.start, start)

    # Nearest first; among islands Whisper's span covers, the one it covers most (a word it stretched over
    # the hesitation covers the hesitation less than the hesitation's own span does).
    return min(near, key=lambda island: (distance(island), -overlap(island), island.start))


def _band_levels(segment: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Per 10 ms frame (32 ms window), levels in 18 log-spaced bands from 150 Hz to 4 kHz, less their mean."""
    import numpy as np

    window, hop = 512, SAMPLE_RATE // 100
    count = (len(segment) - window) // hop
    if count < 3:
        return np.zeros((0, 18))
    index = np.arange(window)[None, :] + hop * np.arange(count)[:, None]
    power = np.abs(np.fft.rfft(segment[index] * np.hanning(window), axis=1)) ** 2
    freqs = np.fft.rfftfreq(window, 1 / SAMPLE_RATE)
    edges = np.geomspace(150.0, 4000.0, 19)
    bands = np.stack([power[:, (freqs >= a) & (freqs < b)].sum(axis=1) for a, b in itertools.pairwise(edges)], 1)
    levels: npt.NDArray[np.float64] = 10 * np.log10(bands + 1e-10)
    centred: npt.NDArray[np.float64] = levels - levels.mean(axis=1, keepdims=True)
    return centred


def _segment(samples: npt.NDArray[np.floating], island: Island) -> npt.NDArray[np.float64]:
    import numpy as np

    first, stop = int(island.start * SAMPLE_RATE), int(island.end * SAMPLE_RATE)
    return np.asarray(samples[first:stop], dtype=np.float64)


def sustained(samples: npt.NDArray[np.floating], island: Island) -> bool:
    """Whether an island is plainly a hesitation: long, voiced and spectrally steady (see _STEADY_DB)."""
    import numpy as np

    if island.duration < _SUSTAINED_SECONDS or island.voiced < _MIN_VOICED or island.duration > _MAX_SECONDS:
        return False
    levels = _band_levels(_segment(samples, island))
    if len(levels) < 3:
        return False
    change = np.sqrt(np.mean(np.square(np.diff(levels, axis=0)), axis=1))
    return float(np.median(change)) <= _STEADY_DB


def nasal_close(samples: npt.NDArray[np.floating], island: Island) -> float:
    """How far (dB) the energy above 1 kHz falls against below it from the island's first third to its last."""
    import numpy as np

    segment = _segment(samples, island)
    third = len(segment) // 3
    if third < 64:
        return 0.0

    def tilt(part: npt.NDArray[np.float64]) -> float:
        power = np.abs(np.fft.rfft(part * np.hanning(len(part)))) ** 2
        freqs = np.fft.rfftfreq(len(part), 1 / SAMPLE_RATE)
        high = power[(freqs >= 1000) & (freqs < 4000)].sum() + 1e-12
        low = power[(freqs >= 100) & (freqs < 1000)].sum() + 1e-12
        return float(10 * np.log10(high / low))

    return tilt(segment[-third:]) - tilt(segment[:third])


def kind_heard(samples: npt.NDArray[np.floating], island: Island, written: str | None = None) -> str:
    """ "um" where the sound closes on a nasal; otherwise what the recogniser wrote, or "uh" when it wrote nothing.

    Only a plain nasal close overrides the recogniser: an "um" said with a weak or rhotic close (a
    Caribbean "erm") shows no clear drop, so the absence of one is not evidence of an "uh".
    """
    if nasal_close(samples, island) <= _NASAL_DB:
        return "um"
    if written is not None:
        return written
    return "um" if nasal_close(samples, island) <= _HALF_NASAL_DB else "uh"
