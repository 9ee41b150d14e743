"""The prep pack as Markdown and as a real PDF."""

from __future__ import annotations

import re
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from starcoach.prep.ask import questions_to_ask
from starcoach.prep.checklist import checklist_lines
from starcoach.prep.company import updated_notes
from starcoach.prep.job_description import parse_job_description
from starcoach.prep.pack import PrepPack, render_pack_html, render_pack_markdown, render_pack_pdf
from starcoach.stories.coverage import coverage, coverage_svg
from tests.prep._data import JOB_DESCRIPTION, make_story

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
GAPS = ["Gap: no teamwork story yet.", "Gap: no failure learned from story yet."]


def _pack() -> PrepPack:
    notes = updated_notes(
        None,
        "Northwind <Broadband> & Co",
        {"product": "home fibre", "pain_points": "slow refunds", "job_description": JOB_DESCRIPTION},
        NOW,
    )
    ticks = {"research-company": NOW}
    return PrepPack(
        company_notes=[notes],
        questions_to_ask=questions_to_ask(notes, parse_job_description(JOB_DESCRIPTION)),
        checklist=[(line.item, line.ticked) for line in checklist_lines(ticks)],
        stories=[make_story(), make_story("Refund <script>alert(1)</script>", story_id="5eed0002")],
        coverage_lines=["2 stories; aim for 6 to 8.", *GAPS],
        coverage_svg=coverage_svg(coverage([make_story()]), standalone=False),
        generated_at=NOW,
    )


def test_the_markdown_has_every_story_gap_question_and_tick() -> None:
    pack = _pack()
    text = render_pack_markdown(pack)
    for story in pack.stories:
        assert f"### {story.title}" in text
        assert story.result in text
    for gap in GAPS:
        assert f"- {gap}" in text
    for question in pack.questions_to_ask:
        assert question.text in text
    assert "- [x] Write down the company's product" in text
    assert "- [ ] Check the time" in text
    assert "**Metrics named:** CSAT (1x)" in text or "CSAT (1x)" in text


def test_the_html_escapes_user_text() -> None:
    page = render_pack_html(_pack())
    assert "<script>" not in page
    assert "Refund &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Northwind &lt;Broadband&gt; &amp; Co" in page
    assert "<svg viewBox=" in page and "Story coverage: 1 stories" in page


def _pdf_objects(data: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated (WeasyPrint packs page objects into compressed streams)."""
    inflated = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def test_the_pdf_is_a_real_multi_page_pdf(tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    render_pack_pdf(_pack(), out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    objects = _pdf_objects(data)
    assert len(re.findall(rb"/Type\s*/Page\b", objects)) >= 2
    assert b"/Font" in objects
    assert not (tmp_path / "pack.pdf.part").exists()
    from pypdf import PdfReader

    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    assert "Outage night" in text
    assert "failure learned from" in text  # the coverage chart's row labels are drawn as text


def _first_page_lines(path: Path) -> list[tuple[float, str]]:
    """Each piece of text on the PDF's first page with the height it is printed at (points from the bottom)."""
    from pypdf import PdfReader

    lines: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            lines.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return lines


def test_each_company_fact_in_the_pdf_sits_beside_its_own_label_after_a_wrapped_one(tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    render_pack_pdf(_pack(), out)
    lines = _first_page_lines(out)

    def height_of(start: str) -> float:
        return next(y for y, text in lines if text.startswith(start))

    # "Job description stresses" is too long for the label column and wraps onto a second line;
    # the facts after it must still be printed on their own label's line, not one line off.
    assert "Job description stresses" not in [text for _, text in lines]
    for label, value in (("Job description", "Time & tools"), ("Tools named", "Zendesk"), ("Metrics named", "average")):
        assert abs(height_of(label) - height_of(value)) < 1.0, (label, value)


def test_the_pdf_without_weasyprint_is_a_clear_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from starcoach.errors import ConfigError

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # makes `import weasyprint` raise ImportError
    with pytest.raises(ConfigError, match=r"pip install 'starcoach\[pdf\]'"):
        render_pack_pdf(_pack(), tmp_path / "pack.pdf")
    assert list(tmp_path.iterdir()) == []
