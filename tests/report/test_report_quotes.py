"""The quotes under "Keep doing" and "Fix first": whole phrases taken from the answer they cite."""

from __future__ import annotations

from starcoach.report import build_session_report
from tests.report._sessions import make_session


def test_every_highlight_quote_is_a_whole_phrase_from_its_answer() -> None:
    session = make_session()
    answers = {n: turn.answer for n, turn in enumerate(sorted(session.turns, key=lambda t: t.index), start=1)}
    report = build_session_report(session)
    for highlight in report.strengths + report.fixes:
        for occurrence in highlight.occurrences:
            for quote in occurrence.quotes:
                assert quote in " ".join(answers[occurrence.number].split()), f"{highlight.id}: {quote!r}"
    empathy = next(h for h in report.strengths if h.id == "empathy")
    assert "I understood why she was angry" in empathy.occurrences[0].quotes
    assert "why she was" not in empathy.occurrences[0].quotes
