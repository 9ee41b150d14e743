"""The full report: contract, determinism, evidence, follow-ups, scores."""

import json

import jsonschema
import pytest

from starcoach import UserInputError, analyze
from starcoach.analysis.engine import MAX_ANSWER_CHARS
from starcoach.analysis.schema import load_schema
from tests.conftest import STRONG_STORY, THEORY, WEAK_BLAME

BEHAVIORAL = "Tell me about a time you turned an upset customer around."


@pytest.mark.parametrize(
    "text", [STRONG_STORY, WEAK_BLAME, THEORY, "Um, I fixed it. 👍 \u05e9\u05dc\u05d5\u05dd \u201cdone\u201d"]
)
def test_the_json_report_honours_the_report_schema(text: str) -> None:
    report = json.loads(analyze(text, BEHAVIORAL).model_dump_json())
    jsonschema.validate(report, load_schema())


def test_the_same_answer_always_gets_the_same_report() -> None:
    first = analyze(STRONG_STORY, BEHAVIORAL).model_dump_json()
    assert all(analyze(STRONG_STORY, BEHAVIORAL).model_dump_json() == first for _ in range(3))


def test_every_feedback_item_points_at_words_in_the_answer() -> None:
    for text in (STRONG_STORY, WEAK_BLAME, THEORY):
        report = analyze(text, BEHAVIORAL)
        assert report.feedback
        for item in report.feedback:
            assert item.evidence, item.id
            for span in item.evidence:
                assert 0 <= span.start < span.end <= len(text)
                assert text[span.start : span.end] == span.text


def test_a_strong_story_outscores_blame_and_theory() -> None:
    strong = analyze(STRONG_STORY, BEHAVIORAL).score
    assert strong > analyze(WEAK_BLAME, BEHAVIORAL).score + 30
    assert strong > analyze(THEORY, BEHAVIORAL).score + 30


def test_the_score_breakdown_adds_up_to_the_score() -> None:
    report = analyze(WEAK_BLAME, BEHAVIORAL)
    assert report.score == pytest.approx(max(0.0, sum(p.points for p in report.score_breakdown)), abs=0.2)
    assert any(p.part == "red flag: blame" for p in report.score_breakdown)


def test_follow_ups_come_from_the_gaps() -> None:
    no_result = analyze(
        "Last week a customer called, upset about a late parcel. I checked the tracking and saw it was stuck at "
        "the depot. I called the courier and asked them to send it out first thing. I also emailed her the "
        "tracking link.",
        BEHAVIORAL,
    )
    assert any("turn out" in q and "number" in q for q in no_result.followups)
    blame = analyze(WEAK_BLAME, BEHAVIORAL)
    assert any("do next" in q for q in blame.followups)
    theory = analyze(THEORY, BEHAVIORAL)
    assert any("specific time" in q for q in theory.followups)
    assert 1 <= len(theory.followups) <= 3


def test_competencies_are_between_zero_and_one_with_evidence() -> None:
    report = analyze(STRONG_STORY, BEHAVIORAL)
    assert set(report.competencies) == {
        "communication",
        "patience",
        "empathy_problem_solving",
        "time_tech",
        "emotional_intelligence",
    }
    assert all(0.0 <= v <= 1.0 for v in report.competencies.values())
    assert (
        report.competencies["empathy_problem_solving"]
        > analyze(THEORY, BEHAVIORAL).competencies["empathy_problem_solving"]
    )
    tools = report.competency_evidence["time_tech"]
    assert any(e.text == "Zendesk" for reason in tools for e in reason.evidence)


@pytest.mark.parametrize("text", ["", "   \n\t ", "12345 !!!"])
def test_empty_or_wordless_answers_are_refused_with_a_clear_error(text: str) -> None:
    with pytest.raises(UserInputError) as caught:
        analyze(text)
    assert "answer" in str(caught.value)


def test_an_oversized_answer_is_refused() -> None:
    with pytest.raises(UserInputError, match="limit"):
        analyze("word " * (MAX_ANSWER_CHARS // 4))


def test_the_report_names_the_analyzer_versions_and_rubric() -> None:
    report = analyze(STRONG_STORY)
    assert "star.v2" in report.analyzers and "fillers.v1" in report.analyzers and "empathy.v2" in report.analyzers
    assert report.scoring == "score.v2"
