"""Speech to timed words with faster-whisper (CTranslate2, int8, CPU), guarded against invented words.

How a recording goes through:

1. Audio is gathered into windows cut in silences the voice-activity detector found, so no word is
   split between two windows. Memory holds one window (at most ``MAX_SPAN_SECONDS``) plus one
   incoming chunk, however long the recording.
2. Whisper hears each window with its silences shortened to ``PACKED_SILENCE_SECONDS`` and zeroed
   (see _pack): it invents words on silence and noise, tends to stop listening after a long
   silence, and pays a full 30 s encoder pass per window. Its times are mapped back to the
   recording. A window with no speech at all is not shown to Whisper.
3. Decoding is deterministic (temperature 0 only, no sampling fallback), so the same recording
   always gives the same words and the same report.
4. Guards: a segment Whisper itself thinks is no speech (high ``no_speech_prob`` with low
   ``avg_logprob``) or that repeats itself (high compression ratio) is dropped, and so is any word
   lying outside every VAD speech region. What the guards remove goes to ``Transcript.dropped``.
5. Timing: each word is clamped into the stretch of speech it belongs to, and its start moved back
   to where the voice already was (Whisper's starts lag, most of all on fillers; see _close_gaps).

Heavy imports (faster_whisper, numpy, av) happen inside functions, so importing this module is cheap.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starcoach.speech.types import SAMPLE_RATE, AudioChunk, Progress, SpeechRegion, TimedWord, Transcript
from starcoach.speech.vad import speech_regions
from starcoach.speech.whisper_models import ModelFiles, locate, verify

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# Whisper hears 30 s at a time; a window holds at most this much once its silences are shortened
# (see _pack), leaving room for the last word to end.
WINDOW_SECONDS = 28.0
# Before Whisper hears a window, every silence in it is shortened to at most this: tiny.en tends to
# stop transcribing for the rest of a window after a long silence, and each extra window costs a
# full 30 s encoder pass. Pauses are measured on the recording itself (vad, delivery), not here.
# Not shorter: at 0.5 s WER on the benchmark set rose from 9.0 to 10.4 % (sentences ran together);
# 1.5 s gave 9.4 %.
PACKED_SILENCE_SECONDS = 1.0
# A window covers at most this much of the recording, silences included, which bounds memory (and
# the voice-activity work of looking for a cut) on long silent stretches.
MAX_SPAN_SECONDS = 60.0
# A full window ends at the longest pause among those in its last PREFER_SECONDS, not simply at the
# last one: a sentence break rather than a breath, so no sentence loses half its context. On the six
# 2-minute answers of bench/speech.py, mean WER 12.7 % with the last pause that fits, 10.9 % with
# this; in one-off runs 10 s gained a little less and 3 s changed nothing.
PREFER_SECONDS = 6.0
# How often, in seconds of audio, the end of a window is looked for (see _windows).
STEP_SECONDS = 5.0
# A window ends this long before the speech that follows it (inside the silence between).
LEAD_IN_SECONDS = 0.3
# Short on purpose: long prompts get truncated or make tiny.en loop. Its fillers nudge Whisper to
# write the "um"s and "uh"s it otherwise drops, which the filler analysis needs.
INITIAL_PROMPT = "Um, uh, so, I mean, like."
# The prompt is given as if spoken over its first PROMPT_SECONDS (see prompt_tokens); Whisper's
# timestamp tokens step by TIMESTAMP_STEP_SECONDS.
PROMPT_SECONDS = 2.0
# Off only to measure the plain-text prompt against it (bench/speech.py).
PROMPT_TIMESTAMPS = True
TIMESTAMP_STEP_SECONDS = 0.02
# Beam 6: on the benchmark set (bench/speech.py, tiny.en, timestamped prompt, shortened silences)
# WER 9.0 % against 9.8 % for beam 4, for RTF 0.108 against 0.100; beam 8 gave 8.7 % at 0.120.
BEAM_SIZE = 6
# Whisper's own "this is not speech" rule (its reference thresholds), applied to whole segments.
NO_SPEECH_PROB = 0.6
LOW_LOGPROB = -1.0
# Text that compresses this well is a repetition loop (Whisper's reference threshold).
MAX_COMPRESSION_RATIO = 2.4
# Whisper's word timestamps are approximate (often 0.1-0.3 s early or late), so a word counts as
# inside speech when it overlaps a VAD region widened by this much.
WORD_SLACK_SECONDS = 0.3
# Silence left after a window's last speech: room for the last word to end.
TAIL_SECONDS = 0.5
# Whisper's word starts lag the voice by up to about this much (see _close_gaps); larger gaps are left.
MAX_LAG_SECONDS = 1.0
# Audio this far either side of a speech region is kept when silences are shortened (soft word edges
# the detector trimmed).
MARGIN_SECONDS = 0.2


class WhisperTranscriber:
    """The embedded recogniser: Whisper tiny.en (default) or base, from installed packages, on the CPU.

    Registered as the ``faster-whisper`` transcriber (speech.backends); build it with
    ``starcoach.backends.make_transcriber(settings)``.
    """

    backend_id = "faster-whisper"

    def __init__(
        self, model_dir: Path | None = None, size: str = "tiny.en", *, threads: int = 2, home: Path | None = None
    ) -> None:
        """``model_dir`` overrides where the weights are (its model.bin is then not hash-pinned);
        ``home`` is the StarCoach home, where the base model is reassembled."""
        self.size = size
        self.name = f"faster-whisper {size}"
        self.threads = threads
        self.home = home
        self._files: ModelFiles | None = ModelFiles(Path(model_dir), None) if model_dir is not None else None
        self._model: Any = None  # faster_whisper.WhisperModel, loaded on first use

    def model_files(self) -> ModelFiles:
        """Where the model's files are and the hash they must have (the base model is reassembled on first call)."""
        return self._files or locate(self.size, self.home)

    def load(self) -> Any:
        """Find, hash-check and load the model (once); raises ConfigError when it is missing or altered."""
        if self._model is None:
            from faster_whisper import WhisperModel  # type: ignore[import-untyped]  # ships no type information

            files = self.model_files()
            verify(files)
            self._model = WhisperModel(str(files.folder), device="cpu", compute_type="int8", cpu_threads=self.threads)
        return self._model

    def transcribe(self, chunks: Iterator[AudioChunk], duration: float, progress: Progress | None = None) -> Transcript:
        """Transcribe consecutive chunks; ``duration`` (seconds) is only used to report progress."""
        model = self.load()
        prompt = prompt_tokens(model)
        words: list[TimedWord] = []
        dropped: list[TimedWord] = []
        done = 0.0
        for offset, window in _windows(chunks):
            regions = speech_regions([AudioChunk(offset, window)], exact_edges=False)
            if regions:
                kept, removed = _decode(model, window, offset, regions, prompt)
                words.extend(kept)
                dropped.extend(removed)
            done = offset + len(window) / SAMPLE_RATE
            if progress is not None:
                progress(done, max(duration, done))
        return Transcript(words=tuple(words), duration=done, backend=self.name, dropped=tuple(dropped))


