"""The stores of the user's files: role-play calls and recorded answers, kept and found in real folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from starcoach import analyze
from starcoach.errors import UserInputError
from starcoach.store.calls import AgentTurn, CallStore, StoredCall
from starcoach.store.recordings import RecordingStore
from tests.conftest import STRONG_STORY


def test_a_call_is_kept_whole_and_anything_else_is_no_call(tmp_path: Path) -> None:
    calls = CallStore(tmp_path)
    record = StoredCall(id="0123456789ab", owner="me", scenario="wrong-item", seed=7)
    calls.save(record)
    played = record.model_copy(update={"turns": [AgentTurn(text="I'm sorry.", silence_seconds=2.0)]})
    calls.save(played)
    assert calls.load("0123456789ab") == played
    assert calls.load("../../etc/passwd") is None
    assert calls.load("ffffffffffff") is None
    (calls.root / "aaaaaaaaaaaa.json").write_text("{not json", encoding="utf-8")
    assert calls.load("aaaaaaaaaaaa") is None
    assert calls.count() == 2


def test_a_recording_is_found_by_id_and_its_report_kept_beside_it(tmp_path: Path) -> None:
    recordings = RecordingStore(tmp_path)
    kept = recordings.add("a1b2c3d4e5f6", 2, b"OggS audio", "ogg")
    assert kept.turn == 2
    found = recordings.find("a1b2c3d4e5f6", kept.id)
    assert found == kept
    assert found.path.read_bytes() == b"OggS audio"
    assert recordings.saved_report(found) is None
    report = analyze(STRONG_STORY)
    recordings.keep_report(found, report)
    assert recordings.saved_report(found) == report
    assert recordings.count() == 1  # the report is not a second recording
    with pytest.raises(UserInputError, match="no recording"):
        recordings.find("a1b2c3d4e5f6", "../secret")
    with pytest.raises(UserInputError, match="in this session"):
        recordings.find("ffffffffffff", kept.id)
