"""Bad input gets a 4xx with a message a person can act on: never a 500, never a stack trace."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from starcoach.settings import Settings
from starcoach.store import Store
from tests.conftest import STRONG_STORY
from tests.web.conftest import api_headers, page_token, start_session

NOBODY = "0123456789ab"
TRACEBACK_SIGNS = ("Traceback", 'File "', "line ", "Error:", "site-packages", ".py")


def assert_json_error(response: Any, *statuses: int) -> dict[str, Any]:
    """A JSON error of one of ``statuses`` with a message; returns the error object."""
    assert response.status_code in statuses, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert error["status"] == response.status_code
    assert isinstance(error["message"], str) and error["message"].strip()
    for sign in ("Traceback", 'File "', "site-packages"):
        assert sign not in response.text
    return error


def assert_friendly_page(response: Any, status: int) -> None:
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in response.text and "Back to the start page" in response.text
    for sign in TRACEBACK_SIGNS:
        assert sign not in response.text, sign


def stored_answers(settings: Settings, session_id: str) -> int:
    with Store.open(settings.resolved_database_url) as store:
        return len(store.get_session(session_id).turns)


@pytest.fixture
def session(client: TestClient) -> dict[str, Any]:
    return start_session(client, "behavioral", 2)


def post_answer(client: TestClient, session_id: str, body: Any) -> Any:
    return client.post(f"/api/sessions/{session_id}/answers", json=body, headers=api_headers(client))


# -- answers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "   ", "\n\t \n"], ids=["empty", "spaces", "whitespace"])
def test_an_empty_answer_is_refused_with_a_message(
    client: TestClient, web_settings: Settings, session: dict[str, Any], text: str
) -> None:
    error = assert_json_error(post_answer(client, session["id"], {"turn": 0, "text": text}), 400, 422)
    assert "empty" in error["message"].lower() or "answer" in error["message"].lower(), error
    assert stored_answers(web_settings, session["id"]) == 0
    assert client.get(f"/api/sessions/{session['id']}").json()["turn"] == 0


def test_a_200k_character_paste_is_refused_with_a_message(
    client: TestClient, web_settings: Settings, session: dict[str, Any]
) -> None:
    huge = (STRONG_STORY + " ") * (200_000 // len(STRONG_STORY) + 1)
    assert len(huge) > 200_000
    error = assert_json_error(post_answer(client, session["id"], {"turn": 0, "text": huge}), 400, 413, 422)
    assert "text" in error["message"]
    assert stored_answers(web_settings, session["id"]) == 0
    analysed = client.post("/api/analyze", json={"text": huge}, headers=api_headers(client))
    assert_json_error(analysed, 400, 413, 422)


@pytest.mark.parametrize(
    "body",
    [
        {"turn": "first", "text": STRONG_STORY},
        {"turn": 0, "text": 42},
        {"turn": 0, "text": ["a", "list"]},
        {"turn": 0, "text": None},
        {"turn": 0.5, "text": STRONG_STORY},
        {"text": STRONG_STORY},
        {"turn": 0},
        {"turn": 0, "text": STRONG_STORY, "surprise": True},
        {"turn": 0, "text": STRONG_STORY, "thinking_seconds": -3},
        {"turn": 0, "text": STRONG_STORY, "answer_seconds": "long"},
        {"turn": 0, "text": STRONG_STORY, "recording_id": 7},
        [STRONG_STORY],
        "just a string",
        None,
    ],
)
def test_wrong_json_types_get_a_422_naming_the_field(
    client: TestClient, web_settings: Settings, session: dict[str, Any], body: Any
) -> None:
    error = assert_json_error(post_answer(client, session["id"], body), 422)
    assert error["hint"]
    assert stored_answers(web_settings, session["id"]) == 0


def test_a_body_that_is_not_json_gets_a_4xx(client: TestClient, session: dict[str, Any]) -> None:
    for content, kind in [
        (b"{not json", "application/json"),
        (b"\xff\xfe\x00", "application/json"),
        (b"turn=0", "text/plain"),
    ]:
        response = client.post(
            f"/api/sessions/{session['id']}/answers",
            content=content,
            headers={**api_headers(client), "Content-Type": kind},
        )
        assert_json_error(response, 400, 415, 422)


def test_a_negative_turn_is_refused(client: TestClient, web_settings: Settings, session: dict[str, Any]) -> None:
    sid = session["id"]
    assert_json_error(post_answer(client, sid, {"turn": -1, "text": STRONG_STORY}), 422)
    headers = api_headers(client)
    assert_json_error(client.post(f"/api/sessions/{sid}/silence", json={"turn": -1}, headers=headers), 422)
    upload = client.post(
        f"/api/sessions/{sid}/recordings?turn=-1", content=b"RIFF", headers={**headers, "Content-Type": "audio/wav"}
    )
    assert_json_error(upload, 422)
    assert_json_error(client.get(f"/api/sessions/{sid}/turns/-1"), 400, 404, 422)
    assert_json_error(client.get(f"/api/sessions/{sid}/turns/99"), 400, 404)
    assert_json_error(client.post(f"/api/sessions/{sid}/recordings?turn=zero", content=b"x", headers=headers), 422)
    assert stored_answers(web_settings, sid) == 0


# -- starting ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        {"track": "astronaut"},
        {"track": ""},
        {"track": "behavioral", "questions": 0},
        {"track": "behavioral", "questions": 99},
        {"track": "behavioral", "questions": "two"},
        {"track": "behavioral", "company": "x" * 201},
        {"track": "behavioral", "company": 12},
        {"track": "behavioral", "job_description": "need\x00patience"},
        {"track": ["behavioral"]},
    ],
)
def test_a_bad_start_is_refused(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post("/api/sessions", json=body, headers=api_headers(client))
    error = assert_json_error(response, 400, 422)
    if body.get("track") == "astronaut":
        assert "unknown track" in error["message"] and "behavioral" in error["hint"]
    assert client.get("/api/sessions").json() == []


def test_an_unknown_track_on_the_start_form_gets_a_page(client: TestClient) -> None:
    token = page_token(client.get("/").text)
    response = client.post("/start", data={"csrf_token": token, "track": "astronaut", "mode": "voice"})
    assert_friendly_page(response, 400)
    assert "unknown track" in response.text


# -- things that do not exist ------------------------------------------------------------------------
@pytest.mark.parametrize("session_id", [NOBODY, "nope", "x" * 500, "..%2F..%2Fetc", "0123456789AB"])
def test_a_session_that_does_not_exist_is_a_404(client: TestClient, session_id: str) -> None:
    headers = api_headers(client)
    for response in (
        client.get(f"/api/sessions/{session_id}"),
        client.get(f"/api/sessions/{session_id}/turns/0"),
        client.get(f"/api/sessions/{session_id}/report"),
        client.post(f"/api/sessions/{session_id}/answers", json={"turn": 0, "text": STRONG_STORY}, headers=headers),
        client.post(f"/api/sessions/{session_id}/silence", json={"turn": 0}, headers=headers),
    ):
        error = assert_json_error(response, 404)
        assert "no session" in error["message"] or "not found" in error["message"].lower()
    assert_friendly_page(client.get(f"/sessions/{session_id}"), 404)


def test_an_unknown_page_or_api_path_is_a_friendly_404(client: TestClient) -> None:
    assert_friendly_page(client.get("/no/such/page"), 404)
    assert_json_error(client.get("/api/no-such-endpoint"), 404)
    assert_json_error(client.get("/api/sessions/x/y/z"), 404)


def test_a_wrong_method_is_a_405_not_a_crash(client: TestClient) -> None:
    assert_json_error(client.put("/api/tracks", headers=api_headers(client)), 405)
    assert_json_error(client.delete("/api/sessions", headers=api_headers(client)), 405)


@pytest.mark.parametrize("recording_id", ["000-0123456789abcdef", "nope", "..%2F..%2Fweb-secret", "000-" + "f" * 200])
def test_a_recording_that_does_not_exist_is_a_4xx(
    client: TestClient, web_settings: Settings, session: dict[str, Any], recording_id: str
) -> None:
    sid = session["id"]
    headers = api_headers(client)
    for response in (
        client.get(f"/api/sessions/{sid}/recordings/{recording_id}"),
        client.post(f"/api/sessions/{sid}/recordings/{recording_id}/transcript", headers=headers),
        client.post(
            f"/api/sessions/{sid}/answers",
            json={"turn": 0, "text": STRONG_STORY, "recording_id": recording_id[:40]},
            headers=headers,
        ),
    ):
        error = assert_json_error(response, 400, 404, 422)
        message = error["message"].lower()
        assert "recording" in message or "not found" in message, error
    assert stored_answers(web_settings, sid) == 0


def test_no_bad_input_above_ever_made_a_500(client: TestClient) -> None:
    """A fuzz of odd values into every endpoint: anything but a 5xx."""
    session = start_session(client)
    sid = session["id"]
    headers = api_headers(client)
    odd_values: list[Any] = [None, -1, 10**20, "", "\x00", "ééé", [], {}, True, 1e308]
    for value in odd_values:
        for method, path, body in [
            ("POST", "/api/sessions", {"track": value}),
            ("POST", "/api/sessions", {"track": "behavioral", "questions": value}),
            ("POST", f"/api/sessions/{sid}/answers", {"turn": value, "text": "hello"}),
            ("POST", f"/api/sessions/{sid}/answers", {"turn": 0, "text": value}),
            ("POST", f"/api/sessions/{sid}/answers", {"turn": 0, "text": "x", "thinking_seconds": value}),
            ("POST", f"/api/sessions/{sid}/silence", {"turn": value, "addition": value}),
            ("POST", "/api/analyze", {"text": value, "question": value}),
        ]:
            response = client.request(method, path, json=body, headers=headers)
            assert response.status_code < 500, (path, body, response.text)
    for path in (f"/api/sessions/{sid}/turns/{10**30}", f"/api/sessions/{sid}/report?format=pdf", "/sessions/%00"):
        assert client.get(path).status_code < 500, path
