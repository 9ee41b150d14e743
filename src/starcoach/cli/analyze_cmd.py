"""`starcoach analyze`: one answer to a report, or a JSON-lines batch to a file of reports."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starcoach.analysis.engine import analyze, check_answer_text
from starcoach.cli._input import decode_text, read_answer
from starcoach.errors import StarCoachError, UserInputError
from starcoach.safe_write import write_atomically

if TYPE_CHECKING:
    from rich.console import Console

    from starcoach.analysis.answer import QuestionType
    from starcoach.analysis.report import AnswerReport
    from starcoach.llm.rewrite import StarRewrite
    from starcoach.settings import Settings

AUDIO_SUFFIXES = frozenset({".wav", ".flac", ".ogg", ".oga", ".opus", ".webm", ".mp3", ".m4a", ".aac", ".mka"})


def run_single(
    settings: Settings,
    source: str | None,
    question: str | None,
    output_format: str,
    width: int | None,
    rewrite: bool = False,
) -> None:
    """Analyse one answer and print it as text or JSON; ``rewrite`` adds a suggested STAR rewrite below."""
    if rewrite and output_format == "json":
        # The JSON report honours a fixed contract; a rewrite has no place in it.
        raise UserInputError("--rewrite works with the text report only", hint="Leave out --format json.")
    question = bank_wording(question)
    if source not in (None, "-") and Path(source).suffix.lower() in AUDIO_SUFFIXES:
        _run_recording(settings, Path(source), question, output_format, width, rewrite)
        return
    if source == "-" and sys.stdin.isatty():
        # Otherwise a person who typed `analyze -` sees a silent terminal and thinks it hung.
        print("Waiting for the answer on standard input: type or paste it, then Ctrl-D.", file=sys.stderr)
    text, where = read_answer(source)
    check_answer_text(text, where)
    report = analyze_as_practice(settings, text, question)
    if output_format == "json":
        sys.stdout.write(report.model_dump_json() + "\n")
        return
    from starcoach.cli.render import make_console, render_report

    console = make_console(width=width)
    render_report(report, console)
    if rewrite:
        show_rewrite(settings, text, question, report, console)


def bank_wording(question: str | None) -> str | None:
    """The bank's wording of the question when ``question`` is a bank id (as `stories match` takes); else as given."""
    if not question:
        return question
    from starcoach.content.loader import load_bank

    found = next((q for q in load_bank().questions if q.id == question.strip()), None)
    return found.text if found is not None else question


def bank_question_type(question: str | None) -> QuestionType | None:
    """The type the question bank gives ``question`` when it is one of the bank's own; None otherwise."""
    if not question:
        return None
    from starcoach.analysis.answer import QuestionType
    from starcoach.content.loader import load_bank

    found = load_bank().question_with_text(question)
    return QuestionType(found.type) if found is not None else None


def analyze_as_practice(
    settings: Settings, text: str, question: str | None, report_id: str | None = None
) -> AnswerReport:
    """``text`` analysed as practice analyses it: the bank's type for a bank question, the configured speaking rate.

    The same words to the same question must get the same score and verdicts here as in a
    practice session; a question the bank does not hold has its type guessed from its wording.
    ``question`` is already in the bank's wording when it was given as an id (see ``bank_wording``).
    """
    return analyze(
        text,
        question,
        question_type=bank_question_type(question),
        report_id=report_id,
        words_per_minute=settings.words_per_minute,
    )


def builtin_rewrite(answer: str, question: str | None, report: AnswerReport) -> StarRewrite:
    """The embedded rewrite: the answer's own sentences in STAR order, a bracketed prompt for each missing part."""
    from datetime import UTC, datetime

    from starcoach.llm.rewrite import STAR_PARTS, StarRewrite
    from starcoach.report import build_outline
    from starcoach.session_records import TurnRecord

    # A sentence the blame analysis flags does not belong in any STAR part, whatever label it was
    # read with: it is taken out of the outline (as off-topic sentences are) and named to leave out.
    blame = [span for finding in report.findings if finding.id == "blame" for span in finding.evidence]
    blamed = [s for s in report.sentences if any(span.start < s.end and s.start < span.end for span in blame)]
    sentences = [s.model_copy(update={"star": "O"}) if s in blamed else s for s in report.sentences]
    # The session report's outline reads a turn; a lone answer is the only turn of its session.
    turn = TurnRecord(
        index=0,
        kind="main",
        question_id=None,
        question=question or "",
        answer=answer,
        report=report.model_copy(update={"sentences": sentences}),
        created_at=datetime.now(UTC),
    )
    outline = build_outline(1, turn)
    paragraphs = [" ".join(part.sentences) or (part.missing_prompt or "") for part in outline.parts]
    if blamed:
        quoted = " ".join(f'"{s.text.strip()}"' for s in blamed)
        paragraphs.append(
            f"[Leave out: {quoted} Putting the fault on someone else sounds like passing the problem on; "
            "tell what you did about it instead.]"
        )
    names = dict(zip(("S", "T", "A", "R"), STAR_PARTS, strict=True))
    missing = [names[part.label] for part in outline.parts if not part.sentences]
    return StarRewrite(rewrite="\n\n".join(paragraphs), missing=missing)


