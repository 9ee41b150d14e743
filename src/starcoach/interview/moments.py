"""Moves a composed candidate makes: asking for a moment, and what they add during a silence."""

from __future__ import annotations

import re

from starcoach.session_records import SilenceVerdict

_ASK_FOR_MOMENT = re.compile(
    r"\b(?:(?:may|can|could) i (?:take|have) (?:a|one) (?:moment|second|minute|few seconds|sec)|"
    r"let me (?:take a (?:moment|second)|think(?: about (?:that|it))?(?: for a (?:moment|second))?|"
    r"gather my thoughts|structure)|give me (?:a|one) (?:moment|second)|"
    r"(?:a|one) moment to (?:think|structure|outline|organi[sz]e))\b",
    re.I,
)
_COMPOSED = re.compile(
    r"^\W*(?:(?:and )?that'?s (?:my answer|it|all|everything)|i'?m done|nothing (?:else )?to add|"
    r"that'?s all i(?:'ve| have) got|that covers it|done)\W*$",
    re.I,
)
_SUMMARY = re.compile(
    r"\b(?:so,? (?:in short|overall|basically)|to sum (?:up|it up)|in summary|in short|"
    r"bottom line|the (?:key|main) (?:thing|point)|the result was|overall)\b",
    re.I,
)
SUMMARY_MAX_WORDS = 40


def asks_for_moment(text: str) -> bool:
    """True when the answer opens by asking for a moment to think (a good move)."""
    opening = " ".join(text.split()[:25])
    return bool(_ASK_FOR_MOMENT.search(opening))


def judge_silence(addition: str | None) -> SilenceVerdict:
    """What the candidate said into the interviewer's silence: nothing, a close, a summary, or more rambling."""
    if addition is None or not addition.strip():
        return "none"
    words = len(addition.split())
    if _COMPOSED.match(addition.strip()):
        return "composed"
    if words > SUMMARY_MAX_WORDS:
        return "rambling"
    if _SUMMARY.search(addition) or words <= 25:
        return "summary" if _SUMMARY.search(addition) else "added"
    return "rambling"


SILENCE_ADVICE: dict[SilenceVerdict, str] = {
    "none": "You let the silence sit instead of filling it. That reads as composed.",
    "composed": "You closed the answer calmly instead of filling the silence. Good.",
    "summary": "You used the silence for a one-line summary. That is a strong way to end.",
    "added": "You added a short detail in the silence. Fine, but an answer that ends on its result needs no add-on.",
    "rambling": "The silence pulled more talk out of you. End on the result and let the quiet do the work.",
}
