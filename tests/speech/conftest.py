"""Fixtures shared by the speech tests."""

from __future__ import annotations

import pytest

from starcoach.speech.transcribe import WhisperTranscriber


@pytest.fixture(scope="session")
def whisper() -> WhisperTranscriber:
    """The default model, loaded once (loading and hashing take about a second)."""
    transcriber = WhisperTranscriber()
    transcriber.load()
    return transcriber
