"""The session report as users read it, compared with reviewed golden files.

Set STARCOACH_UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from starcoach.cli.render import make_console
from starcoach.report import SessionReport, build_session_report, render_html, render_markdown, render_text
from tests.report._sessions import make_session

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def _text(report: SessionReport) -> str:
    out = io.StringIO()
    render_text(report, make_console(width=100, file=out, color=False))
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "render"),
    [("session_report.md", render_markdown), ("session_report.txt", _text), ("session_report.html", render_html)],
)
def test_the_session_report_matches_its_golden_file(name: str, render: Callable[[SessionReport], str]) -> None:
    body = render(build_session_report(make_session()))
    path = GOLDEN / name
    if os.environ.get("STARCOACH_UPDATE_GOLDEN"):
        path.write_text(body, encoding="utf-8")
    assert body == path.read_text(encoding="utf-8")
