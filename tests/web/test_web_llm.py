"""The web interview with a configured language model: it words the follow-ups, and falls back visibly."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from starcoach.settings import Settings
from starcoach.web.app import create_app
from tests.conftest import WEAK_BLAME
from tests.llm.conftest import ChatServer, Scripted, chat_server  # noqa: F401  (the fixture, used by name)
from tests.web.conftest import answer_turn, start_session

WORDED = "When the system slowed down, what did you yourself do for the customers who were waiting?"


def _client(home: Path, server: ChatServer) -> TestClient:
    settings = Settings(home=home, llm_backend="openai-compatible", llm_url=server.url, llm_model="llama3.2")
    return TestClient(create_app(settings), base_url="http://testserver")


def _blame_followup(client: TestClient) -> dict[str, object]:
    session = start_session(client, "behavioral", 1)
    answered = answer_turn(client, session["id"], session["turn"], WEAK_BLAME)
    waiting: dict[str, object] = answered["next"]
    return waiting


def test_the_model_words_the_follow_up_and_the_answer_is_sent_as_data(
    _isolated_home: Path,
    chat_server: ChatServer,  # noqa: F811
) -> None:
    chat_server.then(*[Scripted(json.dumps({"question": WORDED})) for _ in range(3)])
    with _client(_isolated_home, chat_server) as client:
        waiting = _blame_followup(client)
        prompt = waiting["prompt"]
        assert isinstance(prompt, dict)
        assert prompt["kind"] == "followup" and prompt["text"] == WORDED
        assert waiting["notice"] is None
        # Reloading the room asks nothing more of the model: the wording is kept.
        asked = len(chat_server.received)
        again = client.get(f"/api/sessions/{waiting['id']}").json()
        assert again["prompt"]["text"] == WORDED
        assert len(chat_server.received) == asked
    system = chat_server.received[0].body["messages"][0]["content"]
    assert "management" not in system  # the candidate's words travel only as delimited data


def test_a_broken_model_falls_back_to_the_built_in_wording_with_a_notice(
    _isolated_home: Path,
    chat_server: ChatServer,  # noqa: F811
) -> None:
    chat_server.then(*[Scripted("this is not JSON at all") for _ in range(6)])
    with _client(_isolated_home, chat_server) as client:
        waiting = _blame_followup(client)
        prompt = waiting["prompt"]
        assert isinstance(prompt, dict)
        assert prompt["kind"] == "followup" and prompt["text"].endswith("?")
        assert prompt["text"] != WORDED
        assert isinstance(waiting["notice"], str) and "built-in" in waiting["notice"]


REWORDED = "Right. Fine. So you'll check the account now, will you? Go on then."


def test_the_role_play_customer_is_reworded_and_a_reload_shows_the_same_words(
    _isolated_home: Path,
    chat_server: ChatServer,  # noqa: F811
) -> None:
    chat_server.then(Scripted(json.dumps({"reply": REWORDED})))
    with _client(_isolated_home, chat_server) as client:
        headers = {"X-CSRF-Token": client.get("/api/token").json()["csrf_token"]}
        call = client.post("/api/roleplay/calls", json={"scenario": "billing-migration", "seed": 2}, headers=headers)
        call_id = call.json()["id"]
        said = client.post(
            f"/api/roleplay/calls/{call_id}/turns",
            json={"turn": 1, "text": "I'm sorry about the double charge. Can I check your account number?"},
            headers=headers,
        ).json()
        assert said["transcript"][-1] == {"speaker": "customer", "text": REWORDED}
        assert said["notice"] is None
        asked = len(chat_server.received)
        replayed = client.get(f"/api/roleplay/calls/{call_id}").json()
        assert replayed["transcript"] == said["transcript"]
        assert len(chat_server.received) == asked


def test_a_failing_model_leaves_the_built_in_customer_and_says_so(
    _isolated_home: Path,
    chat_server: ChatServer,  # noqa: F811
) -> None:
    chat_server.then(*[Scripted(status=500, body=b"boom") for _ in range(6)])
    with _client(_isolated_home, chat_server) as client:
        headers = {"X-CSRF-Token": client.get("/api/token").json()["csrf_token"]}
        call_id = client.post(
            "/api/roleplay/calls", json={"scenario": "wrong-item", "seed": 2}, headers=headers
        ).json()["id"]
        said = client.post(
            f"/api/roleplay/calls/{call_id}/turns", json={"turn": 1, "text": "Sorry about that."}, headers=headers
        )
        assert said.status_code == 200
        body = said.json()
        assert body["transcript"][-1]["speaker"] == "customer" and body["transcript"][-1]["text"]
        assert isinstance(body["notice"], str) and "built-in" in body["notice"]
