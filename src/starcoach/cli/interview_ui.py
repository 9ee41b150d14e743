"""The terminal mock interview: shows each question, reads the answer, keeps the silence, shows feedback."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from starcoach.cli.answer_input import AnswerReader, AnswerSource, TypedAnswer, band
from starcoach.interview.engine import InterviewEngine, State, followup_verdict, thinking_note
from starcoach.interview.followups import FollowUpVerdict
from starcoach.interview.moments import SILENCE_ADVICE
from starcoach.interview.numbering import planned_phrase, shown_score
from starcoach.report.style import COMPETENCY_NAMES
from starcoach.session_records import TurnRecord


class AnswerMissing(Exception):
    """No answer came (input ended or an empty answer): the session pauses."""


def session_header(engine: InterviewEngine) -> Text:
    """The lines that open a session: track, company, what the job description steers toward."""
    session = engine.session
    text = Text()
    text.append(f"Mock interview: {engine.track.id} track", style="bold")
    text.append(f" - {engine.track.description}\n")
    if session.company:
        text.append(f"Company: {session.company}\n")
    if session.job_focus:
        names = ", ".join(COMPETENCY_NAMES.get(c, c) for c in session.job_focus)
        text.append(f"Your job description stresses: {names}; questions lean that way.\n")
    if session.job_tools:
        text.append(f"Tools it names: {', '.join(session.job_tools)}. Mention the ones you know.\n")
    text.append(
        f"{planned_phrase(len(session.planned_question_ids))}, each may bring a follow-up. Aim for 60-120 s "
        "per main answer; a follow-up needs only the one thing it asks for. Finish an answer with an "
        "empty line (or Ctrl-D). Ctrl-C pauses; every answer is saved as you give it, and one you are "
        "typing is kept to finish when you resume.",
        style="grey50",
    )
    return text


def _title(engine: InterviewEngine) -> str:
    prompt = engine.prompt
    assert prompt is not None
    if prompt.kind == "closing":
        return "Closing: your questions for the interviewer"
    if prompt.kind == "followup":
        return prompt.label
    return f"{prompt.label} of {prompt.total}"


def _show_followup(console: Console, verdict: FollowUpVerdict) -> None:
    """A follow-up is judged on the gap it asked about: filled or not, the words that fill it, a note."""
    lines = Text()
    if verdict.filled is True:
        lines.append("Gap filled", style="bold green")
    elif verdict.filled is False:
        lines.append("Gap not filled", style="bold yellow")
    else:
        lines.append("Follow-up answered", style="bold")
    if verdict.wanted:
        lines.append(f"  ·  asked for {verdict.wanted}")
    for words in verdict.words:
        lines.append(f'\n  "{words}"', style="italic")
    lines.append("\n" + verdict.note)
    console.print(Panel(lines, title="How that landed", title_align="left"))


def show_turn(console: Console, engine: InterviewEngine, turn: TurnRecord) -> None:
    """A short verdict on one answer; the full report comes at the end."""
    verdict = followup_verdict(engine, turn)
    if verdict is not None:
        _show_followup(console, verdict)
        return
    report = turn.report
    lines = Text()
    lines.append(f"Score {shown_score(report.score)}/100", style="bold")
    lines.append(f"  ·  about {report.estimated_seconds:.0f} s spoken ({report.word_count} words)\n")
    lines.append(band(report.estimated_seconds))
    lines.append("\n" + thinking_note(turn.thinking_seconds, turn.asked_for_moment) + "\n")
    fixes = [item for item in report.feedback if item.kind != "strength"]
    strengths = [item for item in report.feedback if item.kind == "strength"]
    if strengths:
        lines.append("+ ", style="green")
        lines.append(strengths[0].message + "\n")
    if fixes:
        lines.append("- ", style="yellow")
        lines.append(fixes[0].message)
    console.print(Panel(lines, title="How that landed", title_align="left"))


def _keep_silence(console: Console, engine: InterviewEngine, reader: AnswerSource) -> None:
    console.print(Text("The interviewer says nothing and waits...", style="italic"))
    if reader.interactive:
        typed = reader.read(
            Text("(silence)", style="italic"),
            on_first_input=lambda: None,
            elapsed=lambda: 0.0,
            check_interrupt=lambda _words: None,
            timeout=engine.silence_seconds,
        ).text
    else:
        typed = reader.read_silence_block()
    verdict = engine.end_silence(typed)
    console.print(Text(SILENCE_ADVICE[verdict], style="cyan"))


def _offer_draft(console: Console, reader: AnswerSource, draft: str) -> str:
    """Show the answer left unfinished at the pause; in a terminal, ask whether to go on from it.
    Returns the text to start the answer with ("" to start afresh)."""
    console.print(Panel(Text(draft), title="Your unfinished answer from last time", title_align="left"))
    if not (reader.interactive and isinstance(reader, AnswerReader)):
        # Piped answers (and spoken ones) arrive whole: the draft is shown to reuse, and kept until answered.
        console.print(Text("It stays kept until you answer this question.", style="grey50"))
        return ""
    try:
        choice = console.input("Use this draft and go on typing after it? [Y/n] ")
    except EOFError:
        return ""
    return "" if choice.strip().lower().startswith("n") else draft


def _read_answer(reader: AnswerSource, engine: InterviewEngine, text: str, draft: str) -> TypedAnswer:
    header = Text(text, style="bold")
    if draft and isinstance(reader, AnswerReader):
        return reader.read(header, engine.first_input, engine.elapsed, engine.interruption, draft=draft)
    return reader.read(
        header, on_first_input=engine.first_input, elapsed=engine.elapsed, check_interrupt=engine.interruption
    )


def run_interview(
    engine: InterviewEngine,
    console: Console,
    reader: AnswerSource,
    say: Callable[[str], object] | None = None,
    draft: str | None = None,
) -> None:
    """Ask until the engine is done (reading each question aloud with ``say``, when given);
    raise AnswerMissing when an answer does not come. ``draft`` is an unfinished answer to the
    first question asked, kept from a pause: it is offered back before that answer is read."""
    while engine.prompt is not None:
        prompt = engine.prompt
        console.print()
        console.print(Panel(Text(prompt.text, style="bold"), title=_title(engine), title_align="left"))
        if say is not None:
            say(prompt.text)
        start_from = _offer_draft(console, reader, draft) if draft else ""
        draft = None  # only the first question asked on a resume can have one
        if reader.interactive:
            engine.shown()  # piped answers arrive at once: there is no thinking time to measure
        typed = _read_answer(reader, engine, prompt.text, start_from)
        if typed.interrupted_with:
            console.print(Text(f"Interviewer: {typed.interrupted_with}", style="bold magenta"))
        if not typed.text.strip():
            raise AnswerMissing
        show_turn(console, engine, engine.submit(typed.text, typed.report))
        if engine.state is State.SILENCE:
            _keep_silence(console, engine, reader)
        engine.advance()
