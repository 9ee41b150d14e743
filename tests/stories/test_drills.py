"""Drills: the 60-second sweep marks evidenced competencies; telling it again compares two reports."""

from __future__ import annotations

from starcoach.analysis.engine import analyze
from starcoach.stories.drills import compare_tellings, judge_sweep
from tests.stories._stories import REFUND, story

SWEEP = (
    "I explained the double charge to her in plain words and confirmed she understood the next step. "
    "I stayed calm while she shouted and let her finish. I told her I understood how stressful it was, "
    "then I fixed it by filing the refund myself. I logged it in Salesforce and set a reminder for day three. "
    "I noticed she was frightened about rent, so I escalated to my supervisor to speed it up."
)


def test_the_sweep_marks_what_the_answer_evidences_with_its_words() -> None:
    result = judge_sweep(story("Double charge", **REFUND), SWEEP, seconds=52.0)
    assert not result.over_time
    assert "time_tech" in result.evidenced
    tools = next(v for v in result.verdicts if v.competency == "time_tech")
    assert any("Salesforce" in w for w in tools.words)
    for verdict in result.verdicts:
        assert all(word in SWEEP for word in verdict.words)


def test_a_vague_sweep_evidences_little_and_running_long_is_marked() -> None:
    result = judge_sweep(story("Double charge", **REFUND), "It was a good story and I did well.", seconds=75.0)
    assert result.over_time
    assert len(result.evidenced) <= 1
    assert len(result.evidenced) < len(judge_sweep(story("Double charge", **REFUND), SWEEP, 50.0).evidenced)


def test_telling_it_again_shows_what_improved_and_what_was_lost() -> None:
    question = "Tell me about a time you dealt with an angry customer."
    first = analyze("She was angry about a double charge. The system was broken, not my fault.", question)
    second = analyze(story("Double charge", **REFUND).text, question)
    rows = {row.measure: row for row in compare_tellings(first, second)}
    assert rows["result"].first == "no" and rows["result"].second == "yes" and rows["result"].change == "added"
    assert rows["words"].change.startswith("+")
    assert float(rows["score"].change) > 0
    assert "dropped blame" in rows["red flags"].change
    same = {row.measure: row.change for row in compare_tellings(second, second)}
    assert set(same.values()) == {"same"}
