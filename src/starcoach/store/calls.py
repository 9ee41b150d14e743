"""Role-play calls played in the web app, one small JSON file each under ``<home>/roleplay/web``.

A call is deterministic given its scenario, seed and the agent's turns, so those are all that is
kept; the web app replays them to rebuild the customer. Each file is written atomically after
every turn, so the transcript is never lost.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from starcoach.safe_write import write_atomically
from starcoach.store._json_folder import JsonFolder

_CALL_ID = re.compile(r"^[0-9a-f]{12}$")


class AgentTurn(BaseModel):
    """One thing the agent said (empty: a silence), with how long they left the customer waiting."""

    model_config = ConfigDict(extra="forbid")

    text: str
    silence_seconds: float = Field(default=0.0, ge=0, le=600)
    customer_words: str | None = Field(default=None, description="The reply as a language model reworded it.")


class StoredCall(BaseModel):
    """What is kept of a call."""

    model_config = ConfigDict(extra="forbid")

    id: str
    owner: str
    scenario: str
    seed: int
    turns: list[AgentTurn] = Field(default_factory=list)


class CallStore(JsonFolder):
    """The web app's role-play calls for one user's home folder."""

    def __init__(self, home: Path) -> None:
        self.root = home / "roleplay" / "web"

    def _path(self, call_id: str) -> Path:
        return self.root / f"{call_id}.json"

    def save(self, record: StoredCall) -> None:
        """Keep a call as it now stands (replacing what was kept)."""
        self.root.mkdir(parents=True, exist_ok=True)
        write_atomically(self._path(record.id), json.dumps(record.model_dump(mode="json")))

    def load(self, call_id: str) -> StoredCall | None:
        """The call kept under this id; None when there is none (or the id or file is not a call's)."""
        if not _CALL_ID.fullmatch(call_id):
            return None
        try:
            return StoredCall.model_validate_json(self._path(call_id).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValidationError, UnicodeDecodeError):
            return None