def _windows(chunks: Iterator[AudioChunk]) -> Iterator[tuple[float, npt.NDArray[np.float32]]]:
    """(offset, samples) windows cut in silences (see ``_cut``).

    Where windows end depends on the audio alone, not on how it arrives: a cut is looked for after
    every STEP_SECONDS of audio, whatever the size of the chunks. A file read in 30 s chunks and a
    microphone's small blocks (speech.live) therefore give the same windows, so the same words.
    """
    import numpy as np

    step = round(STEP_SECONDS * SAMPLE_RATE)
    buffer: npt.NDArray[np.float32] = np.zeros(0, dtype=np.float32)
    arrived: npt.NDArray[np.float32] = np.zeros(0, dtype=np.float32)  # not yet looked at
    start: float | None = None
    for chunk in chunks:
        if start is None:
            start = chunk.offset
        arrived = np.concatenate([arrived, chunk.samples])
        while len(arrived) >= step:
            buffer, arrived = np.concatenate([buffer, arrived[:step]]), arrived[step:]
            while (cut := _cut(start, buffer)) is not None:
                yield start, buffer[:cut]
                start, buffer = start + cut / SAMPLE_RATE, buffer[cut:]
    if start is None:
        return
    buffer = np.concatenate([buffer, arrived])
    while buffer.size and (cut := _cut(start, buffer)) is not None:
        yield start, buffer[:cut]
        start, buffer = start + cut / SAMPLE_RATE, buffer[cut:]
    if buffer.size:
        yield start, buffer  # the rest: it fits in a window


