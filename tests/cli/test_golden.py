"""What users read, compared with reviewed golden files.

Set STARCOACH_UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
"""

import io
import os
from pathlib import Path

import pytest

from starcoach import analyze
from starcoach.cli.render import make_console, render_report
from tests.conftest import STRONG_STORY, THEORY, WEAK_BLAME

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
QUESTION = "Tell me about a time you turned an upset customer around."


@pytest.mark.parametrize(("name", "text"), [("strong", STRONG_STORY), ("blame", WEAK_BLAME), ("theory", THEORY)])
def test_the_text_report_matches_its_golden_file(name: str, text: str) -> None:
    out = io.StringIO()
    render_report(analyze(text, QUESTION), make_console(width=100, file=out, color=False), text)
    path = GOLDEN / f"report_{name}.txt"
    if os.environ.get("STARCOACH_UPDATE_GOLDEN"):
        path.write_text(out.getvalue(), encoding="utf-8")
    assert out.getvalue() == path.read_text(encoding="utf-8")
