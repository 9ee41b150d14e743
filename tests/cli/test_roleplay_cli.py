"""`starcoach roleplay` through the real command: calls that resolve, calls that end in a hang-up, bad input."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from tests.cli._run import STARCOACH, starcoach

pytestmark = pytest.mark.slow

GOOD = (
    "Hi, I'm Priya. I'm so sorry about the double charge, I can hear how stressful this is.\n\n"
    "Can you give me the order number so I can check both charges?\n\n"
    "Thanks. I will refund the duplicate charge now, and you will see it by Friday. "
    "I'll email you confirmation today.\n\n"
)
BLAMING = (
    "You must have clicked pay twice. That's not our fault.\n\n"
    "That's our policy, there's nothing I can do.\n\n"
    "Like I said, it's policy. You should have read the terms.\n\n"
    "Calm down, it's not my problem.\n\n"
    "I can't help you with that.\n\n"
) * 2


def test_list_prints_one_scenario_a_line() -> None:
    result = starcoach("roleplay", "--list")
    assert result.returncode == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) >= 10
    assert all("\t" in line for line in lines)
    assert any(line.startswith("billing-migration\t") for line in lines)


def test_a_calm_owning_agent_resolves_the_call_and_the_review_says_why(tmp_path: Path) -> None:
    out = tmp_path / "review.json"
    result = starcoach("roleplay", "billing-migration", "--seed", "3", "--out", str(out), stdin=GOOD.encode())
    assert result.returncode == 0, result.stderr
    assert "Call ended: resolved" in result.stdout
    assert "First acknowledgement of the customer's feelings: turn 1" in result.stdout
    review = json.loads(out.read_text(encoding="utf-8"))
    assert review["outcome"] == "resolved"
    assert review["turns"][0]["anger_after"] < review["turns"][0]["anger_before"]


def test_a_blaming_agent_gets_hung_up_on() -> None:
    result = starcoach("roleplay", "billing-migration", "--seed", "3", stdin=BLAMING.encode())
    assert result.returncode == 0, result.stderr
    assert "Call ended: the customer hung up" in result.stdout


def test_the_same_seed_replays_the_same_call() -> None:
    first = starcoach("roleplay", "billing-migration", "--seed", "11", stdin=GOOD.encode())
    again = starcoach("roleplay", "billing-migration", "--seed", "11", stdin=GOOD.encode())
    assert first.stdout == again.stdout


def test_an_unknown_scenario_is_one_line_naming_the_real_ones() -> None:
    result = starcoach("roleplay", "alien-invasion")
    assert result.returncode == 2
    assert "alien-invasion" in result.stderr and "billing-migration" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_language_model_that_does_not_answer_falls_back_with_a_notice_and_the_call_goes_on() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "STARCOACH_LLM_BACKEND": "openai-compatible",
        "STARCOACH_LLM_URL": f"http://127.0.0.1:{port}/v1",
        "STARCOACH_LLM_MODEL": "any",
        "STARCOACH_LLM_TIMEOUT": "2",
    }
    result = subprocess.run(
        [STARCOACH, "roleplay", "billing-migration", "--seed", "3"],
        input=GOOD.encode(),
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    stdout = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "did not answer" in " ".join(stdout.split()) and "built-in" in stdout
    assert "Call ended: resolved" in stdout
