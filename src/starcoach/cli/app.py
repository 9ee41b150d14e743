"""The `starcoach` command: its sub-commands and the one place user errors become one line."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from starcoach import __version__
from starcoach.errors import StarCoachError

app = typer.Typer(
    name="starcoach",
    help=(
        "Practise customer-service interview answers and get feedback that points at your own words.\n\n"
        "Start with `starcoach practice` for a practice round, or `starcoach analyze answer.txt` to check "
        "an answer you wrote. Everything runs on this machine; nothing is sent anywhere."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    """How `analyze` prints its report."""

    text = "text"
    json = "json"


class QuestionTypeOption(str, Enum):
    """Question types in the bank."""

    behavioral = "behavioral"
    situational = "situational"
    classic = "classic"
    closing = "closing"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"starcoach {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Practise customer-service interview answers."""


@app.command()
def analyze(
    source: Annotated[
        str | None, typer.Argument(metavar="[FILE|-]", help="A text file with the answer, or - for standard input.")
    ] = None,
    question: Annotated[
        str | None, typer.Option("--question", "-q", help="The question the answer replies to (sharpens the checks).")
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
) -> None:
    """Analyse one answer (STAR, specifics, red flags, tone) and print feedback.

    Examples:

      starcoach analyze answer.txt -q "Tell me about a time you calmed an upset customer."

      echo "I stayed calm and fixed it." | starcoach analyze - --format json

      starcoach analyze --batch answers.jsonl --out reports.jsonl
    """
    from starcoach.cli import analyze_cmd

    if batch is not None:
        raise typer.Exit(analyze_cmd.run_batch(batch, out))
    analyze_cmd.run_single(source, question, output_format.value, width)


@app.command()
def questions(
    competency: Annotated[
        str | None,
        typer.Option("--competency", "-c", help="Only questions for this competency id, e.g. time_tech."),
    ] = None,
    question_type: Annotated[
        QuestionTypeOption | None, typer.Option("--type", "-t", help="Only questions of this type.")
    ] = None,
) -> None:
    """List the question bank, with each question's id, type, difficulty and competencies."""
    from starcoach.cli import questions_cmd

    questions_cmd.run(competency, question_type.value if question_type else None)


@app.command()
def practice(
    question_id: Annotated[
        str | None, typer.Option("--question-id", help="Practise this question (see `questions`).")
    ] = None,
    competency: Annotated[
        str | None, typer.Option("--competency", "-c", help="Pick a question for this competency.")
    ] = None,
    question_type: Annotated[
        QuestionTypeOption | None, typer.Option("--type", "-t", help="Pick a question of this type.")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed for the question choice, to repeat a round.")] = None,
) -> None:
    """A short practice round: one question, you type your answer, the feedback prints.

    Finish your answer with an empty line (or Ctrl-D). Ctrl-C stops without saving anything.
    """
    from starcoach.cli import practice_cmd

    practice_cmd.run(question_id, competency, question_type.value if question_type else None, seed)


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
