"""The JSON API end to end: a whole session, resuming, late answers, the silence, and a recorded answer."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from starcoach.settings import Settings
from starcoach.store import Store
from starcoach.web import security
from tests.conftest import STRONG_STORY, WEAK_BLAME
from tests.web.conftest import (
    ClientFactory,
    answer_turn,
    api_headers,
    finish_session,
    start_session,
)

SPOKEN = (
    "A customer called because her refund was late. I apologised, checked the order, "
    "sent the refund that day and phoned her back."
)


def stored_turns(settings: Settings, session_id: str) -> list[Any]:
    with Store.open(settings.resolved_database_url) as store:
        return list(store.get_session(session_id).turns)


@pytest.fixture(scope="module")
def spoken_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real recording: espeak-ng saying a ~20-word customer-service answer (a 22.05 kHz 16-bit WAV)."""
    import shutil

    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is not installed: run `make test` (it installs it) or apt-get install espeak-ng")
    out = tmp_path_factory.mktemp("spoken") / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(out), SPOKEN], check=True, capture_output=True)
    return out


# -- a whole typed session ---------------------------------------------------------------------------
def test_a_whole_typed_session_runs_through_the_api(client: TestClient, web_settings: Settings) -> None:
    tracks = client.get("/api/tracks").json()
    assert "behavioral" in {t["id"] for t in tracks}
    session = start_session(client, "behavioral", 2, company="Acme Telecom")
    assert session["state"] == "question" and session["turn"] == 0 and session["answers"] == 0
    assert session["company"] == "Acme Telecom"
    assert session["prompt"]["kind"] == "main" and session["prompt"]["text"]

    # A weak answer first, so at least one follow-up is asked; then strong ones until it is done.
    waiting = session
    kinds = []
    for step in range(20):
        if waiting["state"] == "done":
            break
        text = WEAK_BLAME if step == 0 else STRONG_STORY
        result = answer_turn(client, session["id"], waiting["turn"], text)
        assert result["turn"]["index"] == waiting["turn"]
        assert result["turn"]["answer"] == text
        assert result["turn"]["question"] == waiting["prompt"]["text"]
        assert result["feedback_url"] == f"/sessions/{session['id']}/turns/{waiting['turn']}"
        kinds.append(result["turn"]["kind"])
        waiting = result["next"]
    assert waiting["state"] == "done" and waiting["prompt"] is None
    assert kinds.count("main") == 2
    assert "followup" in kinds, kinds

    done = client.get(f"/api/sessions/{session['id']}").json()
    assert done["state"] == "done" and done["status"] == "finished" and done["answers"] == len(kinds)
    turns = stored_turns(web_settings, session["id"])
    assert [t.index for t in turns] == list(range(len(kinds)))
    assert turns[0].answer == WEAK_BLAME
    one = client.get(f"/api/sessions/{session['id']}/turns/0").json()
    assert one["answer"] == WEAK_BLAME and "score" in one["report"]

    listed = client.get("/api/sessions").json()
    assert [s["id"] for s in listed] == [session["id"]]
    report = client.get(f"/api/sessions/{session['id']}/report")
    assert report.status_code == 200 and report.headers["content-type"].startswith("application/json")
    markdown = client.get(f"/api/sessions/{session['id']}/report", params={"format": "md"})
    assert markdown.status_code == 200 and "Acme Telecom" in markdown.text
    # Answering a finished session is a conflict, not a new turn.
    late = client.post(
        f"/api/sessions/{session['id']}/answers",
        json={"turn": len(kinds), "text": STRONG_STORY},
        headers=api_headers(client),
    )
    assert late.status_code == 409 and late.json()["error"]["status"] == 409
    assert len(stored_turns(web_settings, session["id"])) == len(kinds)


def test_the_openapi_schema_lists_the_endpoints(client: TestClient) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path, method in [
        ("/api/token", "get"),
        ("/api/tracks", "get"),
        ("/api/sessions", "post"),
        ("/api/sessions", "get"),
        ("/api/sessions/{session_id}", "get"),
        ("/api/sessions/{session_id}/answers", "post"),
        ("/api/sessions/{session_id}/silence", "post"),
        ("/api/sessions/{session_id}/turns/{index}", "get"),
        ("/api/sessions/{session_id}/recordings", "post"),
        ("/api/sessions/{session_id}/recordings/{recording_id}/transcript", "post"),
        ("/api/sessions/{session_id}/report", "get"),
        ("/api/analyze", "post"),
    ]:
        assert method in paths.get(path, {}), f"{method.upper()} {path} is not in the schema"
    assert not any(not p.startswith("/api") for p in paths), "pages must stay out of the API schema"
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "openapi.json" in docs.text


def test_analyze_reports_without_storing(client: TestClient, web_settings: Settings) -> None:
    response = client.post("/api/analyze", json={"text": STRONG_STORY}, headers=api_headers(client))
    assert response.status_code == 200
    assert response.json()["word_count"] > 50
    assert client.get("/api/sessions").json() == []


