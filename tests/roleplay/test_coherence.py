"""The customer stays coherent: 1,000 seeded calls with randomly drawn agent turns, checked line by line.

Each check reads only the transcript (what the agent said, what the customer said) and the
scenario's own text, not the engine's internal records, so it fails on what a user would notice.
"""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from starcoach.roleplay.call import Call
from starcoach.roleplay.scenarios import Scenario, load_scenarios

OPENERS = (
    "Hi, my name is Sam.",
    "I'm really sorry about this.",
    "I understand how frustrating that is.",
    "Thanks for holding.",
    "",
    "Okay.",
)
MIDDLES = (
    "I'll refund it within the hour.",
    "I'll refund it today.",
    "The refund will be back in three to five working days.",
    "I'll refund £32.50 by Friday.",
    "I'll refund £49 by Friday.",
    "I'm sending a replacement by express courier, it arrives Thursday.",
    "I'm sending a replacement, it arrives tomorrow.",
    "It will arrive by Monday.",
    "I'll call you back at 4pm.",
    "I'll call you back tomorrow morning.",
    "Your reference is 4471.",
    "The reference is CX-20931.",
    "I've booked the engineer for Tuesday.",
    "I've booked the engineer for Friday.",
    "Is there anything else I can help you with today?",
    "What does the tracking say?",
    "Can you tell me the order number?",
    "When do you need it by?",
    "You should have read the terms.",
    "Our policy is thirty days.",
    "I can't refund that, but I can book a repair.",
    "I'll pass this to the billing team today.",
    "Let me escalate this to my supervisor.",
    "The backend sync job failed.",
    "I guarantee it will never happen again.",
    "So you were charged twice, is that right?",
    "Done. The refund has gone through.",
)
MONTHS_AND_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SAID_BEFORE = re.compile(r"you said (.+?) before", re.IGNORECASE)
NOW = re.compile(r"now it's (.+?)\?", re.IGNORECASE)


def _agent_turn(rng: random.Random) -> str:
    parts = [rng.choice(OPENERS)] + [rng.choice(MIDDLES) for _ in range(rng.randint(0, 3))]
    return " ".join(p for p in parts if p)


def _sentences(text: str) -> list[str]:
    return [
        " ".join(re.findall(r"[a-z0-9']+", s.lower()))
        for s in re.findall(r"(?:[^.!?]|\.(?=\d))+[.!?]*", text)
        if s.strip()
    ]


def _scenario_text(scenario: Scenario) -> str:
    return scenario.model_dump_json().lower()


def _play(scenario: Scenario, seed: int, turns: list[str]) -> list[str]:
    call = Call(scenario, seed)
    lines = [call.opening()]
    for text in turns:
        turn = call.agent_says(text)
        lines.append(turn.text)
        if turn.ended:
            break
    return lines


def _problems(scenario: Scenario, turns: list[str], lines: list[str]) -> list[str]:
    problems: list[str] = []
    said: set[str] = set()
    known = _scenario_text(scenario)
    for number, line in enumerate(lines):
        agent_so_far = " ".join(turns[:number]).lower()
        for sentence in _sentences(line):
            # Short interjections ("okay", "right") may recur as in speech; sentences of 3+ words may not.
            if sentence in said and len(sentence.split()) >= 3:
                problems.append(f"repeats itself word for word: {sentence!r}")
            said.add(sentence)
        if number == 0:
            continue
        current = turns[number - 1].lower()
        earlier = " ".join(turns[: number - 1]).lower()
        for quoted in SAID_BEFORE.findall(line):
            then = quoted.lower().split(" would be ")[-1].split(" for ")[0]
            now = NOW.search(line)
            if then not in earlier:
                problems.append(f"'you said {quoted} before' with no such earlier words: {line!r}")
            elif now is None or now.group(1).lower() not in current:
                problems.append(f"challenge names a new value the agent did not just say: {line!r}")
            elif now.group(1).lower() == then:
                problems.append(f"challenge compares a value with itself: {line!r}")
        for figure in re.findall(r"\d+(?:\.\d+)?", line):
            if figure not in agent_so_far and figure not in known:
                problems.append(f"the number {figure} comes from neither the agent nor the scenario: {line!r}")
        for day in MONTHS_AND_DAYS:
            if re.search(rf"\b{day}\b", line.lower()) and day not in agent_so_far and day not in known:
                problems.append(f"'{day}' comes from neither the agent nor the scenario: {line!r}")
    return problems


def test_a_thousand_random_calls_hold_no_contradiction_repeat_or_invented_detail() -> None:
    scenarios = list(load_scenarios().values())
    problems: list[str] = []
    challenges = 0
    for seed in range(1000):
        rng = random.Random(seed)
        scenario = rng.choice(scenarios)
        turns = [_agent_turn(rng) for _ in range(rng.randint(1, 12))]
        lines = _play(scenario, seed, turns)
        challenges += sum(len(SAID_BEFORE.findall(line)) for line in lines)
        problems.extend(f"seed {seed} ({scenario.id}): {p}" for p in _problems(scenario, turns, lines))
        if seed % 10 == 0:
            assert _play(scenario, seed, turns) == lines, f"seed {seed} did not replay exactly"
    assert problems == [], "\n".join(problems[:20])
    # Not a vacuous pass: the customer does notice real changes in these calls.
    assert challenges >= 100


def test_a_question_with_a_time_word_is_not_a_changed_promise() -> None:
    call = Call(load_scenarios()["refund-policy"], seed=3)
    call.opening()
    call.agent_says("I'll refund it within the hour.")
    reply = call.agent_says("Is there anything else I can help you with today?").text
    assert "you said" not in reply.lower()


def test_a_promise_moved_later_is_challenged_with_both_times() -> None:
    call = Call(load_scenarios()["billing-migration"], seed=1)
    call.opening()
    call.agent_says("I'll refund the second charge by Friday.")
    reply = call.agent_says("The refund will be back in seven to ten working days.").text
    assert "Friday" in reply and "seven to ten working days" in reply


def test_a_reference_the_customer_never_had_is_noted_not_recognised() -> None:
    call = Call(load_scenarios()["refund-policy"], seed=5)
    call.opening()
    reply = call.agent_says("Done. The repair is booked, reference 4471.").text
    assert "4471" in reply and "that's the one" not in reply.lower()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=200), min_size=1, max_size=8), st.integers(min_value=0, max_value=10_000))
def test_any_agent_text_gets_a_reply_and_a_bounded_state(turns: list[str], seed: int) -> None:
    scenario = load_scenarios()["wrong-item"]
    call = Call(scenario, seed)
    call.opening()
    for text in turns:
        turn = call.agent_says(text)
        assert turn.text.strip()
        assert 0 <= turn.state.anger <= 100 and 0 <= turn.state.trust <= 100
        if turn.ended:
            break
