"""The interview engine: a UI-free state machine that any front end drives.

States: ask (a planned question is shown), follow_up, closing (the candidate's questions),
answering (first keystroke seen), silence (the pressure track's deliberate pause), next
(an answer is recorded; call ``advance``), done. What comes next is always derived from the
session record, so a session rebuilt from the store resumes exactly where it stopped.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

from starcoach.analysis.answer import QuestionType
from starcoach.analysis.engine import analyze
from starcoach.analysis.report import AnswerReport
from starcoach.content.models import Question
from starcoach.interview.clock import Clock
from starcoach.interview.followups import FollowUp, FollowUpVerdict, judge_followup, plan_followups
from starcoach.interview.moments import asks_for_moment, judge_silence
from starcoach.interview.numbering import answer_label
from starcoach.interview.planning import Track, get_track
from starcoach.session_records import SessionRecord, SilenceVerdict, TurnKind, TurnRecord

# The pressure track cuts in once when an answer runs past the two-minute mark.
INTERRUPT_AFTER_SECONDS = 120.0
INTERRUPT_AFTER_WORDS = 300
INTERRUPTION = "Let me stop you there. What was the result, in a sentence?"
THINKING_GOOD = (3.0, 5.0)


class State(str, Enum):
    """Where the interview is."""

    ASK = "ask"
    ANSWERING = "answering"
    SILENCE = "silence"
    FOLLOW_UP = "follow_up"
    NEXT = "next"
    CLOSING = "closing"
    DONE = "done"


@dataclass(frozen=True)
class Prompt:
    """What the interviewer says next."""

    kind: TurnKind
    text: str
    question_id: str | None
    parent_index: int | None
    reason: str | None
    number: int
    total: int
    followup_number: int = 0

    @property
    def label(self) -> str:
        """The answer's label as every view numbers it ("Q3", "Q3 follow-up 1", "closing")."""
        return answer_label(self.kind, self.number, self.followup_number)


TurnHook = Callable[[TurnRecord], None]
# Words a planned follow-up (session id, the follow-up, the answer it presses on); e.g. a language model.
FollowUpWording = Callable[[str, FollowUp, TurnRecord], str]


def new_session_id() -> str:
    """A short random id for a new session."""
    return uuid.uuid4().hex[:12]


