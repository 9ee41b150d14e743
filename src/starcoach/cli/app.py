"""The `starcoach` command: its sub-commands and the one place user errors become one line."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from starcoach import __version__
from starcoach.cli.context import CliRun, parse_overrides, settings_of
from starcoach.errors import StarCoachError, UserInputError

app = typer.Typer(
    name="starcoach",
    help=(
        "Practise customer-service interview answers and get feedback that points at your own words.\n\n"
        "Start with `starcoach practice` for a practice round, or `starcoach analyze answer.txt` to check "
        "an answer you wrote. Everything runs on this machine; nothing is sent anywhere unless you "
        "configure a remote language model (`starcoach config` shows where your text goes)."
    ),
    no_args_is_help=True,
    # Every command and group inherits this from the root, so `-h` works wherever `--help` does.
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    """How `analyze` prints its report."""

    text = "text"
    json = "json"


# The practice tracks and the bank's question types, as the command line names them. The track of
# classic questions is "classics" inside (and in saved sessions) while its questions are of type
# "classic": both commands show "classic" and take either spelling.
_TRACK_NAMES = ("behavioral", "situational", "classic", "pressure", "full")
_QUESTION_TYPES = ("behavioral", "situational", "classic", "closing")
_CLASSIC_SPELLINGS = ("classic", "classics")


def _choices(names: tuple[str, ...]) -> str:
    return "|".join(names)


def _track_id(name: str) -> str:
    """The track's id for a name given on the command line (planning reports unknown ones)."""
    return "classics" if name.strip().lower() in _CLASSIC_SPELLINGS else name


def _question_type(name: str | None) -> str | None:
    """The bank's question type for a name given on the command line."""
    if name is None:
        return None
    wanted = "classic" if name.strip().lower() in _CLASSIC_SPELLINGS else name.strip().lower()
    if wanted not in _QUESTION_TYPES:
        raise UserInputError(f"unknown question type '{name[:40]}'", hint=f"Use one of: {', '.join(_QUESTION_TYPES)}.")
    return wanted


def _version(value: bool) -> None:
    if value:
        typer.echo(f"starcoach {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    overrides: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="NAME=VALUE",
            help="Override a setting for this run (repeatable), e.g. --set llm_backend=embedded or "
            "--set voice_options.rate_wpm=140. Flags win over STARCOACH_* variables and the config file.",
        ),
    ] = None,
) -> None:
    """Practise customer-service interview answers."""
    # Settings are read once, by the first command that needs them, and passed down from there.
    ctx.obj = CliRun(parse_overrides(overrides or ()))


