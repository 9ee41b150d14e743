"""`starcoach stories ...`: the story library, its coverage, question matching, drills and files."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from starcoach.cli.context import settings_of
from starcoach.competencies import COMPETENCY_IDS
from starcoach.stories.tags import AXES, AXIS_NAMES, STAR_PARTS, STORY_TARGET

# Only typer and plain constants load with `starcoach --help`; each command imports what it needs.
if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from starcoach.cli.answer_input import AnswerSource
    from starcoach.settings import Settings
    from starcoach.stories.library import StoryReview
    from starcoach.stories.matching import StoryMatch
    from starcoach.stories.models import Story


stories_app = typer.Typer(
    help=(
        "Your library of 6-8 rehearsed STAR stories: add them, see which competencies and tags "
        "they cover, find the best one for a question, and drill them.\n\n"
        "Start with `starcoach stories add`, then `starcoach stories coverage`."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)

_TAGS = f"Comma-separated; any of: {', '.join(AXES)}."
_COMPETENCIES = f"Comma-separated; any of: {', '.join(COMPETENCY_IDS)}. Suggested from the story when left out."
_STORY_ARG = typer.Argument(metavar="STORY", help="The story's title, or its id (the first 4+ characters do).")
# Column heads narrow enough for five competencies in an 80-column terminal; a legend spells them out.
_SHORT_NAMES = {
    "communication": "Comm.",
    "patience": "Patience",
    "empathy_problem_solving": "Empathy/PS",
    "time_tech": "Time/tools",
    "emotional_intelligence": "EI",
}
Part = Annotated[str | None, typer.Option(help="This STAR part, in a sentence or a few.")]


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [t for t in (v.strip() for v in value.split(",")) if t]


def _print_review(console: Console, story: Story, reviewed: StoryReview) -> None:
    from rich.text import Text

    from starcoach.report.style import COMPETENCY_NAMES

    report = reviewed.report
    console.print(Text(f"About {reviewed.spoken_seconds:.0f} s to tell ({report.word_count} words); aim for 60-120 s."))
    parts = "  ".join(f"{p.capitalize()}: {'yes' if getattr(report.star, p) else 'MISSING'}" for p in STAR_PARTS)
    console.print(Text("STAR as heard: " + parts))
    suggested = ", ".join(COMPETENCY_NAMES[c] for c in reviewed.suggested) or "none strongly"
    console.print(Text(f"The analysis hears: {suggested}. Competencies given: {_names(story.competencies)}."))
    for item in report.feedback:
        console.print(Text(f" {'+' if item.kind == 'strength' else '!'} {item.message}"))


def _names(competencies: tuple[str, ...]) -> str:
    from starcoach.report.style import COMPETENCY_NAMES

    return ", ".join(COMPETENCY_NAMES[c] for c in competencies) or "none"


def _library(settings: Settings) -> tuple[list[Story], Console]:
    """The user's stories and a console; with no stories, says how to add one."""
    from starcoach.cli.render import make_console
    from starcoach.cli.sessions_cmd import open_store

    with open_store(settings) as store:
        stories = store.stories.all()
    console = make_console()
    if not stories:
        console.print("No stories yet. Add one with: starcoach stories add")
    return stories, console


def _ask(label: str, value: str | None, interactive: bool) -> str | None:
    if value is not None or not interactive:
        return value
    return str(typer.prompt(label))


@stories_app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str | None, typer.Option(help="A short name you will recognise.")] = None,
    situation: Part = None,
    task: Part = None,
    action: Part = None,
    result: Part = None,
    summary: Annotated[str, typer.Option(help="One line: what the story proves.")] = "",
    tags: Annotated[str | None, typer.Option(help=_TAGS)] = None,
    competencies: Annotated[str | None, typer.Option(help=_COMPETENCIES)] = None,
) -> None:
    """Add a story. Missing parts are asked for in a terminal; each part must say something."""
    from rich.text import Text

    from starcoach.cli.render import make_console
    from starcoach.cli.sessions_cmd import open_store
    from starcoach.errors import UserInputError
    from starcoach.stories.library import create_story, review_story

    settings = settings_of(ctx)

    interactive = sys.stdin.isatty()
    fields: dict[str, object] = {
        "title": _ask("Title", title, interactive),
        "situation": _ask("Situation (where, when, who)", situation, interactive),
        "task": _ask("Task (what you had to do)", task, interactive),
        "action": _ask("Action (what you did, step by step)", action, interactive),
        "result": _ask("Result (what changed; numbers if you have them)", result, interactive),
        "summary": summary,
    }
    missing = [name for name, value in fields.items() if value is None]
    if missing:
        raise UserInputError(
            f"the story has no {', no '.join(missing)}",
            hint="Give every part: --title, --situation, --task, --action and --result.",
        )
    if tags is not None:
        fields["axes"] = _split(tags)
    if competencies is not None:
        fields["competencies"] = _split(competencies)
    story = create_story(fields, words_per_minute=settings.words_per_minute)
    with open_store(settings) as store:
        store.stories.add(story)
    console = make_console()
    console.print(Text(f"Added '{story.title}' (id {story.id}).", style="bold"))
    _print_review(console, story, review_story(story, settings.words_per_minute))


