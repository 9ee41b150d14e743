"""What each view of the session report shows: terminal text, Markdown, one offline HTML page, JSON."""

from __future__ import annotations

import io
import itertools
import re
from html.parser import HTMLParser

from starcoach.cli.render import make_console
from starcoach.report import build_session_report, render_html, render_json, render_markdown, render_text
from starcoach.report.model import SessionReport
from tests.conftest import STRONG_STORY
from tests.report._sessions import Turn, make_session

_VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "embed", "source", "track", "wbr"}


class _Page(HTMLParser):
    """Collects what the tests look at: tag balance, headings, SVG accessibility, the html lang."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.mismatches: list[str] = []
        self.headings: list[int] = []
        self.svgs: list[dict[str, str | None]] = []
        self.svg_titles = 0
        self.lang: str | None = None
        self.viewport = False
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "meta" and attributes.get("name") == "viewport":
            self.viewport = True
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "svg":
            self.svgs.append(attributes)
        if tag == "title":
            if self.stack and self.stack[-1] == "svg":
                self.svg_titles += 1
            elif "svg" not in self.stack:
                self._in_title = True
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Self-closed SVG shapes open and close in one go.
        return None

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False
        if not self.stack or self.stack[-1] != tag:
            self.mismatches.append(f"</{tag}> while {self.stack[-1:]} is open")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _report() -> SessionReport:
    return build_session_report(make_session())


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_the_html_page_fetches_nothing_from_outside() -> None:
    page = render_html(_report())
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page
    assert "<link" not in page and "@import" not in page and "url(" not in page


def test_the_html_page_parses_with_balanced_tags() -> None:
    parsed = _parse(render_html(_report()))
    assert parsed.mismatches == []
    assert parsed.stack == []


def test_the_html_page_has_a_radar_and_a_bar_chart_both_labelled_for_screen_readers() -> None:
    page = render_html(_report())
    parsed = _parse(page)
    assert page.count("<svg") == 2
    assert parsed.svg_titles == 2
    for svg in parsed.svgs:
        assert svg.get("role") == "img"
        assert svg.get("aria-label")
    assert "Radar chart" in str(parsed.svgs[1].get("aria-label"))
    bars = str(parsed.svgs[0].get("aria-label"))
    # One rounding for every score shown, and no bar for a follow-up: it is judged on its gap, not scored.
    assert "Q1 85;" in bars and "follow-up" not in bars


def test_the_html_page_declares_its_language_title_and_phone_viewport() -> None:
    parsed = _parse(render_html(_report()))
    assert parsed.lang == "en"
    assert parsed.viewport
    assert parsed.title.startswith("Interview practice report")


def test_the_html_headings_go_down_one_level_at_a_time() -> None:
    headings = _parse(render_html(_report())).headings
    assert headings[0] == 1 and headings.count(1) == 1
    for before, after in itertools.pairwise(headings):
        assert after <= before + 1


def test_the_html_page_escapes_everything_the_candidate_typed() -> None:
    question = 'Tell me about a time you fixed <b>"broken"</b> & odd <script>alert(1)</script> markup.'
    session = make_session((Turn("main", question, STRONG_STORY + " <img src=x onerror=alert(1)>"),))
    page = render_html(build_session_report(session.model_copy(update={"company": "<Acme & Co>"})))
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;Acme &amp; Co&gt;" in page
    assert _parse(page).mismatches == []


def test_markdown_keeps_the_candidates_pipes_and_tags_from_breaking_the_page() -> None:
    question = "Tell me about a time | a <b>tricky</b> customer called."
    markdown = render_markdown(build_session_report(make_session((Turn("main", question, STRONG_STORY),))))
    row = next(line for line in markdown.splitlines() if line.startswith("| Q1 |"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 8
    assert "<b>" not in markdown and r"\<b\>" in markdown


def test_markdown_shows_the_sections_a_candidate_reads_after_a_session() -> None:
    markdown = render_markdown(_report())
    for heading in (
        "# Interview practice report",
        "## Answers",
        "## Competency coverage",
        "## Keep doing",
        "## Fix first",
        "## Your weakest answer, rebuilt as STAR",
        "## Feedback by answer",
        "## Draft thank-you note",
    ):
        assert f"\n{heading}\n" in f"\n{markdown}"
    assert "[Result missing: say what happened and put a number on it]" in markdown


def test_the_terminal_report_shows_scores_coverage_outline_and_note() -> None:
    out = io.StringIO()
    render_text(_report(), make_console(width=100, file=out, color=False))
    text = out.getvalue()
    for expected in ("Answers", "Competency coverage", "Keep doing", "Fix first", "Draft thank-you note"):
        assert expected in text
    assert "Northwind Broadband" in text
    assert "[Result missing: say what happened and put a number on it]" in text


def test_every_view_renders_an_empty_session() -> None:
    report = build_session_report(make_session(()))
    out = io.StringIO()
    render_text(report, make_console(width=80, file=out, color=False))
    assert "Nothing to fix" in out.getvalue()
    assert "## Draft thank-you note" in render_markdown(report)
    assert _parse(render_html(report)).mismatches == []
    assert SessionReport.model_validate_json(render_json(report)) == report


def test_every_view_is_the_same_for_the_same_session() -> None:
    first, second = _report(), build_session_report(make_session())
    assert render_html(first) == render_html(second)
    assert render_markdown(first) == render_markdown(second)
    assert render_json(first) == render_json(second)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _terminal(report: SessionReport, width: int = 100) -> str:
    out = io.StringIO()
    render_text(report, make_console(width=width, file=out, color=False))
    return out.getvalue()


def _html_text(page: str) -> str:
    return re.sub(r"<[^>]+>", " ", page).replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")


def test_every_view_shows_each_answer_whole_not_only_quoted_fragments() -> None:
    report = _report()
    views = {
        "terminal": _flat(_terminal(report)),
        "markdown": _flat(render_markdown(report).replace("\\", "")),
        "html": _flat(_html_text(render_html(report))),
    }
    for entry in report.answers:
        for sentence in re.split(r"(?<=[.?!])\s+", entry.answer):
            for name, view in views.items():
                assert _flat(sentence) in view, f"{name} lacks Q{entry.number}: {sentence!r}"


def test_the_json_report_carries_each_answer_and_its_tagged_sentences() -> None:
    session = make_session()
    report = SessionReport.model_validate_json(render_json(build_session_report(session)))
    assert [a.answer for a in report.answers] == [t.answer for t in session.turns]
    story = report.answers[0]
    assert _flat(" ".join(s.text for s in story.sentences)) == _flat(STRONG_STORY)
    result = next(s for s in story.sentences if s.text.startswith("The technician replaced"))
    assert result.star == "R"


def test_a_main_answer_is_tagged_by_star_part_sentence_by_sentence() -> None:
    markdown = render_markdown(_report())
    assert "> **R** The technician replaced a faulty splitter" in markdown
    assert "> **T** My job was to get her back online" in markdown
    page = render_html(_report())
    assert '<span class="star-tag star-R">R</span>The technician replaced' in page
    text = _terminal(_report())
    assert re.search(r"^\s+R\s+The technician replaced", text, re.M)
