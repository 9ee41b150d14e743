"""Speech to timed words with faster-whisper (CTranslate2, int8, CPU), guarded against invented words.

How a recording goes through:

1. Audio is gathered into windows of at most ``WINDOW_SECONDS`` (Whisper sees 30 s at a time) and
   each window is cut in a silence the voice-activity detector found, so no word is split between
   two windows. Memory holds one window plus one incoming chunk, however long the recording.
2. A window with no speech at all is not shown to Whisper: that is where it invents words.
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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starcoach.speech.types import SAMPLE_RATE, AudioChunk, Progress, SpeechRegion, TimedWord, Transcript
from starcoach.speech.vad import speech_regions
from starcoach.speech.whisper_models import ModelFiles, locate, verify

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# Whisper's window is 30 s; a little under leaves room to cut in a pause rather than mid-word.
WINDOW_SECONDS = 28.0
# A silence this long ends a window (see _cut); the next one starts LEAD_IN_SECONDS before the speech.
SPLIT_PAUSE_SECONDS = 1.5
LEAD_IN_SECONDS = 0.3
# Don't cut a window shorter than this when looking for a pause: many tiny windows lose context.
MIN_WINDOW_SECONDS = 8.0
# Short on purpose: long prompts get truncated or make tiny.en loop. Its fillers nudge Whisper to
# write the "um"s and "uh"s it otherwise drops, which the filler analysis needs.
INITIAL_PROMPT = "Um, uh, so, I mean, like."
# The prompt is given as if spoken over its first PROMPT_SECONDS (see prompt_tokens); Whisper's
# timestamp tokens step by TIMESTAMP_STEP_SECONDS.
PROMPT_SECONDS = 2.0
# Off only to measure the plain-text prompt against it (bench/speech.py).
PROMPT_TIMESTAMPS = True
TIMESTAMP_STEP_SECONDS = 0.02
# Beam 4: on the benchmark set (bench/speech.py, tiny.en, timestamped prompt) WER 10.8 % against
# 12.5 % for beam 2 and 14.3 % for greedy, for about 10 % more time; 5-8 gained at most 0.2 points.
BEAM_SIZE = 4
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
# Audio this far either side of a speech region is left as it is when the rest is muted.
MUTE_MARGIN_SECONDS = 0.2


class WhisperTranscriber:
    """The embedded recogniser: Whisper tiny.en (default) or base, from installed packages, on the CPU."""

    def __init__(self, model_dir: Path | None = None, size: str = "tiny.en", *, threads: int = 2) -> None:
        """``model_dir`` overrides where the weights are (its model.bin is then not hash-pinned)."""
        self.size = size
        self.name = f"faster-whisper {size}"
        self.threads = threads
        self._files: ModelFiles | None = ModelFiles(Path(model_dir), None) if model_dir is not None else None
        self._model: Any = None  # faster_whisper.WhisperModel, loaded on first use

    def load(self) -> Any:
        """Find, hash-check and load the model (once); raises ConfigError when it is missing or altered."""
        if self._model is None:
            from faster_whisper import WhisperModel  # type: ignore[import-untyped]  # ships no type information

            files = self._files or locate(self.size)
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
            regions = speech_regions([AudioChunk(offset, window)])
            if regions:
                kept, removed = _decode(model, window, offset, regions, prompt)
                words.extend(kept)
                dropped.extend(removed)
            done = offset + len(window) / SAMPLE_RATE
            if progress is not None:
                progress(done, max(duration, done))
        return Transcript(words=tuple(words), duration=done, backend=self.name, dropped=tuple(dropped))


def _windows(chunks: Iterator[AudioChunk]) -> Iterator[tuple[float, npt.NDArray[np.float32]]]:
    """(offset, samples) windows of at most WINDOW_SECONDS, cut in silences (see ``_cut``)."""
    import numpy as np

    buffer: npt.NDArray[np.float32] = np.zeros(0, dtype=np.float32)
    start: float | None = None
    for chunk in chunks:
        if start is None:
            start = chunk.offset
        buffer = np.concatenate([buffer, chunk.samples]) if buffer.size else chunk.samples
        while (cut := _cut(start, buffer)) is not None:
            yield start, buffer[:cut]
            start, buffer = start + cut / SAMPLE_RATE, buffer[cut:]
    if start is not None and buffer.size:
        yield start, buffer  # the rest: no longer than a window, and no long silence inside


def _cut(offset: float, buffer: npt.NDArray[np.float32]) -> int | None:
    """Where to end the next window in ``buffer``, in samples, or None to wait for more audio.

    A long silence (SPLIT_PAUSE_SECONDS) followed by speech always ends a window just before the
    speech resumes: tiny.en tends to stop transcribing for the rest of a window after a long silence.
    Past WINDOW_SECONDS the window ends in its last pause after MIN_WINDOW_SECONDS, or, in one
    unbroken stretch of speech, at WINDOW_SECONDS.
    """
    limit = round(WINDOW_SECONDS * SAMPLE_RATE)
    regions = speech_regions([AudioChunk(offset, buffer[:limit])])
    for gap_start, gap_end in _gaps(offset, regions):
        if gap_end - gap_start >= SPLIT_PAUSE_SECONDS:
            cut = round((max(gap_start, gap_end - LEAD_IN_SECONDS) - offset) * SAMPLE_RATE)
            if cut > 0:
                return cut
    if len(buffer) <= limit:
        return None
    for gap_start, gap_end in reversed(_gaps(offset, regions)):
        middle = (gap_start + gap_end) / 2 - offset
        if middle >= MIN_WINDOW_SECONDS:
            return round(middle * SAMPLE_RATE)
    return limit


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
    # The window ends shortly after its last speech: the muted rest holds nothing to hear.
    tail = min(len(window), round((regions[-1].end + TAIL_SECONDS - offset) * SAMPLE_RATE))
    segments, _info = model.transcribe(
        _mute_outside(window, offset, regions)[:tail],
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
        segment_words = [
            TimedWord(
                text=word.word.strip(),
                start=min(offset + float(word.start), window_end),
                end=min(offset + float(word.end), window_end),
                probability=float(word.probability),
            )
            for word in segment.words or ()
            if any(char.isalnum() for char in word.word)  # a lone "." or "-" is not a word
        ]
        if _hallucinated(segment):
            removed.extend(segment_words)
            continue
        for word in segment_words:
            if _in_speech(word, regions):
                kept.append(_snap(word, regions))
            else:
                removed.append(word)
    return _close_gaps(kept, regions), removed


def _mute_outside(
    window: npt.NDArray[np.float32], offset: float, regions: list[SpeechRegion]
) -> npt.NDArray[np.float32]:
    """The window with everything outside the (slightly widened) speech regions silenced.

    Noise and silence are where Whisper invents words; with them muted it has nothing to invent from,
    and the margin keeps soft word edges the detector trimmed.
    """
    import numpy as np

    keep = np.zeros(len(window), dtype=bool)
    for region in regions:
        first = max(0, round((region.start - MUTE_MARGIN_SECONDS - offset) * SAMPLE_RATE))
        last = min(len(window), round((region.end + MUTE_MARGIN_SECONDS - offset) * SAMPLE_RATE))
        keep[first:last] = True
    return np.where(keep, window, np.float32(0.0)).astype(np.float32)


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
