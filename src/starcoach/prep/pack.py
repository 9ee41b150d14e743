"""The prep pack: company notes, questions to ask, the checklist, the stories and their gaps, on paper."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from starcoach.competencies import COMPETENCY_NAMES
from starcoach.errors import ConfigError
from starcoach.prep.ask import AskQuestion
from starcoach.prep.checklist import STAGE_TITLES
from starcoach.prep.company import NOTE_FIELDS, CompanyNotes
from starcoach.prep.content import ChecklistItem
from starcoach.prep.job_description import parse_job_description
from starcoach.safe_write import write_through_temporary
from starcoach.stories.models import AXIS_NAMES, STAR_PARTS, Story

_PDF_HINT = "Install the PDF extra: pip install 'starcoach[pdf]' (or write Markdown with a .md file)."


@dataclass(frozen=True)
class PrepPack:
    """Everything printed in the pack; the renderers only lay it out."""

    company_notes: list[CompanyNotes]
    questions_to_ask: list[AskQuestion]
    checklist: list[tuple[ChecklistItem, bool]]
    stories: list[Story]
    coverage_lines: list[str]
    generated_at: datetime
    title: str = field(default="Interview prep pack")
    # The coverage matrix as inline SVG (built by our own chart code from escaped labels), for HTML and PDF.
    coverage_svg: str = ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _job_description_lines(notes: CompanyNotes) -> list[tuple[str, str]]:
    """What the job description stresses, as (label, value) pairs."""
    if not notes.job_description:
        return []
    job = parse_job_description(notes.job_description)
    lines = [("Job description stresses", ", ".join(COMPETENCY_NAMES.get(c, c) for c in job.competencies))]
    lines.append(("Tools named", ", ".join(job.tools)))
    lines.append(("Metrics named", ", ".join(f"{m.name} ({m.count}x)" for m in job.metrics)))
    return [(label, value) for label, value in lines if value]


def _company_facts(notes: CompanyNotes) -> list[tuple[str, str]]:
    facts = [(label.capitalize(), getattr(notes, name)) for name, label in NOTE_FIELDS.items()]
    return [(label, value) for label, value in facts if value.strip()] + _job_description_lines(notes)


def _story_heading(story: Story) -> str:
    tags = [AXIS_NAMES.get(axis, axis) for axis in story.axes]
    return story.title + (f" ({', '.join(tags)})" if tags else "")


# -- Markdown ---------------------------------------------------------------------------------
def render_pack_markdown(pack: PrepPack) -> str:
    """The pack as Markdown: headings, lists and tick boxes."""
    out = [f"# {pack.title}", "", f"Made {pack.generated_at:%Y-%m-%d %H:%M} UTC.", ""]
    out += ["## Company notes", ""]
    if not pack.company_notes:
        out += ["No company notes yet (`starcoach prep company NAME`).", ""]
    for notes in pack.company_notes:
        out += [f"### {_one_line(notes.company)}", ""]
        out += [f"- **{label}:** {_one_line(value)}" for label, value in _company_facts(notes)] or ["- (no notes)"]
        out.append("")
    out += ["## Questions to ask", ""]
    for number, question in enumerate(pack.questions_to_ask, start=1):
        out += [f"{number}. {question.text}", f"   *Why: {question.why}*"]
    out += ["", "## Checklist", ""]
    for stage, title in STAGE_TITLES.items():
        items = [(item, ticked) for item, ticked in pack.checklist if item.stage == stage]
        if items:
            out += [f"### {title}", ""]
            out += [f"- [{'x' if ticked else ' '}] {item.text}" for item, ticked in items]
            out.append("")
    out += ["## Your stories", ""]
    if not pack.stories:
        out += ["No stories yet.", ""]
    for story in pack.stories:
        out += [f"### {_one_line(_story_heading(story))}", ""]
        if story.summary:
            out += [f"*{story.summary}*", ""]
        out += [f"- **{part.capitalize()}:** {_one_line(getattr(story, part))}" for part in STAR_PARTS]
        out.append("")
    out += ["## Story coverage", ""]
    out += [f"- {_one_line(line)}" for line in pack.coverage_lines] or ["- Nothing to report."]
    return "\n".join(out).rstrip() + "\n"


# -- HTML and PDF -----------------------------------------------------------------------------
_CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.4;
       color: #1b1b1b; }
h1 { font-size: 18pt; margin: 0 0 2mm; } h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 7mm; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; } .meta { color: #555; } .why { color: #555; font-style: italic; }
table.facts { border-collapse: collapse; width: 100%; }
table.facts th { font-weight: bold; text-align: left; vertical-align: top; width: 32mm; padding: 0 2mm 1mm 0; }
table.facts td { vertical-align: top; padding: 0 0 1mm; }
ul.check { list-style: none; padding-left: 0; } ul.check li { margin-bottom: 1mm; }
.box { display: inline-block; width: 3.2mm; height: 3.2mm; border: 1px solid #333; margin-right: 2mm;
       text-align: center; line-height: 3.2mm; font-size: 8pt; }
.story { page-break-inside: avoid; } .chart svg { width: 100%; max-width: 170mm; }
"""


