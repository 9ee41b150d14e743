"""The session service: mock interviews started, resumed, answered and finished the same way for every front end.

The terminal drives a live engine (it times the candidate's keystrokes itself); the web app
answers one request at a time, replaying the timings the browser measured into an engine rebuilt
from the store, so nothing lives in server memory between requests. Both go through this module,
so a session is validated, planned, wired to the store and its follow-ups worded in one place.

The service talks to storage through ``SessionStore``, which ``starcoach.store.Store`` implements;
it is given its collaborators (store, rules, clock, language model) and never loads settings.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from starcoach.content.loader import load_bank
from starcoach.content.models import COMPETENCY_IDS, Question
from starcoach.errors import NotFound, StaleTurn, StoreError, UserInputError
from starcoach.interview.clock import Clock, SystemClock
from starcoach.interview.engine import FollowUpWording, InterviewEngine, State, followup_verdict, new_session_id
from starcoach.interview.followups import FollowUpVerdict
from starcoach.interview.job_description import (
    MAX_JOB_DESCRIPTION_BYTES,
    JobFocus,
    focus_from_text,
    read_job_description,
)
from starcoach.interview.planning import get_track, plan_questions
from starcoach.session_records import SessionRecord, SessionSummary, SilenceVerdict, TurnRecord

if TYPE_CHECKING:
    from starcoach.analysis.report import AnswerReport
    from starcoach.llm.protocol import LanguageModel
    from starcoach.settings import Settings

MAX_COMPANY_CHARS = 200
MAX_SILENCE_CHARS = 20_000
_START_AGAIN = "Start a new one from the start page."

Notice = Callable[[str], None]


class SessionStore(Protocol):
    """What the service needs of storage: sessions, their turns, and which web client started each."""

    def create_session(self, record: SessionRecord) -> None:
        """Store a new session."""
        ...

    def add_turn(self, session_id: str, turn: TurnRecord) -> None:
        """Store one answered turn, committed when this returns."""
        ...

    def update_turn(self, session_id: str, turn: TurnRecord) -> None:
        """Replace a stored turn."""
        ...

    def finish_session(self, session_id: str, finished_at: datetime) -> None:
        """Mark a session finished."""
        ...

    def get_session(self, session_id: str) -> SessionRecord:
        """A session by id (or a unique prefix); StoreError when there is none."""
        ...

    def latest_unfinished(self) -> SessionRecord | None:
        """The most recently started unfinished session."""
        ...

    def list_sessions(self) -> list[SessionSummary]:
        """Every session, oldest first."""
        ...

    def recent_question_ids(self, sessions: int) -> set[str]:
        """Question ids answered in the last ``sessions`` sessions."""
        ...

    def set_owner(self, session_id: str, owner: str) -> None:
        """Record the web client that started a session."""
        ...

    def owner_of(self, session_id: str) -> str | None:
        """The web client that started a session; None for the terminal."""
        ...


@dataclass(frozen=True)
class SessionRules:
    """The few settings a session follows."""

    words_per_minute: float = 150.0
    silence_seconds: float = 4.0
    recent_sessions: int = 3

    @classmethod
    def from_settings(cls, settings: Settings) -> SessionRules:
        """The rules in already loaded settings."""
        return cls(settings.words_per_minute, settings.silence_seconds, settings.recent_sessions)


@dataclass(frozen=True)
class NewSession:
    """What a candidate asks for when starting a session.

    The job description comes pasted (``job_description``, from the web) or as a file to read
    (``job_description_file``, from the terminal); ``question_id`` asks one bank question only.
    """

    track: str
    company: str | None = None
    job_description: str | None = None
    job_description_file: Path | None = None
    count: int | None = None
    question_id: str | None = None
    competency: str | None = None
    seed: int | None = None


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
    label: str | None = None  # the question as every view numbers it ("Q2", "Q2 follow-up 1", "closing")


@dataclass(frozen=True)
class Answered:
    """An answer as stored, how a follow-up did on its gap (None for other answers), and what waits next."""

    turn: TurnRecord
    followup: FollowUpVerdict | None
    next: Waiting

    @property
    def gap_closed(self) -> bool | None:
        """For a follow-up: whether it filled the gap it asked about."""
        return None if self.followup is None else self.followup.filled


class ReplayedTimings:
    """A clock that replays timings measured elsewhere (the browser), for an engine that lives one request."""

    def __init__(self, clock: Clock) -> None:
        self.seconds = 0.0
        self._clock = clock

    def monotonic(self) -> float:
        """The measured time of the step being replayed."""
        return self.seconds

    def now(self) -> datetime:
        """The real time, for records."""
        return self._clock.now()


def checked_company(company: str | None) -> str | None:
    """The company name, trimmed (None when blank); refused when longer than anyone's company name."""
    company = (company or "").strip() or None
    if company is not None and len(company) > MAX_COMPANY_CHARS:
        raise UserInputError(
            f"the company name is {len(company)} characters long", hint=f"Keep it under {MAX_COMPANY_CHARS}."
        )
    return company


