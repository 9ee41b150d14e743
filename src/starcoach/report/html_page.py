"""Render a SessionReport as one self-contained HTML page: inline CSS and SVG, nothing fetched."""

from __future__ import annotations

from html import escape

from starcoach.report import formatting as fmt
from starcoach.report.charts import bars_svg, radar_svg, trend_svg
from starcoach.report.model import AnswerEntry, Highlight, SessionReport, StarOutline

# Every text colour here has at least 4.5:1 contrast on its background (WCAG AA).
_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #ffffff; color: #1a1a1a; font: 16px/1.55 system-ui, -apple-system, "Segoe UI",
  Roboto, sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-bottom: 2px solid #d0d7de; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.25rem; }
.meta { color: #4a4a4a; margin: 0; padding-left: 1.2rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border-bottom: 1px solid #d0d7de; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
figure { margin: 1rem 0; }
figure svg { display: block; width: 100%; max-width: 34rem; height: auto; margin: 0 auto; }
figcaption { color: #4a4a4a; font-size: 0.9rem; text-align: center; }
.tag { display: inline-block; font-weight: 700; font-size: 0.85rem; padding: 0 0.4rem; border-radius: 0.3rem;
  margin-right: 0.3rem; color: #ffffff; }
.strength .tag { background: #1e6b34; }
.fix .tag { background: #8a4b00; }
.red_flag .tag { background: #b3261e; }
ul.feedback, ol.highlights { padding-left: 1.2rem; }
ul.feedback li, ol.highlights li { margin: 0.4rem 0; }
q { font-style: italic; }
.quotes { color: #4a4a4a; margin: 0.2rem 0 0; padding-left: 1rem; }
.star-part { border-left: 4px solid #6b6b6b; padding: 0.1rem 0.75rem; margin: 0.5rem 0; }
.star-S { border-color: #00606b; } .star-T { border-color: #7b2c8f; }
.star-A { border-color: #2e6b30; } .star-R { border-color: #8a5a00; } .star-O { border-color: #6b6b6b; }
.answer { border-left: 4px solid #d0d7de; padding: 0.1rem 0.75rem; margin: 0.5rem 0; }
.answer p { margin: 0.25rem 0; }
.star-tag { display: inline-block; min-width: 1.4rem; text-align: center; font-weight: 700; font-size: 0.85rem;
  border-radius: 0.3rem; margin-right: 0.4rem; color: #ffffff; background: #6b6b6b; }
.star-tag.star-S { background: #00606b; } .star-tag.star-T { background: #7b2c8f; }
.star-tag.star-A { background: #2e6b30; } .star-tag.star-R { background: #8a5a00; }
.missing { font-weight: 600; color: #8a4b00; }
.note { white-space: pre-wrap; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 0.4rem;
  padding: 1rem; font: inherit; }
/* On a phone each answer becomes a small card: the labels a wide table shows in its header move into the row. */
@media (max-width: 36rem) {
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack tr { display: block; border-bottom: 1px solid #d0d7de; padding: 0.4rem 0; }
  table.stack th, table.stack td { display: block; border: 0; padding: 0.05rem 0; text-align: left; }
  table.stack td[data-label] { display: inline-block; margin-right: 0.9rem; }
  table.stack td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _header(report: SessionReport) -> str:
    items = [
        f"Session <code>{_e(report.session_id)}</code>, {_e(report.track)} track, {_e(fmt.company(report))}",
        f"Started {_e(fmt.when(report.started_at))} ({_e(fmt.duration(report))})",
        f"{fmt.counts(report)}, mean score {_e(fmt.mean_score(report))}",
        f"Scored with {_e(', '.join(report.scoring) or '-')}",
    ]
    return '<h1>Interview practice report</h1>\n<ul class="meta">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _answers(report: SessionReport) -> str:
    rows = "".join(
        f'<tr><th scope="row">{a.label}</th><td>{_e(a.question)}</td><td data-label="Kind">'
        f'{fmt.KIND_SHORT[a.kind]}</td><td class="num" data-label="Score">{fmt.score_cell(a)}</td>'
        f'<td class="num" data-label="Thinking">{fmt.seconds(a.thinking_seconds)}</td>'
        f'<td class="num" data-label="Answering">{fmt.seconds(a.answer_seconds)}</td>'
        f'<td data-label="After the silence">{fmt.SILENCE_LABELS[a.silence_verdict]}</td></tr>'
        for a in report.answers
    )
    # Follow-ups are judged on their gap, not scored, so only whole answers get a bar; rounded as everywhere.
    scored = [a for a in report.answers if a.kind != "followup"]
    chart = bars_svg([a.label for a in scored], [float(fmt.score(a.score)) for a in scored], standalone=False)
    return (
        '<section aria-labelledby="answers"><h2 id="answers">Answers</h2>\n'
        '<div class="table-wrap"><table class="stack"><caption>Each answer in order</caption>'
        '<thead><tr><th scope="col">#</th>'
        '<th scope="col">Question</th><th scope="col">Kind</th><th scope="col" class="num">Score</th>'
        '<th scope="col" class="num">Thinking</th><th scope="col" class="num">Answering</th>'
        f'<th scope="col">After the silence</th></tr></thead><tbody>{rows}</tbody></table></div>\n'
        f"<figure>{chart}<figcaption>Score of each answer, out of 100</figcaption></figure></section>"
    )


def _coverage(report: SessionReport) -> str:
    rows = "".join(
        f'<tr><th scope="row">{_e(c.name)}{" (the job stresses it)" if c.job_focus else ""}</th>'
        f'<td class="num">{c.mean:.2f}</td><td class="num">{c.max:.2f}</td>'
        f"<td>{fmt.touched(c.touched_labels)}</td></tr>"
        for c in report.coverage
    )
    chart = radar_svg({c.name: c.mean for c in report.coverage}, standalone=False)
    return (
        '<section aria-labelledby="coverage"><h2 id="coverage">Competency coverage</h2>\n'
        f"<figure>{chart}<figcaption>Mean of each competency over the main answers, 0 to 1</figcaption></figure>\n"
        '<div class="table-wrap"><table><caption>Mean over the main answers, best over all (0 to 1), '
        "and the answers where it reached 0.5</caption>"
        '<thead><tr><th scope="col">Competency</th><th scope="col" class="num">Mean</th>'
        '<th scope="col" class="num">Best</th><th scope="col">Strong in</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div></section>"
    )


def _highlights(anchor: str, title: str, items: list[Highlight], empty: str) -> str:
    body = []
    for item in items:
        quotes = "".join(
            f"<li>{o.label} ({_e(o.question)}): "
            + (", ".join(f"<q>{_e(q)}</q>" for q in o.quotes) or "no words quoted")
            + "</li>"
            for o in item.occurrences
        )
        body.append(
            f'<li class="{item.kind}"><span class="tag">{_e(fmt.highlight_heading(item))}</span>'
            f'{_e(item.message)}<ul class="quotes">{quotes}</ul></li>'
        )
    content = f'<ol class="highlights">{"".join(body)}</ol>' if body else f"<p>{_e(empty)}</p>"
    return f'<section aria-labelledby="{anchor}"><h2 id="{anchor}">{_e(title)}</h2>\n{content}</section>'


def _outline(outline: StarOutline) -> str:
    parts = []
    for part in outline.parts:
        lines = [f"<p>{_e(s)}</p>" for s in part.sentences]
        if part.missing_prompt:
            lines.append(f'<p class="missing">{_e(part.missing_prompt)}</p>')
        parts.append(f'<div class="star-part star-{part.label}"><h3>{part.name}</h3>{"".join(lines)}</div>')
    if outline.cut:
        cut = "".join(f"<p>{_e(s)}</p>" for s in outline.cut)
        parts.append(f'<div class="star-part star-O"><h3>Leave out</h3>{cut}</div>')
    return (
        '<section aria-labelledby="outline"><h2 id="outline">Your weakest answer, rebuilt as STAR</h2>\n'
        f"<p>{outline.label}, {fmt.score(outline.score)}/100: <em>{_e(outline.question)}</em></p>\n"
        "<p>Your own sentences, put in Situation, Task, Action, Result order. Fill in the parts in brackets.</p>\n"
        + "\n".join(parts)
        + "</section>"
    )


def _whole_answer(entry: AnswerEntry) -> str:
    if not fmt.star_tagged(entry):
        body = f"<p>{_e(entry.answer)}</p>"
    else:
        body = "".join(
            f'<p><span class="star-tag star-{s.star}">{_e(fmt.STAR_TAGS[s.star])}</span>{_e(s.text)}</p>'
            for s in entry.sentences
        )
    return f'<div class="answer"><p><em>{_e(fmt.answer_heading(entry))}</em></p>{body}</div>'


def _feedback(entry: AnswerEntry) -> str:
    items = "".join(
        f'<li class="{i.kind}"><span class="tag">{fmt.FEEDBACK_LABELS[i.kind]}</span>{_e(i.message)}</li>'
        for i in entry.feedback
    )
    return f"<h3>{_e(fmt.answer_title(entry))}</h3><p><em>{_e(entry.question)}</em></p>{_whole_answer(entry)}" + (
        f'<ul class="feedback">{items}</ul>' if items else "<p>Nothing to add.</p>"
    )


def _progress(progress: tuple[dict[str, list[float]], list[str]]) -> str:
    series, labels = progress
    return (
        '<section aria-labelledby="progress"><h2 id="progress">Progress over your sessions</h2>\n'
        f"<p>Each competency's mean per session, oldest first, up to this one.</p>\n"
        f"{trend_svg(series, labels, standalone=False)}</section>"
    )


def render_html(report: SessionReport, progress: tuple[dict[str, list[float]], list[str]] | None = None) -> str:
    """The whole session report as one HTML file that opens offline and reads well on a phone.

    ``progress`` (each competency's value per session, and the session labels) adds a trend chart.
    """
    sections = [
        _answers(report),
        _coverage(report),
        _highlights("strengths", "Keep doing", report.strengths, "No strengths recorded yet."),
        _highlights("fixes", "Fix first", report.fixes, "Nothing to fix in this session."),
    ]
    if report.outline is not None:
        sections.append(_outline(report.outline))
    sections.append(
        '<section aria-labelledby="feedback"><h2 id="feedback">Feedback by answer</h2>\n'
        + "\n".join(_feedback(a) for a in report.answers)
        + "</section>"
    )
    if progress is not None and len(progress[1]) >= 2:
        sections.append(_progress(progress))
    sections.append(
        '<section aria-labelledby="thanks"><h2 id="thanks">Draft thank-you note</h2>\n'
        f"<p>About {report.thank_you.word_count} words. Edit it before you send it.</p>\n"
        f'<pre class="note">{_e(report.thank_you.text)}</pre></section>'
    )
    title = f"Interview practice report, {fmt.when(report.started_at)}"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + _header(report)
        + "\n"
        + "\n".join(sections)
        + "\n</main>\n</body>\n</html>\n"
    )