def _cut(offset: float, buffer: npt.NDArray[np.float32]) -> int | None:
    """Where to end the next window in ``buffer``, in samples, or None to wait for more audio.

    A window ends in a silence, LEAD_IN_SECONDS before the speech that follows: of the silences
    that keep it within WINDOW_SECONDS once its silences are shortened (see _pack), the longest
    among those in its last PREFER_SECONDS. While all the audio so far fits, it waits for more.
    One stretch of speech longer than a window is cut where the window is full; a window never
    covers more than MAX_SPAN_SECONDS of the recording.
    """
    span = round(MAX_SPAN_SECONDS * SAMPLE_RATE)
    regions = speech_regions([AudioChunk(offset, buffer[:span])], exact_edges=False)
    end = offset + min(len(buffer), span) / SAMPLE_RATE
    everything_fits = _packed_seconds(_layout(offset, end, regions), end) <= WINDOW_SECONDS
    if len(buffer) < span and everything_fits:
        return None
    fits: list[tuple[float, float, float]] = []  # (packed length, silence length, cut) of each candidate
    for index, (gap_start, gap_end) in enumerate(_gaps(offset, regions)):
        cut = max(gap_start, gap_end - LEAD_IN_SECONDS)
        if index == 0 or cut <= offset:
            continue
        length = _packed_seconds(_layout(offset, cut, regions[:index]), cut)
        if length > WINDOW_SECONDS:
            break
        fits.append((length, gap_end - gap_start, cut))
    if fits:
        fullest = fits[-1][0]
        _, _, best = max((f for f in fits if f[0] >= fullest - PREFER_SECONDS), key=lambda f: (f[1], f[2]))
        return max(1, round((best - offset) * SAMPLE_RATE))
    if everything_fits:
        return min(len(buffer), span)  # what speech there is fits: only the silence ran long
    # The first stretch of speech alone is longer than a window: cut it where the window is full.
    first = max(offset, regions[0].start - MARGIN_SECONDS)
    full = first + WINDOW_SECONDS - PACKED_SILENCE_SECONDS - TAIL_SECONDS
    return max(1, min(len(buffer), round((full - offset) * SAMPLE_RATE)))


def _gaps(offset: float, regions: list[SpeechRegion]) -> list[tuple[float, float]]:
    """Silences before each region: from the window's start to the first, then between regions."""
    starts = [offset] + [region.end for region in regions[:-1]]
    return [(before, region.start) for before, region in zip(starts, regions)]


def prompt_tokens(model: Any) -> str | list[int] | None:
    """INITIAL_PROMPT as Whisper's tokens, between timestamps as if it had been said just before.

    As plain text the prompt made tiny.en leave timestamps out of what it wrote; faster-whisper then
    went back to the last word and decoded the rest of the window again (a second full encoder pass,
    which mostly heard "Thank you for watching" in the silence). With timestamps around it, as
    Whisper sees its own earlier text, one pass covers the window.
    """
    if INITIAL_PROMPT is None:
        return None
    if not PROMPT_TIMESTAMPS:
        return INITIAL_PROMPT
    from faster_whisper.tokenizer import Tokenizer  # type: ignore[import-untyped]  # ships no type information

    tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language="en")
    said_for = round(PROMPT_SECONDS / TIMESTAMP_STEP_SECONDS)
    begin = tokenizer.timestamp_begin
    return [begin, *tokenizer.encode(" " + INITIAL_PROMPT.strip()), begin + said_for]


