"""`starcoach prep ...`: company notes, questions to ask, the interview-day checklist, the thank-you note, the pack."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from starcoach.cli.context import settings_of
from starcoach.errors import UserInputError

if TYPE_CHECKING:
    from starcoach.prep.ask import AskQuestion
    from starcoach.prep.checklist import ChecklistLine
    from starcoach.prep.company import CompanyNotes
    from starcoach.prep.job_description import JobDescription
    from starcoach.prep.thank_you import NoteExample, ThankYouNote
    from starcoach.settings import Settings
    from starcoach.store import Store

prep_app = typer.Typer(
    name="prep",
    help=(
        "Get ready for a real interview: company notes, the job description's focus, questions to ask, "
        "the interview-day checklist, a thank-you note and a printable prep pack."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _store(settings: Settings) -> Store:
    from starcoach.store import Store

    return Store.open(settings.resolved_database_url)


def _now() -> datetime:
    return datetime.now(UTC)


def _say(line: str = "") -> None:
    typer.echo(line)


def _read_job_description(source: str) -> str:
    from starcoach.interview.job_description import read_job_description_text

    if source == "-" and sys.stdin.isatty():
        print(
            "Paste the job description, then press Ctrl-D on an empty line (Ctrl-Z, Enter on Windows).", file=sys.stderr
        )
    return read_job_description_text(source)


def _job_summary(job: JobDescription) -> list[str]:
    from starcoach.report.style import COMPETENCY_NAMES

    if job.is_empty:
        return ["The job description names none of the skills, tools or metrics StarCoach looks for."]
    lines = []
    if job.competencies:
        lines.append("Skills it stresses: " + ", ".join(COMPETENCY_NAMES[c].lower() for c in job.competencies))
    if job.tools:
        lines.append("Tools it names: " + ", ".join(job.tools))
    if job.metrics:
        lines.append("Metrics it names: " + ", ".join(f"{m.name} ({m.count}x)" for m in job.metrics))
    return lines


# -- company -----------------------------------------------------------------------------------
@prep_app.command("company")
def company(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="The company's name (any case; it is how you find the notes again)."),
    ],
    product: Annotated[str | None, typer.Option("--product", help="What it sells or runs.")] = None,
    customers: Annotated[str | None, typer.Option("--customers", help="Who its customers are.")] = None,
    channels: Annotated[str | None, typer.Option("--channels", help="Where support happens: phone, chat...")] = None,
    pain_points: Annotated[
        str | None, typer.Option("--pain-points", help="What customers struggle with; separate several with ';'.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Anything else worth remembering.")] = None,
    job_description: Annotated[
        str | None,
        typer.Option(
            "--job-description", "-j", metavar="FILE|-", help="The job description as text; - reads it piped in."
        ),
    ] = None,
    delete: Annotated[bool, typer.Option("--delete", help="Remove this company's notes.")] = False,
) -> None:
    """Save what you found out about a company. Given fields replace the stored ones; others are kept.

    Examples:

      starcoach prep company "Northwind Broadband" --product "home fibre" --channels "phone, chat, email"

      starcoach prep company "Northwind Broadband" --pain-points "slow refunds; missed engineer visits"

      pbpaste | starcoach prep company "Northwind Broadband" --job-description -
    """
    from starcoach.prep.company import clean_name, updated_notes
    from starcoach.prep.job_description import parse_job_description

    settings = settings_of(ctx)

    cleaned = clean_name(name)
    changes = {
        "product": product,
        "customers": customers,
        "channels": channels,
        "pain_points": pain_points,
        "notes": notes,
    }
    if delete:
        with _store(settings) as store:
            removed = store.prep.delete_company(cleaned)
        _say(f"Deleted the notes for {removed.company}.")
        return
    # Everything is read and checked before anything is written, so a bad job description stores nothing.
    job_text = _read_job_description(job_description) if job_description is not None else None
    if job_text is None and all(value is None for value in changes.values()):
        raise UserInputError(
            f"nothing to save for '{cleaned}'",
            hint="Add --product, --customers, --channels, --pain-points, --notes or --job-description; "
            f"see what is stored with: starcoach prep show '{cleaned}'",
        )
    with _store(settings) as store:
        existing = store.prep.find_company(cleaned)
        saved = updated_notes(existing, cleaned, {**changes, "job_description": job_text}, _now())
        store.prep.save_company(saved)
    verb = "Updated" if existing else "Saved"
    _say(f"{verb} the notes for {saved.company}: {', '.join(saved.filled()) or 'nothing yet'}.")
    if job_text is not None:
        for line in _job_summary(parse_job_description(job_text)):
            _say(f"  {line}")
    _say(f"Next: starcoach prep questions --company '{saved.company}'")


# -- show --------------------------------------------------------------------------------------
def _show_one(notes: CompanyNotes) -> None:
    from starcoach.prep.company import NOTE_FIELDS
    from starcoach.prep.job_description import parse_job_description

    _say(notes.company)
    _say(f"  updated {notes.updated_at:%Y-%m-%d %H:%M} UTC")
    for field, label in NOTE_FIELDS.items():
        value = getattr(notes, field)
        _say(f"  {label.capitalize()}: {' '.join(value.split()) if value else '(not noted yet)'}")
    if notes.job_description:
        words = len(notes.job_description.split())
        _say(f"  Job description: {words:,} words")
        for line in _job_summary(parse_job_description(notes.job_description)):
            _say(f"    {line}")
    else:
        _say("  Job description: (none; add one with --job-description FILE)")


@prep_app.command("show")
def show(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(metavar="NAME", help="One company; without it, list every company.")
    ] = None,
) -> None:
    """Show the notes for one company, or list the companies you have notes for."""
    settings = settings_of(ctx)
    with _store(settings) as store:
        if name is not None:
            _show_one(store.prep.get_company(name))
            return
        companies = store.prep.list_companies()
    if not companies:
        _say('No company notes yet. Add some with: starcoach prep company "NAME" --product "..."')
        return
    _say(f"{len(companies)} company note(s), most recent first:")
    for notes in companies:
        filled = ", ".join(notes.filled()) or "empty"
        _say(f"  {notes.company}  ({notes.updated_at:%Y-%m-%d}; {filled})")


# -- questions ---------------------------------------------------------------------------------
def _tailored(
    settings: Settings, store: Store, company_name: str | None, job_description: str | None
) -> tuple[list[AskQuestion], str | None]:
    """The questions to ask, and who wrote them when it was a language model (None: built in)."""
    from starcoach.prep.ask import questions_to_ask
    from starcoach.prep.job_description import parse_job_description

    job_text = _read_job_description(job_description) if job_description is not None else None
    notes = store.prep.get_company(company_name) if company_name is not None else None
    if job_text is None and notes is not None and notes.job_description:
        job_text = notes.job_description
    if not job_text:
        return questions_to_ask(notes, None), None  # no job description: nothing for a model to read
    job = parse_job_description(job_text)
    chosen = questions_to_ask(notes, job)
    return _from_model(settings, job_text, job, notes.company if notes is not None else company_name, chosen)


def _from_model(
    settings: Settings, job_text: str, job: JobDescription, company: str | None, builtin: list[AskQuestion]
) -> tuple[list[AskQuestion], str | None]:
    """The configured language model's questions from the job description; ``builtin`` without one or when it fails."""
    if settings.llm_backend == "embedded":
        return builtin, None
    from starcoach.backends import make_language_model
    from starcoach.llm.ask_questions import questions_task
    from starcoach.llm.choose import generate_with_fallback
    from starcoach.prep.ask import AskQuestion
    from starcoach.report.style import COMPETENCY_NAMES

    skills = [COMPETENCY_NAMES[c].lower() for c in job.competencies]
    task = questions_task(job_text, skills, job.tools, company, lambda: [(q.text, q.why) for q in builtin])
    model = make_language_model(settings)
    answer, backend = generate_with_fallback(model, task, _note)
    if backend == "embedded":
        return builtin, None
    proposed = [AskQuestion(q.question, q.reason, "model") for q in answer.questions]
    return proposed, f"the language model at {model.where}"


