"""Unfinished typed answers, kept when a session is paused mid-answer, under ``<home>/drafts``.

One small JSON file per session and turn (``<session>.<turn>.json``), written atomically, so a
Ctrl-C in the middle of an answer loses nothing: `practice --resume` offers the draft back, and
`UserData` exports and deletes drafts with everything else.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from starcoach.safe_write import write_atomically
from starcoach.store._json_folder import JsonFolder

_SESSION_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
_NAME = re.compile(r"^(?P<session>[0-9A-Za-z_-]{1,64})\.(?P<turn>[0-9]{1,4})\.json$")


class DraftStore(JsonFolder):
    """The unfinished answers kept for one user's home folder."""

    def __init__(self, home: Path) -> None:
        self.root = home / "drafts"

    def _path(self, session_id: str, turn: int) -> Path:
        if not _SESSION_ID.fullmatch(session_id) or turn < 0:
            raise ValueError(f"not a session id and turn: {session_id!r}, {turn}")
        return self.root / f"{session_id}.{turn}.json"

    def save(self, session_id: str, turn: int, text: str) -> None:
        """Keep what was typed so far for this turn (replacing an older draft of it)."""
        self.root.mkdir(parents=True, exist_ok=True)
        body = {"session_id": session_id, "turn": turn, "text": text}
        write_atomically(self._path(session_id, turn), json.dumps(body, ensure_ascii=False))

    def load(self, session_id: str, turn: int) -> str | None:
        """The draft kept for this turn, if any (an unreadable file counts as none)."""
        try:
            body = json.loads(self._path(session_id, turn).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError, UnicodeDecodeError):
            return None
        text = body.get("text") if isinstance(body, dict) else None
        return text if isinstance(text, str) and text.strip() else None

    def forget_before(self, session_id: str, turn: int) -> None:
        """Remove this session's drafts for turns already answered (those before ``turn``)."""
        for path in self.files():
            match = _NAME.fullmatch(path.name)
            if match and match["session"] == session_id and int(match["turn"]) < turn:
                path.unlink(missing_ok=True)

    def forget_session(self, session_id: str) -> None:
        """Remove every draft of a session (it is finished)."""
        for path in self.files():
            match = _NAME.fullmatch(path.name)
            if match and match["session"] == session_id:
                path.unlink(missing_ok=True)
