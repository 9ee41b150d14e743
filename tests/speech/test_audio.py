"""Decoding recorded answers: formats, rates, channels, chunking, and every way a file can be unusable."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from starcoach.errors import UserInputError
from starcoach.speech import audio
from starcoach.speech.audio import load, probe, read_chunks
from starcoach.speech.types import SAMPLE_RATE

from ._audio import FORMATS, RATE, concat, encode, needs_espeak, silence, speak, video_only, white_noise, write_wav

pytestmark = needs_espeak


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    """About 5 s: a sentence, a second of silence, a sentence."""
    tmp = tmp_path_factory.mktemp("speech")
    first = speak("I listened to the customer and offered a refund.", tmp)
    second = speak("She stayed with us.", tmp)
    return concat(silence(0.5), first, silence(1.0), second, silence(0.5))


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))


@pytest.mark.parametrize("suffix", [".wav", *FORMATS])
def test_every_format_decodes_to_16k_mono_float(tmp_path: Path, speech: np.ndarray, suffix: str) -> None:
    path = tmp_path / f"answer{suffix}"
    write_wav(path, speech) if suffix == ".wav" else encode(path, speech)
    info = probe(path)
    decoded = load(path)
    assert decoded.samples.dtype == np.float32
    # Codecs add a little padding (MP3 frames, Opus pre-skip) but never change the length much.
    assert decoded.duration == pytest.approx(len(speech) / RATE, abs=0.08)
    assert info.duration == pytest.approx(len(speech) / RATE, abs=0.08)
    # Lossy codecs change samples, not loudness.
    assert _rms(decoded.samples) == pytest.approx(_rms(speech), rel=0.15)


def test_probe_states_the_facts(tmp_path: Path, speech: np.ndarray) -> None:
    info = probe(encode(tmp_path / "a.mp3", speech, channels=2))
    assert (info.original_rate, info.channels, info.source) == (44_100, 2, str(tmp_path / "a.mp3"))
    assert info.codec.startswith("mp3")


def test_stereo_at_44k_is_mixed_down(tmp_path: Path, speech: np.ndarray) -> None:
    from ._audio import resample

    path = write_wav(tmp_path / "stereo.wav", resample(speech, RATE, 44_100), rate=44_100, channels=2)
    assert probe(path).channels == 2
    decoded = load(path)
    assert decoded.duration == pytest.approx(len(speech) / RATE, abs=0.01)
    # Left is the signal, right its half: the mono mix is three quarters of it.
    assert _rms(decoded.samples) == pytest.approx(0.75 * _rms(speech), rel=0.05)


def test_telephone_audio_at_8k_is_upsampled(tmp_path: Path, speech: np.ndarray) -> None:
    from ._audio import resample

    path = write_wav(tmp_path / "phone.wav", resample(speech, RATE, 8_000), rate=8_000)
    assert probe(path).original_rate == 8_000
    decoded = load(path)
    assert len(decoded.samples) == pytest.approx(len(speech), abs=SAMPLE_RATE * 0.01)
    assert _rms(decoded.samples) == pytest.approx(_rms(speech), rel=0.1)


def test_chunks_are_consecutive_and_add_up_to_the_whole(tmp_path: Path, speech: np.ndarray) -> None:
    path = write_wav(tmp_path / "a.wav", speech)
    chunks = list(read_chunks(path, seconds=1.0))
    assert all(len(chunk.samples) == SAMPLE_RATE for chunk in chunks[:-1])
    assert 0 < len(chunks[-1].samples) <= SAMPLE_RATE
    assert [chunk.offset for chunk in chunks] == pytest.approx([float(i) for i in range(len(chunks))])
    assert np.array_equal(np.concatenate([chunk.samples for chunk in chunks]), load(path).samples)


def test_a_container_without_a_duration_is_measured(tmp_path: Path, speech: np.ndarray) -> None:
    import av

    path = encode(tmp_path / "live.webm", speech, live=True)
    with av.open(str(path)) as container:  # the premise: the headers say nothing about length
        assert container.duration is None and container.streams.audio[0].duration is None
    assert probe(path).duration == pytest.approx(len(speech) / RATE, abs=0.05)
    assert load(path).duration == pytest.approx(len(speech) / RATE, abs=0.05)


# --- unusable files ----------------------------------------------------------------------------


def _refused(path: Path, *phrases: str) -> UserInputError:
    with pytest.raises(UserInputError) as caught:
        probe(path)
    with pytest.raises(UserInputError):
        list(read_chunks(path))
    message = caught.value.one_line()
    assert str(path) in message
    for phrase in phrases:
        assert phrase in message
    return caught.value


def test_missing_file(tmp_path: Path) -> None:
    _refused(tmp_path / "nope.wav", "no such file")


def test_folder(tmp_path: Path) -> None:
    _refused(tmp_path, "folder")


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.wav").write_bytes(b"")
    _refused(tmp_path / "empty.wav", "empty")


def test_text_file_named_wav(tmp_path: Path) -> None:
    (tmp_path / "notes.wav").write_text("Situation, task, action, result.\n" * 20)
    assert _refused(tmp_path / "notes.wav", "not an audio file").hint


def test_random_bytes_named_mp3(tmp_path: Path) -> None:
    (tmp_path / "noise.mp3").write_bytes(np.random.default_rng(1).bytes(20_000))
    _refused(tmp_path / "noise.mp3", "not an audio file")


def test_video_without_audio(tmp_path: Path) -> None:
    _refused(video_only(tmp_path / "clip.mkv"), "no audio track")


# --- damaged files: keep what decodes, say so, refuse when almost nothing does --------------------


def test_truncated_wav_keeps_what_is_there(tmp_path: Path, speech: np.ndarray) -> None:
    data = write_wav(tmp_path / "a.wav", speech).read_bytes()
    (tmp_path / "cut.wav").write_bytes(data[: len(data) // 2])
    assert load(tmp_path / "cut.wav").duration == pytest.approx(len(speech) / RATE / 2, abs=0.05)


def test_truncated_flac_keeps_what_decodes_and_reports_the_damage(tmp_path: Path, speech: np.ndarray) -> None:
    data = encode(tmp_path / "a.flac", speech).read_bytes()
    (tmp_path / "cut.flac").write_bytes(data[: len(data) // 2])
    notes: list[tuple[Path, float, str]] = []
    chunks = list(read_chunks(tmp_path / "cut.flac", on_damage=lambda *note: notes.append(note)))
    kept = sum(chunk.duration for chunk in chunks)
    assert 0.3 * len(speech) / RATE < kept < 0.7 * len(speech) / RATE
    # FLAC raises on its cut-off last frame: that is reported, once, with where it happened.
    assert len(notes) == 1
    path, at, what = notes[0]
    assert path == tmp_path / "cut.flac" and at == pytest.approx(kept, abs=0.2) and "skipped" in what


def test_damage_is_logged_when_nobody_listens(
    tmp_path: Path, speech: np.ndarray, caplog: pytest.LogCaptureFixture
) -> None:
    data = encode(tmp_path / "a.flac", speech).read_bytes()
    (tmp_path / "cut.flac").write_bytes(data[: len(data) // 2])
    load(tmp_path / "cut.flac")
    assert "damaged audio" in caplog.text
    notes: list[tuple[Path, float, str]] = []
    caplog.clear()
    load(tmp_path / "cut.flac", on_damage=lambda *note: notes.append(note))
    assert len(notes) == 1 and "damaged audio" not in caplog.text


def test_corrupt_middle_of_mp3_is_skipped_not_fatal(tmp_path: Path, speech: np.ndarray) -> None:
    data = bytearray(encode(tmp_path / "a.mp3", speech).read_bytes())
    middle = len(data) // 2
    data[middle : middle + 2000] = np.random.default_rng(3).bytes(2000)
    (tmp_path / "bad.mp3").write_bytes(bytes(data))
    notes: list[tuple[Path, float, str]] = []
    kept = sum(c.duration for c in read_chunks(tmp_path / "bad.mp3", on_damage=lambda *n: notes.append(n)))
    assert kept > 0.8 * len(speech) / RATE
    assert len(notes) == 1 and 0 < notes[0][1] < len(speech) / RATE


def test_damaged_file_with_almost_nothing_decodable_is_refused(tmp_path: Path) -> None:
    data = encode(tmp_path / "a.flac", white_noise(3.0, 0.1)).read_bytes()
    # The header and a sliver of the first frame: FLAC raises on it, and under 0.5 s survives.
    (tmp_path / "stub.flac").write_bytes(data[:3000])
    with pytest.raises(UserInputError, match="damaged"):
        load(tmp_path / "stub.flac")


# --- the length cap ----------------------------------------------------------------------------


def _long_wav(path: Path, minutes: float) -> Path:
    """A real ``minutes``-long recording, kept small on disk: 8 kHz, 8-bit silence."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8_000)
        block = bytes([128]) * 8_000 * 60  # unsigned 8-bit silence, one minute
        for _ in range(int(minutes)):
            out.writeframes(block)
    return path


