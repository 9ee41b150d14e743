"""Render an AnswerReport in the terminal: coloured STAR parts, marked words, bars, feedback."""

from __future__ import annotations

from typing import IO

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from starcoach.analysis.report import AnswerReport
from starcoach.interview.numbering import shown_score
from starcoach.report.style import COMPETENCY_NAMES, STAR_NAMES, STAR_STYLES, bar

# Words a listener would trip on are underlined in red; words that earned credit are bold.
_WARN_FINDINGS = ("fillers", "hedging", "blame", "overconfidence", "rambling", "theoretical", "tone_cold")
_GOOD_FINDINGS = ("specificity", "empathy", "active_listening", "tools", "signposting")
_KIND_MARKS = {"red_flag": ("!", "bold red"), "fix": ("-", "yellow"), "strength": ("+", "green")}


def make_console(width: int | None = None, file: IO[str] | None = None, color: bool | None = None) -> Console:
    """A console for reports; tests pass a width, a file and no colour for exact output."""
    return Console(
        width=width,
        file=file,
        highlight=False,
        no_color=color is False,
        force_terminal=None if color is None else color,
        emoji=False,
    )


def _answer_text(report: AnswerReport, full_text: str) -> Text:
    text = Text()
    cursor = 0
    for sentence in report.sentences:
        if sentence.start > cursor:
            text.append(full_text[cursor : sentence.start])
        text.append(f"[{sentence.star}] ", style=f"bold {STAR_STYLES[sentence.star]}")
        offset = len(text)
        text.append(sentence.text, style=STAR_STYLES[sentence.star])
        for finding in report.findings:
            if finding.id not in _WARN_FINDINGS + _GOOD_FINDINGS:
                continue
            style = "bold red underline" if finding.id in _WARN_FINDINGS else "bold"
            for span in finding.evidence:
                if sentence.start <= span.start and span.end <= sentence.end:
                    text.stylize(style, offset + span.start - sentence.start, offset + span.end - sentence.start)
        cursor = sentence.end
    return text


def _legend() -> Text:
    legend = Text("STAR: ")
    for code, name in STAR_NAMES.items():
        legend.append(f"[{code}] {name}  ", style=STAR_STYLES[code])
    legend.append("underlined", style="bold red underline")
    legend.append(" = worth changing, ")
    legend.append("bold", style="bold")
    legend.append(" = earned credit")
    return legend


def _findings_table(report: AnswerReport) -> Table:
    table = Table(title="What was found", title_justify="left", expand=False)
    table.add_column("signal")
    table.add_column("count", justify="right")
    table.add_column("examples", overflow="fold")
    for finding in report.findings:
        examples = ", ".join(f'"{e.text}"' for e in finding.evidence[:3]) if finding.evidence else "-"
        if len(finding.evidence) > 3:
            examples += ", ..."
        table.add_row(finding.label, str(finding.count), examples)
    return table


def _competency_bars(report: AnswerReport) -> Table:
    table = Table(title="Competencies (0-1)", title_justify="left", show_header=False, box=None)
    table.add_column("competency")
    table.add_column("bar")
    table.add_column("value", justify="right")
    for key, value in report.competencies.items():
        table.add_row(COMPETENCY_NAMES.get(key, key), bar(value), f"{value:.2f}")
    return table


def _score_table(report: AnswerReport) -> Table:
    table = Table(title=f"Score {shown_score(report.score)}/100", title_justify="left", show_header=True)
    table.add_column("part")
    table.add_column("points", justify="right")
    table.add_column("why", overflow="fold")
    for line in report.score_breakdown:
        maximum = f"/{line.max_points:.0f}" if line.max_points else ""
        table.add_row(line.part, f"{line.points:g}{maximum}", line.reason)
    return table


def _feedback(report: AnswerReport) -> Group:
    rows: list[Text] = [Text("Feedback", style="bold")]
    for item in report.feedback:
        mark, style = _KIND_MARKS[item.kind]
        line = Text(f" {mark} ", style=style)
        line.append(item.message)
        rows.append(line)
    rows.append(Text(""))
    rows.append(Text("An interviewer might ask next", style="bold"))
    rows.extend(Text(f" ? {q}") for q in report.followups)
    return Group(*rows)


def render_report(report: AnswerReport, console: Console, full_text: str | None = None) -> None:
    """Print the whole text report."""
    text = full_text if full_text is not None else _rebuild_text(report)
    if report.question:
        console.print(Text(f"Question: {report.question}", style="bold"))
    console.print(
        Text(
            f"{report.word_count} words, about {report.estimated_seconds:.0f} s spoken at "
            f"{report.words_per_minute:.0f} words/min (aim for 60-120 s)"
        )
    )
    title = "What you said (transcribed)" if report.transcript is not None else "Your answer"
    console.print(Panel(_answer_text(report, text), title=title, title_align="left"))
    console.print(_legend())
    if report.delivery is not None:
        from starcoach.cli.render_delivery import render_delivery

        console.print()
        console.print(render_delivery(report.delivery))
    for block in (_score_table(report), _findings_table(report), _competency_bars(report), _feedback(report)):
        console.print()
        console.print(block)


def _rebuild_text(report: AnswerReport) -> str:
    """The answer text, rebuilt from sentences (gaps become spaces) when the original is not at hand."""
    if not report.sentences:
        return ""
    chars = [" "] * report.sentences[-1].end
    for sentence in report.sentences:
        chars[sentence.start : sentence.end] = sentence.text
    return "".join(chars)
