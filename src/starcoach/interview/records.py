"""The session records, under the name modules outside the session layer still import them by.

The records are plain data in `starcoach.session_records`, which the store and the interview
engine both import (the store no longer imports the interview). New code imports from there.
"""

from starcoach.session_records import (
    SCORED_KINDS,
    SessionRecord,
    SessionStatus,
    SessionSummary,
    SilenceVerdict,
    TurnKind,
    TurnRecord,
)

__all__ = [
    "SCORED_KINDS",
    "SessionRecord",
    "SessionStatus",
    "SessionSummary",
    "SilenceVerdict",
    "TurnKind",
    "TurnRecord",
]