def _decode(
    model: Any,
    window: npt.NDArray[np.float32],
    offset: float,
    regions: list[SpeechRegion],
    prompt: str | list[int] | None = None,
) -> tuple[list[TimedWord], list[TimedWord]]:
    """Whisper on one window: (words kept, words the guards dropped), timestamps in recording time."""
    samples, pieces = _pack(window, offset, regions)
    segments, _info = model.transcribe(
        samples,
        language="en",
        beam_size=BEAM_SIZE,
        temperature=0.0,
        word_timestamps=True,
        condition_on_previous_text=False,
        initial_prompt=prompt,
        vad_filter=False,  # the webrtcvad regions above already decide where speech is
        # Whisper's own no-speech rule skips the *rest of the 30 s window* once it fires, losing any
        # speech after a noisy stretch; the same rule is applied below to the one segment instead.
        no_speech_threshold=None,
    )
    kept: list[TimedWord] = []
    removed: list[TimedWord] = []
    window_end = offset + len(window) / SAMPLE_RATE
    for segment in segments:
        segment_words = []
        for word in segment.words or ():
            if not any(char.isalnum() for char in word.word):
                continue  # a lone "." or "-" is not a word
            start = min(_unpack(float(word.start), pieces), window_end)
            end = min(max(_unpack(float(word.end), pieces), start), window_end)
            segment_words.append(TimedWord(word.word.strip(), start, end, float(word.probability)))
        if _hallucinated(segment):
            removed.extend(segment_words)
            continue
        for word in segment_words:
            if _in_speech(word, regions):
                kept.append(_snap(word, regions))
            else:
                removed.append(word)
    return _close_gaps(kept, regions), removed


@dataclass(frozen=True)
class _Piece:
    """A stretch of the recording as placed in the shortened audio Whisper hears (see _pack)."""

    packed: float  # where it starts in the shortened audio, seconds
    source: float  # where it starts in the recording, seconds
    seconds: float


def _layout(offset: float, end: float, regions: list[SpeechRegion]) -> list[_Piece]:
    """Where each stretch of speech (widened by MARGIN_SECONDS) goes once silences are shortened."""
    spans: list[tuple[float, float]] = []
    for region in regions:
        first, last = max(offset, region.start - MARGIN_SECONDS), min(end, region.end + MARGIN_SECONDS)
        if spans and first <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], last))
        elif last > first:
            spans.append((first, last))
    pieces: list[_Piece] = []
    packed, previous = 0.0, offset
    for first, last in spans:
        packed += min(first - previous, PACKED_SILENCE_SECONDS)
        pieces.append(_Piece(packed, first, last - first))
        packed += last - first
        previous = last
    return pieces


def _packed_seconds(pieces: list[_Piece], end: float) -> float:
    """Length of the shortened audio, with up to TAIL_SECONDS of silence after its last speech."""
    if not pieces:
        return 0.0
    last = pieces[-1]
    return last.packed + last.seconds + min(end - (last.source + last.seconds), TAIL_SECONDS)


def _pack(
    window: npt.NDArray[np.float32], offset: float, regions: list[SpeechRegion]
) -> tuple[npt.NDArray[np.float32], list[_Piece]]:
    """The window's speech with every silence shortened to PACKED_SILENCE_SECONDS and made digital zero.

    Noise and silence are where Whisper invents words; zeroed, they give it nothing to invent from.
    Shortened, they neither make tiny.en stop listening nor cost extra 30 s encoder passes. Whisper's
    times are mapped back to the recording with _unpack.
    """
    import numpy as np

    end = offset + len(window) / SAMPLE_RATE
    pieces = _layout(offset, end, regions)
    packed = np.zeros(round(_packed_seconds(pieces, end) * SAMPLE_RATE), dtype=np.float32)
    for piece in pieces:
        source = round((piece.source - offset) * SAMPLE_RATE)
        target = round(piece.packed * SAMPLE_RATE)
        count = min(round(piece.seconds * SAMPLE_RATE), len(window) - source, len(packed) - target)
        packed[target : target + count] = window[source : source + count]
    return packed, pieces


