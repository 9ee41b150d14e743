"""The interview as the web app runs it: one request at a time, the engine rebuilt from the store each time.

Nothing lives in server memory between requests, so a reload, a lost connection or a restarted
server resumes exactly where the candidate was. Every answer names the turn it answers
(``turn``): an answer or transcript that arrives late, for a question already answered, is
refused with a conflict instead of landing on the next question.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from starcoach.content.loader import load_bank
from starcoach.content.models import COMPETENCY_IDS, Question
from starcoach.errors import StoreError, UserInputError
from starcoach.interview.engine import FollowUpWording, InterviewEngine, State, followup_closed, new_session_id
from starcoach.interview.job_description import MAX_JOB_DESCRIPTION_BYTES, JobFocus, focus_from_text
from starcoach.interview.planning import TRACKS, get_track, plan_questions
from starcoach.interview.records import SessionRecord, SilenceVerdict, TurnRecord
from starcoach.settings import Settings

if TYPE_CHECKING:
    from starcoach.analysis.report import AnswerReport
    from starcoach.llm.protocol import LanguageModel
    from starcoach.store import Store

MAX_COMPANY_CHARS = 200


class NotYours(UserInputError):
    """The session does not exist, or another browser started it (the two look the same on purpose)."""

    code = "not_found"


class StaleTurn(UserInputError):
    """The answer is for a question that is no longer the one waiting."""

    code = "conflict"


class Forbidden(UserInputError):
    """A state change without this browser's security token."""

    code = "forbidden"


class BrowserTimings:
    """A clock that replays the timings the browser measured, since the engine lives for one request only."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def monotonic(self) -> float:
        """The browser's time for the step being replayed."""
        return self.seconds

    def now(self) -> datetime:
        """The real time, for records."""
        return datetime.now(UTC)


@dataclass(frozen=True)
class Waiting:
    """What the candidate sees now: the question waiting, or the end."""

    session: SessionRecord
    state: Literal["question", "done"]
    turn: int
    kind: str | None
    text: str | None
    number: int
    total: int
    reason: str | None
    hint: str | None
    silence_seconds: float
    notice: str | None = None


@dataclass(frozen=True)
class Answered:
    """An answer as stored, whether a follow-up filled its gap, and what waits next."""

    turn: TurnRecord
    gap_closed: bool | None
    next: Waiting