def _note(line: str) -> None:
    print(f"starcoach: note: {line}", file=sys.stderr)


@prep_app.command("questions")
def questions(
    ctx: typer.Context,
    company_name: Annotated[
        str | None, typer.Option("--company", help="Use this company's notes (and its stored job description).")
    ] = None,
    job_description: Annotated[
        str | None,
        typer.Option("--job-description", "-j", metavar="FILE|-", help="A job description to tailor to (not stored)."),
    ] = None,
) -> None:
    """Questions to ask the interviewer, tailored to your company notes and the job description, each with why.

    Example: starcoach prep questions --company "Northwind Broadband"
    """
    settings = settings_of(ctx)
    with _store(settings) as store:
        chosen, writer = _tailored(settings, store, company_name, job_description)
        notes = store.prep.find_company(company_name) if company_name else None
    tailored = sum(q.source != "general" for q in chosen)
    where = f" at {notes.company}" if notes is not None else ""
    if writer is not None:
        _say(f"Questions to ask{where} (written from the job description by {writer}; check them before you use them):")
    else:
        _say(f"Questions to ask{where} ({tailored} tailored to your notes or the job description):")
    for number, question in enumerate(chosen, start=1):
        _say(f"{number:>2}. {question.text}")
        _say(f"    Why: {question.why}")
    if not tailored:
        _say("Tip: add company notes or a job description (--company, --job-description) to tailor these.")
    _say("Pick three or four; keep the last one for the very end.")


