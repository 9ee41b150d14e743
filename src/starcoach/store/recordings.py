"""Recorded answers on disk, with the report made from each kept beside it.

The web app's recordings live one folder per session under ``<home>/recordings/web/``; the
terminal's voice answers sit in ``<home>/recordings`` itself. Only this module knows those folders:
front ends keep and find recordings through ``RecordingStore``, and `UserData` exports and deletes them.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from starcoach.errors import UserInputError
from starcoach.safe_write import write_atomically, write_through_temporary

if TYPE_CHECKING:
    from starcoach.analysis.report import AnswerReport

_ID = re.compile(r"^[0-9]{3}-[0-9a-f]{16}$")
_REPORT_SUFFIX = ".report.json"
_TRY_AGAIN = "Record the answer again, or type it instead."


@dataclass(frozen=True)
class StoredRecording:
    """One recording on disk: its id (``<turn>-<random>``), its file, and the turn it answers."""

    id: str
    path: Path
    turn: int

    @property
    def report_path(self) -> Path:
        """Where its report is kept once transcribed."""
        return self.path.with_suffix(_REPORT_SUFFIX)


class RecordingStore:
    """The recordings kept on this machine for one user's home folder."""

    def __init__(self, home: Path) -> None:
        self.terminal_folder = home / "recordings"
        self.root = self.terminal_folder / "web"

    def _folder(self, session_id: str) -> Path:
        return self.root / session_id

    def add(self, session_id: str, turn: int, body: bytes, suffix: str) -> StoredRecording:
        """Keep the audio of an answer to turn ``turn`` (written whole or not at all)."""
        recording_id = f"{turn:03d}-{secrets.token_hex(8)}"
        path = self._folder(session_id) / f"{recording_id}.{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_through_temporary(path, lambda tmp: tmp.write_bytes(body))
        return StoredRecording(recording_id, path, turn)

    @staticmethod
    def discard(recording: StoredRecording) -> None:
        """Remove a recording that turned out unusable."""
        recording.path.unlink(missing_ok=True)

    def find(self, session_id: str, recording_id: str) -> StoredRecording:
        """A stored recording of this session, by id."""
        if not _ID.fullmatch(recording_id):
            raise UserInputError(f"no recording '{recording_id[:40]}'", hint=_TRY_AGAIN)
        for path in sorted(self._folder(session_id).glob(f"{recording_id}.*")):
            if not path.name.endswith(_REPORT_SUFFIX):
                return StoredRecording(recording_id, path, int(recording_id[:3]))
        raise UserInputError(f"no recording '{recording_id}' in this session", hint=_TRY_AGAIN)

    @staticmethod
    def saved_report(recording: StoredRecording) -> AnswerReport | None:
        """The report kept for a recording, if it was transcribed before."""
        from starcoach.analysis.report import AnswerReport

        if not recording.report_path.exists():
            return None
        return AnswerReport.model_validate_json(recording.report_path.read_text(encoding="utf-8"))

    @staticmethod
    def keep_report(recording: StoredRecording, report: AnswerReport) -> None:
        """Keep a recording's report beside it, so it is made only once."""
        write_atomically(recording.report_path, json.dumps(report.model_dump(mode="json")))

    def files(self) -> list[Path]:
        """Every file held: the terminal's recordings, and the web app's with their reports."""
        terminal = sorted(self.terminal_folder.glob("*.wav"))
        return terminal + sorted(p for p in self.root.glob("*/*") if p.is_file())

    def count(self) -> int:
        """How many recordings are held (their reports not counted)."""
        return _recordings_among(self.files())

    def delete_all(self) -> int:
        """Remove every recording and report (and each emptied session folder); returns how many recordings."""
        held = self.files()
        for path in held:
            path.unlink(missing_ok=True)
            if path.parent.parent == self.root and not any(path.parent.iterdir()):
                path.parent.rmdir()
        return _recordings_among(held)


def _recordings_among(paths: list[Path]) -> int:
    return sum(1 for path in paths if not path.name.endswith(_REPORT_SUFFIX))
