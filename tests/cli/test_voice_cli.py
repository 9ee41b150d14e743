"""Spoken answers through the real command: a recording in, one report with delivery out; bad audio, one line."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import jsonschema
import pytest

from starcoach.analysis.schema import load_schema
from tests.cli._run import starcoach
from tests.speech._audio import concat, encode, silence, speak, write_wav

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("espeak_installed")]

FIRST = "Last spring a customer called because her internet had dropped three times in one week."
SECOND = "I booked a technician for the next morning and called her back the day after to check it worked."


@pytest.fixture(scope="module")
def answer_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two sentences after 3 s of thinking, with a 2.5 s pause between them."""
    folder = tmp_path_factory.mktemp("voice")
    samples = concat(silence(3.0), speak(FIRST, folder), silence(2.5), speak(SECOND, folder), silence(0.5))
    return write_wav(folder / "answer.wav", samples)


def test_a_recording_is_transcribed_and_analysed_with_its_delivery(answer_wav: Path) -> None:
    result = starcoach("analyze", str(answer_wav), "--width", "100")
    assert result.returncode == 0, result.stderr
    assert "What you said (transcribed)" in result.stdout
    assert "technician" in result.stdout
    assert "How it sounded" in result.stdout and "words/min" in result.stdout
    assert "Score" in result.stdout


def test_the_json_report_holds_delivery_and_transcript_and_meets_the_contract(answer_wav: Path, tmp_path: Path) -> None:
    flac = encode(tmp_path / "answer.flac", _samples(answer_wav))
    result = starcoach("analyze", str(flac), "--format", "json", "-q", "Tell me about an upset customer.")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, load_schema())
    delivery = report["delivery"]
    assert delivery["time_to_first_word"] == pytest.approx(3.0, abs=0.3)
    (pause,) = [p for p in delivery["pauses"] if p["duration"] > 2.0]
    assert pause["duration"] == pytest.approx(2.5, abs=0.3)
    assert "technician" in report["transcript"]


def test_a_recording_to_a_bank_question_is_judged_as_the_bank_types_it(answer_wav: Path) -> None:
    from starcoach.content.loader import load_bank

    # Its wording alone reads as a "classic" question; the bank, and practice, call it behavioral.
    question = load_bank().question("beh-proudest-interaction").text
    result = starcoach("analyze", str(answer_wav), "--format", "json", "-q", question)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["question_type"] == "behavioral"


def _samples(path: Path):  # type: ignore[no-untyped-def]  # numpy array, read back for re-encoding
    import numpy as np

    with wave.open(str(path)) as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), "<i2").astype(np.float32) / 32768


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        ("notes.wav", b"These are my notes, not a recording.\n", "not an audio file"),
        ("empty.wav", b"", "empty"),
    ],
)
def test_a_file_that_is_not_a_recording_gets_one_clear_line(
    tmp_path: Path, name: str, body: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(body)
    result = starcoach("analyze", str(path))
    assert result.returncode == 2
    assert expected in result.stderr.lower() and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_silent_recording_says_no_speech_was_heard(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "silent.wav", silence(6.0))
    result = starcoach("analyze", str(path))
    assert result.returncode == 2
    assert "no speech was heard" in result.stderr


def test_an_hour_long_recording_is_refused_quickly_with_the_limit_named(tmp_path: Path) -> None:
    # 61 minutes of 8 kHz 8-bit silence: 29 MB on disk, refused from its header.
    path = tmp_path / "hour.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(1)
        wav.setframerate(8000)
        wav.writeframes(b"\x80" * (8000 * 61 * 60))
    result = starcoach("analyze", str(path))
    assert result.returncode == 2
    assert "30 minutes" in result.stderr or "30 min" in result.stderr


def test_voice_practice_needs_a_terminal_and_a_missing_microphone_is_named(tmp_path: Path) -> None:
    piped = starcoach("practice", "--voice", "--questions", "1", stdin=b"")
    assert piped.returncode == 2 and "--voice needs a terminal" in piped.stderr
    assert "No sessions yet" in starcoach("history").stdout


def test_speaking_questions_without_speakers_is_one_clear_line_and_starts_no_session() -> None:
    import os
    import subprocess

    from tests.cli._run import STARCOACH

    env = {**os.environ, "STARCOACH_OUTPUT_DEVICE": "no such speakers anywhere"}
    result = subprocess.run(
        [STARCOACH, "practice", "--speak", "--questions", "1"], input=b"", capture_output=True, env=env, check=False
    )
    assert result.returncode == 2
    assert b"no speakers or headphones were found" in result.stderr
    assert b"still shown on screen" in result.stderr
    assert "No sessions yet" in starcoach("history").stdout


def test_in_a_terminal_a_missing_microphone_is_named_before_any_session_starts() -> None:
    import os

    import pexpect

    from tests.cli._run import STARCOACH

    env = {**os.environ, "STARCOACH_INPUT_DEVICE": "no such microphone anywhere"}
    child = pexpect.spawn(STARCOACH, ["practice", "--voice"], env=env, encoding="utf-8", timeout=60)
    child.expect("no microphone was found")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "No sessions yet" in starcoach("history").stdout