# -- checklist ---------------------------------------------------------------------------------
def _print_checklist(lines: list[ChecklistLine]) -> None:
    from starcoach.prep.checklist import STAGE_TITLES, progress_line

    stage = ""
    for line in lines:
        if line.item.stage != stage:
            stage = line.item.stage
            _say(("\n" if line.number > 1 else "") + STAGE_TITLES[stage])
        mark = "[x]" if line.ticked else "[ ]"
        _say(f"  {mark} {line.number:>2}. {line.item.text}  ({line.item.id})")
        if line.item.command and not line.ticked:
            _say(f"          try: {line.item.command}")
    _say("")
    _say(progress_line(lines))


def run_interactive(store: Store, ask: Callable[[str], str]) -> None:
    """Show the checklist and toggle items by number until an empty line; each toggle is saved at once."""
    from starcoach.prep.checklist import checklist_lines, find_item

    while True:
        lines = checklist_lines(store.prep.ticks())
        _print_checklist(lines)
        try:
            typed = ask("Number(s) to tick or untick, Enter to finish: ").strip()
        except EOFError:
            typed = ""
        if typed.lower() in ("", "q", "quit", "done"):
            return
        ticked = {line.item.id for line in lines if line.ticked}
        for ref in typed.replace(",", " ").split():
            try:
                item = find_item(ref)
            except UserInputError as error:
                _say(f"  {error.what}.")
                continue
            if item.id in ticked:
                store.prep.untick(item.id)
            else:
                store.prep.tick(item.id, _now())
        _say("")


@prep_app.command("checklist")
def checklist(
    ctx: typer.Context,
    tick: Annotated[
        list[str] | None, typer.Option("--tick", metavar="NUMBER|ID", help="Mark an item done (repeatable).")
    ] = None,
    untick: Annotated[
        list[str] | None, typer.Option("--untick", metavar="NUMBER|ID", help="Mark an item not done (repeatable).")
    ] = None,
    reset: Annotated[bool, typer.Option("--reset", help="Untick every item, e.g. for the next interview.")] = False,
) -> None:
    """The before/during/after checklist. In a terminal with no options, type numbers to tick items off.

    Examples:

      starcoach prep checklist

      starcoach prep checklist --tick 1 --tick research-company

      starcoach prep checklist --reset
    """
    from starcoach.prep.checklist import checklist_lines, find_item

    settings = settings_of(ctx)

    # Every reference is checked first: one unknown id means nothing is changed.
    to_tick = [find_item(ref) for ref in tick or []]
    to_untick = [find_item(ref) for ref in untick or []]
    with _store(settings) as store:
        if reset:
            cleared = store.prep.reset_checklist()
            _say(f"Unticked {cleared} item(s).")
        for item in to_tick:
            store.prep.tick(item.id, _now())
        for item in to_untick:
            store.prep.untick(item.id)
        if not (tick or untick or reset) and sys.stdin.isatty() and sys.stdout.isatty():
            run_interactive(store, input)
            return
        _print_checklist(checklist_lines(store.prep.ticks()))


# -- thank-you ---------------------------------------------------------------------------------
def _edit(path: Path) -> None:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UserInputError(
            "no editor is set", hint="Set EDITOR (e.g. export EDITOR=nano), or use --out FILE and open it yourself."
        )
    try:
        finished = subprocess.run([*shlex.split(editor), str(path)], check=False)
    except OSError as exc:
        raise UserInputError(f"cannot start the editor '{editor}' ({exc.strerror})", hint="Check EDITOR.") from exc
    if finished.returncode != 0:
        raise UserInputError(f"the editor exited with status {finished.returncode}", where=str(path))


def _deliver(text: str, out: Path | None, edit: bool) -> str:
    """Write the note to ``out`` (and open it in the editor with ``edit``); returns the final text."""
    from starcoach.safe_write import write_atomically

    if out is not None:
        write_atomically(out, text)
        if edit:
            _edit(out)
            text = out.read_text(encoding="utf-8")
        return text
    if not edit:
        return text
    with tempfile.TemporaryDirectory(prefix="starcoach-") as folder:
        draft = Path(folder) / "thank-you.txt"
        draft.write_text(text, encoding="utf-8")
        _edit(draft)
        return draft.read_text(encoding="utf-8")