@app.command()
def analyze(
    ctx: typer.Context,
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="FILE|-",
            help="A text file with the answer, - for standard input, or a recording "
            "(.wav .flac .ogg .opus .webm .mp3 .m4a): transcribed, then analysed with its delivery.",
        ),
    ] = None,
    question: Annotated[
        str | None,
        typer.Option(
            "--question",
            "-q",
            help="The question the answer replies to, or its id from `starcoach questions` (sharpens the checks).",
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text: a readable report; json: one JSON object.")
    ] = OutputFormat.text,
    batch: Annotated[
        Path | None,
        typer.Option(
            "--batch", metavar="IN.jsonl", help='Analyse many answers: lines of {"id", "question", "answer"}.'
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", metavar="OUT.jsonl", help="With --batch: where to write the reports.")
    ] = None,
    width: Annotated[
        int | None, typer.Option("--width", help="Terminal width for the text report.", hidden=True)
    ] = None,
    rewrite: Annotated[
        bool,
        typer.Option(
            "--rewrite",
            help="Also suggest the answer rewritten as STAR, keeping only facts you gave "
            "(by the configured language model, else built in from your own sentences).",
        ),
    ] = False,
) -> None:
    """Analyse one answer (STAR, specifics, red flags, tone) and print feedback.

    Examples:

      starcoach analyze answer.txt -q "Tell me about a time you calmed an upset customer."

      echo "I stayed calm and fixed it." | starcoach analyze - --format json

      starcoach analyze answer.wav -q "Tell me about a time you calmed an upset customer."

      starcoach analyze answer.txt --rewrite

      starcoach analyze --batch answers.jsonl --out reports.jsonl
    """
    from starcoach.cli import analyze_cmd

    if batch is not None:
        if rewrite:
            raise UserInputError("--rewrite works on one answer, not a batch", hint="Leave out --batch or --rewrite.")
        raise typer.Exit(analyze_cmd.run_batch(settings_of(ctx), batch, out))
    analyze_cmd.run_single(settings_of(ctx), source, question, output_format.value, width, rewrite)


@app.command()
def questions(
    competency: Annotated[
        str | None,
        typer.Option("--competency", "-c", help="Only questions for this competency id, e.g. time_tech."),
    ] = None,
    question_type: Annotated[
        str | None,
        typer.Option("--type", "-t", metavar=_choices(_QUESTION_TYPES), help="Only questions of this type."),
    ] = None,
) -> None:
    """List the question bank, with each question's id, type, difficulty and competencies."""
    from starcoach.cli import questions_cmd

    questions_cmd.run(competency, _question_type(question_type))


@app.command()
def practice(
    ctx: typer.Context,
    track: Annotated[
        str, typer.Option("--track", "-t", metavar=_choices(_TRACK_NAMES), help="Which kind of interview (below).")
    ] = "behavioral",
    company: Annotated[str | None, typer.Option("--company", help="The company you are interviewing with.")] = None,
    job_description: Annotated[
        Path | None,
        typer.Option(
            "--job-description", "-j", metavar="FILE", help="The job description as text: steers the questions."
        ),
    ] = None,
    questions: Annotated[int | None, typer.Option("--questions", "-n", help="How many questions (1-12).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the last paused session.")] = False,
    question_id: Annotated[
        str | None, typer.Option("--question-id", help="Practise just this question (see `questions`).")
    ] = None,
    competency: Annotated[
        str | None, typer.Option("--competency", "-c", help="Lean the questions toward this competency.")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed for the question choice, to repeat a plan.")] = None,
    voice: Annotated[
        bool, typer.Option("--voice", help="Answer aloud: record from the microphone, then transcribe (offline).")
    ] = False,
    speak: Annotated[bool, typer.Option("--speak", help="The interviewer reads each question aloud.")] = False,
) -> None:
    """A mock interview: questions, follow-ups, a timer with the 60-120 s band, and a report at the end.

    Tracks: behavioral ("tell me about a time"), situational ("what would you do"), classic
    (weakness, why this job), pressure (harder, interruptions, deliberate silences) and full
    (6-8 questions over all five competencies, then your questions for the interviewer).

    Every answer is saved the moment you give it. Ctrl-C pauses; `--resume` continues.

    Examples:

      starcoach practice --track full --company "Acme Telecom" --job-description job.txt

      starcoach practice --track pressure --questions 3

      starcoach practice --voice --speak    (answer aloud; the interviewer speaks)
    """
    from starcoach.cli import practice_cmd

    code = practice_cmd.run(
        settings_of(ctx),
        _track_id(track),
        company,
        job_description,
        questions,
        resume,
        question_id,
        competency,
        seed,
        voice,
        speak,
    )
    raise typer.Exit(code)


@app.command()
def report(
    ctx: typer.Context,
    session: Annotated[
        str, typer.Argument(metavar="SESSION", help="Session id (or its first characters; see `history`).")
    ],
    output_format: Annotated[str, typer.Option("--format", "-f", help="text, md, html or json.")] = "text",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of printing.")] = None,
) -> None:
    """A session's report: each answer's feedback, competency coverage, top strengths and fixes,
    a STAR outline of your weakest answer, and a draft thank-you note.

    Example: starcoach report 3f9c --format html --out interview.html
    """
    from starcoach.cli import sessions_cmd

    sessions_cmd.report(settings_of(ctx), session, output_format, out)


@app.command()
def history(ctx: typer.Context) -> None:
    """List your sessions: when, which track, how many answers, the mean score."""
    from starcoach.cli import sessions_cmd

    sessions_cmd.history(settings_of(ctx))


@app.command()
def progress(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Also write the chart as an SVG file.")] = None,
) -> None:
    """How each competency has moved over your sessions, as a chart."""
    from starcoach.cli import sessions_cmd

    sessions_cmd.progress(settings_of(ctx), out)


@app.command("export")
def export_data(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the JSON export.")],
    all_data: Annotated[bool, typer.Option("--all", help="Everything stored (required, to be explicit).")] = False,
) -> None:
    """Export everything StarCoach has stored about you to one JSON file."""
    from starcoach.cli import sessions_cmd

    if not all_data:
        raise UserInputError("say what to export", hint="Use: starcoach export --all FILE")
    sessions_cmd.export_all(settings_of(ctx), out)


@app.command()
def delete(
    ctx: typer.Context,
    all_data: Annotated[bool, typer.Option("--all", help="Delete every session, answer, story and prep note.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete everything StarCoach has stored (asks first)."""
    from starcoach.cli import sessions_cmd

    if not all_data:
        raise UserInputError("say what to delete", hint="Use: starcoach delete --all")
    sessions_cmd.delete_all(settings_of(ctx), yes)


@app.command()
def roleplay(
    ctx: typer.Context,
    scenario: Annotated[
        str | None,
        typer.Argument(metavar="SCENARIO", help="Which call (see --list); without one, a call is picked at random."),
    ] = None,
    list_only: Annotated[bool, typer.Option("--list", help="List the scenarios, one a line, and stop.")] = False,
    seed: Annotated[int | None, typer.Option("--seed", help="Replay a call: the same seed, the same customer.")] = None,
    voice: Annotated[bool, typer.Option("--voice", help="Speak your turns into the microphone.")] = False,
    speak: Annotated[bool, typer.Option("--speak", help="The customer's lines are read aloud.")] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Also write the review as JSON.")] = None,
) -> None:
    """A practice call with an upset customer: calm them, find the facts, resolve or escalate.

    The customer's anger and trust move with what you say (acknowledging feelings, owning the next
    step, clear timelines calm them; blame, policy-speak and jargon inflame them). The call ends
    resolved, escalated, or with the customer hanging up, and the review shows what moved them.

    Examples:

      starcoach roleplay --list

      starcoach roleplay billing-migration --seed 7
    """
    from starcoach.cli import roleplay_cmd

    if list_only:
        roleplay_cmd.list_scenarios()
        return
    roleplay_cmd.run(settings_of(ctx), scenario, seed, voice, speak, out)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on. Keep the default to stay on this machine.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on (0 picks a free one).")] = 8000,
) -> None:
    """Start the web app: practise in the browser with your microphone or the keyboard.

    It listens on this machine only (127.0.0.1) unless you give --host; then it says so, since
    anyone who can reach that address can use it. Stop it with Ctrl-C.

    Examples:

      starcoach serve

      starcoach serve --port 8080
    """
    from starcoach.cli.serve_cmd import run_server

    run_server(settings_of(ctx), host, port)


@app.command()
def config(ctx: typer.Context) -> None:
    """Show every setting in force, where it came from, and where your text goes."""
    from starcoach.cli.config_cmd import show_config

    run: CliRun = ctx.find_root().ensure_object(CliRun)
    show_config(run.settings, overrides=run.overrides)


def _add_groups() -> None:
    # Imported here, after the plain commands, so that `starcoach --help` lists them first.
    from starcoach.cli.prep_cmd import prep_app
    from starcoach.cli.stories_cmd import stories_app

    app.add_typer(stories_app, name="stories")
    app.add_typer(prep_app, name="prep")


_add_groups()


def main() -> None:
    """Entry point: run the app and turn StarCoach's own errors into one line and exit code 2."""
    try:
        app()
    except StarCoachError as error:
        print(f"starcoach: error: {error.one_line()}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("\nstarcoach: stopped.", file=sys.stderr)
        sys.exit(130)
