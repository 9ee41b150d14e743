"""Competencies over sessions: the series the progress charts draw, in the terminal and on the web."""

from __future__ import annotations

from collections.abc import Sequence

from starcoach.competencies import COMPETENCY_NAMES
from starcoach.content.models import COMPETENCY_IDS
from starcoach.session_records import SessionSummary


def competency_trend(sessions: Sequence[SessionSummary]) -> tuple[dict[str, list[float]], list[str]]:
    """Each competency's mean per session, keyed by display name, with date labels."""
    labels = [s.started_at.strftime("%m-%d") for s in sessions]
    return {COMPETENCY_NAMES[c]: [s.competencies.get(c, 0.0) for s in sessions] for c in COMPETENCY_IDS}, labels
