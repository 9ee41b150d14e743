"""`starcoach practice`: a mock interview in the terminal, saved answer by answer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from starcoach.cli.answer_input import AnswerReader, AnswerSource, PausedMidAnswer
from starcoach.cli.interview_ui import AnswerMissing, run_interview, session_header
from starcoach.cli.render import make_console
from starcoach.errors import UserInputError
from starcoach.interview.numbering import count_turns
from starcoach.interview.sessions import NewSession, SessionRules, SessionService, wording_model
from starcoach.session_records import SessionRecord
from starcoach.settings import Settings

if TYPE_CHECKING:
    from starcoach.store.drafts import DraftStore


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
    from starcoach.store.drafts import DraftStore

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
        service = SessionService(store, SessionRules.from_settings(settings), model=wording_model(settings))
        if resume:
            resumed = service.resume()
            if resumed is None:
                raise UserInputError(
                    "there is no paused session to resume", hint="Start one with `starcoach practice`."
                )
            session = resumed
        else:
            new = NewSession(
                track_id,
                company,
                job_description_file=job_description,
                count=count,
                question_id=question_id,
                competency=competency,
                seed=seed,
            )
            session = service.create(new)
        drafts = DraftStore(settings.home)
        engine = service.interview(session, lambda line: console.print(Text(line, style="yellow")))
        console.print(session_header(engine))
        if resume:
            console.print(
                Text(f"Resuming session {session.id}: {count_turns(session.turns)} already saved.", style="cyan")
            )
        draft = drafts.load(session.id, len(session.turns)) if resume else None
        try:
            run_interview(engine, console, reader, say, draft=draft)
        except (KeyboardInterrupt, AnswerMissing) as paused:
            console.print()
            message = _pause_message(drafts, session.id, len(session.turns), paused, count_turns(session.turns))
            console.print(Text(message, style="bold cyan"))
            return 130
        drafts.forget_session(session.id)
        _show_session_report(service.finish(session), console)
        console.print(
            Text(
                f"Saved as session {session.id}. See it again with: starcoach report {session.id} --format html",
                style="grey50",
            )
        )
        return 0
    finally:
        store.close()


def _pause_message(drafts: DraftStore, session_id: str, answered: int, paused: BaseException, saved: str) -> str:
    """Keep an answer cut off by Ctrl-C as a draft of the turn it was for, and say what is kept
    (``saved``: what is saved, counted as every view counts it)."""
    drafts.forget_before(session_id, answered)  # drafts of answers given since are done with
    kept = ""
    if isinstance(paused, PausedMidAnswer) and paused.typed:
        try:
            drafts.save(session_id, answered, paused.typed)
        except UserInputError as exc:  # a full or read-only home: say so, the saved answers still stand
            return f"Paused. Saved: {saved}; your unfinished answer could not be kept ({exc.what})."
        kept = " Your unfinished answer is kept; it will be offered when you resume."
    elif drafts.load(session_id, answered) is not None:
        kept = " Your unfinished answer from before is still kept."
    return f"Paused. Saved: {saved}.{kept} Continue with: starcoach practice --resume"


def _show_session_report(session: SessionRecord, console: Console) -> None:
    from starcoach.report import build_session_report, render_text

    render_text(build_session_report(session), console)
