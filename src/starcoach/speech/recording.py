"""A recorded answer, start to finish: decode, find speech, transcribe, measure delivery, analyse.

Answers up to ``WHOLE_SECONDS`` are decoded once and kept in memory (a 10-minute answer is
38 MB of samples) so pitch and loudness can be measured. Longer recordings stream: each pass
decodes chunk by chunk, memory stays flat, and pitch and loudness are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from starcoach.speech.types import SAMPLE_RATE, AudioChunk, Progress, Transcriber

if TYPE_CHECKING:
    from starcoach.analysis.report import AnswerReport

WHOLE_SECONDS = 10 * 60
_CHUNK_SECONDS = 30.0

DamageNote = Callable[[Path, float, str], None]


def _slices(whole: AudioChunk) -> Iterator[AudioChunk]:
    step = round(_CHUNK_SECONDS * SAMPLE_RATE)
    for start in range(0, len(whole.samples), step):
        yield AudioChunk(start / SAMPLE_RATE, whole.samples[start : start + step])


def analyze_recording(
    path: Path,
    question: str | None = None,
    *,
    transcriber: Transcriber | None = None,
    progress: Progress | None = None,
    on_damage: DamageNote | None = None,
    answer_started_at: float = 0.0,
    report_id: str | None = None,
) -> AnswerReport:
    """The full report for a recorded answer: the text analysis of its transcript, plus delivery."""
    from starcoach.speech.audio import load, probe, read_chunks
    from starcoach.speech.spoken_report import spoken_report
    from starcoach.speech.transcribe import WhisperTranscriber
    from starcoach.speech.vad import speech_regions

    info = probe(path)
    recogniser = transcriber or WhisperTranscriber()
    if info.duration <= WHOLE_SECONDS:
        whole = load(path, on_damage=on_damage)
        regions = speech_regions(_slices(whole))
        transcript = recogniser.transcribe(_slices(whole), whole.duration, progress)
        samples = whole.samples
    else:
        regions = speech_regions(read_chunks(path, _CHUNK_SECONDS, on_damage=on_damage))
        transcript = recogniser.transcribe(read_chunks(path, _CHUNK_SECONDS), info.duration, progress)
        samples = None
    return spoken_report(
        transcript,
        regions,
        samples,
        question,
        answer_started_at=answer_started_at,
        report_id=report_id,
        source=str(path),
    )
