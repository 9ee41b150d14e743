"""What the session report says: per-answer results, coverage, highlights, the rebuilt answer and the note."""

from __future__ import annotations

import json
from functools import cache
from statistics import fmean

from hypothesis import given, settings
from hypothesis import strategies as st

from starcoach import analyze
from starcoach.interview.numbering import shown_score
from starcoach.prep.thank_you import MAX_WORDS, MIN_WORDS, draft_note, example_from_turn, point_from_turn
from starcoach.report import build_session_report, render_json, render_markdown
from starcoach.report import formatting as fmt
from starcoach.report._outline import MISSING_PROMPTS, build_outline
from starcoach.report.model import SessionReport
from starcoach.session_records import SessionRecord, TurnRecord
from tests.conftest import STRONG_STORY
from tests.report._sessions import (
    PEAK_ANSWER,
    PEAK_QUESTION,
    UPSET_QUESTION,
    WEAKNESS_ANSWER,
    WEAKNESS_QUESTION,
    Turn,
    make_session,
)

LONG_STORY = (
    "Two winters ago, on the busiest Monday of the quarter, when our billing platform had been down for most of "
    "the morning and the queue was full of small-business owners who could not send invoices, a florist called "
    "me in tears because her biggest wedding order depended on an invoice going out before noon that day. "
    "My job was to get her invoice out in time. "
    "I told her I understood what was at stake, I created the invoice by hand from our backup template, and I "
    "emailed it to her client while she stayed on the line. "
    "In the end her client paid within the hour, she sent the team a thank-you card, and over the following "
    "month our team's CSAT for billing calls climbed from 81 percent to 93 percent, which my manager shared "
    "with the whole floor as an example of calm work under pressure."
)


def _report(session: SessionRecord | None = None) -> SessionReport:
    return build_session_report(session or make_session())


def _answer_text(session: SessionRecord, number: int) -> str:
    return session.turns[number - 1].answer


def test_every_answer_is_listed_with_its_question_score_timings_silence_and_feedback() -> None:
    session = make_session()
    report = _report(session)
    assert [a.number for a in report.answers] == [1, 2, 3, 4, 5]
    for entry, turn in zip(report.answers, session.turns):
        assert entry.question == turn.question
        assert entry.kind == turn.kind
        assert entry.score == turn.report.score
        assert (entry.thinking_seconds, entry.answer_seconds) == (turn.thinking_seconds, turn.answer_seconds)
        assert entry.silence_verdict == turn.silence_verdict
        if turn.kind != "followup":  # a follow-up's feedback is its gap verdict, tested below
            assert entry.feedback == turn.report.feedback


def test_coverage_gives_each_competency_its_mean_max_and_the_answers_that_reached_half() -> None:
    session = make_session()
    report = _report(session)
    assert [c.id for c in report.coverage] == [
        "communication",
        "patience",
        "empathy_problem_solving",
        "time_tech",
        "emotional_intelligence",
    ]
    for row in report.coverage:
        values = [t.report.competencies[row.id] for t in session.turns]
        # Follow-ups add evidence (best value, where it showed) but not to the mean.
        scored = [t.report.competencies[row.id] for t in session.turns if t.kind != "followup"]
        assert row.mean == round(fmean(scored), 2)
        assert row.max == max(values)
        assert row.touched_by == [n for n, v in enumerate(values, start=1) if v >= 0.5]
        assert row.job_focus == (row.id in session.job_focus)


def test_strengths_and_fixes_quote_the_words_of_the_answer_they_came_from() -> None:
    session = make_session()
    report = _report(session)
    assert report.strengths and report.fixes
    for item in [*report.strengths, *report.fixes]:
        assert item.occurrences
        for occurrence in item.occurrences:
            assert occurrence.question == session.turns[occurrence.number - 1].question
            assert occurrence.quotes
            text = " ".join(_answer_text(session, occurrence.number).split())
            for quote in occurrence.quotes:
                assert quote.removesuffix("…") in text


def test_red_flags_lead_the_fixes_ordered_by_the_points_they_cost() -> None:
    fixes = _report().fixes
    assert len(fixes) == 3
    assert all(f.kind == "red_flag" for f in fixes)
    assert [f.points_lost for f in fixes] == sorted((f.points_lost for f in fixes), reverse=True)
    assert fixes[0].id == "blame" and fixes[0].points_lost == 20


def test_without_red_flags_the_fix_that_recurs_most_comes_first() -> None:
    session = make_session(
        (
            Turn("main", UPSET_QUESTION, STRONG_STORY),
            Turn("main", PEAK_QUESTION, PEAK_ANSWER),
            Turn("main", "And then what did you do?", "I would book the technician before the call ends."),
        )
    )
    fixes = _report(session).fixes
    assert all(f.kind == "fix" for f in fixes)
    assert [f.count for f in fixes] == sorted((f.count for f in fixes), reverse=True)
    assert fixes[0].count == 2
    assert [o.number for o in fixes[0].occurrences] == [2, 3]
    assert fixes[1].count == 1


