"""The Store's behaviour, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from statistics import fmean

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import StatementError

from starcoach.errors import StoreError
from starcoach.session_records import SessionRecord
from starcoach.store import Store
from starcoach.store.models import TurnRow
from tests.store._records import PEAK, START, UPSET, make_session, make_turn, standard_turns


def _stored_turn_count(store: Store) -> int:
    with store._engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(TurnRow)) or 0)


def test_a_session_with_its_turns_reads_back_exactly_as_it_was_given(store: Store) -> None:
    record = make_session()
    store.create_session(record)
    for turn in standard_turns():
        store.add_turn(record.id, turn)
    finished = START + timedelta(minutes=9)
    store.finish_session(record.id, finished)
    expected = record.model_copy(update={"turns": standard_turns(), "status": "finished", "finished_at": finished})
    assert store.get_session(record.id) == expected


def test_a_session_created_with_turns_keeps_them(store: Store) -> None:
    record = make_session(turns=standard_turns())
    store.create_session(record)
    assert store.get_session(record.id) == record


def test_times_come_back_as_the_same_instant_in_utc(store: Store) -> None:
    paris = timezone(timedelta(hours=2))
    store.create_session(make_session(started_at=datetime(2026, 6, 1, 11, 15, 30, 123456, tzinfo=paris)))
    started = store.get_session("a1b2c3d4e5f6").started_at
    assert started == datetime(2026, 6, 1, 9, 15, 30, 123456, tzinfo=UTC)
    assert started.utcoffset() == timedelta(0)


def test_a_naive_time_is_a_bug_and_is_not_stored(store: Store) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        store.create_session(make_session(started_at=datetime(2026, 6, 1, 11, 15)))
    assert store.list_sessions() == []


def test_the_silence_after_an_answer_is_saved_by_updating_its_turn(store: Store) -> None:
    store.create_session(make_session())
    store.add_turn("a1b2c3d4e5f6", make_turn(0))
    updated = make_turn(0, silence_addition="We kept her as a customer.", silence_verdict="added")
    store.update_turn("a1b2c3d4e5f6", updated)
    assert store.get_session("a1b2c3d4e5f6").turns == [updated]


def test_updating_a_turn_that_was_never_stored_is_a_store_error(store: Store) -> None:
    store.create_session(make_session())
    with pytest.raises(StoreError, match=r"answer 3 .* is not stored"):
        store.update_turn("a1b2c3d4e5f6", make_turn(2))


def test_a_turn_for_an_unknown_session_is_refused_and_nothing_is_written(store: Store) -> None:
    with pytest.raises(StoreError, match="no session 'ffffffffffff'"):
        store.add_turn("ffffffffffff", make_turn(0))
    assert _stored_turn_count(store) == 0


def test_a_second_copy_of_a_turn_is_refused_and_the_first_is_kept(store: Store) -> None:
    store.create_session(make_session())
    first = make_turn(0)
    store.add_turn("a1b2c3d4e5f6", first)
    with pytest.raises(StoreError, match="answer 1 of session 'a1b2c3d4e5f6' is already stored"):
        store.add_turn("a1b2c3d4e5f6", make_turn(0, question_id=PEAK))
    assert store.get_session("a1b2c3d4e5f6").turns == [first]


def test_storing_the_same_session_twice_is_refused(store: Store) -> None:
    store.create_session(make_session())
    with pytest.raises(StoreError, match="already stored"):
        store.create_session(make_session(turns=[make_turn(0)]))
    assert _stored_turn_count(store) == 0


def test_set_plan_replaces_the_planned_questions(store: Store) -> None:
    store.create_session(make_session())
    store.set_plan("a1b2c3d4e5f6", [PEAK, "beh-above-and-beyond"])
    assert store.get_session("a1b2c3d4e5f6").planned_question_ids == [PEAK, "beh-above-and-beyond"]


def test_finishing_an_unknown_session_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no session"):
        store.finish_session("ffffffffffff", START)


def test_a_session_is_found_by_a_unique_prefix_of_four_or_more_characters(store: Store) -> None:
    store.create_session(make_session("a1b2c3d4e5f6"))
    store.create_session(make_session("a1b2ffffffff"))
    assert store.get_session("a1b2c").id == "a1b2c3d4e5f6"
    assert store.get_session("A1B2F").id == "a1b2ffffffff"
    assert store.get_session(" a1b2c3d4e5f6 ").id == "a1b2c3d4e5f6"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("a1b2", r"'a1b2' matches 2 sessions \(a1b2c3d4e5f6, a1b2ffffffff\)"),
        ("a1b", "at least its first 4 characters"),
        ("9999", "no session '9999'"),
        ("a1b2%", "no session 'a1b2%'"),
        ("", "no session ''"),
    ],
)
def test_an_ambiguous_short_or_unknown_id_is_a_store_error(store: Store, given: str, message: str) -> None:
    store.create_session(make_session("a1b2c3d4e5f6"))
    store.create_session(make_session("a1b2ffffffff"))
    with pytest.raises(StoreError, match=message) as caught:
        store.get_session(given)
    assert "starcoach history" in str(caught.value) or "more characters" in str(caught.value)


def test_latest_unfinished_is_the_most_recently_started_open_session(store: Store) -> None:
    assert store.latest_unfinished() is None
    store.create_session(make_session("aaaaaaaaaaaa", started_at=START))
    store.create_session(make_session("bbbbbbbbbbbb", started_at=START + timedelta(days=2), turns=[make_turn(0)]))
    store.create_session(make_session("cccccccccccc", started_at=START + timedelta(days=1)))
    latest = store.latest_unfinished()
    assert latest is not None and latest.id == "bbbbbbbbbbbb" and len(latest.turns) == 1
    store.finish_session("bbbbbbbbbbbb", START + timedelta(days=2, hours=1))
    latest = store.latest_unfinished()
    assert latest is not None and latest.id == "cccccccccccc"


def test_history_lists_sessions_oldest_first_with_means_over_scored_answers(store: Store) -> None:
    turns = standard_turns(START + timedelta(days=1))
    store.create_session(make_session("bbbbbbbbbbbb", started_at=START + timedelta(days=1), turns=turns))
    store.create_session(make_session("aaaaaaaaaaaa", started_at=START))
    first, second = store.list_sessions()
    assert (first.id, first.answers, first.mean_score, first.competencies) == ("aaaaaaaaaaaa", 0, None, {})
    # Main and closing answers count; follow-ups are judged on the gap they fill, not scored.
    scored = [t.report for t in turns if t.kind != "followup"]
    assert second.id == "bbbbbbbbbbbb" and (second.questions, second.answers) == (3, len(turns))
    assert second.mean_score == round(fmean(r.score for r in scored), 1)
    assert second.competencies == {
        name: round(fmean(r.competencies[name] for r in scored), 3) for name in scored[0].competencies
    }
    assert (second.track, second.company, second.status, second.started_at) == (
        "behavioral",
        "Northwind Broadband",
        "in_progress",
        START + timedelta(days=1),
    )


def test_recent_question_ids_are_those_answered_in_the_last_n_sessions(store: Store) -> None:
    store.create_session(make_session("aaaaaaaaaaaa", started_at=START, turns=[make_turn(0, question_id=PEAK)]))
    later = START + timedelta(days=1)
    store.create_session(make_session("bbbbbbbbbbbb", started_at=later, turns=standard_turns(later)))
    store.create_session(make_session("cccccccccccc", started_at=START + timedelta(days=2)))
    assert store.recent_question_ids(1) == set()
    assert store.recent_question_ids(2) == {UPSET, PEAK}
    assert store.recent_question_ids(3) == {UPSET, PEAK}
    assert store.recent_question_ids(0) == set()


def test_export_holds_every_session_and_turn_as_json(store: Store) -> None:
    store.create_session(make_session("bbbbbbbbbbbb", started_at=START + timedelta(days=1), turns=standard_turns()))
    store.create_session(make_session("aaaaaaaaaaaa"))
    exported = store.export_all(now=datetime(2026, 7, 1, 12, 0, tzinfo=UTC))
    data = json.loads(json.dumps(exported))
    assert (data["format"], data["version"], data["exported_at"]) == (
        "starcoach-export",
        1,
        "2026-07-01T12:00:00+00:00",
    )
    sessions = [SessionRecord.model_validate(s) for s in data["sessions"]]
    assert [s.id for s in sessions] == ["aaaaaaaaaaaa", "bbbbbbbbbbbb"]
    assert sessions[1] == store.get_session("bbbbbbbbbbbb")


def test_an_empty_store_exports_no_sessions(store: Store) -> None:
    exported = store.export_all()
    assert exported["sessions"] == [] and str(exported["exported_at"]).endswith("+00:00")


def test_delete_all_removes_every_session_with_its_turns_and_counts_them(store: Store) -> None:
    store.create_session(make_session("aaaaaaaaaaaa", turns=standard_turns()))
    store.create_session(make_session("bbbbbbbbbbbb"))
    assert store.delete_all() == 2
    assert store.list_sessions() == [] and _stored_turn_count(store) == 0
    assert store.delete_all() == 0


def test_a_reopened_store_still_has_everything(store_url: str) -> None:
    with Store.open(store_url) as first:
        first.create_session(make_session(turns=standard_turns()))
    with Store.open(store_url) as again:
        assert again.get_session("a1b2c3d4e5f6") == make_session(turns=standard_turns())