def _unpack(seconds: float, pieces: list[_Piece]) -> float:
    """A time in the shortened audio as a time in the recording.

    A time inside a shortened silence goes to the nearer edge of the speech either side of it.
    """
    for index, piece in enumerate(pieces):
        if seconds < piece.packed:
            if index == 0:
                return piece.source
            before = pieces[index - 1]
            before_end = before.packed + before.seconds
            return before.source + before.seconds if seconds - before_end < piece.packed - seconds else piece.source
        if seconds <= piece.packed + piece.seconds:
            return piece.source + (seconds - piece.packed)
    last = pieces[-1]
    return last.source + last.seconds + (seconds - last.packed - last.seconds)


def _hallucinated(segment: Any) -> bool:
    """Whisper's own signs of a segment with no speech behind it, or of a repetition loop."""
    silent = segment.no_speech_prob > NO_SPEECH_PROB and segment.avg_logprob < LOW_LOGPROB
    return bool(silent or segment.compression_ratio > MAX_COMPRESSION_RATIO)


def _snap(word: TimedWord, regions: list[SpeechRegion]) -> TimedWord:
    """The word's times clamped into the one stretch of speech it overlaps most.

    Whisper stretches a word over the silence before it (a window's first word typically "starts"
    at 0.0), which would hide the time the speaker took to begin; the VAD knows when the voice started.
    One word does not span a pause (a pause is at least 0.25 s of silence), so a word touching two
    stretches belongs to the one it covers most; the rest of its span is timestamp drift.
    """
    home = _home(word, regions)
    low, high = home.start, home.end
    start = min(max(word.start, low), high)
    end = min(max(word.end, start), high)
    return TimedWord(word.text, start, end, word.probability)


def _home(word: TimedWord, regions: list[SpeechRegion]) -> SpeechRegion:
    """The stretch of speech the word overlaps most (it must touch one, widened by WORD_SLACK_SECONDS)."""
    touching = [
        r for r in regions if word.start < r.end + WORD_SLACK_SECONDS and word.end > r.start - WORD_SLACK_SECONDS
    ]
    return max(touching, key=lambda r: (min(word.end, r.end) - max(word.start, r.start), -r.start))


def _close_gaps(words: list[TimedWord], regions: list[SpeechRegion]) -> list[TimedWord]:
    """Word starts moved back to where the voice already was: the stretch's start, or the last word's end.

    Whisper's word starts lag the voice, often by 0.3-0.7 s, most of all around fillers it was
    nudged into writing, which then land after the moment they were said. Inside one stretch of
    speech the voice does not stop (the detector ends a stretch at any pause), so a gap between two
    of its words is timing error: the first word of a stretch starts when the stretch does, and each
    later word where the one before it ended. Ends are kept, so no word grows into a pause.
    """
    closed: list[TimedWord] = []
    previous: SpeechRegion | None = None
    for word in words:
        home = _home(word, regions)  # words come snapped into it, so home.start <= word.start
        voice_since = home.start if home is not previous else min(word.start, closed[-1].end)
        # A longer gap is not lag: noise the detector took for speech, or a pause it did not split.
        start = voice_since if word.start - voice_since <= MAX_LAG_SECONDS else word.start
        closed.append(TimedWord(word.text, start, max(word.end, start), word.probability))
        previous = home
    return closed


def _in_speech(word: TimedWord, regions: list[SpeechRegion]) -> bool:
    """Whether the word overlaps a speech region (widened by WORD_SLACK_SECONDS for timestamp error)."""
    return any(
        word.start < region.end + WORD_SLACK_SECONDS and word.end > region.start - WORD_SLACK_SECONDS
        for region in regions
    )
