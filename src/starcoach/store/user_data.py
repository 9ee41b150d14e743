"""Everything stored about a user, in one place: found, exported and deleted together.

A user's data is the database (sessions and their answers, stories, prep notes and checklist
ticks) and three kinds of files (recorded answers, web role-play calls, unfinished typed answers). Front ends export and
delete through ``UserData`` only, so none needs to know where another keeps its files.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from starcoach.store.calls import CallStore
from starcoach.store.drafts import DraftStore
from starcoach.store.recordings import RecordingStore

if TYPE_CHECKING:
    from starcoach.store.repository import Store

DataKind = Literal["sessions", "stories", "prep", "recordings", "roleplay_calls", "drafts"]
# In the order a user is told about them.
DATA_KINDS: tuple[DataKind, ...] = ("sessions", "stories", "prep", "recordings", "roleplay_calls", "drafts")


class UserData:
    """One user's data: the store's tables and the files kept in their home folder."""

    def __init__(self, store: Store, home: Path) -> None:
        self.store = store
        self.recordings = RecordingStore(home)
        self.calls = CallStore(home)
        self.drafts = DraftStore(home)

    def held(self) -> dict[DataKind, int]:
        """How much of each kind of data is held (prep: notes and checklist ticks together)."""
        return {
            "sessions": len(self.store.list_sessions()),
            "stories": len(self.store.stories.all()),
            "prep": self.store.prep.count(),
            "recordings": self.recordings.count(),
            "roleplay_calls": self.calls.count(),
            "drafts": self.drafts.count(),
        }

    def export(self, now: datetime | None = None) -> dict[str, object]:
        """Everything held, as one JSON-ready object (recordings are audio, so they stay on disk)."""
        data = self.store.export_all(now)
        data["roleplay_calls"] = self.calls.export()
        data["drafts"] = self.drafts.export()
        return data

    def delete_all(self) -> dict[DataKind, int]:
        """Remove everything held; returns how much of each kind was removed."""
        return {
            "sessions": self.store.delete_all(),
            "stories": self.store.stories.delete_all(),
            "prep": self.store.prep.delete_all(),
            "recordings": self.recordings.delete_all(),
            "roleplay_calls": self.calls.delete_all(),
            "drafts": self.drafts.delete_all(),
        }
