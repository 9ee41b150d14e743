"""Each analyzer, on answers a candidate might give."""

from tests.analysis._helpers import signals, words
from tests.conftest import STRONG_STORY, THEORY, WEAK_BLAME

BEHAVIORAL = "Tell me about a time you turned an upset customer around."
SITUATIONAL = "What would you do if a customer demanded a refund our policy doesn't allow?"


def test_fillers_count_like_as_a_filler_but_not_as_a_verb_or_comparison() -> None:
    s = signals(
        "Um, it was, like, the worst week. I like helping people. It works like a relay. I paid like twenty dollars."
    )
    assert words(s, [f.span for f in s.fillers.fillers]) == ["um", "like", "like"]


def test_fillers_count_you_know_and_kind_of_only_when_they_fill() -> None:
    s = signals("I was, you know, kind of stuck. You know what the answer was? That kind of thing happens.")
    assert words(s, [f.span for f in s.fillers.fillers]) == ["you know", "kind of"]


def test_specificity_finds_concrete_figures_but_not_vague_ones() -> None:
    s = signals("I answered 1,200 tickets in two days and CSAT rose to 94 percent, after a few minutes on hold.")
    found = words(s, [q.span for q in s.specificity.quantities])
    assert "1,200 tickets" in found and "two days" in found and "94 percent" in found
    assert not any("few" in f for f in found)
    assert signals("I give every customer 110 percent.").specificity.quantified is False


def test_blame_without_a_fix_is_flagged_and_blame_with_a_fix_is_not() -> None:
    assert signals(WEAK_BLAME, BEHAVIORAL).blame.blame is True
    fixed = (
        "Last year the system was so slow during the sale. I set up a shared sheet for callbacks and called "
        "every customer back myself. I also tagged each ticket so we could find them. All 40 were answered "
        "the same day."
    )
    result = signals(fixed, BEHAVIORAL).blame
    assert result.blame is False
    assert result.corrective_spans


def test_blame_ignores_a_fault_the_speaker_denies() -> None:
    answer = (
        "The parcel went to the wrong town. It was not the courier's fault at all, the label was printed wrong on "
        "our side, so I reprinted it, paid for next-day delivery and called her to say when it would arrive."
    )
    assert signals(answer, BEHAVIORAL).blame.blame is False


def test_theoretical_general_talk_to_a_behavioral_question() -> None:
    assert signals(THEORY, BEHAVIORAL).theoretical.theoretical is True
    assert signals(STRONG_STORY, BEHAVIORAL).theoretical.theoretical is False


def test_theoretical_does_not_apply_to_steps_for_a_situational_question() -> None:
    answer = "First I'd listen without interrupting. Then I'd explain the policy and offer store credit."
    assert signals(answer, SITUATIONAL).theoretical.theoretical is False


def test_rambling_when_an_answer_runs_over_two_minutes() -> None:
    long_answer = " ".join([STRONG_STORY] * 3)
    result = signals(long_answer, BEHAVIORAL).rambling
    assert result.seconds > 120
    assert result.rambling is True
    assert signals(STRONG_STORY, BEHAVIORAL).rambling.rambling is False


def test_rambling_when_asides_never_return_to_the_point() -> None:
    answer = "Oh, that reminds me, we once got a funny review about parking. People will review anything."
    assert signals(answer, SITUATIONAL).rambling.rambling is True


def test_overconfidence_is_boasting_without_evidence() -> None:
    s = signals("I'm the best candidate you'll see. Everybody loves me wherever I work.")
    assert s.overconfidence.overconfident is True
    assert signals("I want to get really good at this job.").overconfidence.overconfident is False


def test_overconfidence_not_raised_when_figures_back_the_claim() -> None:
    answer = "I'm really good with angry callers: my CSAT on escalations was 92 percent against a team average of 85."
    assert signals(answer).overconfidence.overconfident is False


def test_empathy_is_acknowledging_feelings_not_talking_about_empathy() -> None:
    assert signals("I told her I understood why she was so frustrated.").empathy.empathy is True
    assert signals("Good service means the customer feels heard.").empathy.empathy is False


def test_active_listening_is_confirming_and_clarifying() -> None:
    s = signals("I asked her three quick questions and repeated it back to make sure I had it right.")
    assert s.listening.found
    assert signals("We listened to some of my calls with my supervisor.").listening.found is False


def test_ownership_needs_first_person_actions_in_the_story() -> None:
    assert signals(STRONG_STORY, BEHAVIORAL).ownership.ownership is True
    team = "We had a big delivery delay. The team got together and we decided to email everyone. We split the list."
    result = signals(team, BEHAVIORAL).ownership
    assert result.ownership is False
    assert result.we_actions


def test_tools_named_without_mistaking_ordinary_words_for_products() -> None:
    s = signals("I built a Zendesk view sorted by SLA and used two macros. I sat at the front desk.")
    assert words(s, s.tools.products) == ["zendesk"]
    assert "macros" in words(s, s.tools.practices)


def test_hedging_words_are_marked() -> None:
    s = signals("First, I think I maybe called her. Then I probably escalated it. Finally it was fixed.")
    assert {"i think", "maybe", "probably"} <= set(words(s, s.hedging.spans))


def test_signposting_at_the_start_of_a_clause_is_marked_but_not_mid_phrase() -> None:
    s = signals("First, I called her. Then I escalated it, and then it was fixed. It was the first time.")
    assert words(s, s.signposts.spans) == ["first", "then", "then"]


def test_star_parts_of_a_full_story_are_found() -> None:
    presence = signals(STRONG_STORY, BEHAVIORAL).star.presence
    assert presence == {"situation": True, "task": True, "action": True, "result": True}


def test_questions_asked_none_after_a_closing_question_is_flagged() -> None:
    closing = "Do you have any questions for us?"
    assert signals("No, I think you covered everything.", closing).questions.none_asked is True
    asked = signals("Yes. Which metrics matter most here, and how are escalations handled?", closing).questions
    assert asked.none_asked is False
    assert asked.good_topics


def test_rambling_when_the_answer_says_the_same_thing_again_points_at_the_repeat() -> None:
    from starcoach import analyze

    once = "Last month a caller was angry about a double charge and I refunded it and he thanked me. "
    report = analyze(once * 3, BEHAVIORAL)
    assert report.flags.rambling is True
    item = next(i for i in report.feedback if i.id == "rambling")
    assert item.evidence and all(e.start >= len(once) - 1 for e in item.evidence)
