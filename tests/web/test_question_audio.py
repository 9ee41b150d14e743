"""The room can have the server read the waiting question aloud, for browsers without a voice of their own."""

from __future__ import annotations

import io
import wave

from fastapi.testclient import TestClient

from tests.conftest import STRONG_STORY
from tests.web.conftest import ClientFactory, finish_session, start_session


def test_the_waiting_question_comes_back_as_speech(client: TestClient, espeak_installed: None) -> None:
    session = start_session(client, "behavioral", 1)
    spoken = client.get(f"/api/sessions/{session['id']}/question.wav")
    assert spoken.status_code == 200
    assert spoken.headers["content-type"] == "audio/wav"
    with wave.open(io.BytesIO(spoken.content)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
    # A question of a dozen words or more takes seconds to say, not a blip.
    words = len(session["prompt"]["text"].split())
    assert seconds > words * 0.2


def test_nothing_to_read_once_the_interview_is_over_and_not_for_other_browsers(
    make_client: ClientFactory, espeak_installed: None
) -> None:
    mine = make_client()
    session = start_session(mine, "behavioral", 1)
    other = make_client()
    assert other.get(f"/api/sessions/{session['id']}/question.wav").status_code == 404
    finish_session(mine, session["id"], STRONG_STORY)
    over = mine.get(f"/api/sessions/{session['id']}/question.wav")
    assert over.status_code == 400
    assert "over" in over.json()["error"]["message"]
