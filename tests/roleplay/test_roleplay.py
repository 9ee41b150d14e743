"""The role-play engine: scenarios, moves, emotion, customer, call and review."""

from __future__ import annotations

from pathlib import Path

import pytest

from starcoach.content.roleplay_phrases import RoleplayPhrases, load_roleplay_phrases
from starcoach.errors import UserInputError
from starcoach.roleplay.call import Call
from starcoach.roleplay.emotion import EmotionState, apply
from starcoach.roleplay.moves import Move, detect_moves
from starcoach.roleplay.review import review
from starcoach.roleplay.scenarios import get_scenario, load_scenarios

GOOD = [
    "Hi, my name is Priya. Being charged twice after a long wait is really frustrating, and I'm sorry. "
    "Can you tell me the amount and the date of the charges?",
    "So what you're saying is 49 pounds twice on the 3rd. I'll refund the duplicate charge today and "
    "it will be back in your account by Friday.",
    "Is there anything else the charge affected?",
]
BLAMING = [
    "You should have checked your statement before calling.",
    "It's not our fault, the bank processes these.",
    "As I said, nothing I can do.",
    "Calm down, it's the system.",
]


def _kinds(text: str, **kw: object) -> dict[str, str]:
    return {m.kind: m.phrase for m in detect_moves(text, **kw)}  # type: ignore[arg-type]


def test_every_scenario_loads_with_fact_resolution_and_escalation() -> None:
    scenarios = load_scenarios()
    assert len(scenarios) >= 10
    for scenario in scenarios.values():
        assert scenario.facts and scenario.resolution.actions and scenario.must_escalate


def test_unknown_scenario_lists_ids() -> None:
    with pytest.raises(UserInputError) as caught:
        get_scenario("no-such-call")
    assert "billing-migration" in str(caught.value)


def test_calming_moves_detected_with_phrases() -> None:
    kinds = _kinds(
        "I'm so sorry, that sounds stressful. So what you're saying is it never arrived. "
        "I can't refund it, but what I can do is send a replacement. "
        "I'll book the courier and it will arrive by Friday."
    )
    assert "that sounds stressful" in kinds["acknowledges_feelings"]
    assert "sorry" in kinds["apologises"]
    assert "what you're saying" in kinds["confirms_understanding"]
    assert "can't refund" in kinds["honest_limits"]
    assert "Friday" in kinds["clear_timeline"]
    assert "owns_next_step" in kinds


def test_inflaming_moves_detected_with_phrases() -> None:
    kinds = _kinds(
        "You should have read the email. Our policy is no refunds. The backend sync failed. I guarantee it's fine.",
        customer_last="my dress never arrived for the wedding",
    )
    assert "should have" in kinds["blame"]
    assert "policy" in kinds["hides_behind_policy"]
    assert kinds["jargon"] == "backend"
    assert "guarantee" in kinds["over_promises"]
    assert _kinds("Okay.", silence_seconds=20)["long_silence"]


def test_a_turn_about_something_else_ignores_the_customer_but_a_short_fix_does_not() -> None:
    last = "My dress never arrived and the wedding is on Saturday."
    assert "ignores_customer" in _kinds("Lovely weather we're having this week.", customer_last=last)
    assert "ignores_customer" not in _kinds("Done. The new one has gone out, reference 4471.", customer_last=last)
    assert "ignores_customer" in _kinds("Can you start from the beginning?", customer_last=last)


def test_sympathy_repeated_with_nothing_done_stops_helping_and_then_irritates() -> None:
    call = Call(get_scenario("billing-migration"), seed=1)
    call.opening()
    start = get_scenario("billing-migration").start.anger
    first = call.agent_says("I'm so sorry to hear that.")
    second = call.agent_says("I really do apologise, that must be awful.")
    third = call.agent_says("Again, I'm very sorry for the trouble.")
    assert first.state.anger < start
    assert start - first.state.anger > first.state.anger - second.state.anger
    assert third.state.anger > second.state.anger
    assert any(d.kind == "empty_sympathy" for d in third.deltas)


def test_a_plain_delivery_date_and_an_offered_choice_are_not_blame() -> None:
    kinds = _kinds("You'll get it by Thursday. If you prefer, I can send it to your work address instead.")
    assert "blame" not in kinds and "clear_timeline" in kinds
    assert "blame" not in _kinds("If you'd like to make a complaint, I can give you the complaints team's line.")
    assert "blame" in _kinds("If you'd read the email you would have known.")
    assert "blame" in _kinds("It locked because you typed it wrong five times.")


def test_an_honest_uncertainty_is_not_an_over_promise_and_a_real_escalation_is_not_premature() -> None:
    kinds = _kinds("I can't guarantee the engineers finish by five, but I'm adding mobile data now.")
    assert "over_promises" not in kinds and "honest_limits" in kinds
    call = Call(get_scenario("billing-migration"), seed=2)
    call.opening()
    call.agent_says("What amount came out, and on what date?")
    turn = call.agent_says("I can't refund the bank fee myself, so I'm passing it to our billing team today.")
    assert turn.ended == "escalated"
    assert not any(d.kind == "premature_handoff" for d in turn.deltas)


def test_policy_with_an_alternative_is_not_hiding() -> None:
    kinds = _kinds("Our policy is 30 days, so I can't refund it, but I can book a warranty repair.")
    assert "hides_behind_policy" not in kinds and "honest_limits" in kinds


