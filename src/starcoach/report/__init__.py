"""Session reports: build one from a stored session (or a STAR outline of one answer) and render it for people."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starcoach.report._outline import build_outline
    from starcoach.report.html_page import render_html
    from starcoach.report.markdown import render_markdown
    from starcoach.report.model import SessionReport
    from starcoach.report.session import build_session_report, render_json
    from starcoach.report.terminal import render_text

__all__ = [
    "SessionReport",
    "build_outline",
    "build_session_report",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
]
_HOMES = {
    "build_outline": "_outline",
    "render_html": "html_page",
    "render_markdown": "markdown",
    "SessionReport": "model",
    "build_session_report": "session",
    "render_json": "session",
    "render_text": "terminal",
}


def __getattr__(name: str) -> Any:
    # Loaded on use: `starcoach analyze` imports report.style and must not pay for the renderers.
    if name in _HOMES:
        return getattr(importlib.import_module(f"starcoach.report.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'starcoach.report' has no attribute {name!r}")