def show_rewrite(settings: Settings, answer: str, question: str | None, report: AnswerReport, console: Console) -> None:
    """Print a suggested STAR rewrite of ``answer``, from the configured language model or built in."""
    from rich.text import Text

    from starcoach.backends import make_language_model
    from starcoach.llm.choose import generate_with_fallback
    from starcoach.llm.rewrite import rewrite_task

    errors = _error_console()
    model = make_language_model(settings)
    task = rewrite_task(answer, question, lambda: builtin_rewrite(answer, question, report))

    def notice(line: str) -> None:
        errors.print(f"starcoach: note: {line}", markup=False, soft_wrap=True)

    suggestion, backend = generate_with_fallback(model, task, notice)
    console.print()
    console.print(Text("Suggested rewrite", style="bold"))
    console.print(Text(suggestion.rewrite))
    if suggestion.missing:
        missing = ", ".join(suggestion.missing)
        console.print(
            Text(f"Missing from your answer: {missing}. Fill in the parts in brackets with what really happened.")
        )
    if backend == "embedded" and model.remote:
        # The answer was sent, so "nothing left this machine" would be untrue here.
        by = "Built in (embedded), since the language model could not be used: your own sentences in STAR order."
    elif backend == "embedded":
        by = "Built in (embedded): your own sentences put in STAR order; nothing left this machine."
    else:
        by = (
            f"Written by the language model at {model.where} ({backend}), told to keep only the facts you gave; "
            "check every line is true before you use it."
        )
    console.print(Text(by, style="grey50"))


def _error_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _run_recording(
    settings: Settings, path: Path, question: str | None, output_format: str, width: int | None, rewrite: bool
) -> None:
    """Transcribe and analyse a recorded answer, with a progress bar on standard error."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from starcoach.speech.recording import analyze_recording

    errors = Console(stderr=True, highlight=False)

    def damaged(where: Path, at: float, what: str) -> None:
        errors.print(f"starcoach: note: {where}: {what}; the rest was analysed.", markup=False, soft_wrap=True)

    columns = (TextColumn("Transcribing"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn())
    # Piped or redirected, the bar would only leave blank lines behind.
    with Progress(*columns, console=errors, transient=True, disable=not errors.is_terminal) as progress:
        task = progress.add_task("transcribe", total=None)

        def advance(done: float, total: float) -> None:
            progress.update(task, completed=done, total=total)

        from starcoach.backends import make_transcriber

        report = analyze_recording(
            path,
            question,
            transcriber=make_transcriber(settings),
            progress=advance,
            on_damage=damaged,
            question_type=bank_question_type(question),
            words_per_minute=settings.words_per_minute,  # used only when too little speech to measure the rate
        )
    if output_format == "json":
        sys.stdout.write(report.model_dump_json() + "\n")
        return
    from starcoach.cli.render import make_console, render_report

    console = make_console(width=width)
    render_report(report, console, full_text=report.transcript)
    if rewrite and report.transcript:
        show_rewrite(settings, report.transcript, question, report, console)


def _parse_line(raw: bytes, number: int, where: str) -> tuple[str | None, str | None, str]:
    place = f"{where} line {number}"
    line = decode_text(raw, place).strip()
    try:
        record: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UserInputError(
            f"not valid JSON ({exc.msg} at column {exc.colno})",
            where=place,
            hint='Each line must be one object like {"id": "a1", "question": "...", "answer": "..."}.',
        ) from exc
    if not isinstance(record, dict):
        raise UserInputError(
            "expected a JSON object", where=place, hint='Use {"id": ..., "question": ..., "answer": ...}.'
        )
    answer = record.get("answer")
    if not isinstance(answer, str):
        raise UserInputError('missing the "answer" text', where=place, hint='Add "answer": "..." to the object.')
    check_answer_text(answer, place)
    ident, question = record.get("id"), record.get("question")
    if ident is not None and not isinstance(ident, (str, int)):
        raise UserInputError('"id" must be a string or a number', where=place, hint="Give each line a simple id.")
    if question is not None and not isinstance(question, str):
        raise UserInputError('"question" must be text', where=place, hint="Put the question in quotes.")
    return (str(ident) if ident is not None else None), question, answer


def run_batch(settings: Settings, batch: Path, out: Path | None) -> int:
    """Analyse every good line, report each bad one on stderr; exit code 2 if any line was bad."""
    if not batch.is_file():
        raise UserInputError(f"no such file: {batch}", hint="Check the path of the JSON-lines file.")
    lines = batch.read_bytes().splitlines()
    from rich.console import Console
    from rich.progress import Progress

    errors = Console(stderr=True, highlight=False)
    failures = 0
    reports: list[str] = []
    with Progress(console=errors, transient=True) as progress:
        task = progress.add_task("Analysing answers", total=len(lines))
        for number, raw in enumerate(lines, start=1):
            progress.advance(task)
            if not raw.strip():
                continue
            try:
                ident, question, answer = _parse_line(raw, number, str(batch))
                report = analyze_as_practice(settings, answer, bank_wording(question), report_id=ident)
                reports.append(report.model_dump_json())
            except StarCoachError as error:
                failures += 1
                errors.print(f"starcoach: error: {error.one_line()}", markup=False, soft_wrap=True)
    body = "".join(r + "\n" for r in reports)
    if out is None:
        sys.stdout.write(body)
    else:
        write_atomically(out, body)
    done = f"{len(reports)} answer(s) analysed"
    if out is not None:
        done += f", written to {out}"
    errors.print(done + (f"; {failures} line(s) skipped" if failures else "") + ".", markup=False, soft_wrap=True)
    return 2 if failures else 0