@stories_app.command("list")
def list_stories(ctx: typer.Context) -> None:
    """List your stories with their tags and spoken length."""
    from rich.table import Table

    from starcoach.stories.library import review_story

    settings = settings_of(ctx)

    stories, console = _library(settings)
    if not stories:
        return
    low, high = STORY_TARGET
    table = Table(title=f"{len(stories)} story(ies); aim for {low}-{high}", title_justify="left")
    for column in ("id", "title", "tags", "competencies", "spoken"):
        table.add_column(column, no_wrap=column in ("id", "spoken"))
    wpm = settings.words_per_minute
    for story in stories:
        seconds = review_story(story, wpm).spoken_seconds
        axes = ", ".join(AXIS_NAMES[a] for a in story.axes) or "-"
        table.add_row(story.id, story.title, axes, _names(story.competencies), f"{seconds:.0f} s")
    console.print(table)


@stories_app.command("show")
def show(
    ctx: typer.Context,
    reference: Annotated[str, _STORY_ARG],
    output_format: Annotated[str, typer.Option("--format", "-f", help="text, md or json.")] = "text",
) -> None:
    """Show one story with the analysis engine's feedback on it."""
    from rich.text import Text

    from starcoach.cli.render import make_console
    from starcoach.cli.sessions_cmd import open_store
    from starcoach.errors import UserInputError
    from starcoach.stories.library import review_story
    from starcoach.stories.transfer import to_json, to_markdown

    settings = settings_of(ctx)

    with open_store(settings) as store:
        story = store.stories.get(reference)
    if output_format in ("md", "json"):
        sys.stdout.write(to_markdown([story]) if output_format == "md" else to_json([story]))
        return
    if output_format != "text":
        raise UserInputError(f"unknown format '{output_format}'", hint="Use text, md or json.")
    console = make_console()
    console.print(Text(story.title, style="bold"))
    if story.summary:
        console.print(Text(story.summary, style="italic"))
    console.print(Text(f"id {story.id}; tags: {', '.join(AXIS_NAMES[a] for a in story.axes) or 'none'}"))
    for part in STAR_PARTS:
        console.print(Text(f"\n{part.capitalize()}", style="bold"))
        console.print(Text(getattr(story, part)))
    console.print()
    _print_review(console, story, review_story(story, settings.words_per_minute))


@stories_app.command("edit")
def edit(
    ctx: typer.Context,
    reference: Annotated[str, _STORY_ARG],
    title: Annotated[str | None, typer.Option(help="A new title.")] = None,
    situation: Part = None,
    task: Part = None,
    action: Part = None,
    result: Part = None,
    summary: Annotated[str | None, typer.Option(help="A new one-line summary.")] = None,
    tags: Annotated[str | None, typer.Option(help=_TAGS + " Replaces the tags.")] = None,
    competencies: Annotated[str | None, typer.Option(help=_COMPETENCIES.split(".")[0] + ". Replaces them.")] = None,
    suggest: Annotated[bool, typer.Option("--suggest", help="Re-tag competencies from the analysis.")] = False,
) -> None:
    """Change a story's fields; anything not given stays as it was."""
    from rich.text import Text

    from starcoach.cli.render import make_console
    from starcoach.cli.sessions_cmd import open_store
    from starcoach.errors import UserInputError
    from starcoach.stories.library import edit_story, review_story, suggested_competencies

    settings = settings_of(ctx)

    given = {"title": title, "situation": situation, "task": task, "action": action, "result": result}
    changes: dict[str, object] = {k: v for k, v in {**given, "summary": summary}.items() if v is not None}
    if tags is not None:
        changes["axes"] = _split(tags)
    if competencies is not None:
        changes["competencies"] = _split(competencies)
    if not changes and not suggest:
        raise UserInputError("nothing to change", hint="Give at least one field, e.g. --result '...'.")
    with open_store(settings) as store:
        story = edit_story(store.stories.get(reference), changes)
        reviewed = review_story(story, settings.words_per_minute)
        if suggest:
            story = story.model_copy(update={"competencies": suggested_competencies(reviewed.report)})
        store.stories.replace(story)
    console = make_console()
    console.print(Text(f"Saved '{story.title}'.", style="bold"))
    _print_review(console, story, reviewed)