def test_top_lists_hold_at_most_three_items() -> None:
    report = _report()
    assert len(report.strengths) <= 3
    assert len(report.fixes) <= 3


def test_the_outline_rebuilds_the_weakest_main_answer_from_its_own_sentences_only() -> None:
    session = make_session((Turn("main", UPSET_QUESTION, STRONG_STORY), Turn("main", PEAK_QUESTION, PEAK_ANSWER)))
    turn = session.turns[1]
    assert not turn.report.star.result, "fixture: the weakest answer has no result"
    outline = _report(session).outline
    assert outline is not None
    assert outline.number == 2
    own = [s.text for s in turn.report.sentences]
    placed = [s for part in outline.parts for s in part.sentences] + outline.cut
    assert sorted(placed) == sorted(own)
    result = outline.parts[3]
    assert result.name == "Result" and result.sentences == []
    assert result.missing_prompt == "[Result missing: say what happened and put a number on it]"


def test_the_outline_orders_sentences_situation_task_action_result_and_cuts_the_rest() -> None:
    session = make_session((Turn("main", UPSET_QUESTION, STRONG_STORY),))
    turn = session.turns[0]
    # Relabel the real sentences so the story is told backwards, with one aside and no task.
    labels = ["R", "A", "O", "A", "S", "A"]
    sentences = [s.model_copy(update={"star": label}) for s, label in zip(turn.report.sentences, labels)]
    shuffled = turn.model_copy(update={"report": turn.report.model_copy(update={"sentences": sentences})})
    outline = build_outline(1, shuffled)
    text = [s.text for s in turn.report.sentences]
    assert [p.label for p in outline.parts] == ["S", "T", "A", "R"]
    assert outline.parts[0].sentences == [text[4]]
    assert outline.parts[1].sentences == [] and outline.parts[1].missing_prompt == MISSING_PROMPTS["T"]
    assert outline.parts[2].sentences == [text[1], text[3], text[5]]
    assert outline.parts[3].sentences == [text[0]]
    assert outline.cut == [text[2]]
    assert all(p.missing_prompt is None for p in outline.parts if p.sentences)


def test_a_session_with_only_a_closing_question_has_no_outline() -> None:
    session = make_session((Turn("closing", "Do you have any questions for us?", "What does onboarding look like?"),))
    assert _report(session).outline is None


def _words(text: str) -> int:
    return len(text.split())


def test_the_thank_you_note_names_the_company_and_the_best_answers_topic_and_story() -> None:
    note = _report().thank_you
    assert note.referenced_answer == 1
    assert "Northwind Broadband" in note.text
    assert "your question about a time I turned an upset customer into a happy one" in note.text
    # Built from that answer's Situation and Result sentences.
    assert "a bakery owner called" in note.text
    assert "96 percent" in note.text
    assert MIN_WORDS <= _words(note.text) <= MAX_WORDS and note.word_count == _words(note.text)


def test_without_a_company_the_note_leaves_a_gap_for_it() -> None:
    note = _report(make_session(company=None)).thank_you
    assert "[company]" in note.placeholders
    assert "None" not in note.text


def test_a_long_best_story_is_shortened_so_the_note_stays_within_its_length() -> None:
    session = make_session((Turn("main", UPSET_QUESTION, LONG_STORY),), company="A Very Long Company Name Limited")
    note = _report(session).thank_you
    assert MIN_WORDS <= _words(note.text) <= MAX_WORDS
    assert "A Very Long Company Name Limited" in note.text


def test_a_note_without_any_story_is_still_long_enough() -> None:
    empty = make_session(())
    note = _report(empty).thank_you
    assert MIN_WORDS <= _words(note.text) <= MAX_WORDS
    assert note.referenced_answer is None


def test_an_empty_session_still_makes_a_report() -> None:
    report = _report(make_session(()))
    assert report.answers == [] and report.mean_score is None
    assert report.outline is None
    assert all(c.mean == 0 and c.touched_by == [] for c in report.coverage)


def test_the_same_session_always_gives_the_same_report() -> None:
    first = render_json(_report(make_session()))
    second = render_json(_report(make_session()))
    assert first == second


def test_turns_are_reported_in_the_order_they_were_asked_whatever_order_they_are_stored_in() -> None:
    session = make_session()
    reversed_turns = session.model_copy(update={"turns": list(reversed(session.turns))})
    assert render_json(_report(reversed_turns)) == render_json(_report(session))


def test_the_json_form_reads_back_into_the_same_report() -> None:
    report = _report()
    assert SessionReport.model_validate_json(render_json(report)) == report