class InterviewRooms:
    """Starts sessions, says what is waiting in each, and records answers, for one store."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._questions: dict[str, Question] = {q.id: q for q in load_bank().questions}
        # Two tabs answering the same session at once must not both be taken as the same turn.
        self._lock = threading.Lock()
        # A configured language model words the follow-ups; a failure falls back with a notice for the page.
        self._model: LanguageModel | None = None
        if settings.llm_backend != "embedded":
            from starcoach.backends import make_language_model

            self._model = make_language_model(settings)
        self._notices: dict[str, str] = {}

    # -- starting ---------------------------------------------------------------------------
    def start(
        self,
        owner: str,
        track_id: str,
        company: str | None = None,
        job_description: str | None = None,
        count: int | None = None,
    ) -> SessionRecord:
        """Plan and store a new session owned by ``owner`` (a hashed browser id)."""
        if track_id not in TRACKS:
            raise UserInputError(f"unknown track '{track_id}'", hint=f"Choose one of: {', '.join(TRACKS)}.")
        track = get_track(track_id)
        company = (company or "").strip() or None
        if company is not None and len(company) > MAX_COMPANY_CHARS:
            raise UserInputError(
                f"the company name is {len(company)} characters long", hint=f"Keep it under {MAX_COMPANY_CHARS}."
            )
        focus = JobFocus((), ())
        if job_description and job_description.strip():
            if len(job_description.encode("utf-8", "replace")) > MAX_JOB_DESCRIPTION_BYTES:
                raise UserInputError("the job description is over 200 kB", hint="Paste just the advert's text.")
            if "\x00" in job_description:
                raise UserInputError("the job description contains NUL bytes", hint="Paste plain text.")
            focus = focus_from_text(job_description)
        recent = self.store.recent_question_ids(self.settings.recent_sessions)
        plan = plan_questions(load_bank().questions, track, count, recent=recent, focus=list(focus.competencies))
        session = SessionRecord(
            id=new_session_id(),
            track=track.id,
            company=company,
            job_focus=[c for c in focus.competencies if c in COMPETENCY_IDS],
            job_tools=list(focus.tools),
            planned_question_ids=[q.id for q in plan],
            started_at=datetime.now(UTC),
        )
        self.store.create_session(session)
        self.store.set_owner(session.id, owner)
        return session

    # -- reading ----------------------------------------------------------------------------
    def session(self, session_id: str, owner: str) -> SessionRecord:
        """A session this browser may see: its own, or one started in the terminal on this machine."""
        if not session_id.isalnum() or len(session_id) != 12:
            raise NotYours(f"no session '{session_id[:40]}'", hint="Start a new one from the start page.")
        try:
            session = self.store.get_session(session_id)
        except StoreError as exc:
            if exc.what.startswith("no session"):
                raise NotYours(f"no session '{session_id}'", hint="Start a new one from the start page.") from exc
            raise
        stored_owner = self.store.owner_of(session.id)
        if stored_owner is not None and stored_owner != owner:
            raise NotYours(f"no session '{session_id}'", hint="Start a new one from the start page.")
        return session

    def _wording(self, session_id: str) -> FollowUpWording | None:
        if self._model is None:
            return None
        from starcoach.interview.followups import GAP_WANTED
        from starcoach.llm.followup_wording import FollowUpWorder

        notices = self._notices
        return FollowUpWorder(self._model, lambda line: notices.__setitem__(session_id, line), GAP_WANTED)

    def _engine(self, session: SessionRecord, clock: BrowserTimings | None = None) -> InterviewEngine:
        return InterviewEngine(
            session,
            self._questions,
            clock or BrowserTimings(),
            on_turn=lambda turn: self.store.add_turn(session.id, turn),
            on_turn_updated=lambda turn: self.store.update_turn(session.id, turn),
            words_per_minute=self.settings.words_per_minute,
            silence_seconds=self.settings.silence_seconds,
            word_followup=self._wording(session.id),
        )

    def waiting(self, session_id: str, owner: str) -> Waiting:
        """What is waiting in a session (finishing it when nothing is)."""
        session = self.session(session_id, owner)
        engine = self._engine(session)
        return self._describe(engine)

    def _describe(self, engine: InterviewEngine) -> Waiting:
        session = engine.session
        prompt = engine.prompt
        if prompt is None:
            if session.status != "finished" and session.finished_at is not None:
                self.store.finish_session(session.id, session.finished_at)
            return Waiting(
                session, "done", len(session.turns), None, None, 0, len(session.planned_question_ids), None, None, 0.0
            )
        question = self._questions.get(prompt.question_id or "")
        return Waiting(
            session=session,
            state="question",
            turn=len(session.turns),
            kind=prompt.kind,
            text=prompt.text,
            number=prompt.number,
            total=prompt.total,
            reason=prompt.reason,
            hint=question.hint if question is not None else None,
            silence_seconds=engine.silence_seconds if prompt.kind == "main" else 0.0,
            notice=self._notices.pop(session.id, None),
        )

    # -- answering --------------------------------------------------------------------------
    def answer(
        self,
        session_id: str,
        owner: str,
        turn: int,
        text: str,
        *,
        thinking_seconds: float | None = None,
        answer_seconds: float | None = None,
        report: AnswerReport | None = None,
    ) -> Answered:
        """Record the answer to turn ``turn``, and say what waits next.

        The next prompt comes from the session already in hand, not a second read of the store:
        under load, reading the session again was a third of an answer's cost.
        """
        with self._lock:
            session = self.session(session_id, owner)
            clock = BrowserTimings()
            engine = self._engine(session, clock)
            self._check_turn(engine, turn)
            # Replay the browser's timings: question shown at 0, first word, then submitted.
            engine.shown()
            clock.seconds = max(0.0, thinking_seconds or 0.0)
            engine.first_input()
            clock.seconds += max(0.0, answer_seconds or 0.0)
            recorded = engine.submit(text, report)
            closed = followup_closed(engine, recorded)
            if engine.state is State.NEXT and engine.advance() is None and session.finished_at is not None:
                self.store.finish_session(session.id, session.finished_at)
            # During the deliberate silence the engine waits; the next request's engine would skip it.
            waiting = self._describe(self._engine(session) if engine.state is State.SILENCE else engine)
        return Answered(recorded, closed, waiting)

    def silence(self, session_id: str, owner: str, turn: int, addition: str | None) -> SilenceVerdict:
        """What the candidate added into the deliberate silence after answer ``turn``."""
        from starcoach.interview.moments import judge_silence

        if addition is not None and len(addition) > 20_000:
            raise UserInputError("what you added into the silence is too long", hint="Keep it to a few sentences.")
        with self._lock:
            session = self.session(session_id, owner)
            if turn != len(session.turns) - 1 or session.turns[turn].kind != "main":
                raise StaleTurn(
                    "that silence is over: the interview has moved on", hint="Carry on with the question shown."
                )
            stored = session.turns[turn]
            if stored.silence_addition is not None:
                return stored.silence_verdict
            verdict = judge_silence(addition)
            self.store.update_turn(
                session.id, stored.model_copy(update={"silence_addition": addition or None, "silence_verdict": verdict})
            )
        return verdict

    @staticmethod
    def _check_turn(engine: InterviewEngine, turn: int) -> None:
        expected = len(engine.session.turns)
        if engine.prompt is None:
            raise StaleTurn("this interview is over", hint="Open its report, or start a new session.")
        if turn != expected:
            raise StaleTurn(
                f"this answer is for question turn {turn + 1}, but turn {expected + 1} is waiting",
                hint="It arrived late or twice, so it was not saved. Answer the question shown now.",
            )