@stories_app.command("delete")
def delete(
    ctx: typer.Context,
    reference: Annotated[str, _STORY_ARG],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete one story."""
    from starcoach.cli.sessions_cmd import open_store
    from starcoach.errors import UserInputError

    settings = settings_of(ctx)

    with open_store(settings) as store:
        story = store.stories.get(reference)
        if not yes:
            if not sys.stdin.isatty():
                raise UserInputError("deleting needs confirmation", hint="Run it in a terminal, or add --yes.")
            if not typer.confirm(f"Delete '{story.title}'? This cannot be undone."):
                print("Nothing deleted.")
                return
        store.stories.delete(story.id)
    print(f"Deleted '{story.title}'.")


@stories_app.command("coverage")
def coverage_command(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Also write the matrix as an SVG chart.")] = None,
) -> None:
    """Which tags and competencies your stories cover, and what is missing."""
    from rich.table import Table
    from rich.text import Text

    from starcoach.cli.render import make_console
    from starcoach.cli.sessions_cmd import open_store, write_or_print
    from starcoach.report.charts import require_svg_name
    from starcoach.report.style import COMPETENCY_NAMES
    from starcoach.stories.coverage import coverage, coverage_svg

    settings = settings_of(ctx)

    if out is not None:
        require_svg_name(out)
    with open_store(settings) as store:
        result = coverage(store.stories.all())
    table = Table(title="Stories by tag and competency", title_justify="left")
    table.add_column("tag", no_wrap=True)
    for cid in COMPETENCY_IDS:
        table.add_column(_SHORT_NAMES[cid], justify="center", no_wrap=True)
    for axis in AXES:
        cells = [str(len(result.cells[axis][cid])) if result.cells[axis][cid] else "." for cid in COMPETENCY_IDS]
        table.add_row(AXIS_NAMES[axis], *cells)
    console = make_console()
    console.print(table)
    legend = "; ".join(f"{_SHORT_NAMES[c]} = {COMPETENCY_NAMES[c]}" for c in COMPETENCY_IDS)
    console.print(Text(f"Each number counts the stories tagged with both; '.' is none. {legend}.", style="dim"))
    if out is not None:
        write_or_print(coverage_svg(result), out)
    low, high = STORY_TARGET
    if result.complete:
        console.print(Text(f"Covered: {result.story_count} stories, every tag and competency.", "green"))
        return
    console.print(Text(f"Gaps ({result.story_count} stories; aim for {low}-{high}):", style="bold"))
    for gap in result.gaps:
        console.print(Text(f" - {gap}", style="yellow"))


@stories_app.command("match")
def match(
    ctx: typer.Context,
    question: Annotated[
        str,
        typer.Argument(metavar="QUESTION", help="A question's text, or a question id from `starcoach questions`."),
    ],
    top: Annotated[int, typer.Option(min=1, help="How many stories to show.")] = 3,
    method: Annotated[str, typer.Option(help="auto, embedding or lexical.")] = "auto",
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", help="text: readable; json: one JSON object with ranks, scores and reasons."),
    ] = "text",
) -> None:
    """Rank your stories by how well each answers a question, and say why.

    With the embedding model installed, each story's score is the chance (0-100 %) that it is the
    best of your stories for the question; without it, its word overlap with the question (0-1).
    """
    from rich.text import Text

    from starcoach.content.loader import load_bank
    from starcoach.errors import UserInputError
    from starcoach.stories.matching import matching_method, rank_stories

    settings = settings_of(ctx)

    if method not in ("auto", "embedding", "lexical"):
        raise UserInputError(f"unknown method '{method}'", hint="Use auto, embedding or lexical.")
    if output_format not in ("text", "json"):
        raise UserInputError(f"unknown format '{output_format}'", hint="Use text or json.")
    if not question.strip():
        raise UserInputError("the question is empty", hint="Paste a question, or give a bank id.")
    bank = {q.id: q for q in load_bank().questions}
    asked = bank.get(question.strip())
    text, wanted = (asked.text, tuple(asked.competencies)) if asked else (question, ())
    cache = settings.home / "cache"  # story vectors kept between runs, beside the user's other data
    if output_format == "json":
        stories = _stories(settings)
        chosen = method if method != "auto" else matching_method() if stories else "lexical"
        ranked = rank_stories(text, stories, question_competencies=wanted, method=chosen, cache_dir=cache)[:top]
        _print_matches_json(text, asked.id if asked else None, chosen, ranked)
        return
    stories, console = _library(settings)
    if not stories:
        return
    ranked = rank_stories(text, stories, question_competencies=wanted, method=method, cache_dir=cache)[:top]
    console.print(Text(f"Question: {text}", style="bold"))
    for rank, found in enumerate(ranked, 1):
        console.print(Text(f"{rank}. {found.story.title}  ({_fit(found)})", style="bold" if rank == 1 else ""))
        for reason in found.reasons:
            console.print(Text(f"     {reason}"))
    if ranked:
        console.print(Text(_fit_legend(ranked[0]), style="dim"))


def _stories(settings: Settings) -> list[Story]:
    from starcoach.cli.sessions_cmd import open_store

    with open_store(settings) as store:
        return list(store.stories.all())


def _fit(found: StoryMatch) -> str:
    """The score with its scale: a percentage for the embedding's chance, x/1 for word overlap."""
    from starcoach.stories.matching.ranking import EMBEDDING_SCALE

    if found.scale == EMBEDDING_SCALE:
        return f"fit {found.score:.0%} chance of being your best story"
    return f"fit {found.score:.2f} of 1, word overlap"


def _fit_legend(found: StoryMatch) -> str:
    """One line saying what the fit figures mean, in the unit they are shown in."""
    from starcoach.stories.matching.ranking import EMBEDDING_SCALE

    if found.scale == EMBEDDING_SCALE:
        return (
            "Fit: how likely each story is to be the best of yours for this question; "
            "across all your stories the chances add up to 100%."
        )
    return "Fit: how many of the question's key words the story shares, from 0 (none) to 1 (every one, often)."


def _print_matches_json(question: str, question_id: str | None, method: str, ranked: list[StoryMatch]) -> None:
    import json

    payload = {
        "question": question,
        "question_id": question_id,
        "method": method,
        "score_scale": ranked[0].scale if ranked else None,
        "matches": [
            {
                "rank": rank,
                "story_id": found.story.id,
                "title": found.story.title,
                "score": found.score,
                "reasons": list(found.reasons),
                "evidence": found.evidence,
            }
            for rank, found in enumerate(ranked, 1)
        ],
    }
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")


@stories_app.command("drill")
def drill(
    ctx: typer.Context,
    reference: Annotated[str, _STORY_ARG],
    again: Annotated[
        str | None,
        typer.Option(
            "--again",
            metavar="QUESTION",
            help="Tell it again: answer this question (text or bank id) with the story and compare the tellings.",
        ),
    ] = None,
    voice: Annotated[bool, typer.Option("--voice", help="Say it into the microphone instead of typing.")] = False,
) -> None:
    """The 60-second drill: show all five competencies with one story before time runs out.

    Type your answer and end it with a blank line (Enter twice), or with --voice say it and press
    Enter when done. With --again, retell the story for a question and see your new telling side by
    side with the stored one.
    """
    from rich.text import Text

    from starcoach.cli.answer_input import AnswerReader
    from starcoach.cli.render import make_console
    from starcoach.cli.sessions_cmd import open_store
    from starcoach.report.style import COMPETENCY_NAMES

    settings = settings_of(ctx)

    with open_store(settings) as store:
        story = store.stories.get(reference)
    console = make_console()
    reader: AnswerSource = AnswerReader(console)
    if voice:
        from starcoach.cli.voice_input import voice_reader

        reader = voice_reader(console, settings)
    if again is not None:
        _tell_again(console, reader, story, again, settings.words_per_minute)
        return
    from starcoach.stories.drills import DRILL_SECONDS, judge_sweep, sweep_question

    typed, seconds = _timed_answer(reader, Text(sweep_question(story), style="bold"))
    result = judge_sweep(story, typed, seconds, settings.words_per_minute)
    timing = f"{seconds:.0f} s" + (f" - over the {DRILL_SECONDS:.0f} s limit" if result.over_time else "")
    console.print(Text(f"{len(result.evidenced)} of 5 competencies evidenced ({timing})", style="bold"))
    for verdict in result.verdicts:
        mark, style = ("+", "green") if verdict.evidenced else ("-", "yellow")
        line = Text(f" {mark} {COMPETENCY_NAMES[verdict.competency]}: ", style=style)
        line.append(", ".join(f"'{w}'" for w in verdict.words[:4]) if verdict.evidenced else "not shown yet")
        console.print(line)


def _timed_answer(reader: AnswerSource, header: Text) -> tuple[str, float]:
    from starcoach.errors import UserInputError

    if not reader.interactive:
        reader.console.print(header)
    started = time.monotonic()
    answer = reader.read(header, lambda: None, lambda: time.monotonic() - started, lambda _words: None)
    if not answer.text:
        raise UserInputError("no answer was given", hint="Answer, then press Enter (on an empty line when typing).")
    # A spoken answer's length is the recording's, not the time spent transcribing it afterwards.
    if answer.report is not None and answer.report.delivery is not None:
        return answer.text, answer.report.delivery.recording_seconds
    return answer.text, time.monotonic() - started


def _tell_again(console: Console, reader: AnswerSource, story: Story, question: str, wpm: float) -> None:
    from rich.table import Table
    from rich.text import Text

    from starcoach.analysis.engine import analyze
    from starcoach.content.loader import load_bank
    from starcoach.errors import UserInputError
    from starcoach.report.style import COMPETENCY_NAMES
    from starcoach.stories.drills import compare_tellings

    asked = {q.id: q for q in load_bank().questions}.get(question.strip())
    text = asked.text if asked else question
    if not text.strip():
        raise UserInputError("the question is empty", hint="Give a question's text or a bank id.")
    typed, _ = _timed_answer(reader, Text(f"{text}\n(tell '{story.title}' again, in your own words)", style="bold"))
    first, second = analyze(story.text, text, words_per_minute=wpm), analyze(typed, text, words_per_minute=wpm)
    table = Table(title="Stored story vs. this telling", title_justify="left")
    for column in ("", "stored", "this time", "change"):
        table.add_column(column)
    for row in compare_tellings(first, second):
        name = COMPETENCY_NAMES.get(row.measure, row.measure)
        table.add_row(name, row.first, row.second, row.change)
    console.print(table)


@stories_app.command("export")
def export(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Argument(metavar="FILE", help="Where to write; omit to print.")] = None,
    output_format: Annotated[
        str | None, typer.Option("--format", "-f", help="md or json (default: from the file name, else md).")
    ] = None,
) -> None:
    """Write every story to Markdown or JSON; `stories import` reads either back unchanged."""
    from starcoach.cli.sessions_cmd import open_store, write_or_print
    from starcoach.errors import UserInputError
    from starcoach.stories.transfer import to_json, to_markdown

    settings = settings_of(ctx)

    chosen = output_format or ("json" if out is not None and out.suffix.lower() == ".json" else "md")
    if chosen not in ("md", "json"):
        raise UserInputError(f"unknown format '{chosen}'", hint="Use md or json.")
    with open_store(settings) as store:
        stories = store.stories.all()
    write_or_print(to_json(stories) if chosen == "json" else to_markdown(stories), out)


@stories_app.command("import")
def import_stories(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(metavar="FILE", help="A Markdown or JSON file from `stories export`.")],
) -> None:
    """Add the stories in a file. If any story is invalid or clashes with a title you have, none is added."""
    from starcoach.cli.sessions_cmd import open_store
    from starcoach.stories.transfer import read_story_file

    settings = settings_of(ctx)

    stories = read_story_file(source)
    with open_store(settings) as store:
        store.stories.add_many(stories)
    print(f"Imported {len(stories)} story(ies) from {source}.")
