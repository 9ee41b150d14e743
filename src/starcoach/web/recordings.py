"""Recorded answers sent by the browser: checked by content, stored before anything else, then transcribed.

A recording is written to disk (atomically) before it is analysed, and its transcript and report
are kept beside it, so a failed or slow transcription can be retried and a reload finds the
work already done. Where the files live is the ``RecordingStore``'s business (`starcoach.store`).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from starcoach.errors import UserInputError
from starcoach.store.recordings import RecordingStore, StoredRecording

if TYPE_CHECKING:
    from starcoach.analysis.report import AnswerReport
    from starcoach.speech.types import Transcriber

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
# What the first bytes of each accepted container look like, and the suffix it is stored under.
_SIGNATURES: tuple[tuple[str, str], ...] = (
    ("webm", "1a45dfa3"),
    ("ogg", "4f676753"),
    ("wav", "52494646"),
    ("flac", "664c6143"),
    ("mp3", "494433"),
)
_TRY_AGAIN = "Record the answer again, or type it instead."


def sniff(head: bytes) -> str | None:
    """The audio container the bytes start with, judged by content, never by a file name."""
    hexed = head[:12].hex()
    for suffix, signature in _SIGNATURES:
        if hexed.startswith(signature):
            if suffix == "wav" and head[8:12] != b"WAVE":
                return None
            return suffix
    if head[4:8] == b"ftyp":
        return "m4a"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "mp3"
    return None


class RecordedAnswers:
    """Recorded answers from the browser: checked, kept in the ``RecordingStore``, transcribed once."""

    def __init__(self, recordings: RecordingStore, transcriber: Transcriber) -> None:
        self.recordings = recordings
        self._transcriber = transcriber  # from starcoach.backends.make_transcriber; its model loads on first use
        # Whisper runs one answer at a time: two at once would only share the same two cores.
        self._transcribing = threading.Lock()

    def keep(self, session_id: str, turn: int, body: bytes) -> StoredRecording:
        """Check and keep an uploaded recording; returns where it is."""
        if not body:
            raise UserInputError("the recording is empty", hint=_TRY_AGAIN)
        if len(body) > MAX_UPLOAD_BYTES:
            raise UserInputError(
                f"the recording is {len(body) / 1e6:.0f} MB; the limit is {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
                hint="Keep answers under 10 minutes.",
            )
        suffix = sniff(body[:16])
        if suffix is None:
            raise UserInputError(
                "this upload is not an audio recording StarCoach can read",
                hint="Send WebM, Ogg, WAV, FLAC, MP3 or M4A audio. " + _TRY_AGAIN,
            )
        stored = self.recordings.add(session_id, turn, body, suffix)
        self._check_decodable(stored)
        return stored

    def _check_decodable(self, recording: StoredRecording) -> None:
        from starcoach.speech.audio import probe

        try:
            probe(recording.path)
        except UserInputError as exc:
            self.recordings.discard(recording)
            raise UserInputError(f"the recording cannot be played: {exc.what}", hint=_TRY_AGAIN) from exc

    def find(self, session_id: str, recording_id: str) -> StoredRecording:
        """A stored recording of this session, by id."""
        return self.recordings.find(session_id, recording_id)

    def transcribe(self, recording: StoredRecording, question: str | None) -> AnswerReport:
        """The recording's report (transcript, delivery, text analysis), made once and kept beside it."""
        saved = self.recordings.saved_report(recording)
        if saved is not None:
            return saved
        from starcoach.speech.recording import analyze_recording

        with self._transcribing:
            report = analyze_recording(recording.path, question, transcriber=self._transcriber)
        self.recordings.keep_report(recording, report)
        return report


def corrected_report(report: AnswerReport, text: str, question: str | None, question_type: str | None) -> AnswerReport:
    """The report for a transcript the candidate corrected: the text analysed afresh, delivery kept."""
    if " ".join(text.split()) == " ".join((report.transcript or "").split()):
        return report
    from starcoach.analysis.answer import QuestionType
    from starcoach.analysis.engine import analyze

    rate = report.delivery.wpm if report.delivery is not None and report.delivery.wpm > 0 else 150.0
    qtype = QuestionType(question_type) if question_type else None
    fresh = analyze(text, question, question_type=qtype, words_per_minute=rate)
    return fresh.model_copy(update={"delivery": report.delivery, "transcript": report.transcript})