# -- resuming ----------------------------------------------------------------------------------------
def test_a_reload_resumes_at_the_next_turn_and_another_client_with_the_cookie_continues(
    make_client: ClientFactory, web_settings: Settings
) -> None:
    first = make_client()
    session = start_session(first, "behavioral", 2)
    answered = answer_turn(first, session["id"], 0, STRONG_STORY)
    expected = answered["next"]

    again = first.get(f"/api/sessions/{session['id']}").json()
    assert again["turn"] == 1 and again["answers"] == 1
    assert again["prompt"] == expected["prompt"]
    assert again["prompt"]["text"] != session["prompt"]["text"]

    cookie = first.cookies.get(security.CLIENT_COOKIE)
    assert cookie
    later = make_client(cookies={security.CLIENT_COOKIE: cookie})
    resumed = later.get(f"/api/sessions/{session['id']}").json()
    assert resumed["turn"] == 1 and resumed["prompt"] == expected["prompt"]
    finish_session(later, session["id"], STRONG_STORY)
    assert later.get(f"/api/sessions/{session['id']}").json()["state"] == "done"
    assert stored_turns(web_settings, session["id"])[0].answer == STRONG_STORY


# -- late and double answers -------------------------------------------------------------------------
def test_the_same_turn_answered_twice_at_once_is_stored_once(client: TestClient, web_settings: Settings) -> None:
    session = start_session(client, "behavioral", 2)
    headers = api_headers(client)
    url = f"/api/sessions/{session['id']}/answers"
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def send(text: str) -> None:
        barrier.wait()
        statuses.append(client.post(url, json={"turn": 0, "text": text}, headers=headers).status_code)

    threads = [threading.Thread(target=send, args=(STRONG_STORY + suffix,)) for suffix in ("", " Thanks.")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses) == [200, 409]
    turns = stored_turns(web_settings, session["id"])
    assert [t.index for t in turns] == [0]

    # And one after the other: the repeat is refused with a message, nothing new is stored.
    repeat = client.post(url, json={"turn": 0, "text": STRONG_STORY}, headers=headers)
    assert repeat.status_code == 409
    error = repeat.json()["error"]
    assert "turn" in error["message"] and error["hint"]
    assert len(stored_turns(web_settings, session["id"])) == 1
    assert client.get(f"/api/sessions/{session['id']}").json()["turn"] == 1


def test_an_answer_for_a_future_turn_is_refused(client: TestClient, web_settings: Settings) -> None:
    session = start_session(client, "behavioral", 2)
    ahead = client.post(
        f"/api/sessions/{session['id']}/answers", json={"turn": 3, "text": STRONG_STORY}, headers=api_headers(client)
    )
    assert ahead.status_code == 409
    assert stored_turns(web_settings, session["id"]) == []


# -- the pressure track's silence --------------------------------------------------------------------
@pytest.mark.parametrize("track", ["behavioral", "pressure"])
def test_what_an_answer_says_comes_next_is_what_a_reload_shows(client: TestClient, track: str) -> None:
    # The answer's "next" is built from the session in hand, not read back; a reload reads it back.
    session = start_session(client, track, 2)
    waiting = session
    for step in range(20):
        if waiting["state"] == "done":
            break
        answered = answer_turn(client, session["id"], waiting["turn"], WEAK_BLAME if step == 0 else STRONG_STORY)
        reloaded = client.get(f"/api/sessions/{session['id']}").json()
        assert answered["next"] == reloaded, f"step {step}"
        waiting = answered["next"]
    assert waiting["state"] == "done"


def test_the_pressure_tracks_silence_is_judged_once_and_only_for_the_last_answer(
    client: TestClient, web_settings: Settings
) -> None:
    session = start_session(client, "pressure", 2)
    assert session["silence_seconds"] > 0
    answered = answer_turn(client, session["id"], 0, STRONG_STORY)
    url = f"/api/sessions/{session['id']}/silence"
    headers = api_headers(client)
    verdict = client.post(
        url, json={"turn": 0, "addition": "And she renewed her contract the next month."}, headers=headers
    )
    assert verdict.status_code == 200, verdict.text
    first = verdict.json()["verdict"]
    assert first and first != "none"
    again = client.post(url, json={"turn": 0, "addition": None}, headers=headers)
    assert again.status_code == 200 and again.json()["verdict"] == first
    stored = stored_turns(web_settings, session["id"])[0]
    assert stored.silence_addition == "And she renewed her contract the next month."
    assert stored.silence_verdict == first

    # A silence for a turn that is not the last answer is over.
    assert client.post(url, json={"turn": 5, "addition": None}, headers=headers).status_code == 409
    # Moving on ends the silence of the earlier answer.
    answer_turn(client, session["id"], answered["next"]["turn"], STRONG_STORY)
    assert client.post(url, json={"turn": 0, "addition": "more"}, headers=headers).status_code == 409


