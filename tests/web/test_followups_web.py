"""Follow-ups in the browser: judged on the gap they asked about, and numbered and counted like every report."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import NO_RESULT_STORY, THE_OUTCOME
from tests.web.conftest import answer_turn, finish_session, start_session


def test_a_follow_up_answer_gets_its_gap_verdict_not_a_score(client: TestClient) -> None:
    session = start_session(client, "behavioral", 1)
    assert session["prompt"]["label"] == "Q1"
    first = answer_turn(client, session["id"], 0, NO_RESULT_STORY)
    assert first["followup"] is None and first["score"] is not None
    assert first["next"]["prompt"]["label"] == "Q1 follow-up 1"
    assert first["next"]["saved"] == "1 question, 1 answer"
    assert "(1 question, 1 answer saved)" in client.get("/").text  # the start page's carry-on link counts alike
    second = answer_turn(client, session["id"], 1, THE_OUTCOME)
    assert second["score"] is None  # a follow-up is not scored like a whole answer
    assert second["followup"]["filled"] is True and second["gap_closed"] is True
    assert second["followup"]["words"] == [THE_OUTCOME]
    assert "the outcome" in second["followup"]["note"]

    page = client.get(second["feedback_url"]).text
    assert "Feedback on Q1 follow-up 1" in page
    assert "out of 100" not in page and "Aim for 60 to 120 seconds" not in page
    assert "You gave the interviewer what they asked for: the outcome." in page


def test_the_report_and_history_pages_number_count_and_round_as_the_interview_did(client: TestClient) -> None:
    session = start_session(client, "behavioral", 1)
    first = answer_turn(client, session["id"], 0, NO_RESULT_STORY)
    finish_session(client, session["id"], THE_OUTCOME)
    done = client.get(f"/api/sessions/{session['id']}").json()
    answers = done["answers"]
    assert answers >= 2 and done["saved"] == f"1 question, {answers} answers"

    report = client.get(f"/sessions/{session['id']}/report").text
    assert done["saved"] in report
    assert '<th scope="row">Q1 follow-up 1</th>' in report
    assert f'<td class="num">{first["score"]}</td>' in report  # the live score, rounded the same way
    history = client.get("/history").text
    assert '<td data-label="Questions" class="num">1</td>' in history
    assert f'<td data-label="Answers" class="num">{answers}</td>' in history
