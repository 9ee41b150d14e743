"""`analyze` and `practice` read the same words to the same question the same way (issue 19, point 5)."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from starcoach.content.loader import load_bank
from tests.cli._run import starcoach
from tests.conftest import STRONG_STORY

pytestmark = pytest.mark.slow

# A bank question whose wording alone reads as a "classic" one: the bank says it is behavioral.
PROUDEST = "beh-proudest-interaction"
SHORT_STORY = (
    "Last spring a bakery owner called furious because her connection dropped. I ran a line test and "
    "booked a technician. She stayed with us and my CSAT was 96 percent."
)


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config file of the test's own (none written yet), never the user's."""
    path = tmp_path / "config.toml"
    monkeypatch.setenv("STARCOACH_CONFIG", str(path))
    monkeypatch.delenv("STARCOACH_WORDS_PER_MINUTE", raising=False)
    return path


def _analyze_json(question: str, answer: str) -> dict[str, Any]:
    result = starcoach("analyze", "-", "--format", "json", "-q", question, stdin=answer.encode())
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_every_bank_question_is_read_with_the_type_the_bank_gives_it(tmp_path: Path, config_file: Path) -> None:
    bank = load_bank().questions
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": q.id, "question": q.text, "answer": STRONG_STORY}) for q in bank]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = starcoach("analyze", "--batch", str(source))
    assert result.returncode == 0, result.stderr
    types = {r["id"]: r["question_type"] for r in map(json.loads, result.stdout.splitlines())}
    assert types == {q.id: q.type for q in bank}


def test_a_bank_question_typed_loosely_still_gets_the_bank_type(config_file: Path) -> None:
    # Typed by hand: lower case, a curly apostrophe, doubled spaces, no question mark.
    typed = "  tell me about the customer  interaction you\u2019re proudest of "
    report = _analyze_json(typed, SHORT_STORY)
    assert report["question_type"] == "behavioral"
    # Given by its id, as `stories match` takes it, the question is the bank's, wording and type.
    by_id = _analyze_json(PROUDEST, SHORT_STORY)
    assert by_id["question"] == load_bank().question(PROUDEST).text and by_id["question_type"] == "behavioral"
    # A question the bank does not hold keeps the type its wording suggests.
    assert _analyze_json("What do you enjoy about your weekends?", SHORT_STORY)["question_type"] == "classic"


def test_analyze_uses_the_speaking_rate_from_the_config_file_and_the_environment(
    tmp_path: Path, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text("words_per_minute = 100\n", encoding="utf-8")
    report = _analyze_json("Tell me about a time you helped a customer.", SHORT_STORY)
    assert report["words_per_minute"] == 100
    assert report["estimated_seconds"] == pytest.approx(report["word_count"] * 60 / 100, abs=0.1)
    text = starcoach("analyze", "-", stdin=SHORT_STORY.encode())
    assert "at 100 words/min" in text.stdout
    monkeypatch.setenv("STARCOACH_WORDS_PER_MINUTE", "200")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "answer": SHORT_STORY}) + "\n", encoding="utf-8")
    batch = starcoach("analyze", "--batch", str(source))
    assert batch.returncode == 0, batch.stderr
    assert json.loads(batch.stdout)["words_per_minute"] == 200


@pytest.mark.parametrize("args", [["-"], ["--batch", "IN"]])
def test_analyze_refuses_a_broken_config_like_every_other_command(
    tmp_path: Path, config_file: Path, args: list[str]
) -> None:
    config_file.write_text('words_per_minute = "fast\n', encoding="utf-8")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"answer": SHORT_STORY}) + "\n", encoding="utf-8")
    argv = [str(source) if a == "IN" else a for a in args]
    result = starcoach("analyze", *argv, stdin=SHORT_STORY.encode())
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("starcoach: error:") and str(config_file) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_same_words_get_the_same_score_and_verdicts_in_analyze_and_practice(config_file: Path) -> None:
    # A rate other than the default, so a command that ignored the config file would disagree.
    config_file.write_text("words_per_minute = 110\n", encoding="utf-8")
    question = load_bank().question(PROUDEST).text
    alone = _analyze_json(question, SHORT_STORY)
    # The answer, then the end of input: the session pauses (exit 130) with that one answer stored.
    practised = starcoach("practice", "--question-id", PROUDEST, stdin=f"{SHORT_STORY}\n\n".encode())
    assert practised.returncode in (0, 130) and "Traceback" not in practised.stderr, practised.stderr
    session_id = re.search(r"\b[0-9a-f]{12}\b", starcoach("history").stdout)
    assert session_id is not None
    stored = starcoach("report", session_id.group(0), "--format", "json")
    assert stored.returncode == 0, stored.stderr
    answer = json.loads(stored.stdout)["answers"][0]
    assert answer["question"] == question
    assert answer["question_type"] == alone["question_type"] == "behavioral"
    assert round(answer["score"]) == round(alone["score"])
    assert answer["word_count"] == alone["word_count"]
    verdicts = [(item["kind"], item["id"]) for item in answer["feedback"]]
    assert verdicts == [(item["kind"], item["id"]) for item in alone["feedback"]]