def test_a_silence_with_nothing_added_is_fine(client: TestClient) -> None:
    session = start_session(client, "pressure", 1)
    answer_turn(client, session["id"], 0, STRONG_STORY)
    response = client.post(
        f"/api/sessions/{session['id']}/silence", json={"turn": 0, "addition": None}, headers=api_headers(client)
    )
    assert response.status_code == 200 and response.json()["verdict"] == "none"


# -- a recorded answer -------------------------------------------------------------------------------
def upload(client: TestClient, session_id: str, turn: int, body: bytes, content_type: str = "audio/wav") -> Any:
    headers = {**api_headers(client), "Content-Type": content_type}
    return client.post(f"/api/sessions/{session_id}/recordings", params={"turn": turn}, content=body, headers=headers)


@pytest.mark.usefixtures("espeak_installed")
def test_a_recording_is_stored_before_it_is_transcribed_then_answered_with_corrections(
    client: TestClient, web_settings: Settings, spoken_wav: Path
) -> None:
    session = start_session(client, "behavioral", 2)
    sid = session["id"]
    uploaded = upload(client, sid, 0, spoken_wav.read_bytes())
    assert uploaded.status_code == 201, uploaded.text
    recording = uploaded.json()
    assert recording["turn"] == 0 and recording["url"].endswith(recording["id"])

    # On disk, byte for byte, before anything asked for a transcript.
    kept = list((web_settings.home / "recordings" / "web" / sid).glob(f"{recording['id']}.*"))
    assert [p.suffix for p in kept] == [".wav"]  # and no report beside it yet: nothing was transcribed
    assert kept[0].read_bytes() == spoken_wav.read_bytes()
    played = client.get(recording["url"])
    assert played.status_code == 200 and played.content == spoken_wav.read_bytes()
    assert played.headers["content-type"] == "audio/wav"

    url = f"/api/sessions/{sid}/recordings/{recording['id']}/transcript"
    first = client.post(url, headers=api_headers(client))
    assert first.status_code == 200, first.text
    transcript = first.json()
    words = transcript["text"].lower()
    assert sum(w in words for w in ("customer", "refund", "apologised", "order", "phoned")) >= 3, words
    assert transcript["report"]["delivery"] is not None
    assert transcript["report"]["word_count"] >= 15
    # Asking again returns the kept result (no second transcription).
    again = client.post(url, headers=api_headers(client))
    assert again.status_code == 200 and again.json() == transcript
    assert client.get(f"/api/sessions/{sid}").json()["turn"] == 0  # transcribing answers nothing

    corrected = transcript["text"] + " She stayed a customer and gave us five stars in the survey."
    answered = answer_turn(client, sid, 0, corrected, recording_id=recording["id"])
    saved = answered["turn"]
    assert saved["answer"] == corrected
    assert saved["report"]["delivery"] == transcript["report"]["delivery"]
    assert saved["report"]["transcript"] == transcript["text"]
    stored = stored_turns(web_settings, sid)[0]
    assert stored.answer == corrected
    assert stored.report.delivery is not None
    assert stored.report.delivery.model_dump(mode="json") == transcript["report"]["delivery"]


@pytest.mark.usefixtures("espeak_installed")
def test_a_late_transcript_for_an_old_turn_never_changes_the_current_turn(
    client: TestClient, web_settings: Settings, spoken_wav: Path
) -> None:
    session = start_session(client, "behavioral", 2)
    sid = session["id"]
    recording = upload(client, sid, 0, spoken_wav.read_bytes()).json()
    # The candidate typed the answer instead, before the transcript came back.
    answered = answer_turn(client, sid, 0, STRONG_STORY)
    before = client.get(f"/api/sessions/{sid}").json()
    assert before["turn"] == 1

    late = client.post(f"/api/sessions/{sid}/recordings/{recording['id']}/transcript", headers=api_headers(client))
    assert late.status_code == 200
    after = client.get(f"/api/sessions/{sid}").json()
    assert after == before == answered["next"]
    turns = stored_turns(web_settings, sid)
    assert [t.answer for t in turns] == [STRONG_STORY]

    # Nor can that old recording answer the question waiting now.
    wrong = client.post(
        f"/api/sessions/{sid}/answers",
        json={"turn": 1, "text": "anything", "recording_id": recording["id"]},
        headers=api_headers(client),
    )
    assert wrong.status_code == 400 and "another question" in wrong.json()["error"]["message"]
    # And a recording for an answered turn is refused before it is stored.
    stale = upload(client, sid, 0, spoken_wav.read_bytes())
    assert stale.status_code == 409
    folder = web_settings.home / "recordings" / "web" / sid
    assert len([p for p in folder.iterdir() if not p.name.endswith(".report.json")]) == 1
    assert len(stored_turns(web_settings, sid)) == 1