def test_an_hour_long_file_is_refused_before_decoding(tmp_path: Path) -> None:
    path = _long_wav(tmp_path / "hour.wav", 60)
    with pytest.raises(UserInputError, match="too long") as caught:
        probe(path)
    assert "60 minutes" in caught.value.what and caught.value.hint
    chunks = read_chunks(path)
    with pytest.raises(UserInputError, match="too long"):
        next(chunks)  # refused from the header, before the first chunk is decoded
    with pytest.raises(UserInputError, match="too long"):
        load(path)


def test_a_file_at_the_cap_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio, "MAX_SECONDS", 120)
    assert probe(_long_wav(tmp_path / "two.wav", 2)).duration == pytest.approx(120)


def test_without_a_stated_duration_decoding_stops_at_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = encode(tmp_path / "live.webm", white_noise(6.0, 0.1), live=True)
    monkeypatch.setattr(audio, "MAX_SECONDS", 2)
    with pytest.raises(UserInputError, match="too long"):
        probe(path)
    decoded: list[float] = []
    with pytest.raises(UserInputError, match="too long"):
        for chunk in read_chunks(path, seconds=1.0):
            decoded.append(chunk.duration)
    assert sum(decoded) <= 2 + 1.0 + 1.0  # the cap, its slack, and at most one chunk in hand


def test_chunk_length_must_be_positive(tmp_path: Path, speech: np.ndarray) -> None:
    with pytest.raises(ValueError):
        list(read_chunks(write_wav(tmp_path / "a.wav", speech), seconds=0))
