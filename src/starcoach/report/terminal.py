"""Print a SessionReport in the terminal with rich."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from starcoach.analysis.report import FeedbackItem
from starcoach.report import formatting as fmt
from starcoach.report.model import AnswerEntry, Highlight, SessionReport, StarOutline
from starcoach.report.style import STAR_STYLES, bar

_MARKS = {"red_flag": ("!", "bold red"), "fix": ("-", "yellow"), "strength": ("+", "green")}


def _hanging() -> Table:
    # A two-column grid keeps wrapped lines indented under their text, not under the mark.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def _header(report: SessionReport) -> Text:
    text = Text("Session report", style="bold")
    text.append(f"  {report.session_id} - {report.track} track - {fmt.company(report)}\n", style="")
    text.append(
        f"Started {fmt.when(report.started_at)} ({fmt.duration(report)}), {fmt.counts(report)}, "
        f"mean score {fmt.mean_score(report)}, scored with {', '.join(report.scoring) or '-'}"
    )
    return text


def _answers(report: SessionReport) -> Table:
    table = Table(title="Answers", title_justify="left")
    table.add_column("#", no_wrap=True)
    table.add_column("question", overflow="fold", ratio=1)
    table.add_column("kind", no_wrap=True)
    for column in ("score", "thinking", "answering"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("after the silence")
    for a in report.answers:
        table.add_row(
            a.label,
            a.question,
            fmt.KIND_SHORT[a.kind],
            fmt.score_cell(a),
            fmt.seconds(a.thinking_seconds),
            fmt.seconds(a.answer_seconds),
            fmt.SILENCE_LABELS[a.silence_verdict],
        )
    return table


def _feedback_rows(grid: Table, items: list[FeedbackItem]) -> None:
    for item in items:
        mark, style = _MARKS[item.kind]
        grid.add_row(Text(f" {mark}", style=style), Text(item.message))
    if not items:
        grid.add_row(Text("  "), Text("Nothing to add."))


def _whole_answer(entry: AnswerEntry) -> RenderableType:
    heading = Text(fmt.answer_heading(entry), style="italic")
    if not fmt.star_tagged(entry):
        return Group(heading, Text(" ".join(entry.answer.split())))
    grid = _hanging()
    for sentence in entry.sentences:
        style = STAR_STYLES[sentence.star]
        grid.add_row(Text(f" {fmt.STAR_TAGS[sentence.star]}", style=f"bold {style}"), Text(sentence.text))
    return Group(heading, grid)


def _feedback_by_answer(report: SessionReport) -> Group:
    rows: list[RenderableType] = [Text("Feedback by answer", style="bold")]
    for a in report.answers:
        rows.append(Text(f"{fmt.answer_title(a)}: {a.question}", style="bold"))
        rows.append(_whole_answer(a))
        grid = _hanging()
        _feedback_rows(grid, a.feedback)
        rows.append(grid)
    return Group(*rows)


def _coverage(report: SessionReport) -> Table:
    table = Table(title="Competency coverage (0-1; * = the job stresses it)", title_justify="left")
    table.add_column("competency")
    table.add_column("mean")
    table.add_column("", justify="right")
    table.add_column("best", justify="right")
    table.add_column("strong in (0.5+)")
    for c in report.coverage:
        name = c.name + (" *" if c.job_focus else "")
        table.add_row(name, bar(c.mean), f"{c.mean:.2f}", f"{c.max:.2f}", fmt.touched(c.touched_labels))
    return table


def _highlights(title: str, items: list[Highlight], empty: str) -> Group:
    grid = _hanging()
    for n, item in enumerate(items, start=1):
        style = _MARKS[item.kind][1]
        body = Text(f"{fmt.highlight_heading(item)}: ", style=style)
        body.append(item.message)
        for occ in item.occurrences:
            quotes = ", ".join(f'"{q}"' for q in occ.quotes) or "(no words quoted)"
            body.append(f"\n{occ.label}: {quotes}", style="italic")
        grid.add_row(Text(f"{n}."), body)
    if not items:
        grid.add_row(Text(" "), Text(empty))
    return Group(Text(title, style="bold"), grid)


def _outline(outline: StarOutline) -> Panel:
    grid = _hanging()
    for part in outline.parts:
        style = STAR_STYLES[part.label]
        lines = Text()
        for sentence in part.sentences:
            lines.append(("\n" if lines else "") + sentence, style=style)
        if part.missing_prompt:
            lines.append(("\n" if lines else "") + part.missing_prompt, style="bold")
        grid.add_row(Text(f"[{part.label}] {part.name}", style=f"bold {style}"), lines)
    if outline.cut:
        grid.add_row(
            Text("Leave out", style=f"bold {STAR_STYLES['O']}"),
            Text("\n".join(outline.cut), style=STAR_STYLES["O"]),
        )
    title = Text(f"{outline.label}, {fmt.score(outline.score)}/100: {outline.question}", style="bold")
    return Panel(
        Group(title, grid), title="Your weakest answer, rebuilt as STAR from your own sentences", title_align="left"
    )


def render_text(report: SessionReport, console: Console) -> None:
    """Print the whole session report."""
    console.print(_header(report))
    blocks: list[RenderableType] = [
        _answers(report),
        _coverage(report),
        _highlights("Keep doing", report.strengths, "No strengths recorded yet."),
        _highlights("Fix first", report.fixes, "Nothing to fix in this session."),
    ]
    if report.outline is not None:
        blocks.append(_outline(report.outline))
    blocks.append(_feedback_by_answer(report))
    blocks.append(Panel(Text(report.thank_you.text), title="Draft thank-you note", title_align="left"))
    for block in blocks:
        console.print()
        console.print(block)
