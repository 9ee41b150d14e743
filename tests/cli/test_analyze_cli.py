"""`starcoach analyze` as a user runs it: files, standard input, JSON, batches, bad input."""

import json
from pathlib import Path

import jsonschema
import pexpect
import pytest

from starcoach.analysis.schema import load_schema
from tests.cli._run import STARCOACH, starcoach
from tests.conftest import STRONG_STORY, WEAK_BLAME

pytestmark = pytest.mark.slow
QUESTION = "Tell me about a time you turned an upset customer around."


def test_the_text_report_shows_star_parts_score_competencies_and_follow_ups(tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(STRONG_STORY, encoding="utf-8")
    result = starcoach("analyze", str(answer), "--question", QUESTION, "--width", "100")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[S] Last spring" in out and "[R]" in out
    assert "Score" in out and "/100" in out
    assert "Empathy & problem-solving" in out
    assert "An interviewer might ask next" in out


def test_json_output_validates_against_the_contract() -> None:
    result = starcoach("analyze", "-", "--format", "json", "-q", QUESTION, stdin=WEAK_BLAME.encode())
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, load_schema())
    assert report["flags"]["blame"] is True


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"I fixed it \xff\xfe for her.", "not UTF-8"),
        (b"word " * 300_000, "limit"),
    ],
)
def test_bad_input_gets_one_clear_line_and_exit_code_2(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "answer.txt"
    path.write_bytes(content)
    result = starcoach("analyze", str(path))
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(path) in result.stderr


def test_a_missing_file_is_a_user_error_not_a_crash(tmp_path: Path) -> None:
    result = starcoach("analyze", str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert "answer file not found" in result.stderr and "Traceback" not in result.stderr


def test_emoji_right_to_left_text_and_smart_quotes_are_analysed() -> None:
    text = (
        "\u201cI hear you,\u201d I said \U0001f642. I called the courier \u2014 \u05ea\u05d5\u05d3\u05d4 \u2014 "
        "and she got it the next day."
    )
    result = starcoach("analyze", "-", "--format", "json", stdin=text.encode())
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for sentence in report["sentences"]:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]


def test_a_batch_processes_every_good_line_and_names_each_bad_one(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "question": QUESTION, "answer": STRONG_STORY}),
        "{not json",
        json.dumps({"id": "a3", "question": QUESTION}),
        json.dumps({"id": "a4", "question": QUESTION, "answer": "   "}),
        json.dumps({"id": "a5", "answer": WEAK_BLAME}),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = starcoach("analyze", "--batch", str(source), "--out", str(out))
    assert result.returncode == 2
    assert "line 2" in result.stderr and "not valid JSON" in result.stderr
    assert "line 3" in result.stderr and '"answer"' in result.stderr
    assert "line 4" in result.stderr and "empty" in result.stderr
    assert "Traceback" not in result.stderr
    reports = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in reports] == ["a1", "a5"]
    schema = load_schema()
    for report in reports:
        jsonschema.validate(report, schema)


def test_a_clean_batch_writes_to_standard_output_and_exits_zero(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 7, "question": QUESTION, "answer": STRONG_STORY}) + "\n", encoding="utf-8")
    result = starcoach("analyze", "--batch", str(source))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "7"


def test_analyze_dash_in_a_terminal_says_it_is_waiting_for_the_answer() -> None:
    child = pexpect.spawn(STARCOACH, ["analyze", "-"], encoding="utf-8", timeout=60, dimensions=(40, 110))
    child.expect("Waiting for the answer on standard input")
    child.sendline(WEAK_BLAME)
    child.sendeof()
    child.expect("never says what you did|Score|/100")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_analyze_dash_with_piped_input_prints_no_waiting_notice() -> None:
    result = starcoach("analyze", "-", stdin=STRONG_STORY.encode())
    assert result.returncode == 0 and "Waiting" not in result.stderr
