"""How StarCoach shows things everywhere: STAR colours, competency names, text bars."""

from __future__ import annotations

# Re-exported so every view takes competency names from the one table in starcoach.competencies.
from starcoach.competencies import COMPETENCY_NAMES as COMPETENCY_NAMES

STAR_STYLES = {"S": "cyan", "T": "magenta", "A": "green", "R": "yellow", "O": "grey50"}
STAR_NAMES = {"S": "Situation", "T": "Task", "A": "Action", "R": "Result", "O": "Other"}


def bar(value: float, width: int = 20) -> str:
    """A text bar for a 0-1 value."""
    filled = round(max(0.0, min(1.0, value)) * width)
    return "#" * filled + "." * (width - filled)