@prep_app.command("thank-you")
def thank_you(
    ctx: typer.Context,
    session_id: Annotated[
        str | None, typer.Option("--session", "-s", help="Point back at this practice session (see `history`).")
    ] = None,
    story_ref: Annotated[
        str | None, typer.Option("--story", help="The story to restate (title or id); default: the best fit.")
    ] = None,
    interviewer: Annotated[str | None, typer.Option("--interviewer", help="Who interviewed you.")] = None,
    company_name: Annotated[str | None, typer.Option("--company", help="The company (default: the session's).")] = None,
    point: Annotated[
        str | None,
        typer.Option("--point", help='What you talked about, e.g. "how the team handles refund backlogs".'),
    ] = None,
    role: Annotated[str, typer.Option("--role", help="The job's name.")] = "customer support",
    signature: Annotated[str | None, typer.Option("--signature", help="Your name, to sign with.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the note to this file to edit.")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Open the note in $EDITOR before printing it.")] = False,
) -> None:
    """Draft a short thank-you note: one specific point from the conversation and one STAR example.

    Examples:

      starcoach prep thank-you --session 3f9c --interviewer "Dana Lee"

      starcoach prep thank-you --company Acme --point "how your team handles refund backlogs" --story "Outage night"
    """
    from starcoach.prep.ask import first_item, lower_start
    from starcoach.prep.thank_you import (
        best_turn,
        choose_story,
        draft_note,
        example_from_story,
        example_from_turn,
        point_from_turn,
    )

    settings = settings_of(ctx)

    if point is not None and not point.strip():
        raise UserInputError("--point is empty", hint='Say what you talked about, e.g. --point "refund backlogs".')
    with _store(settings) as store:
        session = store.get_session(session_id) if session_id is not None else None
        turn = best_turn(session) if session is not None else None
        story = store.stories.get(story_ref) if story_ref is not None else choose_story(store.stories.all(), turn)
        company = company_name or (session.company if session is not None else None)
        notes = store.prep.find_company(company) if company and company.strip() else None
    if point is not None:
        point = "our conversation about " + " ".join(point.split()).rstrip(" .")
    elif turn is not None:
        point = point_from_turn(turn)
    example = example_from_story(story) if story is not None else (example_from_turn(turn) if turn else None)
    customers = lower_start(first_item(notes.customers)) if notes is not None and notes.customers else None
    note = draft_note(
        company=company,
        point=point,
        example=example,
        interviewer=interviewer,
        role=role,
        customers=customers,
        signature=signature,
    )
    text = _deliver(note.text, out, edit)
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    _report_note(note, example, out)


def _report_note(note: ThankYouNote, example: NoteExample | None, out: Path | None) -> None:
    told = [f"About {note.word_count} words."]
    if example is not None and example.title:
        told.append(f"Example: the story '{example.title}' (choose another with --story).")
    elif example is not None:
        told.append("Example: taken from your answer in the session.")
    if note.placeholders:
        told.append("Fill in: " + ", ".join(note.placeholders) + ".")
    if out is not None:
        told.append(f"Wrote {out}; edit it before you send it.")
    print(" ".join(told), file=sys.stderr)


# -- pack --------------------------------------------------------------------------------------
@prep_app.command("pack")
def pack(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="The file to write: .pdf for a PDF, else Markdown.")],
    company_name: Annotated[
        str | None, typer.Option("--company", help="Only this company, and questions tailored to it.")
    ] = None,
) -> None:
    """Write a prep pack to print or read on the way: notes, questions, checklist, stories and gaps.

    Example: starcoach prep pack --company "Northwind Broadband" --out prep.pdf
    """
    from starcoach.prep.checklist import checklist_lines
    from starcoach.prep.pack import PrepPack, render_pack_markdown, render_pack_pdf
    from starcoach.safe_write import write_atomically
    from starcoach.stories.coverage import coverage, coverage_lines, coverage_svg

    settings = settings_of(ctx)

    with _store(settings) as store:
        companies = [store.prep.get_company(company_name)] if company_name else store.prep.list_companies()
        chosen, _writer = _tailored(settings, store, companies[0].company if companies else None, None)
        lines = checklist_lines(store.prep.ticks())
        stories = store.stories.all()
    covered = coverage(stories)
    built = PrepPack(
        company_notes=companies,
        questions_to_ask=chosen,
        checklist=[(line.item, line.ticked) for line in lines],
        stories=stories,
        coverage_lines=coverage_lines(covered),
        coverage_svg=coverage_svg(covered, standalone=False),
        generated_at=_now(),
    )
    if out.suffix.lower() == ".pdf":
        render_pack_pdf(built, out)
    else:
        write_atomically(out, render_pack_markdown(built))
    print(f"Wrote {out}", file=sys.stderr)
