"""The upset-customer role-play in the web app: calls replayed from their stored turns, reviewed at the end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import ClientFactory, api_headers, page_token

CALMING = [
    "I'm so sorry, I can hear how frustrating this is, being charged twice. Can I take your account number "
    "and check what happened in the migration?",
    "Thank you. I can see both charges. I will refund the duplicate charge today and it will be back on your "
    "card within three to five working days; I'll email you the confirmation.",
    "I'll also add a note to your account so this doesn't happen again. Is there anything else I can help with?",
]
BLAMING = [
    "You should have read the email we sent about the migration.",
    "That's our policy, there's nothing I can do about it.",
    "Like I said, it's policy.",
    "It's not my problem.",
    "You need to calm down.",
]


def _start(client: TestClient, scenario: str = "billing-migration", seed: int = 7) -> dict[str, Any]:
    response = client.post(
        "/api/roleplay/calls", json={"scenario": scenario, "seed": seed}, headers=api_headers(client)
    )
    assert response.status_code == 201, response.text
    call: dict[str, Any] = response.json()
    return call


def _say(client: TestClient, call: dict[str, Any], text: str) -> dict[str, Any]:
    response = client.post(
        f"/api/roleplay/calls/{call['id']}/turns",
        json={"turn": call["turn"], "text": text},
        headers=api_headers(client),
    )
    assert response.status_code == 200, response.text
    played: dict[str, Any] = response.json()
    return played


def _play(client: TestClient, lines: list[str]) -> dict[str, Any]:
    call = _start(client)
    for line in lines:
        call = _say(client, call, line)
        if call["outcome"]:
            break
    return call


def test_blaming_the_customer_ends_in_a_hang_up_with_a_review(client: TestClient) -> None:
    call = _play(client, BLAMING)
    assert call["outcome"] == "hung_up"
    review = call["review"]
    assert review["turns"][0]["anger_after"] > review["turns"][0]["anger_before"]
    assert review["first_acknowledgement_turn"] is None
    page = client.get(f"/roleplay/{call['id']}")
    assert page.status_code == 200
    assert "hung up" in page.text
    # The review quotes the agent's words that moved the customer.
    assert "policy" in page.text and "<svg" in page.text


def test_good_de_escalation_calms_the_customer_and_scores_higher(make_client: ClientFactory) -> None:
    calm = _play(make_client(), CALMING)
    rude = _play(make_client(), BLAMING)
    assert calm["anger"] < rude["anger"]
    assert calm["trust"] > rude["trust"]
    if calm["review"] is not None:
        assert calm["review"]["first_acknowledgement_turn"] == 1
    # Every agent line is in the transcript, in order, between the customer's replies.
    agent_lines = [line["text"] for line in calm["transcript"] if line["speaker"] == "agent"]
    assert agent_lines == CALMING[: len(agent_lines)]


def test_a_reload_replays_the_same_call_and_a_late_turn_is_refused(client: TestClient) -> None:
    call = _say(client, _start(client), CALMING[0])
    again = client.get(f"/api/roleplay/calls/{call['id']}").json()
    assert again["transcript"] == call["transcript"]
    assert again["anger"] == call["anger"]
    late = client.post(
        f"/api/roleplay/calls/{call['id']}/turns", json={"turn": 1, "text": CALMING[0]}, headers=api_headers(client)
    )
    assert late.status_code == 409
    assert "turn" in late.json()["error"]["message"]
    kept = client.get(f"/api/roleplay/calls/{call['id']}").json()
    assert len(kept["transcript"]) == len(call["transcript"])


def test_same_seed_same_customer(make_client: ClientFactory) -> None:
    first_client = make_client()
    first = _say(first_client, _start(first_client, seed=11), CALMING[0])
    second_client = make_client()
    second = _say(second_client, _start(second_client, seed=11), CALMING[0])
    assert [line["text"] for line in first["transcript"]] == [line["text"] for line in second["transcript"]]


def test_an_empty_turn_counts_as_silence_and_the_call_goes_on(client: TestClient) -> None:
    call = _start(client)
    after = _say(client, call, "")
    assert after["outcome"] is None
    assert after["anger"] > call["anger"]
    assert after["note"] and "silence" in after["note"]


def test_unknown_scenario_and_other_browsers_call(make_client: ClientFactory) -> None:
    mine = make_client()
    unknown = mine.post("/api/roleplay/calls", json={"scenario": "no-such-call"}, headers=api_headers(mine))
    assert unknown.status_code == 400
    assert "billing-migration" in unknown.json()["error"]["hint"]
    call = _start(mine)
    other = make_client()
    assert other.get(f"/api/roleplay/calls/{call['id']}").status_code == 404
    assert other.get(f"/roleplay/{call['id']}").status_code == 404
    refused = other.post(
        f"/api/roleplay/calls/{call['id']}/turns", json={"turn": 1, "text": "hello"}, headers=api_headers(other)
    )
    assert refused.status_code == 404


def test_the_scenario_page_starts_a_call_from_its_form(client: TestClient) -> None:
    page = client.get("/roleplay")
    assert page.status_code == 200
    assert page.text.count('name="scenario"') >= 10
    started = client.post(
        "/roleplay/start",
        data={"csrf_token": page_token(page.text), "scenario": "wrong-item"},
        follow_redirects=False,
    )
    assert started.status_code == 303
    room = client.get(started.headers["location"])
    assert room.status_code == 200
    assert 'id="agent-text"' in room.text
    forged = client.post("/roleplay/start", data={"scenario": "wrong-item"}, follow_redirects=False)
    assert forged.status_code == 403


def test_agent_text_is_escaped_on_the_call_page(client: TestClient) -> None:
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    call = _say(client, _start(client), payload)
    page = client.get(f"/roleplay/{call['id']}").text
    assert payload not in page
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_export_and_delete_cover_web_calls(client: TestClient, tmp_path: Path) -> None:
    call = _say(client, _start(client), CALMING[0])
    target = tmp_path / "export.json"
    exported_run = subprocess.run(
        [sys.executable, "-m", "starcoach", "export", "--all", str(target)], capture_output=True, text=True, check=False
    )
    assert exported_run.returncode == 0, exported_run.stderr
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert [c["id"] for c in exported["roleplay_calls"]] == [call["id"]]
    deleted = subprocess.run(
        [sys.executable, "-m", "starcoach", "delete", "--all", "--yes"], capture_output=True, text=True, check=False
    )
    assert "1 role-play call(s)" in deleted.stdout
    assert client.get(f"/api/roleplay/calls/{call['id']}").status_code == 404
