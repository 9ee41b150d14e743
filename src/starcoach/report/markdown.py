"""Render a SessionReport as Markdown, for notes apps and sharing with a coach."""

from __future__ import annotations

import re

from starcoach.report import formatting as fmt
from starcoach.report.model import AnswerEntry, Highlight, SessionReport, StarOutline

# Backslash-escaping these keeps the candidate's words from turning into markup, tables or raw HTML.
_SPECIAL = re.compile(r"([\\`*_{}<>|#])")


def md(text: str) -> str:
    """User text made safe for inline Markdown, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _header(report: SessionReport) -> list[str]:
    return [
        "# Interview practice report",
        "",
        f"- Session: `{report.session_id}`, {md(report.track)} track, {md(fmt.company(report))}",
        f"- Started: {fmt.when(report.started_at)} ({fmt.duration(report)})",
        f"- Answered: {fmt.counts(report)}, mean score {fmt.mean_score(report)}",
        f"- Scored with: {', '.join(report.scoring) or '-'}",
    ]


def _answers_table(report: SessionReport) -> list[str]:
    lines = [
        "## Answers",
        "",
        "| # | Question | Kind | Score | Thinking | Answering | After the silence |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for a in report.answers:
        lines.append(
            f"| {a.label} | {md(a.question)} | {fmt.KIND_SHORT[a.kind]} | {fmt.score_cell(a)} | "
            f"{fmt.seconds(a.thinking_seconds)} | {fmt.seconds(a.answer_seconds)} | "
            f"{fmt.SILENCE_LABELS[a.silence_verdict]} |"
        )
    return lines


def _coverage(report: SessionReport) -> list[str]:
    lines = [
        "## Competency coverage",
        "",
        "Mean over the main answers and best over all answers (0 to 1), and the answers where it reached 0.5.",
        "",
        "| Competency | Mean | Best | Strong in |",
        "|---|---:|---:|---|",
    ]
    for c in report.coverage:
        name = md(c.name) + (" (the job stresses it)" if c.job_focus else "")
        lines.append(f"| {name} | {c.mean:.2f} | {c.max:.2f} | {fmt.touched(c.touched_labels)} |")
    return lines


def _highlights(title: str, items: list[Highlight], empty: str) -> list[str]:
    lines = [f"## {title}", ""]
    for n, item in enumerate(items, start=1):
        lines.append(f"{n}. **{fmt.highlight_heading(item)}:** {md(item.message)}")
        for occ in item.occurrences:
            quotes = ", ".join(f"\u201c{md(q)}\u201d" for q in occ.quotes) or "(no words quoted)"
            lines.append(f"   - {occ.label} ({md(occ.question)}): {quotes}")
    if not items:
        lines.append(empty)
    return lines


def _outline(outline: StarOutline) -> list[str]:
    lines = [
        "## Your weakest answer, rebuilt as STAR",
        "",
        f"{outline.label}, {fmt.score(outline.score)}/100: *{md(outline.question)}*",
        "",
        "Your own sentences, put in Situation, Task, Action, Result order. Fill in the parts in brackets.",
    ]
    for part in outline.parts:
        lines += ["", f"**{part.name}**", ""]
        lines += [f"- {md(sentence)}" for sentence in part.sentences]
        if part.missing_prompt:
            lines.append(f"- {md(part.missing_prompt)}")
    if outline.cut:
        lines += ["", "**Leave out** (these sentences belong to no part of the story)", ""]
        lines += [f"- {md(sentence)}" for sentence in outline.cut]
    return lines


def _whole_answer(entry: AnswerEntry) -> list[str]:
    lines = [fmt.answer_heading(entry), ""]
    if not fmt.star_tagged(entry):
        return [*lines, f"> {md(entry.answer)}", ""]
    # A trailing backslash breaks the line, so the quoted answer keeps one tagged sentence a line.
    tagged = [f"**{md(fmt.STAR_TAGS[s.star])}** {md(s.text)}" for s in entry.sentences]
    lines += [f"> {line}" + ("\\" if n < len(tagged) else "") for n, line in enumerate(tagged, start=1)]
    return [*lines, ""]


def _feedback(entry: AnswerEntry) -> list[str]:
    lines = [f"### {fmt.answer_title(entry)}", "", f"*{md(entry.question)}*", "", *_whole_answer(entry)]
    for item in entry.feedback:
        lines.append(f"- **{fmt.FEEDBACK_LABELS[item.kind]}:** {md(item.message)}")
    if not entry.feedback:
        lines.append("- Nothing to add.")
    return lines


def _thank_you(report: SessionReport) -> list[str]:
    lines = [
        "## Draft thank-you note",
        "",
        f"About {report.thank_you.word_count} words. Edit it before you send it.",
        "",
    ]
    # A blockquote keeps the note together as one block to copy; a trailing backslash keeps a line break.
    note = report.thank_you.text.split("\n")
    for line, after in zip(note, [*note[1:], ""]):
        lines.append(f"> {md(line)}" + ("\\" if line and after else "") if line else ">")
    return lines


def render_markdown(report: SessionReport) -> str:
    """The whole session report as a Markdown document."""
    sections = [
        _header(report),
        _answers_table(report),
        _coverage(report),
        _highlights("Keep doing", report.strengths, "No strengths recorded yet."),
        _highlights("Fix first", report.fixes, "Nothing to fix in this session."),
    ]
    if report.outline is not None:
        sections.append(_outline(report.outline))
    feedback = ["## Feedback by answer"]
    for entry in report.answers:
        feedback += ["", *_feedback(entry)]
    sections.append(feedback)
    sections.append(_thank_you(report))
    return "\n\n".join("\n".join(section) for section in sections) + "\n"
