"""spoken_report(): a recorded answer in, the full AnswerReport out, with delivery and transcript.

The words go through the same text analysis as a typed answer (at the measured speaking rate),
and the delivery measures become feedback items that point at the words around each moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from starcoach.analysis.report import AnswerReport, Delivery, EvidenceSpan, FeedbackItem
from starcoach.errors import UserInputError
from starcoach.speech.delivery import (
    GOOD_WPM,
    LONG_PAUSE_SECONDS,
    MONOTONE_SEMITONES,
    WordPlace,
    clock,
    measure_delivery,
    word_places,
)
from starcoach.speech.types import SpeechRegion, Transcript

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from starcoach.analysis.answer import QuestionType

# Below this many words (or seconds) the measured rate is too noisy to drive the text analysis's
# length estimate; the default rate is used instead.
MIN_WORDS_FOR_RATE = 20
MIN_SECONDS_FOR_RATE = 10.0
# Pace outside the good range by more than this is worth a fix; closer is left to the notes.
_PACE_SLACK = 20.0
# A wait longer than this before the first word sounds unsure rather than composed.
_SLOW_START_SECONDS = 8.0


def _span(places: Sequence[WordPlace], text: str) -> list[EvidenceSpan]:
    """Evidence covering a run of consecutive words."""
    if not places:
        return []
    start, end = places[0].start, places[-1].end
    return [EvidenceSpan(start=start, end=end, text=text[start:end])]


def _around(places: list[WordPlace], moment: float, text: str) -> list[EvidenceSpan]:
    """The words just before and just after a moment in the recording (two each side)."""
    before = [p for p in places if p.word.end <= moment + 0.05][-2:]
    after = [p for p in places if p.word.start >= moment - 0.05][:2]
    return _span(before + after, text)


def _quote(evidence: list[EvidenceSpan]) -> str:
    return f' ("{evidence[0].text}")' if evidence else ""


def _delivery_fixes(d: Delivery, places: list[WordPlace], text: str) -> list[FeedbackItem]:
    """Fixes for the delivery problems a listener would notice, each pointing at its moment."""
    items: list[FeedbackItem] = []
    for pause in d.long_pauses[:3]:
        evidence = _around(places, pause.start, text)
        items.append(
            FeedbackItem(
                kind="fix",
                id="delivery_long_pause",
                message=f"A {pause.duration:.1f} s silence at {clock(pause.start)}{_quote(evidence)}. "
                f"Mid-answer silences past {LONG_PAUSE_SECONDS:.0f} s sound lost; bridge with a signpost "
                '("So the next thing I did...") or plan the steps before you start.',
                evidence=evidence,
            )
        )
    if d.instant_filler:
        evidence = _span(places[:1], text)
        items.append(
            FeedbackItem(
                kind="fix",
                id="delivery_instant_filler",
                message=f"You opened with a filler at {clock(d.fillers[0].start)}{_quote(evidence)}. "
                "Take a silent breath and start with the situation instead; a short pause sounds composed.",
                evidence=evidence,
            )
        )
    if d.time_to_first_word > _SLOW_START_SECONDS:
        evidence = _span(places[:1], text)
        items.append(
            FeedbackItem(
                kind="fix",
                id="delivery_slow_start",
                message=f"{d.time_to_first_word:.0f} s passed before your first word. Three to five seconds to "
                'plan is fine; for longer, say so ("Good question - let me take a moment").',
                evidence=evidence,
            )
        )
    low, high = GOOD_WPM
    if d.wpm and (d.wpm < low - _PACE_SLACK or d.wpm > high + _PACE_SLACK):
        advice = (
            "Slow down: finish each step, then breathe before the next."
            if d.wpm > high
            else "Pick up the pace a little: plan the story's four parts so each one comes readily."
        )
        items.append(
            FeedbackItem(
                kind="fix",
                id="delivery_pace",
                message=f"You spoke at {d.wpm:.0f} words per minute; 130-160 is easy to follow. {advice}",
                evidence=[],
            )
        )
    if d.monotone:
        items.append(
            FeedbackItem(
                kind="fix",
                id="delivery_monotone",
                message=f"Your pitch stayed in a narrow band ({d.pitch_variation:.1f} semitones; "
                f"{MONOTONE_SEMITONES:.0f} or more sounds engaged). Lift the key words: the customer's problem, "
                "what you did, and the result.",
                evidence=[],
            )
        )
    if d.uneven_loudness:
        items.append(
            FeedbackItem(
                kind="fix",
                id="delivery_uneven_loudness",
                message=f"Your volume swung by {d.loudness_variation_db:.1f} dB across the answer. Keep the "
                "same distance from the microphone and carry your voice to the end of each sentence.",
                evidence=[],
            )
        )
    return items


def _delivery_strengths(d: Delivery) -> list[FeedbackItem]:
    """Strengths worth keeping: an easy pace with no lost silences, and a lively voice."""
    items: list[FeedbackItem] = []
    low, high = GOOD_WPM
    if low <= d.wpm <= high and not d.long_pauses:
        items.append(
            FeedbackItem(
                kind="strength",
                id="delivery_pace",
                message=f"An easy pace ({d.wpm:.0f} words per minute) with no long silences.",
                evidence=[],
            )
        )
    if d.monotone is False:
        items.append(
            FeedbackItem(
                kind="strength",
                id="delivery_pitch",
                message=f"Your voice moved ({d.pitch_variation:.1f} semitones of pitch variation), which "
                "sounds engaged.",
                evidence=[],
            )
        )
    return items


def _merge_feedback(
    existing: list[FeedbackItem], fixes: list[FeedbackItem], strengths: list[FeedbackItem]
) -> list[FeedbackItem]:
    """Delivery fixes after the text's red flags and fixes, delivery strengths after its strengths."""
    cut = len(existing)
    while cut and existing[cut - 1].kind == "strength":
        cut -= 1
    return [*existing[:cut], *fixes, *existing[cut:], *strengths]


def spoken_report(
    transcript: Transcript,
    regions: Sequence[SpeechRegion],
    samples: npt.NDArray[np.floating] | None,
    question: str | None = None,
    words_per_minute_default: float = 150.0,
    *,
    question_type: QuestionType | None = None,
    answer_started_at: float = 0.0,
    report_id: str | None = None,
    source: str = "the recording",
) -> AnswerReport:
    """Analyse a spoken answer: the text analysis of its words plus delivery, merged into one report."""
    from starcoach.analysis.engine import analyze

    text = transcript.text
    if not any(ch.isalpha() for ch in text):
        raise UserInputError(
            f"no speech was heard in {source}",
            hint="Check that the microphone is on and close, then record the answer again.",
        )
    delivery = measure_delivery(transcript, regions, samples, answer_started_at=answer_started_at)
    enough = len(text.split()) >= MIN_WORDS_FOR_RATE and delivery.duration_seconds >= MIN_SECONDS_FOR_RATE
    # The text analysis counts every word, fillers too, so its length estimate needs the rate that counts them.
    measured = delivery.wpm_with_fillers or delivery.wpm
    rate = measured if enough and measured > 0 else words_per_minute_default
    report = analyze(text, question, question_type=question_type, report_id=report_id, words_per_minute=rate)
    places = word_places(transcript)
    feedback = _merge_feedback(report.feedback, _delivery_fixes(delivery, places, text), _delivery_strengths(delivery))
    return report.model_copy(update={"delivery": delivery, "transcript": text, "feedback": feedback})