def _e(text: str) -> str:
    return html.escape(_one_line(text))


def _facts(pairs: list[tuple[str, str]]) -> str:
    """Labelled values as table rows: a label that wraps makes its own row taller, never shifts the next one
    (floated <dt>/<dd> pairs did, printing every later value one line off its label)."""
    if not pairs:
        return ""
    rows = "".join(f'<tr><th scope="row">{_e(label)}</th><td>{_e(value)}</td></tr>' for label, value in pairs)
    return f'<table class="facts">{rows}</table>'


def render_pack_html(pack: PrepPack) -> str:
    """The pack as one self-contained HTML page (every piece of user text escaped)."""
    parts = [f"<h1>{_e(pack.title)}</h1>", f'<p class="meta">Made {pack.generated_at:%Y-%m-%d %H:%M} UTC.</p>']
    parts.append("<h2>Company notes</h2>")
    if not pack.company_notes:
        parts.append("<p>No company notes yet.</p>")
    for notes in pack.company_notes:
        parts.append(f"<h3>{_e(notes.company)}</h3>" + (_facts(_company_facts(notes)) or "<p>(no notes)</p>"))
    parts.append("<h2>Questions to ask</h2><ol>")
    parts += [f'<li>{_e(q.text)}<br><span class="why">Why: {_e(q.why)}</span></li>' for q in pack.questions_to_ask]
    parts.append("</ol><h2>Checklist</h2>")
    for stage, title in STAGE_TITLES.items():
        items = [(item, ticked) for item, ticked in pack.checklist if item.stage == stage]
        if items:
            rows = "".join(
                f'<li><span class="box">{"&#10003;" if ticked else "&#160;"}</span>{_e(item.text)}</li>'
                for item, ticked in items
            )
            parts.append(f'<h3>{_e(title)}</h3><ul class="check">{rows}</ul>')
    parts.append("<h2>Your stories</h2>")
    if not pack.stories:
        parts.append("<p>No stories yet.</p>")
    for story in pack.stories:
        summary = f'<p class="why">{_e(story.summary)}</p>' if story.summary else ""
        star = _facts([(part.capitalize(), getattr(story, part)) for part in STAR_PARTS])
        parts.append(f'<div class="story"><h3>{_e(_story_heading(story))}</h3>{summary}{star}</div>')
    parts.append("<h2>Story coverage</h2>")
    if pack.coverage_svg:
        parts.append(f'<div class="chart">{pack.coverage_svg}</div>')
    parts.append("<ul>")
    parts += [f"<li>{_e(line)}</li>" for line in pack.coverage_lines] or ["<li>Nothing to report.</li>"]
    parts.append("</ul>")
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_e(pack.title)}</title>'
        f"<style>{_CSS}</style></head><body>\n{body}\n</body></html>\n"
    )


def render_pack_pdf(pack: PrepPack, path: Path) -> None:
    """Write the pack as a PDF (needs WeasyPrint); written to a temporary name first, so no half file is left."""
    try:
        import weasyprint  # type: ignore[import-untyped]  # no type information shipped
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint is there but the Pango library is not
        raise ConfigError(f"writing a PDF needs WeasyPrint ({exc})", hint=_PDF_HINT) from exc
    page = weasyprint.HTML(string=render_pack_html(pack))
    write_through_temporary(path, lambda tmp: page.write_pdf(str(tmp)), hint="Give a file name ending in .pdf.")
