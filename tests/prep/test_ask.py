"""Questions to ask the interviewer: tailored to the notes and the job description, each with its reason."""

from __future__ import annotations

from datetime import UTC, datetime

from starcoach.prep.ask import MAX_QUESTIONS, MIN_QUESTIONS, first_item, questions_to_ask
from starcoach.prep.company import updated_notes
from starcoach.prep.job_description import parse_job_description
from tests.prep._data import JOB_DESCRIPTION

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_questions_from_a_job_description_name_its_metrics_and_tools_and_say_why() -> None:
    asked = questions_to_ask(None, parse_job_description(JOB_DESCRIPTION))
    text = " ".join(q.text for q in asked)
    assert "CSAT" in text
    assert "Zendesk" in text
    assert "handle time" in text
    csat = next(q for q in asked if "CSAT" in q.text)
    assert "The job description mentions CSAT" in csat.why


def test_company_notes_put_the_pain_point_and_channels_into_the_questions() -> None:
    notes = updated_notes(
        None,
        "Northwind Broadband",
        {"channels": "phone, chat and email", "pain_points": "Slow refunds after outages; missed visits"},
        NOW,
    )
    asked = questions_to_ask(notes, None)
    assert "slow refunds after outages" in asked[0].text
    assert '"slow refunds after outages"' in asked[0].why
    assert any("phone, chat and email" in q.text for q in asked)
    assert "missed visits" not in " ".join(q.text for q in asked)


def test_with_nothing_to_go_on_the_list_is_general_and_ends_with_next_steps() -> None:
    asked = questions_to_ask(None, None)
    assert MIN_QUESTIONS <= len(asked) <= MAX_QUESTIONS
    assert {q.source for q in asked} == {"general"}
    assert "next steps" in asked[-1].text
    assert any("measured" in q.text for q in asked)


def test_a_full_job_description_and_notes_never_exceed_the_limit_and_keep_next_steps_last() -> None:
    notes = updated_notes(None, "Acme", {"product": "a", "customers": "b", "channels": "c", "pain_points": "d"}, NOW)
    asked = questions_to_ask(notes, parse_job_description(JOB_DESCRIPTION * 3))
    assert len(asked) == MAX_QUESTIONS
    assert "next steps" in asked[-1].text
    assert len({q.text for q in asked}) == len(asked)


def test_general_questions_that_a_tailored_one_covers_are_left_out() -> None:
    asked = questions_to_ask(None, parse_job_description(JOB_DESCRIPTION))
    assert not any("Which numbers will I be measured on" in q.text for q in asked)
    assert not any("Which help desk or CRM" in q.text for q in asked)


def test_first_item_takes_the_first_of_a_typed_list() -> None:
    assert first_item("slow refunds; missed visits") == "slow refunds"
    assert first_item("- late deliveries\n- billing errors") == "late deliveries"
    assert first_item("Billing errors.") == "Billing errors"
