"""A folder of JSON files, one per kept item: what every file-backed store can list, export and delete."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class JsonFolder:
    """The shared half of a store that keeps one JSON file per item in ``root``."""

    root: Path

    def files(self) -> list[Path]:
        """Every item's file."""
        return sorted(self.root.glob("*.json"))

    def export(self) -> list[Any]:
        """Every item as kept, JSON-ready."""
        return [json.loads(path.read_text(encoding="utf-8")) for path in self.files()]

    def count(self) -> int:
        """How many items are kept."""
        return len(self.files())

    def delete_all(self) -> int:
        """Remove every item; returns how many."""
        held = self.files()
        for path in held:
            path.unlink(missing_ok=True)
        return len(held)