class InterviewEngine:
    """Drives one session: asks, times, analyses, follows up, keeps silences, and records every turn."""

    def __init__(
        self,
        session: SessionRecord,
        questions: Mapping[str, Question],
        clock: Clock,
        *,
        on_turn: TurnHook | None = None,
        on_turn_updated: TurnHook | None = None,
        words_per_minute: float = 150.0,
        silence_seconds: float = 4.0,
        word_followup: FollowUpWording | None = None,
    ) -> None:
        self.session = session
        self.track: Track = get_track(session.track)
        self.questions = questions
        self._clock = clock
        self._on_turn = on_turn
        self._on_turn_updated = on_turn_updated
        self._word_followup = word_followup
        self._wpm = words_per_minute
        self.silence_seconds = silence_seconds if self.track.pressure else 0.0
        self._shown_at: float | None = None
        self._first_input_at: float | None = None
        self._interrupted = False
        self._interrupted_once = any(t.interrupted for t in session.turns)
        self.prompt: Prompt | None = None
        self.state = State.NEXT
        self.advance()

    # -- what comes next ------------------------------------------------------------
    def _followups_for(self, turn: TurnRecord) -> list[FollowUp]:
        question = self.questions.get(turn.question_id or "")
        return plan_followups(turn.report, question, self.track.max_followups, self.track.pressure)

    def _next_prompt(self) -> Prompt | None:
        plan = self.session.planned_question_ids
        for number, question_id in enumerate(plan, start=1):
            main = next((t for t in self.session.turns if t.question_id == question_id and t.kind != "followup"), None)
            question = self.questions[question_id]
            if main is None:
                kind: TurnKind = "closing" if question.type == "closing" else "main"
                return Prompt(kind, question.text, question_id, None, None, number, len(plan))
            asked = [t for t in self.session.turns if t.kind == "followup" and t.parent_index == main.index]
            planned = self._followups_for(main)
            if len(asked) < len(planned):
                follow = planned[len(asked)]
                # Only the wording may change: the gap (reason) stays the planner's, so scoring does not.
                text = follow.question
                if self._word_followup is not None:
                    text = self._word_followup(self.session.id, follow, main)
                return Prompt("followup", text, None, main.index, follow.reason, number, len(plan), len(asked) + 1)
        return None

    def advance(self) -> Prompt | None:
        """Move to the next question, follow-up or closing; None (state done) when the interview is over."""
        if self.state not in (State.NEXT, State.ASK, State.FOLLOW_UP, State.CLOSING):
            raise RuntimeError(f"cannot advance while {self.state.value}")
        self.prompt = self._next_prompt()
        self._shown_at = self._first_input_at = None
        self._interrupted = False
        if self.prompt is None:
            self.state = State.DONE
            if self.session.finished_at is None:
                self.session.finished_at = self._clock.now()
                self.session.status = "finished"
            return None
        self.state = {"main": State.ASK, "followup": State.FOLLOW_UP, "closing": State.CLOSING}[self.prompt.kind]
        return self.prompt

    # -- answering --------------------------------------------------------------------
    def shown(self) -> None:
        """The question is on screen: thinking time starts now."""
        self._shown_at = self._clock.monotonic()

    def first_input(self) -> None:
        """The first keystroke (or word) arrived."""
        if self.state not in (State.ASK, State.FOLLOW_UP, State.CLOSING):
            return
        self._first_input_at = self._clock.monotonic()
        self.state = State.ANSWERING

    def elapsed(self) -> float:
        """Seconds since the answer began (or since the question was shown, before that)."""
        start = self._first_input_at if self._first_input_at is not None else self._shown_at
        return 0.0 if start is None else self._clock.monotonic() - start

    def interruption(self, words_so_far: int) -> str | None:
        """On the pressure track, the one interruption of the session when an answer runs long."""
        running_long = self.elapsed() > INTERRUPT_AFTER_SECONDS or words_so_far > INTERRUPT_AFTER_WORDS
        if not self.track.pressure or self._interrupted_once or self.prompt is None or self.prompt.kind != "main":
            return None
        if self.state is not State.ANSWERING or not running_long:
            return None
        self._interrupted = self._interrupted_once = True
        return INTERRUPTION

    def submit(self, answer: str, report: AnswerReport | None = None) -> TurnRecord:
        """Analyse and record the answer (committed through ``on_turn`` at once).

        A spoken answer comes with its ``report`` already made from the recording (transcript and
        delivery); it is stored as it is.
        """
        if self.prompt is None or self.state is State.DONE:
            raise RuntimeError("no question is waiting for an answer")
        if self._first_input_at is None:
            self.first_input()
        now = self._clock.monotonic()
        thinking = None if self._shown_at is None else max(0.0, (self._first_input_at or now) - self._shown_at)
        answering = None if self._shown_at is None else max(0.0, now - (self._first_input_at or now))
        qtype = QuestionType.CLOSING if self.prompt.kind == "closing" else None
        question = self.questions.get(self.prompt.question_id or "")
        if question is not None and qtype is None:
            qtype = QuestionType(question.type)
        if report is None:
            report = analyze(answer, self.prompt.text, question_type=qtype, words_per_minute=self._wpm)
        turn = TurnRecord(
            index=len(self.session.turns),
            kind=self.prompt.kind,
            question_id=self.prompt.question_id,
            question=self.prompt.text,
            parent_index=self.prompt.parent_index,
            followup_reason=self.prompt.reason,
            answer=answer,
            report=report,
            thinking_seconds=None if thinking is None else round(thinking, 2),
            answer_seconds=None if answering is None else round(answering, 2),
            interrupted=self._interrupted,
            asked_for_moment=asks_for_moment(answer),
            created_at=self._clock.now(),
        )
        self.session.turns.append(turn)
        if self._on_turn is not None:
            self._on_turn(turn)
        keeps_silence = self.track.pressure and self.prompt.kind == "main" and self.silence_seconds > 0
        self.state = State.SILENCE if keeps_silence else State.NEXT
        return turn

    def end_silence(self, addition: str | None) -> SilenceVerdict:
        """The silence is over: judge what the candidate added, if anything, and record it."""
        if self.state is not State.SILENCE:
            raise RuntimeError("there is no silence to end")
        turn = self.session.turns[-1]
        verdict = judge_silence(addition)
        updated = turn.model_copy(update={"silence_addition": addition or None, "silence_verdict": verdict})
        self.session.turns[-1] = updated
        if self._on_turn_updated is not None:
            self._on_turn_updated(updated)
        self.state = State.NEXT
        return verdict


def followup_verdict(engine: InterviewEngine, turn: TurnRecord) -> FollowUpVerdict | None:
    """For a follow-up turn: did it fill the gap it was asked about, read together with its main answer?"""
    if turn.kind != "followup" or turn.parent_index is None:
        return None
    parent = engine.session.turns[turn.parent_index]
    question = engine.questions.get(parent.question_id or "")
    qtype = QuestionType(question.type) if question is not None else None
    return judge_followup(turn.followup_reason, parent.answer, parent.question, turn.answer, qtype)


def followup_closed(engine: InterviewEngine, turn: TurnRecord) -> bool | None:
    """For a follow-up turn: whether it filled its gap (None for probes and other turns)."""
    verdict = followup_verdict(engine, turn)
    return None if verdict is None else verdict.filled


def thinking_note(seconds: float | None, asked_for_moment: bool) -> str:
    """A plain-words note on the time taken before the first word."""
    if seconds is None:
        return "Thinking time not measured."
    low, high = THINKING_GOOD
    if asked_for_moment:
        return f"{seconds:.1f} s before your first word, and you asked for a moment: a composed move."
    if seconds < 1.0:
        return f"{seconds:.1f} s: you started instantly. A short pause to structure the answer reads as calm."
    if seconds < low:
        return (
            f"{seconds:.1f} s before your first word: a quick start. Taking {low:.0f}-{high:.0f} s to plan is fine too."
        )
    if seconds <= high:
        return f"{seconds:.1f} s before your first word. {low:.0f}-{high:.0f} s is a natural pause."
    if seconds <= 10:
        return f'{seconds:.1f} s before your first word: a little long. Say "let me take a moment" if you need it.'
    return f"{seconds:.1f} s of silence before answering. Ask for a moment out loud rather than going quiet."
