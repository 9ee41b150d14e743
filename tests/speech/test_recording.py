"""A recorded answer end to end, and into an interview: the spoken report is what gets stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from starcoach.session_records import TurnRecord
from starcoach.speech.recording import analyze_recording
from starcoach.speech.transcribe import WhisperTranscriber
from starcoach.store import Store
from starcoach.testing import FakeClock
from tests.interview._sessions import make_engine
from tests.speech._audio import concat, needs_espeak, silence, speak, write_wav

pytestmark = needs_espeak

ANSWER = (
    "A customer called, upset that her parcel was two weeks late. "
    "I apologised, traced it with the courier and sent a replacement the same day."
)


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("recording")
    return write_wav(folder / "answer.wav", concat(silence(2.0), speak(ANSWER, folder), silence(1.0)))


def test_a_recording_becomes_a_report_with_its_transcript_and_delivery(
    recording: Path, whisper: WhisperTranscriber
) -> None:
    report = analyze_recording(recording, "Tell me about a late delivery.", transcriber=whisper)
    assert report.transcript is not None and "courier" in report.transcript.lower()
    assert report.delivery is not None
    assert report.delivery.time_to_first_word == pytest.approx(2.0, abs=0.3)
    assert report.question == "Tell me about a late delivery."
    # The text analysis ran on what was said: the transcript's sentences are the report's.
    assert " ".join(s.text for s in report.sentences) in report.transcript


def test_a_spoken_answer_is_stored_in_the_session_with_its_delivery(
    recording: Path, sqlite_url: str, whisper: WhisperTranscriber
) -> None:
    clock = FakeClock()
    saved: list[TurnRecord] = []
    engine = make_engine("behavioral", ["beh-upset-customer-turnaround"], clock, saved)
    assert engine.prompt is not None
    report = analyze_recording(recording, engine.prompt.text, transcriber=whisper)
    engine.shown()
    turn = engine.submit(report.transcript or "", report)
    assert turn.report.delivery == report.delivery
    with Store.open(sqlite_url) as store:
        store.create_session(engine.session)
        stored = store.get_session(engine.session.id).turns[0]
    assert stored.report.delivery == report.delivery
    assert stored.answer == report.transcript


@pytest.fixture
def sqlite_url(_isolated_home: Path) -> str:
    from starcoach.settings import Settings

    return Settings(home=_isolated_home).resolved_database_url