def test_each_answer_is_analysed_for_real() -> None:
    # Guards the helper: reports come from analyze(), not from hand-made stand-ins.
    session = make_session((Turn("main", UPSET_QUESTION, STRONG_STORY),))
    assert session.turns[0].report == analyze(STRONG_STORY, UPSET_QUESTION)


@cache
def _long_story_turn() -> TurnRecord:
    return make_session((Turn("main", UPSET_QUESTION, LONG_STORY),)).turns[0]


_company = st.none() | st.lists(
    st.text(alphabet=st.characters(categories=("L", "N", "P")), min_size=1, max_size=12), max_size=6
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(question=st.text(max_size=400), company=_company)
def test_the_note_stays_within_its_length_for_any_question_and_company(question: str, company: str | None) -> None:
    asked = _long_story_turn().model_copy(update={"question": question})
    note = draft_note(company=company, point=point_from_turn(asked), example=example_from_turn(asked))
    assert MIN_WORDS <= _words(note.text) <= MAX_WORDS
    if company and company.strip():
        assert " ".join(company.split()) in note.text


def test_a_follow_up_is_judged_on_its_gap_with_the_words_that_fill_it_and_no_length_advice() -> None:
    filled = "By the end of the night the queue was back under 40 chats and not one customer complained."
    session = make_session(
        (
            Turn("main", PEAK_QUESTION, PEAK_ANSWER),
            Turn("followup", "And what was the result?", filled, reason="no_result"),
            Turn("main", WEAKNESS_QUESTION, WEAKNESS_ANSWER),
            Turn("followup", "What did you do yourself?", "It was busy.", reason="no_action"),
        )
    )
    report = _report(session)
    closed, still_open = report.answers[1], report.answers[3]
    assert (closed.gap_filled, still_open.gap_filled) == (True, False)
    [verdict] = closed.feedback
    assert verdict.kind == "strength" and "the outcome" in verdict.message
    assert "queue was back under 40 chats" in verdict.message  # the words that fill it, quoted
    [missing] = still_open.feedback
    assert missing.kind == "fix" and "Still missing" in missing.message
    for entry in (closed, still_open):
        assert "seconds" not in entry.feedback[0].message and "/100" not in fmt.answer_title(entry)
    assert (report.gaps_filled, report.gaps_open) == (1, 1)


def test_follow_ups_never_enter_fix_first() -> None:
    # Both follow-ups are a sentence long: judged as whole answers they would lead with length advice.
    session = make_session(
        (
            Turn("main", UPSET_QUESTION, STRONG_STORY),
            Turn("followup", "What would you do differently?", "I would call sooner.", reason="probe"),
            Turn("main", PEAK_QUESTION, PEAK_ANSWER),
            Turn("followup", "What was the result?", "It was fine.", reason="no_result"),
        )
    )
    report = _report(session)
    followup_numbers = {a.number for a in report.answers if a.kind == "followup"}
    assert report.fixes
    for fix in report.fixes:
        assert not {o.number for o in fix.occurrences} & followup_numbers


def test_answers_are_labelled_and_counted_as_the_interview_asked_them() -> None:
    report = _report(make_session())
    assert [a.label for a in report.answers] == ["Q1", "Q1 follow-up 1", "Q2", "Q3", "closing"]
    assert (report.question_count, report.answer_count) == (4, 5)
    assert fmt.counts(report) == "4 questions, 5 answers"
    assert report.outline is not None and report.outline.label == "Q3"
    assert {o.label for f in report.fixes for o in f.occurrences} == {"Q3"}
    payload = json.loads(render_json(report))
    assert [a["label"] for a in payload["answers"]] == ["Q1", "Q1 follow-up 1", "Q2", "Q3", "closing"]


def test_a_score_is_rounded_once_the_same_way_in_every_view() -> None:
    report = _report(make_session())
    first = report.answers[0]
    assert first.score == 84.9
    assert shown_score(84.9) == "85" and shown_score(86.5) == "87" and shown_score(0.4) == "0"
    assert fmt.answer_title(first) == "Q1 (main question), 85/100"
    assert "| Q1 | Tell me about a time you turned an upset customer into a happy one. | main | 85 |" in (
        render_markdown(report)
    )


def test_a_follow_up_on_blame_is_filled_by_the_candidates_own_action_not_by_unsaying_the_blame() -> None:
    own_part = "I called each customer back myself the next day and apologised."
    session = make_session(
        (
            Turn("main", WEAKNESS_QUESTION, WEAKNESS_ANSWER),
            Turn("followup", "What did you do yourself?", own_part, reason="blame"),
            Turn("main", WEAKNESS_QUESTION, WEAKNESS_ANSWER),
            Turn("followup", "What did you do yourself?", "It was not my fault, the system was slow.", reason="blame"),
        )
    )
    report = _report(session)
    assert (report.answers[1].gap_filled, report.answers[3].gap_filled) == (True, False)
    assert own_part in report.answers[1].feedback[0].message
