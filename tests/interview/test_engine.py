"""Scripted sessions through the engine: follow-ups, silences, interruptions, timings."""

import pytest

from starcoach.interview.engine import INTERRUPTION, InterviewEngine, State, followup_closed
from starcoach.session_records import TurnRecord
from starcoach.testing import FakeClock
from tests.conftest import STRONG_STORY, THEORY, WEAK_BLAME
from tests.interview._sessions import make_engine

UPSET = "beh-upset-customer-turnaround"
CLOSING = "close-any-questions"


def _answer(engine: InterviewEngine, clock: FakeClock, text: str, think: float = 4.0, talk: float = 60.0) -> TurnRecord:
    engine.shown()
    clock.advance(think)
    engine.first_input()
    clock.advance(talk)
    return engine.submit(text)


def test_a_blaming_answer_gets_a_follow_up_about_what_the_candidate_did_next() -> None:
    clock = FakeClock()
    saved: list[TurnRecord] = []
    engine = make_engine("behavioral", [UPSET], clock, saved)
    assert engine.state is State.ASK
    _answer(engine, clock, WEAK_BLAME)
    prompt = engine.advance()
    assert engine.state is State.FOLLOW_UP
    assert prompt is not None and prompt.reason == "blame" and "do next" in prompt.text
    _answer(engine, clock, "I called the customers back myself the next morning and apologised.")
    assert engine.advance() is None
    assert engine.state is State.DONE
    assert [t.kind for t in saved] == ["main", "followup"]
    assert saved[1].parent_index == 0 and saved[1].followup_reason == "blame"


def test_a_theoretical_answer_is_asked_for_a_real_example() -> None:
    clock = FakeClock()
    engine = make_engine("behavioral", [UPSET], clock)
    _answer(engine, clock, THEORY)
    prompt = engine.advance()
    assert prompt is not None and prompt.reason == "theoretical"


def test_a_complete_answer_gets_the_banks_probe_instead_of_a_gap() -> None:
    clock = FakeClock()
    engine = make_engine("behavioral", [UPSET], clock)
    turn = _answer(engine, clock, STRONG_STORY)
    prompt = engine.advance()
    assert prompt is not None and prompt.reason == "probe"
    assert prompt.text in engine.questions[UPSET].probes
    assert turn.report.score > 60


def test_the_pressure_track_keeps_a_silence_and_judges_what_is_added() -> None:
    clock = FakeClock()
    saved: list[TurnRecord] = []
    engine = make_engine("pressure", [UPSET], clock, saved)
    _answer(engine, clock, STRONG_STORY)
    assert engine.state is State.SILENCE and engine.silence_seconds > 0
    assert engine.end_silence("That's my answer.") == "composed"
    assert saved[0].silence_verdict == "composed"
    assert engine.state is State.NEXT


def test_rambling_into_the_silence_is_marked() -> None:
    clock = FakeClock()
    engine = make_engine("pressure", [UPSET], clock)
    _answer(engine, clock, STRONG_STORY)
    more = "And also, um, there was another time, like, at the other store, where a guy came in " * 3
    assert engine.end_silence(more) == "rambling"


def test_the_pressure_track_interrupts_a_long_answer_once() -> None:
    clock = FakeClock()
    engine = make_engine("pressure", [UPSET, "beh-peak-volume-black-friday"], clock)
    engine.shown()
    clock.advance(3)
    engine.first_input()
    assert engine.interruption(words_so_far=50) is None
    clock.advance(130)
    assert engine.interruption(words_so_far=320) == INTERRUPTION
    assert engine.interruption(words_so_far=400) is None
    turn = engine.submit(STRONG_STORY)
    assert turn.interrupted is True


def test_other_tracks_never_interrupt_or_keep_silence() -> None:
    clock = FakeClock()
    engine = make_engine("behavioral", [UPSET], clock)
    engine.shown()
    engine.first_input()
    clock.advance(300)
    assert engine.interruption(words_so_far=900) is None
    engine.submit(STRONG_STORY)
    assert engine.state is State.NEXT


def test_thinking_time_and_answer_length_are_measured_from_the_clock() -> None:
    clock = FakeClock()
    engine = make_engine("behavioral", [UPSET], clock)
    turn = _answer(engine, clock, STRONG_STORY, think=4.5, talk=75.0)
    assert turn.thinking_seconds == pytest.approx(4.5)
    assert turn.answer_seconds == pytest.approx(75.0)


def test_asking_for_a_moment_is_recognised() -> None:
    clock = FakeClock()
    engine = make_engine("behavioral", [UPSET], clock)
    turn = _answer(engine, clock, "Good question, may I take a moment to outline the steps? " + STRONG_STORY)
    assert turn.asked_for_moment is True


def test_no_questions_at_the_close_is_the_lack_of_curiosity_flag() -> None:
    clock = FakeClock()
    engine = make_engine("full", [CLOSING], clock)
    assert engine.state is State.CLOSING
    turn = _answer(engine, clock, "No, I think you covered everything, thanks.")
    assert turn.report.flags.no_questions is True
    assert engine.advance() is None


def test_good_closing_questions_are_credited() -> None:
    clock = FakeClock()
    engine = make_engine("full", [CLOSING], clock)
    turn = _answer(engine, clock, "Yes: which KPIs matter most for the team, and how do escalations to tier two work?")
    assert turn.report.flags.no_questions is False
    assert any(item.id == "good_questions" for item in turn.report.feedback)


def test_a_session_rebuilt_from_its_record_resumes_at_the_next_question() -> None:
    clock = FakeClock()
    engine = make_engine("behavioral", [UPSET, "beh-peak-volume-black-friday"], clock)
    _answer(engine, clock, STRONG_STORY)
    rebuilt = InterviewEngine(engine.session, engine.questions, clock)
    assert rebuilt.prompt is not None
    assert rebuilt.prompt.kind == "followup" and rebuilt.prompt.parent_index == 0


def test_a_follow_up_answer_is_judged_on_the_gap_it_was_asked_about() -> None:
    clock = FakeClock()
    engine = make_engine("behavioral", [UPSET], clock)
    _answer(engine, clock, "Last week a customer called about a late parcel. I checked the tracking and the courier.")
    prompt = engine.advance()
    assert prompt is not None and prompt.reason == "no_result"
    good = _answer(engine, clock, "The parcel arrived the next morning and she rated the call five out of five.")
    assert followup_closed(engine, good) is True


def test_a_follow_up_answer_that_dodges_the_question_leaves_the_gap_open() -> None:
    clock = FakeClock()
    engine = make_engine("behavioral", [UPSET], clock)
    _answer(engine, clock, "Last week a customer called about a late parcel. I checked the tracking and the courier.")
    engine.advance()
    dodge = _answer(engine, clock, "I always try my best with every customer.")
    assert followup_closed(engine, dodge) is False
