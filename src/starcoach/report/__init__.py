"""Session reports: build one from a stored session and render it for the terminal, Markdown, HTML or JSON."""

from starcoach.report.html_page import render_html
from starcoach.report.markdown import render_markdown
from starcoach.report.model import SessionReport
from starcoach.report.session import build_session_report, render_json
from starcoach.report.terminal import render_text

__all__ = ["SessionReport", "build_session_report", "render_html", "render_json", "render_markdown", "render_text"]
