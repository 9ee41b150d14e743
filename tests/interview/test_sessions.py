"""The session service itself, on real SQLite files: one set of checks, whichever front end starts a session."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from starcoach.errors import NotFound, StaleTurn, UserInputError
from starcoach.interview.clock import SystemClock
from starcoach.interview.sessions import NewSession, SessionRules, SessionService, history_until
from starcoach.settings import Settings
from starcoach.store import Store
from starcoach.web.app import create_app
from tests.cli._run import starcoach
from tests.conftest import STRONG_STORY
from tests.store._records import make_session, make_turn

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def store(_isolated_home: Path) -> Iterator[Store]:
    """The store every front end of this test's home uses (a real SQLite file)."""
    opened = Store.open(Settings(home=_isolated_home).resolved_database_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def service(store: Store) -> SessionService:
    return SessionService(store, SessionRules(recent_sessions=0), clock=SystemClock())


def _web_error(body: dict[str, object], home: Path) -> tuple[int, str, str]:
    """Start a session through the web API as a browser would; the status, the error and its hint."""
    with TestClient(create_app(Settings(home=home)), base_url="http://testserver") as client:
        token = client.get("/api/token").json()["csrf_token"]
        answer = client.post("/api/sessions", json=body, headers={"X-CSRF-Token": token})
    error = answer.json()["error"]
    return answer.status_code, error["message"], error["hint"]


def test_a_bad_competency_is_refused_the_same_way_from_the_terminal_and_the_web(
    service: SessionService, store: Store, _isolated_home: Path
) -> None:
    with pytest.raises(UserInputError) as refused:
        service.create(NewSession("behavioral", competency="telepathy"))
    expected = refused.value.one_line()
    assert expected.startswith("unknown competency 'telepathy'.")
    assert "patience" in expected  # the hint names the real ids

    cli = starcoach("practice", "--competency", "telepathy", stdin=b"")
    assert cli.returncode == 2
    assert cli.stderr.strip() == f"starcoach: error: {expected}"

    # The web shows the message and the hint apart; together they are the terminal's line.
    status, message, hint = _web_error({"track": "behavioral", "competency": "telepathy"}, _isolated_home)
    assert status == 400
    assert f"{message}. {hint}" == expected
    assert store.list_sessions() == []


def test_the_terminal_now_refuses_an_overlong_company_name_as_the_web_does(
    service: SessionService, store: Store
) -> None:
    name = "Acme " * 50
    with pytest.raises(UserInputError, match="the company name is 249 characters long"):
        service.create(NewSession("behavioral", company=name))
    cli = starcoach("practice", "--company", name, stdin=b"")
    assert cli.returncode == 2
    assert "the company name is 249 characters long" in cli.stderr
    assert len(cli.stderr.strip().splitlines()) == 1
    assert store.list_sessions() == []


def test_a_bad_pasted_job_description_is_refused_before_anything_is_stored(
    service: SessionService, store: Store
) -> None:
    with pytest.raises(UserInputError, match="NUL bytes"):
        service.create(NewSession("full", job_description="Contact centre agent\x00"))
    with pytest.raises(UserInputError, match="unknown track 'fastest'"):
        service.create(NewSession("fastest", job_description="Contact centre agent\x00"))
    assert store.list_sessions() == []


def test_a_created_session_is_planned_and_stored_with_its_company_trimmed(
    service: SessionService, store: Store
) -> None:
    session = service.create(NewSession("behavioral", company="  Acme  ", count=2, competency="patience", seed=4))
    stored = store.get_session(session.id)
    assert stored.company == "Acme"
    assert len(stored.planned_question_ids) == 2
    planned = [service.questions[q] for q in stored.planned_question_ids]
    assert any("patience" in q.competencies for q in planned)
    assert store.owner_of(session.id) is None  # started in the terminal: any browser on this machine sees it


def test_a_web_session_is_its_browsers_own(service: SessionService) -> None:
    session = service.create(NewSession("classics", count=1), owner="browser-a")
    assert service.open(session.id, "browser-a").id == session.id
    with pytest.raises(NotFound):
        service.open(session.id, "browser-b")
    with pytest.raises(NotFound):
        service.open("../etc/passwd", "browser-a")
    assert [s.id for s in service.visible("browser-b")] == []
    assert [s.id for s in service.started_by("browser-a")] == [session.id]


def test_answers_by_turn_are_stored_and_a_late_one_is_refused(service: SessionService, store: Store) -> None:
    session = service.create(NewSession("classics", count=1), owner="me")
    waiting = service.waiting(session.id, "me")
    assert waiting.state == "question" and waiting.turn == 0
    answered = service.answer(session.id, "me", 0, STRONG_STORY, thinking_seconds=4.0, answer_seconds=70.0)
    assert answered.turn.thinking_seconds == 4.0
    assert answered.turn.answer_seconds == 70.0
    assert store.get_session(session.id).turns[0].answer == STRONG_STORY
    with pytest.raises(StaleTurn):
        service.answer(session.id, "me", 0, "the same answer, sent twice")
    assert len(store.get_session(session.id).turns) == 1


def test_the_live_interview_stores_each_turn_and_finish_marks_it_done(service: SessionService, store: Store) -> None:
    session = service.create(NewSession("classics", count=1))
    engine = service.interview(session, notice=lambda line: None)
    while engine.prompt is not None:
        engine.submit(STRONG_STORY)
        engine.advance()
    assert len(store.get_session(session.id).turns) == len(session.turns) >= 1
    finished = service.finish(engine.session)
    assert finished.status == "finished"
    assert store.latest_unfinished() is None
    assert service.resume() is None


def test_finishing_an_interview_still_running_is_refused(service: SessionService, store: Store) -> None:
    session = service.create(NewSession("classics", count=1))
    with pytest.raises(UserInputError, match="not over yet"):
        service.finish(session)
    assert service.resume() == store.get_session(session.id)


def test_history_is_the_visible_sessions_with_answers_up_to_this_one(service: SessionService, store: Store) -> None:
    def stored(session_id: str, hours: int, owner: str | None, answered: bool = True) -> None:
        started = START + timedelta(hours=hours)
        turns = [make_turn(0, start=started)] if answered else []
        store.create_session(make_session(session_id, started_at=started, turns=turns))
        if owner is not None:
            store.set_owner(session_id, owner)

    stored("aaaaaaaaaaa1", 0, None)  # the terminal's: every browser on the machine sees it
    stored("aaaaaaaaaaa2", 1, "me")
    stored("aaaaaaaaaaa3", 2, "someone-else")
    stored("aaaaaaaaaaa4", 3, "me", answered=False)  # nothing answered: no point on a chart
    stored("aaaaaaaaaaa5", 4, "me")  # this session
    stored("aaaaaaaaaaa6", 5, "me")  # after it
    session = store.get_session("aaaaaaaaaaa5")

    assert [s.id for s in service.history(session, "me")] == ["aaaaaaaaaaa1", "aaaaaaaaaaa2", "aaaaaaaaaaa5"]
    everyone = ["aaaaaaaaaaa1", "aaaaaaaaaaa2", "aaaaaaaaaaa3", "aaaaaaaaaaa5"]
    assert [s.id for s in service.history(session)] == everyone
    assert [s.id for s in history_until(session, store.list_sessions())] == everyone