def checked_competency(competency: str | None) -> str | None:
    """A competency id to steer toward, refused unless it is one of the bank's."""
    if competency is not None and competency not in COMPETENCY_IDS:
        raise UserInputError(f"unknown competency '{competency}'", hint=f"Use one of: {', '.join(COMPETENCY_IDS)}.")
    return competency


def pasted_job_focus(text: str | None) -> JobFocus:
    """What a pasted job description stresses; blank text stresses nothing."""
    if not text or not text.strip():
        return JobFocus((), ())
    if len(text.encode("utf-8", "replace")) > MAX_JOB_DESCRIPTION_BYTES:
        raise UserInputError("the job description is over 200 kB", hint="Paste just the job description's text.")
    if "\x00" in text:
        raise UserInputError("the job description contains NUL bytes", hint="Paste plain text.")
    return focus_from_text(text)


def history_until(session: SessionRecord, sessions: Iterable[SessionSummary]) -> list[SessionSummary]:
    """The sessions with answers started no later than ``session``: the progress its report shows."""
    return [s for s in sessions if s.answers and s.started_at <= session.started_at]


def wording_model(settings: Settings) -> LanguageModel | None:
    """The language model that words follow-ups; None keeps the built-in wording."""
    if settings.llm_backend == "embedded":
        return None
    from starcoach.backends import make_language_model

    return make_language_model(settings)


