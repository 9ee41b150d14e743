"""With a language model the customer is only reworded: the same call scores the same with or without it."""

from __future__ import annotations

import json
from pathlib import Path

from starcoach.roleplay.call import Call
from starcoach.roleplay.review import review
from starcoach.roleplay.reworded import reword
from starcoach.roleplay.scenarios import get_scenario
from starcoach.settings import Settings
from tests.llm.conftest import ChatServer, Scripted, chat_server  # noqa: F401  (the fixture, used by name)

TURNS = [
    "Hi, I'm Priya. Two charges is really frustrating, I'm sorry. What amount came out, and when?",
    # A turn that does nothing: whether it ignores the customer depends on what the customer said.
    "Okay, that is the laptop thing then, noted down here.",
    "I'll refund the duplicate charge today and it will be back in your account by Friday.",
    "I can't refund the bank fee myself, but I'll pass it to our billing team today with a note.",
]
# Rewordings that would mislead an engine reading them: other times, other words, a new grievance.
REWORDINGS = [
    "Friday? You said Monday before. And my laptop refund is still missing.",
    "Whatever. Refund, charge, amount, Friday, billing team, today.",
    "Right, so within the hour then. Fine.",
    "Okay.",
]


def _play(settings: Settings | None) -> Call:
    call = Call(get_scenario("billing-migration"), seed=4)
    call.opening()
    for text in TURNS:
        turn = call.agent_says(text)
        if settings is not None:
            reword(call, turn, settings, lambda notice: None)
        if turn.ended:
            break
    return call


def test_a_reworded_customer_keeps_the_engines_mood_facts_outcome_and_score(
    tmp_path: Path,
    chat_server: ChatServer,  # noqa: F811
) -> None:
    chat_server.then(*[Scripted(json.dumps({"reply": words})) for words in REWORDINGS])
    settings = Settings(home=tmp_path, llm_backend="openai-compatible", llm_url=chat_server.url, llm_model="m")
    plain, worded = _play(None), _play(settings)
    assert len(chat_server.received) >= 2, "the model was not asked to reword"
    assert [line.text for line in worded.transcript if line.speaker == "customer"][1] == REWORDINGS[0]
    plain_review, worded_review = review(plain), review(worded)
    assert worded_review.score == plain_review.score
    assert worded_review.outcome == plain_review.outcome
    assert worded_review.components == plain_review.components
    assert [t.anger_after for t in worded_review.turns] == [t.anger_after for t in plain_review.turns]
    assert worded_review.facts_discovered == plain_review.facts_discovered
