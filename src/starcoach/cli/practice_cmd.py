"""`starcoach practice`: a mock interview in the terminal, saved answer by answer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from starcoach.cli.answer_input import AnswerReader, AnswerSource
from starcoach.cli.interview_ui import AnswerMissing, run_interview, session_header
from starcoach.cli.render import make_console
from starcoach.content.loader import load_bank
from starcoach.content.models import COMPETENCY_IDS
from starcoach.errors import UserInputError
from starcoach.interview.clock import SystemClock
from starcoach.interview.engine import FollowUpWording, InterviewEngine, new_session_id
from starcoach.interview.job_description import JobFocus, read_job_description
from starcoach.interview.planning import get_track, plan_questions
from starcoach.interview.records import SessionRecord
from starcoach.settings import Settings

if TYPE_CHECKING:
    from starcoach.store import Store  # imported for real inside run(): SQLAlchemy is slow to load


def _new_session(
    store: Store,
    track_id: str,
    company: str | None,
    job_description: Path | None,
    count: int | None,
    question_id: str | None,
    competency: str | None,
    seed: int | None,
    recent_sessions: int,
) -> SessionRecord:
    track = get_track(track_id)
    if competency is not None and competency not in COMPETENCY_IDS:
        raise UserInputError(f"unknown competency '{competency}'", hint=f"Use one of: {', '.join(COMPETENCY_IDS)}.")
    focus = read_job_description(job_description) if job_description else JobFocus((), ())
    steer = ([competency] if competency else []) + [c for c in focus.competencies if c != competency]
    bank = load_bank()
    if question_id:
        plan = [bank.question(question_id)]
    else:
        recent = store.recent_question_ids(recent_sessions)
        plan = plan_questions(bank.questions, track, count, recent=recent, focus=steer, seed=seed)
    clock = SystemClock()
    return SessionRecord(
        id=new_session_id(),
        track=track.id,
        company=company.strip() if company and company.strip() else None,
        job_focus=list(focus.competencies),
        job_tools=list(focus.tools),
        planned_question_ids=[q.id for q in plan],
        started_at=clock.now(),
    )


def run(
    settings: Settings,
    track_id: str,
    company: str | None,
    job_description: Path | None,
    count: int | None,
    resume: bool,
    question_id: str | None,
    competency: str | None,
    seed: int | None,
    voice: bool = False,
    speak: bool = False,
) -> int:
    """Run or resume a session; returns the exit code (130 when paused)."""
    from starcoach.store import Store

    console = make_console()
    # Devices are checked before a session is made, so a missing microphone leaves nothing behind.
    reader: AnswerSource = AnswerReader(console)
    say = None
    if voice or speak:
        from starcoach.cli.voice_input import speaking, voice_reader

        reader = voice_reader(console, settings) if voice else reader
        say = speaking(settings) if speak else None
    store = Store.open(settings.resolved_database_url)
    try:
        if resume:
            session = store.latest_unfinished()
            if session is None:
                raise UserInputError(
                    "there is no paused session to resume", hint="Start one with `starcoach practice`."
                )
        else:
            session = _new_session(
                store,
                track_id,
                company,
                job_description,
                count,
                question_id,
                competency,
                seed,
                settings.recent_sessions,
            )
            store.create_session(session)
        questions = {q.id: q for q in load_bank().questions}
        engine = InterviewEngine(
            session,
            questions,
            SystemClock(),
            on_turn=lambda turn: store.add_turn(session.id, turn),
            on_turn_updated=lambda turn: store.update_turn(session.id, turn),
            words_per_minute=settings.words_per_minute,
            silence_seconds=settings.silence_seconds,
            word_followup=_followup_wording(settings, console),
        )
        console.print(session_header(engine))
        if resume:
            console.print(
                Text(f"Resuming session {session.id}: {len(session.turns)} answer(s) already saved.", style="cyan")
            )
        try:
            run_interview(engine, console, reader, say)
        except (KeyboardInterrupt, AnswerMissing):
            console.print()
            console.print(
                Text(
                    f"Paused. {len(session.turns)} answer(s) are saved. Continue with: starcoach practice --resume",
                    style="bold cyan",
                )
            )
            return 130
        assert session.finished_at is not None
        store.finish_session(session.id, session.finished_at)
        _show_session_report(store.get_session(session.id), console)
        console.print(
            Text(
                f"Saved as session {session.id}. See it again with: starcoach report {session.id} --format html",
                style="grey50",
            )
        )
        return 0
    finally:
        store.close()


def _followup_wording(settings: Settings, console: Console) -> FollowUpWording | None:
    """The configured language model's wording of follow-ups; None keeps the built-in wording."""
    if settings.llm_backend == "embedded":
        return None
    from starcoach.backends import make_language_model
    from starcoach.interview.followups import GAP_WANTED
    from starcoach.llm.followup_wording import FollowUpWorder

    def notice(line: str) -> None:
        console.print(Text(line, style="yellow"))

    return FollowUpWorder(make_language_model(settings), notice, GAP_WANTED)


def _show_session_report(session: SessionRecord, console: Console) -> None:
    from starcoach.report import build_session_report, render_text

    render_text(build_session_report(session), console)
