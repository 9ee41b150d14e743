"""Recorded answers sent by the browser: checked by content, stored before anything else, then transcribed.

A recording is written to disk (atomically) before it is analysed, and its transcript and report
are written beside it, so a failed or slow transcription can be retried and a reload finds the
work already done. Files live under ``<home>/recordings/web/<session>/``, which `starcoach
delete --all` removes with the rest.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from starcoach.errors import UserInputError
from starcoach.safe_write import write_atomically, write_through_temporary

if TYPE_CHECKING:
    from starcoach.analysis.report import AnswerReport
    from starcoach.speech.types import Transcriber

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
_ID = re.compile(r"^[0-9]{3}-[0-9a-f]{16}$")
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


@dataclass(frozen=True)
class StoredRecording:
    """One recording on disk."""

    id: str
    path: Path
    turn: int

    @property
    def report_path(self) -> Path:
        """Where its report is kept once transcribed."""
        return self.path.with_suffix(".report.json")


class RecordingShelf:
    """The recordings of web sessions, on this machine."""

    def __init__(self, home: Path, transcriber: Transcriber) -> None:
        self.root = home / "recordings" / "web"
        self._transcriber = transcriber  # from starcoach.backends.make_transcriber; its model loads on first use
        # Whisper runs one answer at a time: two at once would only share the same two cores.
        self._transcribing = threading.Lock()

    def _folder(self, session_id: str) -> Path:
        return self.root / session_id

    def store(self, session_id: str, turn: int, body: bytes) -> StoredRecording:
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
        recording = StoredRecording(f"{turn:03d}-{secrets.token_hex(8)}", Path(), turn)
        path = self._folder(session_id) / f"{recording.id}.{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_through_temporary(path, lambda tmp: tmp.write_bytes(body))
        stored = StoredRecording(recording.id, path, turn)
        self._check_decodable(stored)
        return stored

    @staticmethod
    def _check_decodable(recording: StoredRecording) -> None:
        from starcoach.speech.audio import probe

        try:
            probe(recording.path)
        except UserInputError as exc:
            recording.path.unlink(missing_ok=True)
            raise UserInputError(f"the recording cannot be played: {exc.what}", hint=_TRY_AGAIN) from exc

    def find(self, session_id: str, recording_id: str) -> StoredRecording:
        """A stored recording of this session, by id."""
        if not _ID.fullmatch(recording_id):
            raise UserInputError(f"no recording '{recording_id[:40]}'", hint=_TRY_AGAIN)
        for path in sorted(self._folder(session_id).glob(f"{recording_id}.*")):
            if not path.name.endswith(".report.json"):
                return StoredRecording(recording_id, path, int(recording_id[:3]))
        raise UserInputError(f"no recording '{recording_id}' in this session", hint=_TRY_AGAIN)

    def transcribe(self, recording: StoredRecording, question: str | None) -> AnswerReport:
        """The recording's report (transcript, delivery, text analysis), made once and kept beside it."""
        from starcoach.analysis.report import AnswerReport

        if recording.report_path.exists():
            return AnswerReport.model_validate_json(recording.report_path.read_text(encoding="utf-8"))
        from starcoach.speech.recording import analyze_recording

        with self._transcribing:
            report = analyze_recording(recording.path, question, transcriber=self._transcriber)
        write_atomically(recording.report_path, json.dumps(report.model_dump(mode="json")))
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