class SessionService:
    """Starts sessions, says what is waiting in each, and records answers, for one store."""

    def __init__(
        self,
        store: SessionStore,
        rules: SessionRules | None = None,
        *,
        clock: Clock | None = None,
        model: LanguageModel | None = None,
        questions: Mapping[str, Question] | None = None,
    ) -> None:
        self.store = store
        self.rules = rules or SessionRules()
        self.clock: Clock = clock or SystemClock()
        self._model = model
        self._questions = questions
        # Two tabs answering the same session at once must not both be taken as the same turn.
        self._lock = threading.Lock()
        # A language-model failure met while wording a follow-up, held for the session's next page.
        self._notices: dict[str, str] = {}

    @property
    def questions(self) -> Mapping[str, Question]:
        """The question bank by id (loaded on first use)."""
        if self._questions is None:
            self._questions = {q.id: q for q in load_bank().questions}
        return self._questions

    # -- starting and finding -----------------------------------------------------------------
    def create(self, new: NewSession, owner: str | None = None) -> SessionRecord:
        """Check, plan and store a new session (``owner``: the hashed web client that started it)."""
        track = get_track(new.track)
        competency = checked_competency(new.competency)
        company = checked_company(new.company)
        if new.job_description_file is not None:
            focus = read_job_description(new.job_description_file)
        else:
            focus = pasted_job_focus(new.job_description)
        steer = ([competency] if competency else []) + [c for c in focus.competencies if c != competency]
        bank = load_bank()
        if new.question_id:
            plan = [bank.question(new.question_id)]
        else:
            recent = self.store.recent_question_ids(self.rules.recent_sessions)
            plan = plan_questions(bank.questions, track, new.count, recent=recent, focus=steer, seed=new.seed)
        session = SessionRecord(
            id=new_session_id(),
            track=track.id,
            company=company,
            job_focus=[c for c in focus.competencies if c in COMPETENCY_IDS],
            job_tools=list(focus.tools),
            planned_question_ids=[q.id for q in plan],
            started_at=self.clock.now(),
        )
        self.store.create_session(session)
        if owner is not None:
            self.store.set_owner(session.id, owner)
        return session

    def resume(self) -> SessionRecord | None:
        """The session to carry on with: the latest one not finished, if any."""
        return self.store.latest_unfinished()

    def open(self, session_id: str, owner: str) -> SessionRecord:
        """A session this web client may see: its own, or one started in the terminal on this machine.

        Another client's session and a missing one raise the same NotFound, on purpose.
        """
        if not session_id.isalnum() or len(session_id) != 12:
            raise NotFound(f"no session '{session_id[:40]}'", hint=_START_AGAIN)
        try:
            session = self.store.get_session(session_id)
        except StoreError as exc:
            if exc.what.startswith("no session"):
                raise NotFound(f"no session '{session_id}'", hint=_START_AGAIN) from exc
            raise
        stored_owner = self.store.owner_of(session.id)
        if stored_owner is not None and stored_owner != owner:
            raise NotFound(f"no session '{session_id}'", hint=_START_AGAIN)
        return session

    def visible(self, owner: str | None) -> list[SessionSummary]:
        """Sessions a web client may see (its own and the terminal's), oldest first; every one for None."""
        sessions = self.store.list_sessions()
        if owner is None:
            return sessions
        return [s for s in sessions if self.store.owner_of(s.id) in (None, owner)]

    def started_by(self, owner: str) -> list[SessionSummary]:
        """Sessions this web client started itself, oldest first."""
        return [s for s in self.store.list_sessions() if self.store.owner_of(s.id) == owner]

    def history(self, session: SessionRecord, owner: str | None = None) -> list[SessionSummary]:
        """The visible sessions up to ``session``, for its report's progress chart."""
        return history_until(session, self.visible(owner))

    # -- the live interview (terminal) ---------------------------------------------------------
    def interview(self, session: SessionRecord, notice: Notice, clock: Clock | None = None) -> InterviewEngine:
        """An engine for ``session`` that stores every turn as it is given (``notice``: model failures)."""
        return InterviewEngine(
            session,
            self.questions,
            clock or self.clock,
            on_turn=lambda turn: self.store.add_turn(session.id, turn),
            on_turn_updated=lambda turn: self.store.update_turn(session.id, turn),
            words_per_minute=self.rules.words_per_minute,
            silence_seconds=self.rules.silence_seconds,
            word_followup=self.followup_wording(notice),
        )

    def followup_wording(self, notice: Notice) -> FollowUpWording | None:
        """The language model's wording of follow-ups (failures told to ``notice``); None: built-in wording."""
        if self._model is None:
            return None
        from starcoach.interview.followups import GAP_WANTED
        from starcoach.llm.followup_wording import FollowUpWorder

        return FollowUpWorder(self._model, notice, GAP_WANTED)

    def finish(self, session: SessionRecord) -> SessionRecord:
        """Store that an interview the engine has ended is finished; returns the session as stored."""
        if session.finished_at is None:
            raise UserInputError("this interview is not over yet", hint="Answer the questions still waiting.")
        self.store.finish_session(session.id, session.finished_at)
        return self.store.get_session(session.id)

    # -- one request at a time (web) -------------------------------------------------------------
    def _replaying(self, session: SessionRecord, clock: ReplayedTimings | None = None) -> InterviewEngine:
        notices = self._notices
        return self.interview(
            session,
            lambda line: notices.__setitem__(session.id, line),
            clock or ReplayedTimings(self.clock),
        )

    def waiting(self, session_id: str, owner: str) -> Waiting:
        """What is waiting in a session (finishing it when nothing is)."""
        return self._describe(self._replaying(self.open(session_id, owner)))

    def _describe(self, engine: InterviewEngine) -> Waiting:
        session = engine.session
        prompt = engine.prompt
        if prompt is None:
            if session.status != "finished" and session.finished_at is not None:
                self.store.finish_session(session.id, session.finished_at)
            return Waiting(
                session, "done", len(session.turns), None, None, 0, len(session.planned_question_ids), None, None, 0.0
            )
        question = self.questions.get(prompt.question_id or "")
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
            label=prompt.label,
        )

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
        """Record the answer to turn ``turn`` with the timings measured where it was typed; say what waits next.

        The next prompt comes from the session already in hand, not a second read of the store:
        under load, reading the session again was a third of an answer's cost.
        """
        with self._lock:
            session = self.open(session_id, owner)
            clock = ReplayedTimings(self.clock)
            engine = self._replaying(session, clock)
            _check_turn(engine, turn)
            # Replay the measured timings: question shown at 0, first word, then submitted.
            engine.shown()
            clock.seconds = max(0.0, thinking_seconds or 0.0)
            engine.first_input()
            clock.seconds += max(0.0, answer_seconds or 0.0)
            recorded = engine.submit(text, report)
            verdict = followup_verdict(engine, recorded)
            if engine.state is State.NEXT and engine.advance() is None and session.finished_at is not None:
                self.store.finish_session(session.id, session.finished_at)
            # During the deliberate silence the engine waits; the next request's engine would skip it.
            waiting = self._describe(self._replaying(session) if engine.state is State.SILENCE else engine)
        return Answered(recorded, verdict, waiting)

    def silence(self, session_id: str, owner: str, turn: int, addition: str | None) -> SilenceVerdict:
        """Judge and keep what the candidate added into the deliberate silence after answer ``turn``."""
        from starcoach.interview.moments import judge_silence

        if addition is not None and len(addition) > MAX_SILENCE_CHARS:
            raise UserInputError("what you added into the silence is too long", hint="Keep it to a few sentences.")
        with self._lock:
            session = self.open(session_id, owner)
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


def _check_turn(engine: InterviewEngine, turn: int) -> None:
    expected = len(engine.session.turns)
    if engine.prompt is None:
        raise StaleTurn("this interview is over", hint="Open its report, or start a new session.")
    if turn != expected:
        raise StaleTurn(
            f"this answer is for question turn {turn + 1}, but turn {expected + 1} is waiting",
            hint="It arrived late or twice, so it was not saved. Answer the question shown now.",
        )
