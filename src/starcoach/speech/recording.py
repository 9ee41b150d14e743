"""A recorded answer, start to finish: decode, find speech, transcribe, measure delivery, analyse.

Answers up to ``WHOLE_SECONDS`` are decoded once and kept in memory (a 10-minute answer is
38 MB of samples) so pitch and loudness can be measured. Longer recordings stream: each pass
decodes chunk by chunk, memory stays flat, and pitch and loudness are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from starcoach.speech.types import SAMPLE_RATE, AudioChunk, Progress, Transcriber, Transcript

if TYPE_CHECKING:
    from starcoach.analysis.answer import QuestionType
    from starcoach.analysis.report import AnswerReport

WHOLE_SECONDS = 10 * 60
_CHUNK_SECONDS = 30.0

DamageNote = Callable[[Path, float, str], None]


def _slices(whole: AudioChunk) -> Iterator[AudioChunk]:
    """The answer in the same 30 s chunks ``audio.read_chunks`` gives, so every path cuts the same windows."""
    step = round(_CHUNK_SECONDS * SAMPLE_RATE)
    for start in range(0, len(whole.samples), step):
        yield AudioChunk(start / SAMPLE_RATE, whole.samples[start : start + step])


def analyze_recording(
    path: Path,
    question: str | None = None,
    *,
    transcriber: Transcriber,
    progress: Progress | None = None,
    on_damage: DamageNote | None = None,
    answer_started_at: float = 0.0,
    report_id: str | None = None,
    question_type: QuestionType | None = None,
    words_per_minute: float = 150.0,
) -> AnswerReport:
    """The full report for a recorded answer as ``transcriber`` hears it: text analysis of the transcript, delivery."""
    from starcoach.speech.audio import load, probe, read_chunks
    from starcoach.speech.spoken_report import spoken_report
    from starcoach.speech.vad import speech_regions

    info = probe(path)
    if info.duration <= WHOLE_SECONDS:
        whole = load(path, on_damage=on_damage)
        transcript = transcriber.transcribe(_slices(whole), whole.duration, progress)
        return whole_report(
            whole,
            transcript,
            question,
            answer_started_at=answer_started_at,
            report_id=report_id,
            source=str(path),
            question_type=question_type,
            words_per_minute=words_per_minute,
        )
    regions = speech_regions(read_chunks(path, _CHUNK_SECONDS, on_damage=on_damage))
    transcript = transcriber.transcribe(read_chunks(path, _CHUNK_SECONDS), info.duration, progress)
    return spoken_report(
        transcript,
        regions,
        None,
        question,
        words_per_minute,
        question_type=question_type,
        answer_started_at=answer_started_at,
        report_id=report_id,
        source=str(path),
    )


def whole_report(
    whole: AudioChunk,
    transcript: Transcript,
    question: str | None = None,
    *,
    source: str,
    answer_started_at: float = 0.0,
    report_id: str | None = None,
    question_type: QuestionType | None = None,
    words_per_minute: float = 150.0,
) -> AnswerReport:
    """The report for an answer held in memory (16 kHz) and its transcript, pitch and loudness included."""
    from starcoach.speech.spoken_report import spoken_report
    from starcoach.speech.vad import speech_regions

    return spoken_report(
        transcript,
        speech_regions(_slices(whole)),
        whole.samples,
        question,
        words_per_minute,
        question_type=question_type,
        answer_started_at=answer_started_at,
        report_id=report_id,
        source=source,
    )


def warm_up() -> None:
    """Load the model and the analysers a report needs, so the first report after an answer does not wait.

    Meant for a background thread while the candidate speaks (speech.live): loading takes about a
    second, most of what the first report would otherwise add.
    """
    from starcoach.analysis.engine import analyze
    from starcoach.speech import spoken_report  # noqa: F401  # imported for its import cost (delivery, numpy)

    analyze("I listened, apologised and fixed the order the same day.", "Tell me about a time you helped a customer.")