def test_emotion_direction_bounds_and_diminishing_returns() -> None:
    state = EmotionState(50, 50)
    calmer, _ = apply(state, [Move("acknowledges_feelings", "that sounds hard")])
    assert calmer.anger < 50 and calmer.trust > 50
    hotter, deltas = apply(state, [Move("blame", "your fault")])
    assert hotter.anger > 50 and hotter.trust < 50 and deltas[0].phrase == "your fault"
    top, _ = apply(EmotionState(99, 1), [Move("blame", "a"), Move("hides_behind_policy", "b")])
    assert top == EmotionState(100, 0)
    once = [Move("apologises", "sorry")]
    _, repeat = apply(state, once, earlier=once)
    assert repeat[0].anger == 0


def test_same_seed_replays_and_different_seed_varies() -> None:
    scenario = get_scenario("late-delivery-event")
    texts = ["Hello, what does the tracking say?", "Okay.", "I see."]

    def run(seed: int) -> list[str]:
        call = Call(scenario, seed)
        out = [call.opening()]
        for text in texts:
            turn = call.agent_says(text)
            out.append(turn.text)
            if turn.ended:
                break
        return out

    assert run(1) == run(1)
    assert any(run(1) != run(seed) for seed in range(2, 8))


def test_customer_refers_back_to_name_number_and_promise() -> None:
    call = Call(get_scenario("wrong-item"), seed=4)
    call.opening()
    first = call.agent_says("Hi, my name is Sam, I'm sorry you got a hose instead of a drill. What's the order number?")
    assert "Sam" in first.text
    second = call.agent_says(
        "Thanks, I've found order 58213. I'll send the right drill by express and it will arrive Wednesday."
    )
    assert "58213" in second.text and "Wednesday" in second.text


def test_good_call_resolves_or_escalates_and_blaming_hangs_up() -> None:
    scenario = get_scenario("billing-migration")
    good = Call(scenario, seed=2)
    good.opening()
    for text in GOOD:
        if good.agent_says(text).ended:
            break
    assert good.outcome == "resolved"
    bad = Call(scenario, seed=2)
    for text in BLAMING:
        if bad.agent_says(text).ended:
            break
    assert bad.outcome == "hung_up"
    assert review(good).score > review(bad).score


def test_empty_turn_is_a_silence_and_call_continues() -> None:
    call = Call(get_scenario("service-outage"), seed=0)
    call.opening()
    turn = call.agent_says("   ")
    assert turn.ended is None and turn.note and turn.deltas[0].kind == "long_silence"
    assert turn.state.anger > get_scenario("service-outage").start.anger


def test_review_is_json_and_shows_curve() -> None:
    call = Call(get_scenario("billing-migration"), seed=2)
    for text in GOOD:
        if call.agent_says(text).ended:
            break
    result = review(call)
    assert result.first_acknowledgement_turn == 1
    assert result.turns[0].moved_by and result.turns[0].anger_after < result.turns[0].anger_before
    assert 0 <= result.score <= 100 and result.model_dump_json()


def test_a_fact_the_agent_reads_from_the_account_counts_as_found() -> None:
    call = Call(get_scenario("billing-migration"), seed=3)
    call.opening()
    call.agent_says("I can see it here: 49 pounds taken twice, both on the 3rd, one with the old invoice number.")
    assert "amount" in call.discovered


def test_vague_contact_stalls_but_a_named_time_does_not() -> None:
    assert "stalls" in _kinds("Someone will be in touch about it.")
    assert "stalls" not in _kinds("Someone from billing will call you by 5pm today.")


def test_a_limit_routed_to_a_team_is_honest_and_a_bare_limit_is_a_wall() -> None:
    routed = _kinds(
        "Matching that price isn't something I can do, but the retention team can, so I'm passing it on now."
    )
    assert "honest_limits" in routed and "hides_behind_policy" not in routed
    assert "hides_behind_policy" in _kinds("I can't do that.")


def test_a_hedged_or_negated_action_is_not_an_action() -> None:
    assert "takes_action" in _kinds("I've reversed the second payment.")
    assert "takes_action" not in _kinds("I'll try to see if I can reverse it.")
    assert "takes_action" not in _kinds("I can't reverse it from here.")


def test_a_changed_amount_is_challenged_with_both_figures() -> None:
    call = Call(get_scenario("agent-own-mistake"), seed=2)
    call.opening()
    call.agent_says("I'll refund £32.50 to your card by Friday.")
    reply = call.agent_says("I'll refund £30 to your card by Friday.").text
    assert "£32.50" in reply and "£30" in reply


def test_a_coachs_own_jargon_word_changes_what_the_customer_says(tmp_path: Path) -> None:
    # A coach adds their company's internal term; the customer then asks what it means.
    (tmp_path / "roleplay_phrases.toml").write_text("[phrases]\njargon = ['omni-queue']\n", encoding="utf-8")
    turn = "Right, your case is sitting in the omni-queue for the billing team."

    def customer_reply(phrases: RoleplayPhrases | None) -> str:
        call = Call(get_scenario("billing-migration"), seed=3, phrases=phrases)
        call.opening()
        return call.agent_says(turn).text

    assert "omni-queue" not in customer_reply(None)
    heard = customer_reply(load_roleplay_phrases(tmp_path))
    assert "'omni-queue'" in heard
